"""Background work: RQ when REDIS_URL is set, in-process otherwise.

Work is enqueued only after the database commit (`enqueue_after_commit`). Redis being down
never fails the request: the database keeps a record of pending work (the digest ledger),
and the worker's periodic sweep finds it again.

A job is a function or its dotted path ("participation.digests.jobs.deliver_digest"): a
service that schedules a job of its own package names it by path, so the job module may
import the service without an import circle.
"""

import functools
import logging
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app, has_app_context
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry
from rq.serializers import JSONSerializer
from rq.utils import import_attribute

from participation import db

log = logging.getLogger(__name__)

QUEUE_DEFAULT = "default"
QUEUE_MAIL = "mail"
QUEUES = (QUEUE_MAIL, QUEUE_DEFAULT)
JOB_TIMEOUT = 600
FAILURE_TTL = 7 * 24 * 3600  # failed jobs are kept days, not a year
DEFAULT_RETRY = Retry(max=5, interval=[10, 30, 60, 300, 900])


def init_app(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    # RQ needs bytes responses; short timeouts so a dead Redis costs a resident nothing.
    app.extensions["redis"] = (
        Redis.from_url(url, socket_connect_timeout=1, socket_timeout=5) if url else None
    )


def redis_connection() -> Redis | None:
    return current_app.extensions.get("redis")


def get_queue(name: str = QUEUE_DEFAULT) -> Queue | None:
    connection = redis_connection()
    if connection is None:
        return None
    return Queue(name, connection=connection, serializer=JSONSerializer,
                 default_timeout=JOB_TIMEOUT)


def enqueue(func, *args, job_id: str, queue: str = QUEUE_DEFAULT,
            at: datetime | None = None) -> bool:
    """Hand `func(*args)` to RQ, or run it now in-process when there is no Redis.

    Returns False when Redis could not take it; the caller's database record stays pending.
    Without Redis, work scheduled for later is left to `digests run` (the embedded cron).
    """
    rq_queue = get_queue(queue)
    if rq_queue is None:
        if at is not None and at > datetime.now(UTC):
            return False
        return run_in_process(func, *args)
    options = {"job_id": job_id, "retry": DEFAULT_RETRY, "failure_ttl": FAILURE_TTL,
               "result_ttl": 3600}
    try:
        if at is None:
            rq_queue.enqueue(func, *args, **options)
        else:
            rq_queue.enqueue_at(at, func, *args, **options)
    except RedisError as error:
        log.warning("Redis unavailable, %s stays pending in the database: %s", job_id, error)
        return False
    return True


def run_in_process(func, *args) -> bool:
    """Run a job in a fresh app context so it gets its own database session."""
    app = current_app._get_current_object()
    if isinstance(func, str):
        func = import_attribute(func)
    try:
        with app.app_context():
            func(*args)
    except Exception:
        log.exception("In-process job %s failed; it stays pending", func.__name__)
        return False
    return True


def enqueue_after_commit(func, *args, job_id: str, queue: str = QUEUE_DEFAULT,
                         at: datetime | None = None) -> None:
    db.after_commit(lambda: enqueue(func, *args, job_id=job_id, queue=queue, at=at))


def as_job(func):
    """Run a job in its own app context (own database session), rolling back on error.

    The app comes from the caller's context: worker.py builds it once and runs the RQ
    worker inside it, and in-process jobs run inside the request's app.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if not has_app_context():
            raise RuntimeError(f"{func.__name__} needs the app: start workers with worker.py")
        with current_app.app_context():
            try:
                return func(*args, **kwargs)
            except BaseException:
                db.rollback()
                raise

    return wrapper


def next_slot(now: datetime, interval: timedelta) -> datetime:
    """The next multiple of `interval` after `now` (UTC): a stable time for a periodic job."""
    seconds = int(interval.total_seconds())
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds + seconds, UTC)


def schedule_next(func, interval: timedelta, queue: str = QUEUE_DEFAULT) -> None:
    """Schedule the next run of a periodic job; the slot in its id makes this idempotent."""
    rq_queue = get_queue(queue)
    if rq_queue is None:
        return
    slot = next_slot(datetime.now(UTC), interval)
    rq_queue.enqueue_at(slot, func, job_id=f"{func.__name__}-{slot:%Y%m%dT%H%M}",
                        kwargs={"reschedule": True}, failure_ttl=FAILURE_TTL, result_ttl=600)
