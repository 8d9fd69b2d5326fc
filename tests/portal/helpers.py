"""A small world for portal tests: one event, a panel shared by two speakers, one item each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO

import sqlalchemy as sa
from PIL import Image
from reportlab.pdfgen import canvas

from eventapp.extensions import Base, db
from eventapp.models import EventRoleKind, ItemKind, Role
from tests.factories import local, make_account, make_event, make_item, make_room, make_speaker


@dataclass
class World:
    slug: str
    event_id: int
    panel_id: int      # Halina and Jan
    halina_item_id: int
    jan_item_id: int
    halina_id: int
    jan_id: int
    other_event_slug: str
    other_item_id: int  # Halina at another event


def build_world() -> World:
    event = make_event(slug="forum", title="Forum Ekonomii Społecznej")
    room = make_room(event, "Sala Lustrzana")
    halina = make_speaker("dr Halina Wykładowska", organisation="Uniwersytet", email="halina@example.org")
    jan = make_speaker("Jan Panelista", organisation="Fundacja", email="jan@example.org")
    halina.account = make_account("halina@example.org", event=event, role=EventRoleKind.SPEAKER)
    jan.account = make_account("jan@example.org", event=event, role=EventRoleKind.SPEAKER)
    make_account("org@example.org", event=event, role=EventRoleKind.ORGANISER)
    panel = make_item(event, local(event.start_date, 10), 90, kind=ItemKind.PANEL, title="Panel o finansowaniu",
                      room=room, people=[(jan, Role.MODERATOR), (halina, Role.PANELIST)])
    own = make_item(event, local(event.start_date, 12), 45, title="Wykład otwierający", room=room,
                    abstract="Stary abstrakt", people=[(halina, Role.SPEAKER)])
    jans = make_item(event, local(event.start_date, 14), 45, title="Warsztat Jana", people=[(jan, Role.SPEAKER)])
    other = make_event(slug="inne", title="Inne wydarzenie", start_date=event.start_date + timedelta(days=7))
    other_item = make_item(other, local(other.start_date, 9), 30, title="Gdzie indziej",
                           people=[(halina, Role.SPEAKER)])
    make_account("staff-inne@example.org", event=other, role=EventRoleKind.ORGANISER)
    db.session.commit()
    return World("forum", event.id, panel.id, own.id, jans.id, halina.id, jan.id, "inne", other_item.id)


def png_bytes(size=(1600, 1200)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(out, "PNG")
    return out.getvalue()


def pdf_bytes(text: str = "Slajdy z wykładu") -> bytes:
    out = BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 720, text)
    pdf.save()
    return out.getvalue()


def snapshot() -> dict:
    """Every row of every table, to prove that a refused request changed nothing."""
    rows = {}
    for table in Base.metadata.sorted_tables:
        rows[table.name] = sorted(
            tuple(str(v) for v in row) for row in db.session.execute(sa.select(table)).all()
        )
    return rows
