"""Housekeeping of unfinished answers: an RQ job, and the same work run by requests.

The embedded default has no worker, and a server with Redis may run without one, so every
process also purges after a response, at most once per interval (README, Privacy).
"""

import logging
import time
from datetime import timedelta

from flask import Flask, Response, current_app

from participation import db
from participation.answering import services
from participation.queue import as_job, schedule_next

log = logging.getLogger(__name__)
PURGE_INTERVAL = timedelta(hours=1)


@as_job
def purge_stale_drafts(reschedule: bool = False) -> int:
    """Delete drafts untouched for longer than DRAFT_RETENTION_HOURS (at least 20 h)."""
    deleted = services.delete_stale_drafts(db.session(),
                                           current_app.config["DRAFT_RETENTION_HOURS"])
    db.commit()
    if reschedule:
        schedule_next(purge_stale_drafts, PURGE_INTERVAL)
    return deleted


def purge_with_requests(app: Flask) -> None:
    """After a response is sent, purge stale drafts if this process has not for an hour.

    It runs once the response is on its way, in its own app context and transaction, so a
    resident never waits for it and a failure never reaches a page."""
    due = {"at": 0.0}

    def purge_after_response() -> None:
        with app.app_context():
            try:
                purge_stale_drafts()
            except Exception:  # noqa: BLE001 (housekeeping must never break a response)
                log.exception("Purging stale drafts failed; the next interval tries again")

    @app.after_request
    def purge_when_due(response: Response) -> Response:
        now = time.monotonic()
        if now >= due["at"]:
            due["at"] = now + PURGE_INTERVAL.total_seconds()
            response.call_on_close(purge_after_response)
        return response
