"""RQ entry points of answering: housekeeping of unfinished answers."""

from datetime import timedelta

from flask import current_app

from participation import db
from participation.answering import services
from participation.queue import as_job, schedule_next

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
