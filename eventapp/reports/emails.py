"""The email after the event: each attendee's certificate link and the speakers' materials."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.feeds.urls import email_link
from eventapp.mail.outbox import deliver_after_commit, queue_email
from eventapp.models import AgendaItem, Event, ItemStatus, Material, MaterialKind, OutboundEmail
from eventapp.reports.certificates import CertificatesUnavailable
from eventapp.reports.services import attendances_of_attendees, event_has_ended

AFTER_EVENT_KIND = "reports.after_event"


@dataclass
class AfterEventReport:
    queued: int = 0
    already_sent: int = 0


@dataclass
class MaterialLink:
    item_title: str
    title: str
    url: str


def event_materials(event: Event) -> list[MaterialLink]:
    """Links and files speakers attached to the event's scheduled items, in agenda order."""
    rows = db.session.execute(
        select(Material, AgendaItem)
        .join(AgendaItem, AgendaItem.id == Material.item_id)
        .where(AgendaItem.event_id == event.id, AgendaItem.status == ItemStatus.SCHEDULED)
        .order_by(AgendaItem.start_dt, AgendaItem.id, Material.id)
    ).all()
    links = []
    for material, item in rows:
        if material.kind == MaterialKind.LINK and material.url:
            url = material.url
        else:
            # Files are offered next to their item on the public agenda.
            url = email_link("agenda.agenda", slug=event.slug, anchor=f"item-{item.id}")
        links.append(MaterialLink(item.title, material.title, url))
    return links


def certificate_url(event: Event, manage_token: str) -> str:
    return email_link("reports.certificate", slug=event.slug, token=manage_token)


def send_after_event_emails(event: Event) -> AfterEventReport:
    """Queue the thank-you email for every attendee who has not had it yet, then deliver.

    Safe to run again (latecomers checked in afterwards get theirs; nobody gets two):
    the outbox itself records who was written to, and the event row is locked meanwhile.
    """
    db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())
    if not event_has_ended(event):
        db.session.rollback()
        raise CertificatesUnavailable(_("Certificates can be issued once the event is over."))
    already = set(db.session.scalars(
        select(OutboundEmail.registration_id)
        .where(OutboundEmail.event_id == event.id, OutboundEmail.kind == AFTER_EVENT_KIND)
    ))
    materials = event_materials(event)
    report = AfterEventReport()
    for attendance in attendances_of_attendees(event):
        registration = attendance.registration
        if registration.id in already:
            report.already_sent += 1
            continue
        if registration.anonymised_at is not None:
            continue
        language = registration.language if registration.language in current_app.config["LANGUAGES"] else "pl"
        with force_locale(language):
            context = dict(event=event, attendance=attendance, registration=registration, materials=materials,
                           certificate_url=certificate_url(event, registration.manage_token), language=language)
            queue_email(
                kind=AFTER_EVENT_KIND, recipient=registration.email,
                subject=_("Thank you for attending %(title)s: your certificate", title=event.title),
                text=render_template("reports/email/after_event.txt", **context),
                html=render_template("reports/email/after_event.html", **context),
                event_id=event.id, registration_id=registration.id,
            )
        report.queued += 1
    db.session.commit()
    if report.queued:
        deliver_after_commit()
    return report
