"""Every kind of message the app sends, through the services that send it and a real SMTP server,
read back with Python's email package (policy.default): long Polish subjects keep every space,
titles holding line breaks or Unicode line separators never break a message or the action that
queued it, calendars say their charset, bulk mail can be left and automatic mail says it is."""

import random
from datetime import date, time, timedelta

import icalendar
import pytest
from flask import current_app
from sqlalchemy import select

from eventapp.auth import invitations
from eventapp.extensions import db
from eventapp.mail.headers import header_text
from eventapp.mail.outbox import deliver_due, queue_email
from eventapp.manage import agenda, mailings
from eventapp.manage import services as manage_services
from eventapp.manage.notices import send_digests
from eventapp.manage.registrations import RegistrationFilter
from eventapp.models import EmailStatus, EventRoleKind, OutboundEmail, Role, utcnow
from eventapp.portal import services as portal_services
from eventapp.registration import services
from eventapp.reports.emails import send_after_event_emails
from tests.factories import local, make_event, make_item, make_speaker
from tests.manage.conftest import account
from tests.registration.helpers import details
from tests.reports.helpers import check_in

# 200 characters, the longest title the form accepts: every Polish letter, words of all lengths.
LONG_TITLE = ("Zażółć gęślą jaźń — Ogólnopolskie Forum Samorządów i Organizacji Pozarządowych o przyszłości "
              "współpracy międzysektorowej, ekonomii społecznej oraz źródłach finansowania ŁĄCZNIE Z UE")
assert len(LONG_TITLE) <= 200
# Every kind of line break a person can paste into a title or a name.
BREAKS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\v", "\f", "\x1c", "\x1d", "\x1e", "\t"]
BROKEN_TITLE = "Forum" + "".join(f"{b}Gmin{n}" for n, b in enumerate(BREAKS)) + " Śląskich"

EVERY_KIND = {
    "registration.confirmation", "registration.waitlist", "registration.promotion", "registration.cancellation",
    "registration.link", "registration.details_changed", "registration.workshop_promotion",
    "registration.event_cancelled", "manage.agenda_changes", "manage.mailing", "auth.invitation", "reports.after_event",
    "portal.proposal_decided",
}


@pytest.fixture
def app_settings(smtp_server, tmp_path):
    return {**smtp_server.settings,
            "REPORTS_FOLDER": str(tmp_path / "reports")}


def _send_every_kind(title: str, name: str) -> None:
    """Each service that writes to people, on events titled `title`, people called `name`."""
    event = make_event(title=title, capacity=1)
    organiser = account("org@example.org", event=event, role=EventRoleKind.ORGANISER)
    speaker_account = account("mowca@example.org", event=event, role=EventRoleKind.SPEAKER)
    speaker = make_speaker(name, email="mowca@example.org", account=speaker_account)
    lecture = make_item(event, local(event.start_date, 10), title=title, people=[(speaker, Role.SPEAKER)])
    workshop = make_item(event, local(event.start_date, 12), title=title, requires_signup=True, seat_limit=1)
    db.session.commit()

    first = services.register(event, details("pierwsza@example.org", first_name=name, last_name=name)).registration
    waiting = services.register(event, details("druga@example.org", first_name=name, language="en")).registration
    services.sign_up_for_item(first, workshop)
    services.promote(waiting, override_capacity=True)
    services.sign_up_for_item(waiting, workshop)
    services.drop_item(first, workshop)  # workshop promotion
    services.resend_link(first)
    services.update_details(first, last_name=f"{name} Nowak")
    services.cancel(first)

    data = {"kind": "lecture", "title": f"{title} (nowy)", "abstract": "", "day": event.start_date.isoformat(),
            "start": time(11, 0), "end": time(12, 0), "room_id": "", "requires_signup": False, "seat_limit": None}
    agenda.update_item(event, lecture, data, organiser)
    assert send_digests() >= 1
    mailings.start_mailing(event, RegistrationFilter(), title, f"Treść\n{title}", organiser)
    invitations.invite(event, "gosc@example.org", EventRoleKind.STAFF, invited_by=organiser)
    portal_services.set_speaker_rules(event, None, True, by=organiser)
    outcome = portal_services.update_item(lecture, speaker, speaker_account, {"title": f"{title} — poprawka"})
    portal_services.reject_proposal(outcome.proposal, organiser)
    manage_services.cancel_event(event, organiser, f"Odwołane: {title}")

    past = make_event(title=title, start_date=date.today() - timedelta(days=3))
    attendee = services.register(past, details("byla@example.org", first_name=name)).registration
    check_in(past, attendee, past.start_date, local(past.start_date, 9))
    db.session.commit()
    with current_app.test_request_context():  # an organiser's click sends these today
        send_after_event_emails(past)


def _sent_rows() -> list[OutboundEmail]:
    return list(db.session.scalars(select(OutboundEmail).order_by(OutboundEmail.id)))


def test_every_kind_keeps_a_long_polish_subject_word_for_word(ctx, smtp_server):
    _send_every_kind(LONG_TITLE, "Łucja")
    rows = _sent_rows()
    assert {row.kind for row in rows} == EVERY_KIND
    assert all(row.status == EmailStatus.SENT for row in rows)
    assert len(smtp_server.messages) == len(rows)
    for row, message in zip(rows, smtp_server.messages, strict=True):
        assert message["To"] == row.recipient
        # The subject as the service wrote it, spaces and all, and it holds the whole title.
        assert message["Subject"] == row.subject, row.kind
        assert LONG_TITLE in message["Subject"] or row.kind == "manage.agenda_changes" and LONG_TITLE in row.subject
        raw_header = message.as_string().split("\n\n", 1)[0]
        assert all(len(line) <= 78 for line in raw_header.splitlines() if line.startswith(("Subject", " ")))


def test_automatic_messages_say_so_and_a_mailing_names_the_private_page(ctx, smtp_server):
    _send_every_kind(LONG_TITLE, "Łucja")
    for row, message in zip(_sent_rows(), smtp_server.messages, strict=True):
        if row.kind == "manage.mailing":
            assert message["Auto-Submitted"] is None
            registration = db.session.get(services.Registration, row.registration_id)
            # (a long address is folded onto its own line: readers strip the fold)
            assert message["List-Unsubscribe"].strip() == f"<{services.private_page_url(registration)}>"
            assert services.find_by_manage_token(registration.event, registration.manage_token) is not None
            # The body names the same page, in the participant's language.
            body = message.get_body(("plain",)).get_content()
            expected = "Twoje zgłoszenie (zmiana danych lub rezygnacja)" if registration.language == "pl" \
                else "Your registration (to change your details or cancel it)"
            assert f"{expected}: {services.private_page_url(registration)}" in body
        else:
            assert message["Auto-Submitted"] == "auto-generated", row.kind
            assert message["List-Unsubscribe"] is None


def test_the_calendar_attachment_says_utf_8_and_publish_and_reads_back_in_polish(ctx, smtp_server):
    event = make_event(title="Forum Gmin Śląskich — Łódź", slug="forum-gmin")
    make_item(event, local(event.start_date, 10), title="Otwarcie")
    db.session.commit()
    services.register(event, details("ala@example.org"))
    [message] = smtp_server.messages
    [ics] = [p for p in message.iter_attachments() if p.get_filename() == "forum-gmin.ics"]
    assert ics.get_content_type() == "text/calendar"
    assert ics.get_param("charset") == "utf-8" and ics.get_param("method") == "PUBLISH"
    # A standard reader decodes the part by its declared charset: the Polish letters arrive.
    text = ics.get_content()
    assert isinstance(text, str)
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["METHOD"] == "PUBLISH"
    assert {str(entry["SUMMARY"]) for entry in calendar.walk("VEVENT")} == {"Forum Gmin Śląskich — Łódź"}


def test_line_breaks_in_titles_and_names_break_no_message_and_no_action(ctx, smtp_server):
    # Mail of another event already waits in the outbox (its server was down at first).
    other = queue_email(kind="test", recipient="inna@example.org", subject="Inne wydarzenie", text="Treść")
    db.session.commit()
    _send_every_kind(BROKEN_TITLE, "Ala\u2028Ma\nKota\x85")
    rows = _sent_rows()
    assert {row.kind for row in rows} == EVERY_KIND | {"test"}
    assert all(row.status == EmailStatus.SENT for row in rows), [(r.kind, r.last_error) for r in rows]
    assert deliver_due(now=utcnow() + timedelta(hours=1)).failed == 0
    assert db.session.get(OutboundEmail, other.id).status == EmailStatus.SENT
    flat = header_text(BROKEN_TITLE)
    assert "Gmin" in flat and not any(b in flat for b in BREAKS)
    for row, message in zip(rows, smtp_server.messages, strict=True):
        assert message["Subject"] == row.subject
        assert not any(b in message["Subject"] for b in BREAKS)
        if row.kind not in ("test", "manage.agenda_changes"):
            assert flat in message["Subject"], row.kind
        for part in message.iter_attachments():
            if part.get_content_type() == "text/calendar":
                calendar = icalendar.Calendar.from_ical(part.get_content())
                summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
                assert summaries and all(s.startswith("Forum\nGmin0") for s in summaries)


def test_folded_subjects_keep_every_space_whatever_the_words(ctx, smtp_server):
    # Python's own folding joined two words in about one subject in eight of these.
    words = ["Zażółć", "gęślą", "jaźń", "konferencja", "Łódź", "Kraków", "przyszłość", "samorządu", "—",
             "miejsce", "potwierdzone:", "warsztaty", "dla", "wszystkich", "ŻÓŁW", "a", "Ćma", "(nowe)"]
    rng = random.Random(18)
    subjects = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 40))) for _ in range(120)]
    ascii_words = [w for w in words if w.isascii()]
    subjects += [" ".join(rng.choice(ascii_words) for _ in range(rng.randint(10, 40))) for _ in range(20)]
    for number, subject in enumerate(subjects):
        queue_email(kind="test", recipient=f"osoba{number}@example.org", subject=subject, text="Treść")
    db.session.commit()  # each message gets its delivery task at commit (run at once in tests)
    assert deliver_due(limit=200).sent == 0
    assert set(db.session.scalars(select(OutboundEmail.status))) == {EmailStatus.SENT}
    assert [m["Subject"] for m in smtp_server.messages] == subjects
