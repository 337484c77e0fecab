"""The embedded default's SQLite file: write-ahead log, a queue for writers, checkpoints.

WAL lets readers go on while one writer writes. Writing transactions BEGIN IMMEDIATE: they
take the write lock at the start, so concurrent writers wait instead of failing half-way
with SQLITE_BUSY; read-only ones (GET requests) stay DEFERRED and never hold it.
"""

import fcntl
import itertools
import os
import sqlite3
import threading

from sqlalchemy import event
from sqlalchemy.engine import Engine

_lock_holder = threading.local()  # .holds: this thread holds a writer lock
_commits = itertools.count(1)  # writing commits of this process
CHECKPOINT_EVERY = 64  # about 1,200 pages of log at a submit's 19


class QueuedWriterConnection(sqlite3.Connection):
    """A SQLite connection whose writing transactions queue on an OS file lock.

    SQLite lets one writer in at a time; the others wait in its busy handler, which polls
    in growing sleeps (1, 2, 5, 10 … ms), so the lock often stands free while a writer
    sleeps. A blocked flock() is woken the moment the holder lets go. The lock is held
    from BEGIN IMMEDIATE until COMMIT or ROLLBACK, and the OS drops it with the process.
    A thread that already holds it for another connection does not queue again (it would
    wait for itself); that connection waits in SQLite's busy handler, as before.

    SQLite copies the write-ahead log back into the database (a checkpoint, with an fsync)
    inside the COMMIT that fills it, which would keep every other writer queued behind the
    disk. Its automatic checkpoints are off on these connections; instead, every
    CHECKPOINT_EVERY commits of a process, the committing connection runs a PASSIVE
    checkpoint after it has let go of the lock (readers and writers go on meanwhile).
    """

    write_lock_path: str | None = None
    _write_lock_fd: int | None = None
    _holds_write_lock = False

    def take_write_lock(self) -> None:
        if self.write_lock_path is None or getattr(_lock_holder, "holds", False):
            return
        if self._write_lock_fd is None:
            self._write_lock_fd = os.open(self.write_lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._write_lock_fd, fcntl.LOCK_EX)
        self._holds_write_lock = _lock_holder.holds = True

    def _release_write_lock(self) -> None:
        if self._holds_write_lock:
            fcntl.flock(self._write_lock_fd, fcntl.LOCK_UN)
            self._holds_write_lock = _lock_holder.holds = False

    def commit(self) -> None:
        wrote = self._holds_write_lock
        try:
            super().commit()
        finally:
            self._release_write_lock()
        if wrote and next(_commits) % CHECKPOINT_EVERY == 0:
            self.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._release_write_lock()

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self._write_lock_fd is not None:
                if self._holds_write_lock:
                    _lock_holder.holds = False
                os.close(self._write_lock_fd)  # the OS lets go of the lock with it
                self._write_lock_fd = None


def tune(engine: Engine) -> None:
    """WAL, foreign keys, the busy timeout and the writer queue on every connection."""
    database = engine.url.database
    lock_path = f"{database}.writer-lock" if database and database != ":memory:" else None

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.write_lock_path = lock_path
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA wal_autocheckpoint=0")  # QueuedWriterConnection checkpoints
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        # straight to the driver: this runs on every request, and a BEGIN needs no events
        dbapi_connection = connection.connection.dbapi_connection
        if mode == "IMMEDIATE":
            dbapi_connection.take_write_lock()
        dbapi_connection.execute(f"BEGIN {mode}")
