"""Fixtures: the whole suite runs against SQLite and PostgreSQL, with real Redis and SMTP.

A missing service makes the tests that need it fail; nothing is skipped.
"""

import fcntl
import logging
import os
import socket
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from participation import create_app, db
from participation.cli import alembic_config
from participation.db import normalise_url

ROOT = Path(__file__).resolve().parent.parent


def _claim_a_service_slot(slots: int = 6) -> int:
    """The first slot no other test run on this machine holds, held until this run ends.

    Two suites running at once (two checkouts, or a developer's run beside a benchmark)
    each get their own PostgreSQL database and Redis database instead of emptying each
    other's. CI runs one suite and gets slot 0: the database "test", Redis database 15."""
    for slot in range(slots):
        handle = open(f"/tmp/participation-tests-slot-{slot}.lock", "w")  # noqa: SIM115
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        _HELD_SLOTS.append(handle)  # the lock lasts as long as this process
        return slot
    raise RuntimeError(f"{slots} test runs are already running on this machine")


def _postgres_database(slot: int) -> str:
    name = "test" if slot == 0 else f"test_slot{slot}"
    if slot:
        engine = create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                               isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                 {"name": name}) is None:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


_HELD_SLOTS: list = []
_SLOT = _claim_a_service_slot()
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL") or _postgres_database(_SLOT)
REDIS_URL = os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{15 - _SLOT}")
BACKENDS = ("sqlite", "postgresql")
# In deleting order: what refers to a row goes before it.
VOLATILE_TABLES = ("event_needs_views", "outgoing_emails", "event_signups", "releases",
                   "free_text_views", "digest_runs", "answers", "responses", "drafts",
                   "print_runs", "sheet_changes")
# Events a test made; the demo's own (series key "demo-…") stay, like the rest of the demo.
TEST_EVENTS = "SELECT id FROM events WHERE series_key IS NULL OR series_key NOT LIKE 'demo-%'"

# Property tests (tests/answering/test_properties.py, tests/builder/test_import_properties.py):
# the same examples on every run and machine, no example database, and Hypothesis' own cache
# (its Unicode tables) outside the repository. Each example drives real requests against the
# session's database, so fixtures are shared between examples and no deadline applies.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "participation-hypothesis")
settings.register_profile(
    "participation", database=None, derandomize=True, deadline=None, print_blob=False,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "participation"))


def reset_postgres(url: str) -> None:
    engine = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def upgrade_to_head(url: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(url), "head")


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.sqlite3'}"
    else:
        url = POSTGRES_URL
        reset_postgres(url)
    upgrade_to_head(url)
    return url


def make_test_app(database_url: str, tmp_path: Path, **overrides):
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "REDIS_URL": None,
        "SMTP_HOST": None,
        "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
        "ARGON2_PROFILE": "fast-for-tests",
        "WTF_CSRF_ENABLED": False,
        "BASE_URL": "http://127.0.0.1",
        # tests/accounts/test_login_limits.py switches them on with their own app
        "LIMITS_ENABLED": False,
    }
    config.update(overrides)
    app = create_app(config)
    _watch_for_writes_in_get_requests(app)
    return app


WRITES_IN_GET_REQUESTS: list[str] = []


def _watch_for_writes_in_get_requests(app) -> None:
    """GET requests run without a transaction on PostgreSQL (db.py): none may write."""
    from flask import has_request_context, request
    from sqlalchemy import event

    @event.listens_for(app.extensions["db"].engine, "before_cursor_execute")
    def _check(_conn, _cursor, statement, _parameters, _context, _executemany):
        verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
        if (verb in ("INSERT", "UPDATE", "DELETE") and has_request_context()
                and request.method in ("GET", "HEAD")):
            WRITES_IN_GET_REQUESTS.append(f"{request.method} {request.path}: {statement[:60]}")


@pytest.fixture(autouse=True)
def _no_writes_in_get_requests():
    WRITES_IN_GET_REQUESTS.clear()
    yield
    assert WRITES_IN_GET_REQUESTS == [], "a GET request wrote to the database"


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = make_test_app(database_url, tmp_path_factory.mktemp("app"))
    from participation.demo import seed_demo
    from tests.short_questionnaire import QUESTIONNAIRE

    with app.app_context():
        seed_demo(db.session(), questionnaire=QUESTIONNAIRE)
        db.commit()
    yield app
    app.extensions["db"].engine.dispose()


@pytest.fixture(autouse=True)
def _clean_volatile_rows(request):
    """Each test starts without responses, drafts, digests or e-mails (demo data stays)."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        session = db.session()
        for table in VOLATILE_TABLES:
            session.execute(text(f"DELETE FROM {table}"))
        for table in ("event_texts", "event_quartiere"):
            session.execute(text(f"DELETE FROM {table} WHERE event_id IN ({TEST_EVENTS})"))
        session.execute(text(f"DELETE FROM events WHERE id IN ({TEST_EVENTS})"))
        db.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def session(app):
    """A database session inside an app context, for arranging and asserting.

    It begins read transactions DEFERRED, so on SQLite looking does not block the app's
    writers; test-client requests in this context share it."""
    from flask import g

    with app.app_context():
        g.db_session = db.get_db().new_session(read_only=True)
        yield g.db_session


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, app):
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = make_server("127.0.0.1", self.port, app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._thread.join(5)


@pytest.fixture(scope="session")
def live_app(app, database_url, tmp_path_factory):
    """The same database behind an app with CSRF on, as residents meet it."""
    return make_test_app(database_url, tmp_path_factory.mktemp("live"), WTF_CSRF_ENABLED=True)


@pytest.fixture(scope="session")
def live_server(live_app):
    server = LiveServer(live_app).start()
    yield server
    server.stop()


@pytest.fixture
def redis_url():
    """A real Redis database for this test, emptied before and after."""
    from redis import Redis

    connection = Redis.from_url(REDIS_URL)
    connection.flushdb()  # fails loudly when Redis is not running
    yield REDIS_URL
    connection.flushdb()
    connection.close()


@pytest.fixture
def smtp_server():
    from tests.smtp import RecordingSMTPServer

    server = RecordingSMTPServer().start()
    yield server
    server.stop()
