"""Settings for eventapp, one class per environment, every value overridable
from the environment so the same code runs on a laptop and in production."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
INSTANCE = ROOT / "instance"

INSECURE_SECRET = "dev-insecure-secret-change-me"  # noqa: S105  (the value production refuses)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Hosting panels still hand out postgres:// URLs; SQLAlchemy wants the driver named.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_SECRET)
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE / 'eventapp.sqlite'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # The domain in calendar UIDs; set it once and never change it, or calendars duplicate entries.
    CALENDAR_UID_DOMAIN = os.environ.get("CALENDAR_UID_DOMAIN", "")

    BABEL_DEFAULT_LOCALE = os.environ.get("DEFAULT_LOCALE", "pl")
    BABEL_DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = ("pl", "en")
    DEFAULT_EVENT_TIMEZONE = os.environ.get("DEFAULT_EVENT_TIMEZONE", "Europe/Warsaw")

    # Outbound mail: with no MAIL_SERVER set, messages are written to MAIL_FOLDER.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "eventapp <no-reply@eventapp.local>")
    MAIL_FOLDER = os.environ.get("MAIL_FOLDER", str(INSTANCE / "mail"))
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
    # thread: deliver in the background after each change; worker: only `flask mail deliver --loop`.
    MAIL_DELIVERY = os.environ.get("MAIL_DELIVERY", "thread")

    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE / "uploads"))
    # A whole request at most this big (the largest upload, a 20 MB PDF, plus the form):
    # anything bigger is refused with 413 before it is read.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_REQUEST_MB", "25")) * 1024 * 1024

    # Certificate ZIPs and other built files; on several hosts, a folder they share.
    REPORTS_FOLDER = os.environ.get("REPORTS_FOLDER", str(INSTANCE / "reports"))
    # thread: build in the background of the web process; inline: at once; worker: only
    # `flask reports build-certificates --loop`.
    REPORTS_JOBS = os.environ.get("REPORTS_JOBS", "thread")
    # How long a shown sign-up form's fill-time stamp stays valid (each is good for one sign-up).
    REGISTRATION_STAMP_MAX_AGE = int(os.environ.get("REGISTRATION_STAMP_MAX_AGE", str(2 * 24 * 3600)))
    # Back-office mailings: thread (default), inline (tests) or worker (`flask notify mailings --loop`).
    MANAGE_JOBS = os.environ.get("MANAGE_JOBS", "thread")

    # flask-limiter: memory storage in one process, Redis when several share the work.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    # Posts that fail the CSRF check (expired or forged forms), per client address: past this,
    # the address's posts get 429 before their body is read (eventapp/csrf_failures.py).
    CSRF_FAILURE_RATELIMIT = os.environ.get("CSRF_FAILURE_RATELIMIT", "10 per minute;60 per hour")

    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True

    # How many reverse proxies stand in front of the app (0: none; trust no X-Forwarded-* header).
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS", "0"))

    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    LOG_REQUESTS = _env_bool("LOG_REQUESTS", False)

    DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-haslo-2026")
    # werkzeug's password hash: its strong default everywhere but in the tests.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105  (a method name, not a password)

    # The accessibility statement (/deklaracja-dostepnosci, eventapp/public/accessibility.py):
    # who runs this site and whom people write to about its accessibility.
    ACCESSIBILITY_ENTITY = os.environ.get("ACCESSIBILITY_ENTITY", "eventapp")
    ACCESSIBILITY_CONTACT_NAME = os.environ.get("ACCESSIBILITY_CONTACT_NAME", "Koordynator ds. dostępności")
    ACCESSIBILITY_CONTACT_EMAIL = os.environ.get("ACCESSIBILITY_CONTACT_EMAIL", "dostepnosc@eventapp.local")
    ACCESSIBILITY_CONTACT_PHONE = os.environ.get("ACCESSIBILITY_CONTACT_PHONE", "")
    ACCESSIBILITY_ADDRESS = os.environ.get("ACCESSIBILITY_ADDRESS", "")
    # The site's first publication and its last significant update (YYYY-MM-DD).
    ACCESSIBILITY_PUBLISHED_ON = os.environ.get("ACCESSIBILITY_PUBLISHED_ON", "2026-11-23")
    ACCESSIBILITY_UPDATED_ON = os.environ.get("ACCESSIBILITY_UPDATED_ON", "2026-12-04")


class DevelopmentConfig(Config):
    DEBUG = True


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    MAIL_SERVER = ""
    MAIL_DELIVERY = "inline"
    PUBLIC_BASE_URL = "http://localhost"
    # scrypt costs ~0.1 s per hash, about half the suite's time; tests only need a hash that checks.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105


class ProductionConfig(Config):
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
    LOG_REQUESTS = _env_bool("LOG_REQUESTS", True)
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def check(cls, config: dict) -> None:
        """Refuse to run production with settings that would leak or lose data."""
        secret = config.get("SECRET_KEY") or ""
        if not secret or secret == INSECURE_SECRET or len(secret) < 16:
            raise RuntimeError(
                "SECRET_KEY must be set to a long random value in production "
                "(for example: python -c 'import secrets; print(secrets.token_hex(32))')."
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
