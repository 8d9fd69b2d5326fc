"""Signing out ends the session on the server: copies of its cookies stop working. An account
can sign out of every browser at once. The same sign-in takes the same work whether or not
the address has an account."""

from __future__ import annotations

import sqlalchemy as sa

from eventapp.auth import sessions
from eventapp.extensions import db
from eventapp.models import Account, AccountSession, EventRoleKind
from tests.conftest import login
from tests.factories import PASSWORD, make_account, make_event

SESSION = "session"
REMEMBER = "remember_token"


def _organiser(app, email: str = "ola@example.org") -> None:
    with app.app_context():
        event = make_event(slug="forum")
        make_account(email, event=event, role=EventRoleKind.ORGANISER)
        db.session.commit()


def _signed_in(client) -> bool:
    """Whether the back office opens (a signed-out browser is sent to the sign-in form)."""
    response = client.get("/manage/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def _browser_with(app, cookies: dict[str, str]):
    browser = app.test_client()
    for name, value in cookies.items():
        browser.set_cookie(name, value)
    return browser


def _cookie(client, name: str) -> str:
    cookie = client.get_cookie(name)
    assert cookie is not None, name
    return cookie.value


def test_a_session_cookie_copied_before_signing_out_no_longer_works(app, client):
    _organiser(app)
    assert login(client, "ola@example.org").status_code == 302
    copied = _cookie(client, SESSION)
    assert _signed_in(_browser_with(app, {SESSION: copied}))  # the copy works while signed in
    client.post("/auth/logout")
    assert not _signed_in(client)
    assert not _signed_in(_browser_with(app, {SESSION: copied}))


def test_a_remember_me_cookie_no_longer_works_after_signing_out(app, client):
    _organiser(app)
    response = client.post("/auth/login", data={"email": "ola@example.org", "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302
    remembered = _cookie(client, REMEMBER)
    assert _signed_in(_browser_with(app, {REMEMBER: remembered}))  # a new browser, only the cookie
    client.post("/auth/logout")
    assert not _signed_in(_browser_with(app, {REMEMBER: remembered}))


def test_signing_out_one_browser_leaves_the_others_signed_in(app):
    _organiser(app)
    phone, laptop = app.test_client(), app.test_client()
    login(phone, "ola@example.org")
    login(laptop, "ola@example.org")
    phone.post("/auth/logout")
    assert not _signed_in(phone)
    assert _signed_in(laptop)


def test_an_organiser_signs_out_of_every_browser_at_once(app):
    _organiser(app)
    phone, laptop = app.test_client(), app.test_client()
    login(phone, "ola@example.org")
    response = laptop.post("/auth/login", data={"email": "ola@example.org", "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302
    remembered = _cookie(laptop, REMEMBER)
    page = phone.get("/manage/?lang=en").get_data(as_text=True)
    assert "Devices and browsers signed in to your account: 2." in page
    response = phone.post("/auth/logout-everywhere?lang=en", follow_redirects=True)
    assert "You have been signed out on all devices." in response.get_data(as_text=True)
    assert not _signed_in(phone)
    assert not _signed_in(laptop)
    assert not _signed_in(_browser_with(app, {REMEMBER: remembered}))
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AccountSession)) == 0


def test_signing_out_everywhere_needs_a_signed_in_account_and_a_csrf_token(app, client):
    _organiser(app)
    assert client.post("/auth/logout-everywhere").status_code == 302  # to the sign-in form
    login(client, "ola@example.org")
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/auth/logout-everywhere").status_code == 400
    assert _signed_in(client)


def test_only_a_hash_of_the_session_secret_is_stored(app, client):
    _organiser(app)
    login(client, "ola@example.org")
    with client.session_transaction() as session:
        account_id, _, secret = session["_user_id"].partition(":")
    with app.app_context():
        stored = db.session.scalars(sa.select(AccountSession.token_hash)).all()
    assert len(stored) == 1 and secret and secret not in stored[0]


def test_forged_session_ids_load_nobody(app):
    _organiser(app)
    with app.app_context():
        account = db.session.scalar(sa.select(Account))
        token = sessions.start(account)
        for forged in (str(account.id), f"{account.id}:", f"{account.id}:{'A' * 32}", f"{account.id + 1}:{token}",
                       f"2147483648:{token}", f"²:{token}", "", ":", f"{account.id}:{token}x"):
            assert sessions.load(forged) is None, forged
        assert sessions.load(f"{account.id}:{token}").id == account.id


class _Counting:
    """Counts the password checks the sign-in makes, letting each run as usual."""

    def __init__(self, monkeypatch):
        self.calls = 0
        original = Account.check_password

        def check(account, password):
            self.calls += 1
            return original(account, password)

        monkeypatch.setattr(Account, "check_password", check)


def test_a_password_is_checked_against_a_hash_whether_or_not_the_account_exists(app, client, monkeypatch):
    _organiser(app)
    with app.app_context():
        make_account("bez-hasla@example.org", password=None)
        db.session.commit()
    counter = _Counting(monkeypatch)
    for email in ("ola@example.org", "nikt@example.org", "bez-hasla@example.org"):
        before = counter.calls
        response = login(client, email, "not-the-password")
        assert response.status_code == 200
        assert counter.calls - before == 1, email  # one hash computed each time, account or not
