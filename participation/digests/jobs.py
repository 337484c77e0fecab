"""RQ entry points for digests. They take ids and ISO strings, and are safe to run twice:
the `DigestRun` ledger and the outbox rows decide what is already done."""

import logging
from datetime import UTC, datetime, timedelta

from participation import db
from participation.digests import queries, services
from participation.digests.schedule import digest_job_id, is_due, period_bounds
from participation.queue import as_job, enqueue, schedule_next

log = logging.getLogger(__name__)
SWEEP_INTERVAL = timedelta(minutes=15)


@as_job
def deliver_digest(municipality_id: int, period: str, force: bool = False) -> str:
    """Compile, render and send one municipality's digest for one period, at most once."""
    session = db.session()
    now = datetime.now(UTC)
    if force:
        services.ensure_run(municipality_id, period)
    run = queries.run_for(session, municipality_id, period, lock=True)
    if run is None:
        return "nothing to do"
    if services.is_finished(run):
        return "already sent"
    if not force and not is_due(period, now):
        return "not due yet"
    run.attempts += 1
    upto = min(now.date(), period_bounds(period)[1])
    emails = services.prepare_outbox(session, run, upto)
    db.commit()  # the rendered outbox is durable before anything leaves
    for email_id in [email.id for email in emails]:
        services.send_email(session, email_id)
        db.commit()
    run = queries.run_for(session, municipality_id, period, lock=True)
    finished = services.finish_run_if_delivered(session, run)
    db.commit()
    if not finished:
        raise services.DeliveryIncomplete(f"digest {municipality_id} {period} not fully sent")
    return "sent"


@as_job
def sweep_due_digests(reschedule: bool = False) -> int:
    """Find pending digest work in the database and hand what is due to the queue.

    This is how work lost with Redis (down, flushed, restarted) is found again.
    """
    session = db.session()
    now = datetime.now(UTC)
    due = [(run.municipality_id, run.period) for run in queries.pending_runs(session)
           if is_due(run.period, now)]
    db.commit()
    for municipality_id, period in due:
        enqueue(deliver_digest, municipality_id, period,
                job_id=digest_job_id(municipality_id, period))
    if reschedule:
        schedule_next(sweep_due_digests, SWEEP_INTERVAL)
    return len(due)
