"""Production refuses unsafe settings."""

import pytest

from eventapp import create_app


@pytest.mark.parametrize("secret", ["", "dev-insecure-secret-change-me", "short"])
def test_production_refuses_missing_or_default_secret(monkeypatch, secret):
    monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", SECRET_KEY=secret)


def test_production_starts_with_a_real_secret(tmp_path):
    app = create_app("production", SECRET_KEY="x" * 64, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/p.db")
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_postgres_urls_get_the_psycopg_driver(monkeypatch):
    from config import _database_url

    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert _database_url("sqlite://") == "postgresql+psycopg://u@h/db"


def test_production_hashes_passwords_with_scrypt_and_only_tests_go_cheap(tmp_path):
    from eventapp.models import Account

    production = create_app("production", SECRET_KEY="x" * 64, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/p.db")
    testing = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/t.db")
    hashes = {}
    for name, app in (("production", production), ("testing", testing)):
        with app.app_context():
            account = Account(email=f"{name}@example.org", name=name)
            account.set_password("secret-password-1")
            assert account.check_password("secret-password-1") and not account.check_password("wrong")
            hashes[name] = account.password_hash
    assert hashes["production"].startswith("scrypt:")
    assert hashes["testing"].startswith("pbkdf2:sha256:1000$")
