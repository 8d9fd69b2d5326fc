"""A hand-counted three-day event with every edge case of the attendance rules.

The expected figures in EXPECTED were worked out by hand from the story below,
not by running the code:

  1 Anna Łukasiewicz     confirmed, online, NGO "Fundacja Łąka": days 1, 2, 3; lecture L1; workshop W1 (seat)
  2 Bartosz Lis          confirmed, online, public administration: day 1; day 2 checked in then UNDONE; W1 seat
  3 Celina Zając         confirmed, online, business "Firma Ząb": never came (no-show); W1 waiting list
  4 Dariusz Śliwa        confirmed, added by organiser, NGO "fundacja  łąka " (other spelling): day 2 only
  5 Ewa Źdźbło           CANCELLED after checking in on day 1, social economy; her W1 seat does not count
  6 Filip Żak            WALK-IN left on the WAITING LIST, business "Firma Ząb": day 2; W1 without a seat
  7 Grażyna Lewandowska  walk-in, confirmed, education: day 3
  8 Henryk Sowa          cancelled before the event, NGO "Fundacja Łąka": nothing
  9 Irena Lato           waitlisted, online, other, no organisation: nothing
 10 Jan Kowalski         confirmed, online, media, English: day 1 undone and scanned again; day 3; L1
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from eventapp.extensions import db
from eventapp.models import (
    AgendaItem,
    CheckIn,
    CheckInSource,
    Event,
    EventOrganisation,
    EventRoleKind,
    EventStatus,
    ItemKind,
    OrganisationPart,
    OrganisationType,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    SignupStatus,
    WorkshopSignup,
)
from eventapp.tokens import new_token
from tests.factories import local, make_account, make_event, make_item, make_registration
from tests.tools import run

D1, D2, D3 = date(2026, 5, 12), date(2026, 5, 13), date(2026, 5, 14)
FUNDING_NOTE = "Projekt współfinansowany ze środków Unii Europejskiej w ramach Europejskiego Funduszu Społecznego Plus."


def check_in(event: Event, registration: Registration, day: date, at: datetime, *,
             item: AgendaItem | None = None, undone: bool = False) -> CheckIn:
    checkin = CheckIn(
        event_id=event.id, registration_id=registration.id, day=day, item_id=item.id if item else None,
        scanned_at=at, recorded_at=at, scan_id=new_token(), source=CheckInSource.SCANNER,
        undone_at=at + timedelta(minutes=1) if undone else None,
    )
    db.session.add(checkin)
    db.session.flush()
    return checkin


def seat(registration: Registration, item: AgendaItem, status: SignupStatus = SignupStatus.CONFIRMED,
         position: int | None = None) -> WorkshopSignup:
    signup = WorkshopSignup(registration_id=registration.id, item_id=item.id, status=status,
                            waitlist_position=position)
    db.session.add(signup)
    db.session.flush()
    return signup


@dataclass
class Story:
    event: Event
    people: dict[str, Registration]
    lecture: AgendaItem
    workshop: AgendaItem
    quiet_lecture: AgendaItem
    accounts: dict[str, str] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.event.slug


def person(event: Event, first: str, last: str, *, status=RegistrationStatus.CONFIRMED,
           source=RegistrationSource.ONLINE, org_type=OrganisationType.NGO, organisation="",
           language="pl", waitlist_position=None) -> Registration:
    return make_registration(event, first_name=first, last_name=last, status=status, source=source,
                             organisation_type=org_type, organisation=organisation, language=language,
                             waitlist_position=waitlist_position)


def build_story(*, slug: str = "forum-ekonomii", start: date = D1, status=EventStatus.PUBLISHED) -> Story:
    """The ten people above at a three-day event; commits."""
    shift = start - D1
    d1, d2, d3 = D1 + shift, D2 + shift, D3 + shift
    event = make_event(slug=slug, title="Forum Ekonomii Społecznej — Łódź", start_date=d1, end_date=d3,
                       venue_name="Centrum Konferencyjne „Żuraw”", venue_address="ul. Świętojańska 5",
                       venue_city="Łódź", status=status, eu_funded=True, funding_note=FUNDING_NOTE)
    event.organisations = [
        EventOrganisation(name="Ośrodek Wsparcia Ekonomii Społecznej Jura", part=OrganisationPart.ORGANISER),
        EventOrganisation(name="Europejski Fundusz Społeczny Plus", part=OrganisationPart.FUNDER),
    ]
    lecture = make_item(event, local(d1, 9, 30), 60, title="Wykład otwierający: ekonomia społeczna")
    make_item(event, local(d1, 10, 30), 30, kind=ItemKind.BREAK, title="Przerwa kawowa")
    workshop = make_item(event, local(d2, 10), 120, kind=ItemKind.WORKSHOP, title="Warsztat: źródła finansowania",
                         requires_signup=True, seat_limit=4)
    quiet_lecture = make_item(event, local(d3, 9), 60, title="Wykład bez skanowania")
    T = OrganisationType
    p = {
        "anna": person(event, "Anna", "Łukasiewicz", organisation="Fundacja Łąka"),
        "bartosz": person(event, "Bartosz", "Lis", org_type=T.PUBLIC_ADMINISTRATION, organisation="Urząd Gminy Żabno"),
        "celina": person(event, "Celina", "Zając", org_type=T.BUSINESS, organisation="Firma Ząb sp. z o.o."),
        "dariusz": person(event, "Dariusz", "Śliwa", source=RegistrationSource.ORGANISER,
                          organisation=" fundacja  łąka "),
        "ewa": person(event, "Ewa", "Źdźbło", status=RegistrationStatus.CANCELLED, org_type=T.SOCIAL_ECONOMY,
                      organisation="Spółdzielnia Socjalna Źródło"),
        "filip": person(event, "Filip", "Żak", status=RegistrationStatus.WAITLISTED, waitlist_position=1,
                        source=RegistrationSource.WALK_IN, org_type=T.BUSINESS, organisation="Firma Ząb sp. z o.o."),
        "grazyna": person(event, "Grażyna", "Lewandowska", source=RegistrationSource.WALK_IN, org_type=T.EDUCATION,
                          organisation="Uniwersytet Łódzki"),
        "henryk": person(event, "Henryk", "Sowa", status=RegistrationStatus.CANCELLED, organisation="Fundacja Łąka"),
        "irena": person(event, "Irena", "Lato", status=RegistrationStatus.WAITLISTED, waitlist_position=2,
                        org_type=T.OTHER),
        "jan": person(event, "Jan", "Kowalski", org_type=T.MEDIA, organisation="Radio Zielonowo", language="en"),
    }
    seat(p["anna"], workshop)
    seat(p["bartosz"], workshop)
    seat(p["celina"], workshop, SignupStatus.WAITLISTED, 1)
    seat(p["ewa"], workshop)

    check_in(event, p["anna"], d1, local(d1, 8, 50))
    check_in(event, p["anna"], d2, local(d2, 9, 30))
    check_in(event, p["anna"], d3, local(d3, 8, 0))
    check_in(event, p["anna"], d1, local(d1, 9, 31), item=lecture)
    check_in(event, p["anna"], d2, local(d2, 9, 58), item=workshop)
    check_in(event, p["bartosz"], d1, local(d1, 9, 5))
    check_in(event, p["bartosz"], d2, local(d2, 9, 20), undone=True)
    check_in(event, p["dariusz"], d2, local(d2, 10, 1))
    check_in(event, p["ewa"], d1, local(d1, 9, 14))
    check_in(event, p["filip"], d2, local(d2, 9, 44))
    check_in(event, p["filip"], d2, local(d2, 10, 2), item=workshop)
    check_in(event, p["grazyna"], d3, local(d3, 8, 29))
    check_in(event, p["jan"], d1, local(d1, 8, 40), undone=True)
    check_in(event, p["jan"], d1, local(d1, 8, 55))
    check_in(event, p["jan"], d3, local(d3, 8, 15))
    check_in(event, p["jan"], d1, local(d1, 9, 35), item=lecture)
    db.session.commit()
    return Story(event, p, lecture, workshop, quiet_lecture)


EXPECTED = {
    "registered": 10, "confirmed": 6, "waitlisted": 2, "cancelled": 2,
    "attended": 7, "attended_cancelled": 1, "attended_waitlisted": 1,
    "walk_ins": 2, "walk_ins_attended": 2,
    "expected": 5, "expected_attended": 4, "no_shows": 1, "no_show_rate": 0.2,
    # day: (attended, walk-ins, no-shows, no-show rate)
    "per_day": {0: (4, 0, 2, 0.4), 1: (3, 1, 3, 0.6), 2: (3, 1, 3, 0.6)},
    # organisation type: (registered, confirmed, attended, [day 1, day 2, day 3])
    "by_type": {
        OrganisationType.NGO: (3, 2, 2, [1, 2, 1]),
        OrganisationType.PUBLIC_ADMINISTRATION: (1, 1, 1, [1, 0, 0]),
        OrganisationType.BUSINESS: (2, 1, 1, [0, 1, 0]),
        OrganisationType.SOCIAL_ECONOMY: (1, 0, 1, [1, 0, 0]),
        OrganisationType.EDUCATION: (1, 1, 1, [0, 0, 1]),
        OrganisationType.MEDIA: (1, 1, 1, [1, 0, 1]),
        OrganisationType.OTHER: (1, 0, 0, [0, 0, 0]),
    },
    # organisation as shown: (registered, confirmed, attended), most attended first
    "by_organisation": [
        ("Fundacja Łąka", 3, 2, 2),
        ("Firma Ząb sp. z o.o.", 2, 1, 1),
        ("Radio Zielonowo", 1, 1, 1),
        ("Spółdzielnia Socjalna Źródło", 1, 0, 1),
        ("Uniwersytet Łódzki", 1, 1, 1),
        ("Urząd Gminy Żabno", 1, 1, 1),
        ("", 1, 0, 0),
    ],
    # agenda items reported: (title, attended); the break and the lecture nobody scanned are left out
    "items": [("Wykład otwierający: ekonomia społeczna", 2), ("Warsztat: źródła finansowania", 2)],
    # workshop: (seats, seats taken, waiting list, fill rate, attended)
    "workshop": (4, 2, 1, 0.5, 2),
    # arrivals: day index -> [(HH:MM local, check-ins)] per 15 minutes, gaps included
    "arrivals": {0: [("08:45", 2), ("09:00", 2)], 1: [("09:30", 2), ("09:45", 0), ("10:00", 1)],
                 2: [("08:00", 1), ("08:15", 2)]},
    # people on the paper lists, in Polish alphabetical order
    "day_1_list": ["Kowalski Jan", "Lewandowska Grażyna", "Lis Bartosz", "Łukasiewicz Anna", "Śliwa Dariusz",
                   "Zając Celina", "Źdźbło Ewa"],
    "day_2_list": ["Kowalski Jan", "Lewandowska Grażyna", "Lis Bartosz", "Łukasiewicz Anna", "Śliwa Dariusz",
                   "Zając Celina", "Żak Filip"],
    "workshop_list": ["Lis Bartosz", "Łukasiewicz Anna", "Żak Filip"],
    "attendees": ["anna", "bartosz", "dariusz", "ewa", "filip", "grazyna", "jan"],
    "days_of": {"anna": [0, 1, 2], "bartosz": [0], "dariusz": [1], "ewa": [0], "filip": [1], "grazyna": [2],
                "jan": [0, 2]},
}


def with_accounts(story: Story) -> Story:
    """An organiser, a check-in staff member, a speaker, and the organiser of another event; commits."""
    other = make_event(slug=f"{story.slug}-inne", title="Inne wydarzenie")
    for name, event, role in (("organiser", story.event, EventRoleKind.ORGANISER),
                              ("staff", story.event, EventRoleKind.STAFF),
                              ("speaker", story.event, EventRoleKind.SPEAKER),
                              ("other-organiser", other, EventRoleKind.ORGANISER)):
        email = f"{name}@{story.slug}.example.org"
        make_account(email, event=event, role=role)
        story.accounts[name] = email
    db.session.commit()
    return story


def pdftotext(path, *args: str) -> str:
    return run("pdftotext", "-layout", *args, str(path), "-", capture_output=True, text=True, check=True).stdout


def pdf_page_count(path, tmp_path) -> int:
    """Pages as pdftoppm renders them (each page becomes one image)."""
    out = tmp_path / "pages"
    out.mkdir(exist_ok=True)
    run("pdftoppm", "-r", "20", "-png", str(path), str(out / "p"), check=True)
    return len(list(out.glob("p-*.png")))


def detached(story: Story) -> Story:
    """Load what tests read after the session closes (ids, dates, tokens), then let go of the session."""
    for obj in (story.event, story.lecture, story.workshop, story.quiet_lecture, *story.people.values()):
        db.session.refresh(obj)
    db.session.expunge_all()
    return story
