"""Fixtures after Flask's tutorial: `app`, `client`, `runner`, a fresh database per test.

Every test that uses `app` runs on SQLite, and again on PostgreSQL when
TEST_DATABASE_URL is set. The `app` fixture pushes no application context, so that
each test-client request gets its own (as in production); service tests that talk to
the database directly use the `ctx` fixture (never together with `client`).
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest
import sqlalchemy as sa

from eventapp import create_app
from eventapp.extensions import Base, db

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


def _psycopg_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if TEST_DATABASE_URL else ["sqlite"]


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The PostgreSQL test database with a fresh schema built from the models, once per run."""
    if not TEST_DATABASE_URL:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    url = _psycopg_url(TEST_DATABASE_URL)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        url = _worker_database(url, worker)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    Base.metadata.create_all(engine)
    engine.dispose()
    return url


def _worker_database(url: str, worker: str) -> str:
    """A database of its own for each pytest-xdist worker."""
    base = sa.engine.make_url(url)
    name = f"{base.database}_{worker}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def fresh_postgres_database(label: str) -> str:
    """An empty PostgreSQL database of its own (dropped and made again), one per label and xdist worker."""
    base = sa.engine.make_url(_psycopg_url(TEST_DATABASE_URL))
    name = "_".join(filter(None, [base.database, label, os.environ.get("PYTEST_XDIST_WORKER")]))
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path) -> str:
    """A database with no tables at all, on each backend, for tests that run the migrations themselves."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    if not TEST_DATABASE_URL:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL migration check skipped")
    return fresh_postgres_database(request.module.__name__.rsplit(".", 1)[-1])


@pytest.fixture(params=backends())
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    return request.getfixturevalue("postgres_url")


def truncate_all(engine: sa.Engine) -> None:
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def make_app(database_url, tmp_path):
    """Build apps on this test's database (more than one when a test needs two processes' view)."""
    made = []

    def factory(**overrides):
        settings = {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MAIL_FOLDER": str(tmp_path / "mail"),
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        }
        settings.update(overrides)
        app = create_app("testing", **settings)
        made.append(app)
        return app

    yield factory
    for index, app in enumerate(made):
        with app.app_context():
            db.session.remove()
            if index == 0 and db.engine.dialect.name == "postgresql":
                truncate_all(db.engine)
            db.engine.dispose()


@pytest.fixture
def app_settings() -> dict:
    """Extra settings for the `app` fixture; override this fixture in a test module."""
    return {}


@pytest.fixture
def app(make_app, app_settings):
    app = make_app(**app_settings)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            db.create_all()
    return app


@pytest.fixture
def ctx(app):
    """An application context for tests that call services directly."""
    with app.app_context():
        yield app
        db.session.rollback()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """`with count_queries() as counter:` counts the SQL statements the app runs."""

    @contextlib.contextmanager
    def counting():
        counter = QueryCounter()
        with app.app_context():
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            sa.event.remove(engine, "before_cursor_execute", counter)

    return counting


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class SmtpServer:
    """A real SMTP server on loopback; `messages` holds what arrived, parsed."""

    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list = field(default_factory=list)

    @property
    def settings(self) -> dict:
        return {"MAIL_SERVER": self.host, "MAIL_PORT": self.port, "MAIL_DELIVERY": "inline"}


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    from aiosmtpd.controller import Controller

    server = SmtpServer("127.0.0.1", free_port())

    class Collector:
        async def handle_DATA(self, _server, _session, envelope):
            server.envelopes.append(envelope)
            server.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
            return "250 Message accepted"

    controller = Controller(Collector(), hostname=server.host, port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


def login(client, email: str, password: str = "secret-password-1"):
    """Sign a test client in through the real login form."""
    return client.post("/auth/login", data={"email": email, "password": password})
