"""The database edge: reads of GET requests, the guard that keeps them read-only."""

from sqlalchemy import text

from participation import db
from tests import conftest


def _open_transaction_after_a_read(app, method: str) -> bool:
    with app.test_request_context("/de/", method=method):
        connection = db.session().connection()
        connection.execute(text("SELECT 1"))
        dbapi_connection = connection.connection.dbapi_connection
        if hasattr(dbapi_connection, "info"):  # psycopg
            from psycopg.pq import TransactionStatus

            open_transaction = dbapi_connection.info.transaction_status != TransactionStatus.IDLE
        else:  # sqlite3
            open_transaction = dbapi_connection.in_transaction
        db.rollback()
        return open_transaction


def test_get_requests_read_without_a_transaction_on_postgresql(app, database_url):
    assert _open_transaction_after_a_read(app, "POST")  # a submit stays one transaction
    # PostgreSQL: no BEGIN and COMMIT round trips; SQLite: a DEFERRED read transaction
    assert _open_transaction_after_a_read(app, "GET") == database_url.startswith("sqlite")


def test_the_suite_notices_a_get_request_that_writes(database_url, tmp_path):
    probe_app = conftest.make_test_app(database_url, tmp_path)

    @probe_app.get("/probe/writes-on-get")
    def writes_on_get():
        db.session().execute(text("DELETE FROM drafts WHERE id = -1"))
        return "done"

    try:
        assert probe_app.test_client().get("/probe/writes-on-get").status_code == 200
        assert any("DELETE FROM drafts" in seen for seen in conftest.WRITES_IN_GET_REQUESTS)
    finally:
        conftest.WRITES_IN_GET_REQUESTS.clear()
        probe_app.extensions["db"].engine.dispose()
