"""RQ entry points for digests. They take ids and ISO strings, and are safe to run twice:
the `DigestRun` ledger and the outbox rows decide what is already done."""

import logging
from datetime import UTC, datetime, timedelta

from participation import db
from participation.clock import local_today
from participation.digests import queries, services
from participation.digests.models import RUN_EMPTY, RUN_PENDING
from participation.digests.schedule import (
    digest_job_id,
    is_due,
    on_demand_period,
    period_bounds,
)
from participation.queue import as_job, enqueue, schedule_next

log = logging.getLogger(__name__)
SWEEP_INTERVAL = timedelta(minutes=15)
NOTHING_TO_SEND = "nothing to send"


@as_job
def deliver_digest(municipality_id: int, period: str, force: bool = False,
                   now: str | None = None) -> str:
    """Compile, render and send one municipality's digest for one period, at most once.

    `force` is `digests run --now`: send what there is up to today, as an interim period
    with a ledger row of its own (schedule.on_demand_period), so the week's regular digest
    is still sent when the week is over. `now` (ISO 8601) replaces the clock for tests.
    """
    session = db.session()
    moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
    if force:
        period = on_demand_period(period, moment)
        services.ensure_run(municipality_id, period)
    run = queries.run_for(session, municipality_id, period, lock=True)
    if run is None:
        return "nothing to do"
    if run.status == RUN_EMPTY and force:
        run.status = RUN_PENDING  # asked again: responses may have come in since
    if run.status == RUN_EMPTY:
        return NOTHING_TO_SEND
    if services.is_finished(run):
        return "already sent"
    if not is_due(period, moment):
        return "not due yet"
    run.attempts += 1
    upto = min(local_today(moment), period_bounds(period)[1])
    emails = services.prepare_outbox(session, run, upto)
    db.commit()  # the rendered outbox (or "nothing to send") is durable before anything leaves
    if emails is None:
        return NOTHING_TO_SEND
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
