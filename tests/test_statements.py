"""Direct statements (statements.py): one transaction per app context, committed or rolled
back at the edge, never a write in a GET request, on SQLite and PostgreSQL."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import bindparam, create_engine, delete, func, select
from sqlalchemy.pool import NullPool

from participation import db, statements
from participation.db import normalise_url
from participation.digests.models import DigestRun

RUNS = select(func.count()).select_from(DigestRun)
DELETE_RUN = delete(DigestRun).where(DigestRun.period == bindparam("period"))


def _record(period: str) -> bool:
    return statements.insert_ignoring_duplicates(DigestRun.__table__, {
        "municipality_id": 1, "period": period, "status": "pending", "attempts": 0,
        "created_at": datetime.now(UTC)})


def _runs(app) -> int:
    """Committed rows, as another process sees them (its own connection, no writer lock)."""
    engine = create_engine(normalise_url(app.config["DATABASE_URL"]), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return connection.scalar(RUNS)
    finally:
        engine.dispose()


def test_a_direct_write_is_committed_at_the_edge_and_its_work_runs_after(app):
    done = []
    with app.test_request_context("/", method="POST"):
        assert _record("2026-W40") is True
        assert _record("2026-W40") is None  # the same row twice: ignored
        db.after_commit(lambda: done.append(_runs(app)))
        assert done == [] and _runs(app) == 0  # not visible outside before the commit
        db.commit()
    assert done == [1]  # the work after the commit saw the committed row
    assert _runs(app) == 1


def test_a_direct_write_is_rolled_back_with_its_waiting_work(app):
    done = []
    with app.test_request_context("/", method="POST"):
        _record("2026-W41")
        db.after_commit(lambda: done.append("ran"))
        db.rollback()
        db.commit()
    assert done == [] and _runs(app) == 0


def test_an_uncommitted_direct_write_is_dropped_with_the_context(app):
    with app.test_request_context("/", method="POST"):
        _record("2026-W42")
    assert _runs(app) == 0


def test_a_context_that_writes_directly_cannot_open_a_second_transaction(app):
    with app.test_request_context("/", method="POST"):
        _record("2026-W43")
        with pytest.raises(RuntimeError):
            db.session()
        db.rollback()


def test_with_a_session_direct_statements_join_its_transaction(app):
    with app.test_request_context("/", method="POST"):
        session = db.session()
        _record("2026-W44")
        assert session.scalar(RUNS) == 1  # the session sees the direct write: one transaction
        db.rollback()
    assert _runs(app) == 0


def test_a_get_request_never_writes(app):
    with app.test_request_context("/", method="GET"), pytest.raises(RuntimeError):
        statements.run(DELETE_RUN, {"period": "2026-W45"})


def test_sqlite_checkpoints_its_log_after_the_writer_lock_is_released(tmp_path):
    """SQLite's own checkpoints are off on the app's connections (db.py); the committing
    connection checkpoints every CHECKPOINT_EVERY commits, so the log does not grow."""
    import sqlite3

    from participation.places.models import District
    from participation.sqlite import CHECKPOINT_EVERY
    from tests.conftest import make_test_app, upgrade_to_head

    url = f"sqlite:///{tmp_path / 'log.sqlite3'}"
    upgrade_to_head(url)
    app = make_test_app(url, tmp_path)
    commits = 3 * CHECKPOINT_EVERY
    for number in range(commits):
        with app.test_request_context("/", method="POST"):
            statements.insert_ignoring_duplicates(District.__table__, {
                "slug": f"d{number}", "name": f"District {number}"})
            db.commit()
    # (while the app's connections are open: closing the last one checkpoints anyway)
    probe = sqlite3.connect(tmp_path / "log.sqlite3")
    _busy, frames_in_log, _copied = probe.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert probe.execute("SELECT count(*) FROM districts").fetchone()[0] == commits
    probe.close()
    app.extensions["db"].engine.dispose()
    # each commit writes at least one page: without the checkpoints the log would hold them all
    assert 0 < frames_in_log < commits
