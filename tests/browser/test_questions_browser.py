"""An organiser builds a sign-up form with every question type in the back office; a participant
fills it in on a phone-sized window (390x844), where "ask only if" shows and hides a question."""

from datetime import date, timedelta

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Answer, EventRoleKind, Question, Registration
from tests.browser.conftest import axe_violations
from tests.factories import PASSWORD, make_account, make_event

# (type, Polish label, English label, options, extra: required / widget / ask only if)
QUESTIONS = [
    ("short_text", "Imię na identyfikatorze", "Name on the badge", "", {}),
    ("long_text", "O czym chcesz porozmawiać?", "What would you like to talk about?", "", {}),
    ("number", "Liczba noclegów", "Nights", "", {"required": True}),
    ("date", "Data przyjazdu", "Arrival date", "", {}),
    ("yes_no", "Czy przyjedziesz samochodem?", "Coming by car?", "", {}),
    ("choice", "Dieta", "Diet", "Mięsna | Meat\nWegańska | Vegan\nInna | Other", {"widget": "radio"}),
    ("short_text", "Jaka dieta?", "Which diet?", "", {"required": True, "condition": "Dieta → Inna"}),
    ("choice", "Rozmiar koszulki", "T-shirt size", "S\nM\nL", {"widget": "select"}),
    ("multi_choice", "Tematy", "Topics", "Finanse | Finance\nPrawo | Law\nPR | PR", {}),
    ("county", "Powiat", "County", "", {}),
    ("municipality", "Gmina", "Municipality", "", {}),
    ("consent", "Akceptuję regulamin forum", "I accept the forum's rules", "", {"required": True}),
]


def _setup(app) -> tuple[str, str]:
    with app.app_context():
        start = date.today() + timedelta(days=30)
        event = make_event(slug="forum-pytania", title="Forum z pytaniami", start_date=start,
                           end_date=start + timedelta(days=1))
        make_account("organizatorka@example.org", event=event, role=EventRoleKind.ORGANISER)
        db.session.commit()
    app.config["REGISTRATION_MIN_FILL_SECONDS"] = 0
    return "forum-pytania", "organizatorka@example.org"


def _assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], (where, violations)


def test_an_organiser_builds_every_question_type_and_a_participant_answers_on_a_phone(live_server, browser):
    slug, email = _setup(live_server.app)
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL")
    page = desk.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server("/auth/login"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(live_server(f"/manage/events/{slug}/"))
    page.get_by_role("navigation", name="Panel wydarzenia").get_by_role("link", name="Formularz zapisu").click()
    _assert_accessible(page, "questions page, empty")
    for kind, label_pl, label_en, options, extra in QUESTIONS:
        page.get_by_role("link", name="Dodaj pytanie").click()
        page.select_option("#kind", kind)
        page.fill("#label_pl", label_pl)
        page.fill("#label_en", label_en)
        if options:
            page.fill("#options", options)
        if "widget" in extra:
            page.select_option("#widget", extra["widget"])
        if extra.get("required"):
            page.check("#required")
        if "condition" in extra:
            page.select_option("#condition", label=extra["condition"])
        if kind == "choice" and label_pl == "Dieta":
            page.select_option("#visibility", "staff")
            _assert_accessible(page, "question form")
        page.locator("main form.form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.get_by_role("cell", name=label_pl, exact=False).count() >= 1, label_pl
    page.get_by_role("button", name="Włącz W które dni przyjdziesz").click()
    page.wait_for_load_state()
    rows = page.locator("table.question-list tbody tr")
    assert rows.count() == len(QUESTIONS) + 1
    _assert_accessible(page, "questions page, full")
    desk.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="pl-PL", is_mobile=True,
                                has_touch=True)
    page = phone.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server(f"/events/{slug}/register"))
    ids = _question_ids(live_server.app)
    which_diet = page.locator(f"#q-{ids['Jaka dieta?']}-field")
    assert which_diet.is_hidden()  # asked only for "other"
    _assert_accessible(page, "sign-up form on a phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.fill("#first_name", "Zofia")
    page.fill("#last_name", "Żółkiewska")
    page.fill("#email", "zofia@example.org")
    page.fill("#organisation", "Fundacja Łąki")
    page.select_option("#organisation_type", "ngo")
    page.fill("#position", "Prezeska")
    page.fill(f"#q-{ids['Imię na identyfikatorze']}", "Zosia")
    page.fill(f"#q-{ids['O czym chcesz porozmawiać?']}", "O grantach")
    page.fill(f"#q-{ids['Liczba noclegów']}", "dwa")  # refused below, then corrected
    page.fill(f"#q-{ids['Data przyjazdu']}", (date.today() + timedelta(days=29)).isoformat())
    page.get_by_label("tak", exact=True).check()
    page.get_by_label("Inna", exact=True).check()
    assert which_diet.is_visible()
    page.fill(f"#q-{ids['Jaka dieta?']}", "bez orzechów")
    page.select_option(f"#q-{ids['Rozmiar koszulki']}", label="M")
    page.get_by_label("Prawo", exact=True).check()
    page.get_by_label("PR", exact=True).check()
    page.select_option(f"#q-{ids['Powiat']}", "podkarpackie/brzozowski")
    page.select_option(f"#q-{ids['Gmina']}", "podkarpackie/brzozowski")
    page.fill(f"#q-{ids['Gmina']}-name", "Nozdrzec")
    page.get_by_label("Akceptuję regulamin forum").check()
    days = page.locator(f"#q-{ids['W które dni przyjdziesz?']}-field input[type=checkbox]")
    days.first.check()
    page.locator("#consent_data").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    error = page.locator(f"#q-{ids['Liczba noclegów']}-error")
    assert "Podaj liczbę" in error.inner_text()
    assert page.input_value(f"#q-{ids['Imię na identyfikatorze']}") == "Zosia"  # kept as typed
    assert which_diet.is_visible() and page.input_value(f"#q-{ids['Jaka dieta?']}") == "bez orzechów"
    _assert_accessible(page, "sign-up form with an error")
    page.fill(f"#q-{ids['Liczba noclegów']}", "2")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[data-answer=confirmed]").count() == 1
    phone.close()

    with live_server.app.app_context():
        registration = db.session.scalar(select(Registration).where(Registration.email == "zofia@example.org"))
        stored = dict(db.session.execute(select(Question.label_pl, Answer.value).join(Answer.question)
                                          .where(Answer.registration_id == registration.id)).all())
    assert stored["Liczba noclegów"] == 2 and stored["Jaka dieta?"] == "bez orzechów"
    assert stored["Tematy"] == ["prawo", "pr"] and stored["Gmina"] == {"county": "podkarpackie/brzozowski",
                                                                       "name": "Nozdrzec"}
    assert stored["Czy przyjedziesz samochodem?"] is True and stored["Akceptuję regulamin forum"] is True
    assert len(stored) == len(QUESTIONS) + 1


def _question_ids(app) -> dict[str, int]:
    with app.app_context():
        return {q.label_pl: q.id for q in db.session.scalars(select(Question))}
