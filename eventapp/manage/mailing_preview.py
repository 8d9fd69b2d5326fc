"""Before a mailing goes out: see it as its first recipient will, and send a test to oneself.

Kept apart from `mailings` (which turns a stored mailing into messages): this builds one
message with the same renderer and stores no `Mailing`.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from eventapp.extensions import db
from eventapp.mail.outbox import deliver_after_commit, queue_email
from eventapp.manage import mailings
from eventapp.manage.errors import Refusal, rolls_back_on_refusal
from eventapp.manage.registrations import RegistrationFilter
from eventapp.models import Account, Event, Registration
from eventapp.models.manage import Mailing

TEST_KIND = "manage.mailing_test"


@dataclass
class MailPreview:
    subject: str
    text: str
    example: Registration | None  # the first recipient, whose copy this is
    audience: int


def _checked(subject: str | None, body: str | None) -> tuple[str, str]:
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject:
        raise Refusal(_("Please write a subject."), field="subject")
    if not body:
        raise Refusal(_("Please write the message."), field="body")
    return subject, body


def _render(event: Event, registration: Registration | None, subject: str, body: str) -> str:
    draft = Mailing(event_id=event.id, subject=subject, body=body)  # never added to the session
    return mailings._message_text(draft, event, registration)


def preview(event: Event, filters: RegistrationFilter, subject: str | None, body: str | None) -> MailPreview:
    """The message as its first recipient will get it; nothing is stored."""
    subject, body = _checked(subject, body)
    example = db.session.scalars(mailings.audience(event, filters).limit(1)).first()
    return MailPreview(subject, _render(event, example, subject, body), example,
                       mailings.audience_size(event, filters))


@rolls_back_on_refusal
def send_test(event: Event, filters: RegistrationFilter, subject: str | None, body: str | None,
              account: Account) -> str:
    """Send the message (as the first recipient would get it) to the organiser's own address only."""
    subject, body = _checked(subject, body)
    example = db.session.scalars(mailings.audience(event, filters).limit(1)).first()
    queue_email(kind=TEST_KIND, recipient=account.email, subject=_("[Test] %(subject)s", subject=subject),
                text=_render(event, example, subject, body), event_id=event.id, automatic=False)
    db.session.commit()
    deliver_after_commit()
    return account.email
