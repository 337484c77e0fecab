"""The RQ worker: builds the app once, then runs the queues with the RQ scheduler.

    python worker.py            # run until stopped
    python worker.py --burst    # run what is queued (and due), then exit

On start it sweeps the database for pending digest work, so jobs lost while Redis was down
or flushed are found again, purges stale drafts, and runs the events' sweep (reminders,
e-mails left over, erasing needs and contact data past their time); each then re-schedules
itself.
"""

import argparse
import logging
import sys

from rq import SimpleWorker, Worker
from rq.serializers import JSONSerializer

from participation import create_app
from participation.answering.jobs import purge_stale_drafts
from participation.db import get_db
from participation.digests.jobs import sweep_due_digests
from participation.events.jobs import sweep_events
from participation.queue import QUEUES, redis_connection

# Periodic jobs: each runs once at start, then schedules its own next run.
PERIODIC_JOBS = (sweep_due_digests, purge_stale_drafts, sweep_events)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--burst", action="store_true", help="exit when the queues are empty")
    parser.add_argument("--simple", action="store_true",
                        help="run jobs in this process instead of a forked work horse")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    app = create_app()
    with app.app_context():
        connection = redis_connection()
        if connection is None:
            print("REDIS_URL is not set: jobs run in-process; use `participation jobs run`.",
                  file=sys.stderr)
            return 2
        for job in PERIODIC_JOBS:
            job(reschedule=not args.burst)
        get_db().engine.dispose()  # no pooled connection crosses the fork into a work horse
        worker_class = SimpleWorker if args.simple else Worker
        worker = worker_class(list(QUEUES), connection=connection, serializer=JSONSerializer)
        worker.work(burst=args.burst, with_scheduler=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
