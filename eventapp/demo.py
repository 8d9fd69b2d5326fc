"""A realistic demo: a three-day closing seminar, a cross-sector forum and a past event
with several hundred registrations and check-ins. People and organisations are invented."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import delete, select

from eventapp.auth.services import create_account, grant
from eventapp.extensions import db
from eventapp.models import (
    Account,
    AgendaItem,
    CheckIn,
    CheckInSource,
    ConsentKind,
    ConsentText,
    Event,
    EventOrganisation,
    EventRoleKind,
    EventStatus,
    ItemKind,
    ItemSpeaker,
    OrganisationPart,
    OrganisationType,
    Registration,
    RegistrationConsent,
    RegistrationSource,
    RegistrationStatus,
    Role,
    Room,
    SignupStatus,
    Speaker,
    WorkshopSignup,
    utcnow,
)
from eventapp.questions import demo as questions_demo
from eventapp.tokens import new_token

WARSAW = ZoneInfo("Europe/Warsaw")
DEMO_DOMAIN = "demo.eventapp.pl"
CONSENT_VERSION = "2026-01"

DEMO_ACCOUNTS = [
    ("admin@" + DEMO_DOMAIN, "Administrator Demo", "administrator (all events)"),
    ("organizator@" + DEMO_DOMAIN, "Joanna Organizatorska", "organiser of the demo events"),
    ("bramka@" + DEMO_DOMAIN, "Tomasz Bramkowy", "check-in staff at the demo events"),
    ("prelegentka@" + DEMO_DOMAIN, "dr Halina Wykładowska",
     "speaker (lectures and a panel): lands in the speaker portal /portal/"),
]

CONSENTS = {
    (ConsentKind.DATA_PROCESSING, "pl"): (
        "Wyrażam zgodę na przetwarzanie moich danych osobowych przez organizatora wydarzenia "
        "w celu rejestracji, obsługi uczestnictwa i rozliczenia projektu z instytucją finansującą."
    ),
    (ConsentKind.DATA_PROCESSING, "en"): (
        "I agree that the event organiser processes my personal data to register me, run my "
        "participation and account for the project to its funding body."
    ),
    (ConsentKind.PHOTOS, "pl"): (
        "Zgadzam się na publikację zdjęć z moim wizerunkiem wykonanych podczas wydarzenia."
    ),
    (ConsentKind.PHOTOS, "en"): (
        "I agree to the publication of photos showing me that are taken during the event."
    ),
}

FIRST_NAMES = [
    "Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Żaneta", "Łucja",
    "Joanna", "Zofia", "Monika", "Dorota", "Elżbieta", "Jadwiga", "Urszula", "Iwona",
    "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Łukasz", "Grzegorz",
    "Marcin", "Jakub", "Stanisław", "Wojciech", "Bartłomiej", "Zbigniew", "Jerzy", "Ścibor",
]
LAST_NAMES = [
    "Nowakowska", "Wiśniewski", "Dąbrowska", "Lewandowski", "Zielińska", "Szymański",
    "Woźniak", "Kozłowska", "Jankowski", "Mazur", "Kwiatkowska", "Krawczyk", "Piotrowski",
    "Grabowska", "Pawłowski", "Michalska", "Król", "Wieczorek", "Jabłońska", "Wróbel",
    "Nowicki", "Majewska", "Olszewski", "Stępień", "Malinowska", "Jaworski", "Adamczyk",
    "Dudek", "Nowacka", "Pająk", "Sęk", "Żółkiewski", "Ćwik", "Łęcka", "Śliwiński",
]
ORGANISATIONS = {
    OrganisationType.PUBLIC_ADMINISTRATION: [
        "Urząd Miasta Zielonowo", "Starostwo Powiatowe w Brzozowie", "Miejski Ośrodek Pomocy Społecznej",
        "Gminne Centrum Usług Społecznych w Lipnie", "Powiatowy Urząd Pracy w Brzozowie",
    ],
    OrganisationType.NGO: [
        "Stowarzyszenie Razem dla Regionu", "Fundacja Dobrych Inicjatyw", "Stowarzyszenie Aktywni Seniorzy",
        "Fundacja Zielona Przystań", "Klub Integracji Społecznej „Krok”",
    ],
    OrganisationType.SOCIAL_ECONOMY: [
        "Spółdzielnia Socjalna „Smak Jury”", "Spółdzielnia Socjalna „Pod Dębem”",
        "Zakład Aktywności Zawodowej „Warsztat”", "Centrum Integracji Społecznej w Lipnie",
    ],
    OrganisationType.BUSINESS: [
        "Drukarnia Świetlik sp. z o.o.", "Hotel Pod Skałką", "Biuro Rachunkowe Liczykrupa",
        "Piekarnia Złoty Kłos", "ITech Solutions S.A.",
    ],
    OrganisationType.EDUCATION: [
        "Politechnika Regionalna", "Wyższa Szkoła Ekonomii Społecznej", "Zespół Szkół Zawodowych nr 2",
    ],
    OrganisationType.MEDIA: ["Radio Zielonowo", "Portal NGO Region", "Gazeta Powiatowa"],
    OrganisationType.OTHER: ["Parafia św. Jadwigi", "Osoba prywatna"],
}
ORG_TYPE_WEIGHTS = {
    OrganisationType.PUBLIC_ADMINISTRATION: 22,
    OrganisationType.NGO: 30,
    OrganisationType.SOCIAL_ECONOMY: 20,
    OrganisationType.BUSINESS: 14,
    OrganisationType.EDUCATION: 8,
    OrganisationType.MEDIA: 3,
    OrganisationType.OTHER: 3,
}
POSITIONS = ["prezes zarządu", "specjalistka ds. projektów", "koordynator", "księgowa",
             "kierownik działu", "animator lokalny", "wolontariuszka", "dyrektor", "referent"]


def _at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=WARSAW)


class _Builder:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.speakers: dict[str, Speaker] = {}

    def speaker(self, name: str, organisation: str, position: str, bio: str = "") -> Speaker:
        if name not in self.speakers:
            s = Speaker(name=name, organisation=organisation, position=position, bio=bio)
            db.session.add(s)
            self.speakers[name] = s
        return self.speakers[name]

    def item(self, event: Event, kind: ItemKind, title: str, start: datetime, end: datetime,
             room: Room | None, people: Sequence[tuple[Speaker, Role]] = (), abstract: str = "",
             seat_limit: int | None = None) -> AgendaItem:
        item = AgendaItem(
            event=event, kind=kind, title=title, start_dt=start, end_dt=end, room=room,
            abstract=abstract, seat_limit=seat_limit,
            requires_signup=kind == ItemKind.WORKSHOP,
        )
        for position, (speaker, role) in enumerate(people):
            item.speaker_roles.append(ItemSpeaker(speaker=speaker, role=role, position=position))
        db.session.add(item)
        return item


def _consent_texts() -> dict[tuple[ConsentKind, str], ConsentText]:
    texts = {}
    for (kind, lang), text in CONSENTS.items():
        row = db.session.scalar(select(ConsentText).where(
            ConsentText.kind == kind, ConsentText.version == CONSENT_VERSION, ConsentText.language == lang))
        if row is None:
            row = ConsentText(kind=kind, version=CONSENT_VERSION, language=lang, text=text)
            db.session.add(row)
        texts[(kind, lang)] = row
    return texts


def _seminar(b: _Builder, start: date) -> Event:
    d1, d2, d3 = start, start + timedelta(days=1), start + timedelta(days=2)
    event = Event(
        slug="seminarium-ekonomii-spolecznej",
        title="Ekonomia społeczna w praktyce — seminarium podsumowujące II edycję projektu OWES Jura",
        summary="Trzy dni wykładów, warsztatów i rozmów dla przedsiębiorstw społecznych, "
                "organizacji pozarządowych i samorządów. Wręczymy nagrody „Spółdzielnia Roku”.",
        description="Seminarium zamyka drugą edycję projektu Ośrodka Wsparcia Ekonomii Społecznej Jura.\n\n"
                    "Pierwszego dnia — uroczyste otwarcie z udziałem władz miasta, wykład inauguracyjny "
                    "i wręczenie nagród dla spółdzielni socjalnych. Drugiego i trzeciego dnia — równoległe "
                    "warsztaty z pozyskiwania funduszy, promocji w mediach społecznościowych i analizy "
                    "progu rentowności. Liczba miejsc na warsztatach jest ograniczona.",
        timezone="Europe/Warsaw", start_date=d1, end_date=d3,
        venue_name="Centrum Konferencyjne Fundacji Pomocna Dłoń", venue_address="ul. Przemysłowa 12",
        venue_city="Zielonowo", status=EventStatus.PUBLISHED, capacity=120,
        registration_opens_at=utcnow() - timedelta(days=14),
        registration_closes_at=_at(d1, 8),
        eu_funded=True,
        funding_note="Projekt „OWES Jura — II edycja” współfinansowany ze środków Unii Europejskiej "
                     "w ramach Europejskiego Funduszu Społecznego Plus.",
    )
    event.organisations = [
        EventOrganisation(name="Agencja Rozwoju Regionalnego w Zielonowie S.A.", part=OrganisationPart.ORGANISER, position=0),
        EventOrganisation(name="Ośrodek Wsparcia Ekonomii Społecznej Jura", part=OrganisationPart.CO_ORGANISER, position=1),
        EventOrganisation(name="Urząd Miasta Zielonowo", part=OrganisationPart.PARTNER, position=2),
        EventOrganisation(name="Fundacja Pomocna Dłoń", part=OrganisationPart.PARTNER, position=3),
        EventOrganisation(name="Europejski Fundusz Społeczny Plus", part=OrganisationPart.FUNDER, position=4),
        EventOrganisation(name="Radio Zielonowo", part=OrganisationPart.MEDIA_PATRON, position=5),
    ]
    db.session.add(event)
    main = Room(event=event, name="Sala główna", capacity=150, position=0)
    a = Room(event=event, name="Sala warsztatowa A", capacity=25, position=1)
    c = Room(event=event, name="Sala warsztatowa B", capacity=20, position=2)
    mayor = b.speaker("Ryszard Włodarczyk", "Urząd Miasta Zielonowo", "Prezydent Miasta")
    director = b.speaker("Beata Czarnecka", "Agencja Rozwoju Regionalnego w Zielonowie", "kierowniczka projektu OWES")
    lecturer = b.speaker("dr Halina Wykładowska", "Wyższa Szkoła Ekonomii Społecznej", "adiunkt",
                         "Badaczka przedsiębiorczości społecznej, autorka podręcznika o analizie progu rentowności.")
    trainer1 = b.speaker("Marek Zbiórka", "Fundacja Dobrych Inicjatyw", "fundraiser")
    trainer2 = b.speaker("Ola Lajkowska", "Agencja Społeczna Kreska", "specjalistka ds. mediów społecznościowych")
    trainer3 = b.speaker("Grzegorz Rachmistrz", "Biuro Rachunkowe Liczykrupa", "doradca finansowy")
    host = b.speaker("Ewa Konferansjer", "Radio Zielonowo", "dziennikarka")
    b.item(event, ItemKind.OPENING, "Uroczyste otwarcie seminarium", _at(d1, 10), _at(d1, 10, 30), main,
           [(host, Role.HOST), (mayor, Role.GUEST), (director, Role.SPEAKER)])
    b.item(event, ItemKind.LECTURE, "Ekonomia społeczna jako priorytet miasta — dziesięć lat doświadczeń",
           _at(d1, 10, 30), _at(d1, 11, 30), main, [(lecturer, Role.SPEAKER)],
           "Jak narzędzia ekonomii społecznej tworzą miejsca pracy i usługi dla mieszkańców.")
    b.item(event, ItemKind.BREAK, "Przerwa kawowa", _at(d1, 11, 30), _at(d1, 12), None)
    b.item(event, ItemKind.AWARDS, "Wręczenie nagród „Spółdzielnia Roku” i wyróżnień dla organizacji",
           _at(d1, 12), _at(d1, 13), main, [(host, Role.HOST), (director, Role.GUEST)])
    b.item(event, ItemKind.NETWORKING, "Obiad i rozmowy kuluarowe", _at(d1, 13), _at(d1, 14, 30), None)
    for day in (d2, d3):
        b.item(event, ItemKind.WORKSHOP, "Pozyskiwanie funduszy na projekty społeczne", _at(day, 9, 30),
               _at(day, 12, 30), a, [(trainer1, Role.SPEAKER)],
               "Granty, darowizny, 1,5% podatku i crowdfunding — od pomysłu do wniosku.", seat_limit=25)
        b.item(event, ItemKind.WORKSHOP, "Promocja w mediach społecznościowych", _at(day, 9, 30),
               _at(day, 12, 30), c, [(trainer2, Role.SPEAKER)],
               "Jak opowiadać o swojej działalności, żeby ktoś chciał to przeczytać.", seat_limit=20)
        b.item(event, ItemKind.WORKSHOP, "Analiza progu rentowności i rozliczanie kosztów", _at(day, 9, 30),
               _at(day, 12, 30), main, [(trainer3, Role.SPEAKER), (lecturer, Role.SPEAKER)],
               "Ćwiczenia na arkuszu kalkulacyjnym z danymi spółdzielni socjalnej.", seat_limit=30)
        b.item(event, ItemKind.BREAK, "Obiad", _at(day, 12, 30), _at(day, 13, 30), None)
    b.item(event, ItemKind.LECTURE, "Przychody, koszty i podatki w przedsiębiorstwie społecznym", _at(d2, 13, 30),
           _at(d2, 15), main, [(trainer3, Role.SPEAKER)])
    b.item(event, ItemKind.PANEL, "Co dalej? Ekonomia społeczna po zakończeniu projektu", _at(d3, 13, 30),
           _at(d3, 15), main, [(director, Role.MODERATOR), (lecturer, Role.PANELIST), (trainer1, Role.PANELIST),
                               (mayor, Role.PANELIST)])
    return event


def _forum(b: _Builder, day: date) -> Event:
    event = Event(
        slug="forum-wspolpracy-miedzysektorowej",
        title="Forum Współpracy Międzysektorowej 2026",
        summary="Samorządy, organizacje pozarządowe i biznes rozmawiają o współpracy: trzy debaty "
                "moderowane, wyniki regionalnego ośrodka wsparcia i czas na rozmowy.",
        description="Forum organizuje Centrum Aktywności Lokalnej we współpracy z Regionalnym Ośrodkiem "
                    "Wspierania Ekonomii Społecznej.\n\nW programie trzy debaty z udziałem ekspertów "
                    "z samorządu, nauki i przedsiębiorstw społecznych.",
        # Two days: the debates, then study visits; the sign-up form asks which days people come.
        timezone="Europe/Warsaw", start_date=day, end_date=day + timedelta(days=1),
        venue_name="Centrum Aktywności Lokalnej", venue_address="ul. Kościuszki 5", venue_city="Brzozów",
        status=EventStatus.PUBLISHED, capacity=70,
        registration_opens_at=utcnow() - timedelta(days=3), registration_closes_at=_at(day - timedelta(days=1), 20),
        eu_funded=True,
        funding_note="Wydarzenie w ramach projektu Regionalny Ośrodek Wspierania Ekonomii Społecznej, "
                     "finansowanego ze środków Unii Europejskiej w ramach Europejskiego Funduszu Społecznego Plus.",
    )
    event.organisations = [
        EventOrganisation(name="Centrum Aktywności Lokalnej w Brzozowie", part=OrganisationPart.ORGANISER, position=0),
        EventOrganisation(name="Centrum Rozwoju Społecznego", part=OrganisationPart.CO_ORGANISER, position=1),
        EventOrganisation(name="Fundacja Rozwoju Przedsiębiorczości Społecznej „Most”", part=OrganisationPart.CO_ORGANISER, position=2),
        EventOrganisation(name="Unia Europejska — Europejski Fundusz Społeczny Plus", part=OrganisationPart.FUNDER, position=3),
        EventOrganisation(name="Portal NGO Region", part=OrganisationPart.MEDIA_PATRON, position=4),
    ]
    db.session.add(event)
    hall = Room(event=event, name="Sala widowiskowa", capacity=80, position=0)
    starost = b.speaker("Mirosław Starościński", "Starostwo Powiatowe w Brzozowie", "Starosta")
    secretary = b.speaker("Jolanta Sekretarska", "Urząd Miasta Brzozów", "Sekretarz Miasta")
    rowes1 = b.speaker("Mateusz Wsparciński", "Regionalny Ośrodek Wspierania Ekonomii Społecznej", "doradca kluczowy")
    rowes2 = b.speaker("Aleksandra Rybińska", "Centrum Rozwoju Społecznego", "koordynatorka")
    m1 = b.speaker("dr Anna Polityńska", "Regionalny Ośrodek Polityki Społecznej", "dyrektorka")
    m2 = b.speaker("dr Halina Wykładowska", "Wyższa Szkoła Ekonomii Społecznej", "adiunkt")
    m3 = b.speaker("prof. Aldona Usługowa", "Uniwersytet Ekonomiczny", "kierowniczka katedry")
    g = [b.speaker(n, o, p) for n, o, p in [
        ("Maria Kamieniecka", "Centrum Aktywności Lokalnej", "prezeska"),
        ("Patryk Szkoleniowy", "Game On — szkolenia i coaching", "trener biznesu"),
        ("Małgorzata Skorupińska", "Hotel Pod Skałką", "dyrektorka"),
        ("Andrzej Przedsiębiorczy", "Związek Pracodawców Regionu", "ekspert"),
        ("Justyna Tulipan", "Regionalny Ośrodek Wspierania Ekonomii Społecznej", "analityczka"),
        ("Tomasz Herbaciany", "Spółdzielnia Socjalna „Herbaciarnia”", "prezes"),
    ]]
    b.item(event, ItemKind.OPENING, "Powitanie gości", _at(day, 9, 30), _at(day, 9, 45), hall,
           [(starost, Role.GUEST), (secretary, Role.GUEST), (g[0], Role.HOST)])
    b.item(event, ItemKind.LECTURE, "Osiem lat wsparcia ekonomii społecznej w regionie: 197 organizacji, 45 przedsiębiorstw, 223 miejsca pracy",
           _at(day, 9, 45), _at(day, 10, 30), hall, [(rowes1, Role.SPEAKER), (rowes2, Role.SPEAKER)])
    b.item(event, ItemKind.PANEL, "Perspektywy współpracy przedsiębiorstw społecznych z samorządem",
           _at(day, 10, 30), _at(day, 11, 30), hall, [(m1, Role.MODERATOR), (rowes1, Role.PANELIST), (g[0], Role.PANELIST)])
    b.item(event, ItemKind.BREAK, "Przerwa kawowa", _at(day, 11, 30), _at(day, 11, 45), None)
    b.item(event, ItemKind.PANEL, "Perspektywy współpracy sektora ekonomii społecznej z biznesem",
           _at(day, 11, 45), _at(day, 12, 45), hall,
           [(m2, Role.MODERATOR), (g[1], Role.PANELIST), (g[2], Role.PANELIST), (g[3], Role.PANELIST)])
    b.item(event, ItemKind.PANEL, "Deinstytucjonalizacja usług społecznych — szansa i wyzwanie dla ekonomii społecznej",
           _at(day, 12, 45), _at(day, 13, 45), hall, [(m3, Role.MODERATOR), (g[4], Role.PANELIST), (g[5], Role.PANELIST)])
    b.item(event, ItemKind.NETWORKING, "Obiad i rozmowy kuluarowe", _at(day, 13, 45), _at(day, 15), None)
    return event


def _past_event(b: _Builder, start: date) -> tuple[Event, list[AgendaItem]]:
    d1, d2 = start, start + timedelta(days=1)
    event = Event(
        slug="seminarium-csr-2026",
        title="Seminarium CSR: biznes, samorząd i organizacje razem",
        summary="Regionalne seminarium o społecznej odpowiedzialności biznesu z panelami o nowych "
                "technologiach i współpracy międzysektorowej.",
        description="Dwa dni spotkań przedsiębiorców, samorządowców, uczelni i organizacji pozarządowych.",
        timezone="Europe/Warsaw", start_date=d1, end_date=d2,
        venue_name="Politechnika Regionalna, Aula A", venue_address="al. Armii Krajowej 17", venue_city="Zielonowo",
        status=EventStatus.FINISHED, capacity=300,
        registration_opens_at=_at(d1 - timedelta(days=40), 9), registration_closes_at=_at(d1, 8),
        eu_funded=True,
        funding_note="Seminarium współfinansowane ze środków Europejskiego Funduszu Społecznego Plus.",
    )
    event.organisations = [
        EventOrganisation(name="Ośrodek Wsparcia Ekonomii Społecznej Jura", part=OrganisationPart.ORGANISER, position=0),
        EventOrganisation(name="Politechnika Regionalna", part=OrganisationPart.PARTNER, position=1),
        EventOrganisation(name="Europejski Fundusz Społeczny Plus", part=OrganisationPart.FUNDER, position=2),
    ]
    db.session.add(event)
    aula = Room(event=event, name="Aula A", capacity=320, position=0)
    s1 = Room(event=event, name="Sala 101", capacity=40, position=1)
    s2 = Room(event=event, name="Sala 102", capacity=40, position=2)
    lecturer = b.speakers["dr Halina Wykładowska"]
    p = [b.speaker(n, o, pos) for n, o, pos in [
        ("Artur Koordynacki", "Ośrodek Wsparcia Ekonomii Społecznej Jura", "kierownik biura"),
        ("Weronika Cyfrowa", "ITech Solutions S.A.", "dyrektorka ds. CSR"),
        ("Damian Partnerski", "Stowarzyszenie Razem dla Regionu", "prezes"),
    ]]
    b.item(event, ItemKind.OPENING, "Otwarcie seminarium", _at(d1, 10), _at(d1, 10, 20), aula, [(p[0], Role.HOST)])
    b.item(event, ItemKind.PANEL, "Nowe technologie w odpowiedzialnym biznesie", _at(d1, 10, 30), _at(d1, 12), aula,
           [(lecturer, Role.MODERATOR), (p[1], Role.PANELIST), (p[2], Role.PANELIST)])
    workshops = [
        b.item(event, ItemKind.WORKSHOP, "Uczmy się wzajemnie: studenci i przedsiębiorcy społeczni", _at(d2, 10),
               _at(d2, 12), s1, [(p[0], Role.SPEAKER)], seat_limit=40),
        b.item(event, ItemKind.WORKSHOP, "Wolontariat pracowniczy krok po kroku", _at(d2, 10), _at(d2, 12), s2,
               [(p[2], Role.SPEAKER)], seat_limit=40),
    ]
    b.item(event, ItemKind.NETWORKING, "Wymiana wizytówek i rozmowy", _at(d2, 12), _at(d2, 13), aula)
    return event, workshops


def _registrations(rng: random.Random, event: Event, count: int, consents, workshops=(),
                   checkin_days=(), staff: Account | None = None) -> int:
    """Registrations in mixed states; for a past event also check-ins and workshop seats."""
    types = list(ORG_TYPE_WEIGHTS)
    weights = list(ORG_TYPE_WEIGHTS.values())
    confirmed_limit = event.capacity or count
    confirmed = waitlist = 0
    seats = {w.id: 0 for w in workshops}
    made = 0
    for n in range(count):
        org_type = rng.choices(types, weights)[0]
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        lang = "en" if rng.random() < 0.08 else "pl"
        cancelled = rng.random() < 0.07
        if cancelled:
            status, position = RegistrationStatus.CANCELLED, None
        elif confirmed < confirmed_limit:
            status, position = RegistrationStatus.CONFIRMED, None
            confirmed += 1
        else:
            waitlist += 1
            status, position = RegistrationStatus.WAITLISTED, waitlist
        created = _at(event.start_date - timedelta(days=30), 9) + timedelta(minutes=97 * n)
        reg = Registration(
            event=event, first_name=first, last_name=last,
            email=f"uczestnik{n + 1}.{event.id}@{DEMO_DOMAIN}",
            organisation=rng.choice(ORGANISATIONS[org_type]), organisation_type=org_type,
            position=rng.choice(POSITIONS), language=lang, status=status, waitlist_position=position,
            source=RegistrationSource.ONLINE, manage_token=new_token(), badge_code=new_token(),
            photo_consent=rng.random() < 0.7, created_at=created,
            cancelled_at=created + timedelta(days=3) if cancelled else None,
        )
        reg.consents.append(RegistrationConsent(consent_text=consents[(ConsentKind.DATA_PROCESSING, lang)], given_at=created))
        if reg.photo_consent:
            reg.consents.append(RegistrationConsent(consent_text=consents[(ConsentKind.PHOTOS, lang)], given_at=created))
        db.session.add(reg)
        made += 1
        if status != RegistrationStatus.CONFIRMED:
            continue
        for workshop in workshops:
            if rng.random() < 0.2 and seats[workshop.id] < workshop.seat_limit:
                seats[workshop.id] += 1
                reg.workshop_signups.append(WorkshopSignup(item=workshop, status=SignupStatus.CONFIRMED))
                break
        for day_index, day in enumerate(checkin_days):
            if rng.random() < (0.86 if day_index == 0 else 0.71):
                scanned = _at(day, 9) + timedelta(minutes=rng.randint(0, 75))
                db.session.add(CheckIn(
                    event=event, registration=reg, day=day, scanned_at=scanned, recorded_at=scanned,
                    scan_id=new_token(), station="demo-1", source=CheckInSource.SCANNER, staff=staff))
    return made


def load(progress: Callable[[str], None] = lambda message: None) -> str:
    """Add the demo events, accounts and registrations; the caller sees progress lines."""
    rng = random.Random(2026)  # noqa: S311  (repeatable demo data, not secrets)
    today = datetime.now(WARSAW).date()
    b = _Builder(rng)
    consents = _consent_texts()
    progress("Events and agendas…")
    seminar = _seminar(b, today + timedelta(days=21))
    forum = _forum(b, today + timedelta(days=42))
    past, past_workshops = _past_event(b, today - timedelta(days=60))
    db.session.flush()

    progress("Accounts…")
    accounts = {}
    for email, name, _what in DEMO_ACCOUNTS:
        account = db.session.scalar(select(Account).where(Account.email == email))
        if account is None:
            account = create_account(email, name, current_app.config["DEMO_PASSWORD"],
                                     is_admin=email.startswith("admin@"))
        accounts[email.split("@")[0]] = account
    db.session.flush()
    for event in (seminar, forum, past):
        grant(accounts["organizator"], event, EventRoleKind.ORGANISER)
        grant(accounts["bramka"], event, EventRoleKind.STAFF)
    lecturer = b.speakers["dr Halina Wykładowska"]
    lecturer.account = accounts["prelegentka"]
    lecturer.email = accounts["prelegentka"].email
    for event in (seminar, forum, past):
        grant(accounts["prelegentka"], event, EventRoleKind.SPEAKER)
    # The speaker portal shows both rules: the seminar's sessions lock a week before it starts;
    # at the forum, speakers' changes wait for the organiser's approval.
    seminar.speaker_edit_deadline = datetime.combine(seminar.start_date - timedelta(days=7), time(18),
                                                     tzinfo=WARSAW)
    forum.speaker_changes_need_approval = True

    progress("Registrations and check-ins…")
    made = _registrations(rng, past, 360, consents, past_workshops, past.days, accounts["bramka"])
    made += _registrations(rng, seminar, 64, consents)
    made += _registrations(rng, forum, 76, consents)
    db.session.flush()
    questions_demo.build(rng, forum, list(db.session.scalars(
        select(Registration).where(Registration.event_id == forum.id).order_by(Registration.id))))
    db.session.commit()
    progress("Programme…")
    from eventapp.programmes.demo import load_programme

    made += load_programme(rng, past, [seminar, forum], accounts["organizator"], today)
    return f"Demo loaded: 3 events, {len(b.speakers)} speakers, {made} registrations."


def clear() -> None:
    """Delete every row of every table (demo reset)."""
    from eventapp.extensions import Base

    for table in reversed(Base.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()


def logins_text(password: str) -> str:
    lines = [f"Demo logins (password for all: {password}):"]
    lines += [f"  {email:<32} {what}" for email, _name, what in DEMO_ACCOUNTS]
    return "\n".join(lines)
