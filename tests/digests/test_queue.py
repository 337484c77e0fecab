"""Digest work through real Redis and real RQ workers; Redis outages lose nothing."""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from redis import Redis
from rq import Queue, SimpleWorker
from rq.serializers import JSONSerializer
from sqlalchemy import func, select

from participation import db
from participation.digests import jobs
from participation.digests.models import DigestRun
from participation.digests.schedule import period_of
from participation.queue import QUEUE_DEFAULT, enqueue
from participation.surveys.models import Response
from tests.answering.test_journey import answer_everything
from tests.conftest import ROOT, make_test_app
from tests.digests.test_digest_mail import seed_known_results
from tests.factories import demo_questionnaire, municipality, quartiere

LAST_WEEK = (datetime.now(UTC) - timedelta(days=7)).date()


def _queue(redis_url: str) -> Queue:
    return Queue(QUEUE_DEFAULT, connection=Redis.from_url(redis_url), serializer=JSONSerializer)


def _app_with(database_url, tmp_path, redis_url, smtp_server):
    return make_test_app(database_url, tmp_path, REDIS_URL=redis_url, SMTP_HOST="127.0.0.1",
                         SMTP_PORT=smtp_server.port)


def test_simple_worker_delivers_a_queued_digest(app, database_url, tmp_path, redis_url,
                                                smtp_server):
    worker_app = _app_with(database_url, tmp_path, redis_url, smtp_server)
    with worker_app.app_context():
        seed_known_results(db.session())
        kohlberg = municipality(db.session(), "kohlberg").id
        db.commit()
        period = period_of(datetime.now(UTC).date())
        assert enqueue(jobs.deliver_digest, kohlberg, period, True,
                       job_id=jobs.digest_job_id(kohlberg, period))
        queue = _queue(redis_url)
        assert queue.count == 1
        SimpleWorker([queue], connection=queue.connection,
                     serializer=JSONSerializer).work(burst=True)
        assert db.session().scalar(select(DigestRun.status)) == "sent"
        db.rollback()
        # the same job again (a duplicate enqueue) sends nothing more
        enqueue(jobs.deliver_digest, kohlberg, period, True, job_id="again")
        SimpleWorker([queue], connection=queue.connection,
                     serializer=JSONSerializer).work(burst=True)
    assert len(smtp_server.messages) == 1
    assert "## Ortskern" in smtp_server.messages[0].get_payload()[0].get_payload(decode=True) \
        .decode()


def test_worker_process_finds_due_work_in_the_database(app, database_url, tmp_path, redis_url,
                                                       smtp_server):
    """Pending work of a finished week, never enqueued (Redis was flushed): `python worker.py
    --burst` sweeps the database, queues it and sends it."""
    with app.app_context():
        session = db.session()
        seed_known_results(session)
        kohlberg = municipality(session, "kohlberg").id
        for response in session.scalars(select(Response)):
            response.submitted_on = LAST_WEEK
        session.add(DigestRun(municipality_id=kohlberg, period=period_of(LAST_WEEK),
                              status="pending", attempts=0, created_at=datetime.now(UTC)))
        db.commit()
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url,
           "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_server.port),
           "SECRET_KEY": "test", "MAIL_OUTBOX_DIR": str(tmp_path / "outbox")}
    result = subprocess.run([sys.executable, "worker.py", "--burst"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["Subject"].startswith("Quartiersbericht Kohlberg")
    with app.app_context():
        assert db.session().scalar(select(DigestRun.status)) == "sent"


def test_submissions_survive_redis_being_down(app, database_url, tmp_path, redis_url,
                                              smtp_server):
    """Redis unreachable: residents still submit without an error; the database keeps the
    pending digest work, and the worker's sweep delivers it once Redis is back."""
    down_app = make_test_app(database_url, tmp_path, REDIS_URL="redis://127.0.0.1:1/0")
    client = down_app.test_client()
    with down_app.app_context():
        session = db.session()
        questionnaire = demo_questionnaire(session, "kohlberg")
        centre = quartiere(session, "kohlberg")[0]
        for _ in range(12):
            answer_everything(client, questionnaire, centre)
            response = client.post(f"/de/umfrage/{questionnaire.id}/pruefen")
            assert response.status_code == 302
            assert response.headers["Location"].endswith("/danke")
            client.post("/de/neue-person")
        assert session.scalar(select(func.count()).select_from(Response)) == 12
        run = session.scalar(select(DigestRun))
        assert run.status == "pending"
        # the week ends; Redis is back
        for response in session.scalars(select(Response)):
            response.submitted_on = LAST_WEEK
        run.period = period_of(LAST_WEEK)
        db.commit()

    worker_app = _app_with(database_url, tmp_path, redis_url, smtp_server)
    with worker_app.app_context():
        assert jobs.sweep_due_digests(reschedule=False) == 1
        queue = _queue(redis_url)
        SimpleWorker([queue], connection=queue.connection,
                     serializer=JSONSerializer).work(burst=True)
        assert jobs.sweep_due_digests(reschedule=False) == 0
    assert len(smtp_server.messages) == 1


def test_the_delivery_job_path_names_the_job():
    """Services schedule the job by its dotted path (no import circle): it must resolve."""
    from rq.utils import import_attribute

    from participation.digests import services

    assert import_attribute(services.DELIVER_JOB) is jobs.deliver_digest
