"""Signing in and out."""

from eventapp.extensions import db
from tests.conftest import login
from tests.factories import make_account


def test_login_with_right_password_then_logout(app, client):
    with app.app_context():
        make_account("ola@example.org")
        db.session.commit()
    response = login(client, "Ola@Example.org")
    assert response.status_code == 302
    assert "Wyloguj się" in client.get("/").get_data(as_text=True)
    client.post("/auth/logout")
    assert "Zaloguj się" in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused_with_a_message_and_keeps_the_email(app, client):
    with app.app_context():
        make_account("ola@example.org")
        db.session.commit()
    response = login(client, "ola@example.org", "not-the-password")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nieprawidłowy e-mail lub hasło." in page
    assert 'value="ola@example.org"' in page


def test_empty_form_names_each_missing_field(client):
    page = client.post("/auth/login?lang=en", data={}).get_data(as_text=True)
    assert "Please enter your email." in page and "Please enter your password." in page


def test_login_never_redirects_to_another_site(app, client):
    with app.app_context():
        make_account("ola@example.org")
        db.session.commit()
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.post(f"/auth/login?next={target}",
                               data={"email": "ola@example.org", "password": "secret-password-1"})
        assert response.headers["Location"] == "/", target
        client.post("/auth/logout")
    response = client.post("/auth/login?next=/events/",
                           data={"email": "ola@example.org", "password": "secret-password-1"})
    assert response.headers["Location"] == "/events/"


def test_inactive_account_cannot_sign_in(app, client):
    with app.app_context():
        account = make_account("ola@example.org")
        account.active = False
        db.session.commit()
    page = login(client, "ola@example.org").get_data(as_text=True)
    assert "Nieprawidłowy e-mail lub hasło." in page
