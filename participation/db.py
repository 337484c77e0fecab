"""Database wiring: declarative Base, one engine per app, one transaction per app context.

The transaction is an ORM session's, or that of the direct statements of statements.py
(hot paths); sqlite.py tunes the embedded default's file. Services only flush; the edge
(the request's after_request hook, a job, a CLI command) commits once. Work registered
with `after_commit()` runs only once the commit succeeded.
"""

import importlib
import os
from collections.abc import Callable

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import MetaData, create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from participation.sqlite import QueuedWriterConnection, tune

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

MODEL_MODULES = (
    "participation.places.models",
    "participation.accounts.models",
    "participation.surveys.models",
    "participation.digests.models",
    "participation.results.models",
    "participation.events.models",
    "participation.paper.models",
)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def import_models() -> MetaData:
    """Import every feature's models so that Base.metadata knows all tables."""
    for module in MODEL_MODULES:
        importlib.import_module(module)
    return Base.metadata


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the usual way."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False,
                                                  "factory": QueuedWriterConnection})
        tune(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


class Database:
    """Holds the engine and session factory of one app."""

    def __init__(self, url: str):
        self.url = normalise_url(url)
        self._pid = os.getpid()
        self.engine = make_engine(self.url)
        self.session_factory = sessionmaker(bind=self.engine, expire_on_commit=False)
        self.read_session_factory = sessionmaker(
            bind=self.engine.execution_options(sqlite_begin="DEFERRED"), expire_on_commit=False)
        # GET requests only read (tests/conftest.py checks that none writes). On PostgreSQL
        # they run in autocommit: no BEGIN and COMMIT round trips. Each statement sees
        # committed data, as it would under READ COMMITTED inside a transaction.
        self.request_read_factory = self.read_session_factory if self.is_sqlite else (
            sessionmaker(bind=self.engine.execution_options(isolation_level="AUTOCOMMIT"),
                         expire_on_commit=False))

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    def _after_fork(self) -> None:
        if os.getpid() != self._pid:
            # A forked RQ work horse must not reuse the parent's pooled connections.
            self.engine.dispose(close=False)
            self._pid = os.getpid()

    def raw_connection(self):
        """A pooled DBAPI connection (statements.py); close() returns it to the pool."""
        self._after_fork()
        return self.engine.raw_connection()

    def new_session(self, read_only: bool = False, request_read: bool = False) -> Session:
        self._after_fork()
        if request_read:
            return self.request_read_factory()
        return (self.read_session_factory if read_only else self.session_factory)()


def init_app(app: Flask) -> None:
    import_models()
    app.extensions["db"] = Database(app.config["DATABASE_URL"])
    app.teardown_appcontext(_close_session)


def get_db() -> Database:
    return current_app.extensions["db"]


def session() -> Session:
    """The session of the current app context (request, job or CLI command).

    A connection borrowed for direct statements (statements.py) is given back first: a
    request never holds one pooled connection while waiting for another, and never has
    two transactions."""
    if "db_session" not in g:
        direct = g.get("db_direct")
        if direct is not None:
            if direct.writing:
                raise RuntimeError("this context writes directly; it cannot open a session")
            g.pop("db_direct").release()
        reading = has_request_context() and request.method in ("GET", "HEAD")
        g.db_session = get_db().new_session(request_read=reading)
    return g.db_session


def commit() -> None:
    """Commit the context's transaction, then run the work that waited for the commit."""
    callbacks = g.pop("after_commit", [])
    db_session = g.get("db_session")
    if db_session is not None:
        db_session.commit()
    direct = g.get("db_direct")
    if direct is not None:
        direct.commit()
    for callback in callbacks:
        callback()


def rollback() -> None:
    g.pop("after_commit", None)
    db_session = g.get("db_session")
    if db_session is not None:
        db_session.rollback()
    direct = g.get("db_direct")
    if direct is not None:
        direct.rollback()


def after_commit(callback: Callable[[], None]) -> None:
    """Run `callback` once the current transaction has been committed by `commit()`."""
    g.setdefault("after_commit", []).append(callback)


def _close_session(_exc=None) -> None:
    direct = g.pop("db_direct", None)
    if direct is not None:
        direct.release()
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()
