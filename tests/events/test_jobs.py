"""The RQ entry points and the periodic sweep of events: real Redis, real RQ workers, a real
SMTP server on loopback. Lost jobs are found again from the database; nothing goes twice.
"""

import os
import secrets
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from flask import current_app
from redis import Redis
from rq import Queue
from rq.registry import ScheduledJobRegistry
from rq.serializers import JSONSerializer
from rq.utils import import_attribute
from sqlalchemy import select

from participation import db
from participation.clock import as_utc
from participation.digests.models import MAIL_QUEUED, MAIL_SENT, OutgoingEmail
from participation.digests.services import DeliveryIncomplete
from participation.events import jobs, mails, services
from participation.queue import QUEUE_DEFAULT, QUEUE_MAIL
from tests.conftest import ROOT, make_test_app
from tests.events.factories import make_event, person


def _sign_up(event, who, now=None):
    result = services.sign_up(db.session(), event.id, who, channel="online",
                              submission_key=secrets.token_urlsafe(16),
                              secret=current_app.config["SECRET_KEY"], now=now)
    db.commit()
    return result.signup


def _mails():
    return db.session().scalars(select(OutgoingEmail).order_by(OutgoingEmail.id)
                                .execution_options(populate_existing=True)).all()


@pytest.fixture
def smtp_app(app, smtp_server):
    previous = {key: app.config[key] for key in ("SMTP_HOST", "SMTP_PORT")}
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port)
    with app.app_context():
        yield app
    app.config.update(previous)


def test_the_send_job_path_names_the_job():
    """Services queue the job by its dotted path (no import circle): it must resolve."""
    assert import_attribute(mails.SEND_JOB) is jobs.send_event_email


def test_the_send_job_asks_rq_to_retry_while_smtp_refuses_and_sends_once(smtp_app,
                                                                         smtp_server):
    smtp_server.refuse()
    event = make_event(db.session())
    _sign_up(event, person(email="erika@example.org"))  # the in-process send is refused
    (email,) = _mails()
    assert email.status == MAIL_QUEUED and email.attempts == 1
    email_id = email.id
    db.rollback()  # the job writes in its own transaction
    with pytest.raises(DeliveryIncomplete):  # RQ's Retry takes it from here
        jobs.send_event_email(email_id)
    smtp_server.refuse(False)
    assert jobs.send_event_email(email_id) is True
    assert jobs.send_event_email(email_id) is True  # already sent: nothing more
    assert len(smtp_server.messages) == 1
    (email,) = _mails()
    assert email.status == MAIL_SENT and email.attempts == 3


def test_reminders_skip_who_just_got_their_place(smtp_app, smtp_server):
    event = make_event(db.session(), capacity=1)
    start = as_utc(event.starts_at)
    early = _sign_up(event, person("Früh", email="frueh@example.org"),
                     now=start - timedelta(days=4))
    late = _sign_up(event, person("Spät", email="spaet@example.org"),
                    now=start - timedelta(days=1))  # waiting
    services.cancel_signup(db.session(), early.id, now=start - timedelta(hours=30))
    db.commit()
    db.session().refresh(late)
    assert late.status == "confirmed"
    assert jobs.run_sweep(now=start - timedelta(hours=20))["reminders"] == 0
    assert [m.purpose for m in _mails()] == [
        f"event-confirmation-{early.id}", f"event-confirmation-{late.id}",
        f"event-promotion-{late.id}"]
    current_app.config["EVENT_REMINDER_DAYS"] = 0  # reminders switched off
    try:
        assert jobs.queue_due_reminders(db.session(), start - timedelta(hours=1), 0) == 0
    finally:
        current_app.config["EVENT_REMINDER_DAYS"] = 2
        db.rollback()


def test_redis_down_at_sign_up_loses_no_mail(app, database_url, tmp_path, smtp_server):
    down_app = make_test_app(database_url, tmp_path, REDIS_URL="redis://127.0.0.1:1/0",
                             SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port)
    with down_app.app_context():
        event = make_event(db.session())
        signup = _sign_up(event, person(email="erika@example.org"))  # no error
        # the job that writes the confirmation was lost with Redis: the sign-up is the record
        assert _mails() == [] and smtp_server.messages == []
        created = as_utc(signup.created_at)
        db.rollback()
        assert jobs.run_sweep(now=created + jobs.RETRY_AFTER / 2)["confirmations"] == 0
        done = jobs.run_sweep(now=created + jobs.RETRY_AFTER * 2)
        assert done["confirmations"] == 1 and smtp_server.messages != []
        (email,) = _mails()
        assert email.status == MAIL_SENT
        assert jobs.run_sweep(now=created + jobs.RETRY_AFTER * 3)["sent"] == 0
        assert [m.status for m in _mails()] == [MAIL_SENT]
        db.rollback()
    down_app.extensions["db"].engine.dispose()
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["To"] == "erika@example.org"


def test_the_sweep_reschedules_itself_once_per_slot(app, database_url, tmp_path, redis_url):
    worker_app = make_test_app(database_url, tmp_path, REDIS_URL=redis_url)
    queue = Queue(QUEUE_DEFAULT, connection=Redis.from_url(redis_url),
                  serializer=JSONSerializer)
    with worker_app.app_context():
        done = jobs.sweep_events(reschedule=True, now=datetime.now(UTC).isoformat())
        assert set(done) == {"confirmations", "reminders", "sent", "needs_erased",
                             "contact_erased"}
        jobs.sweep_events(reschedule=True)
    scheduled = ScheduledJobRegistry(queue=queue).get_job_ids()
    assert len(scheduled) == 1 and scheduled[0].startswith("sweep_events-")
    worker_app.extensions["db"].engine.dispose()


def test_worker_process_sends_a_due_reminder_found_in_the_database(
        app, database_url, tmp_path, redis_url, smtp_server):
    """A reminder that is due, Redis empty: `python worker.py --burst` sweeps the database,
    writes the reminder, queues it on the mail queue and sends it, once."""
    with app.app_context():
        event = make_event(db.session(), starts_in=timedelta(days=1))
        start = as_utc(event.starts_at)
        services.sign_up(db.session(), event.id, person(email="erika@example.org", locale="en"),
                         channel="online", submission_key=secrets.token_urlsafe(16),
                         secret=current_app.config["SECRET_KEY"],
                         now=start - timedelta(days=5))
        for email in _mails():  # the confirmation went out days ago
            email.status = MAIL_SENT
        db.commit()
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url,
           "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_server.port),
           "SECRET_KEY": app.config["SECRET_KEY"], "MAIL_OUTBOX_DIR": str(tmp_path / "out")}
    for _run in range(2):
        result = subprocess.run([sys.executable, "worker.py", "--burst"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr[-3000:]
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["To"] == "erika@example.org"
    assert smtp_server.messages[0]["Content-Language"] == "en"
    with app.app_context():
        assert [(m.purpose.split("-")[1], m.status) for m in _mails()] == [
            ("confirmation", MAIL_SENT), ("reminder", MAIL_SENT)]
        db.rollback()
    assert Queue(QUEUE_MAIL, connection=Redis.from_url(redis_url)).count == 0
