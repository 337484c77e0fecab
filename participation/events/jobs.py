"""RQ entry points of events. They take ids only and are safe to run twice: the outbox row
and the sign-up's own columns decide what is already done.

`sweep_events` runs every 15 minutes in the worker (worker.py) and from `participation jobs
run` (cron in the embedded default): it writes the reminders that are due, sends e-mails
whose job was lost (Redis down or flushed), and erases needs and contact data past their
time (services.erase_expired).
"""

import logging
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import aliased

from participation import db
from participation.clock import as_utc
from participation.digests import services as mail_services
from participation.digests.models import MAIL_QUEUED, OutgoingEmail
from participation.events import mails, services
from participation.events.models import (
    EVENT_PUBLISHED,
    SIGNUP_CANCELLED,
    SIGNUP_CONFIRMED,
    SIGNUP_WAITING,
    Event,
    SignUp,
)
from participation.queue import as_job, schedule_next

log = logging.getLogger(__name__)
SWEEP_INTERVAL = timedelta(minutes=15)
RETRY_AFTER = timedelta(minutes=5)


@as_job
def send_event_email(email_id: int) -> bool:
    sent = mail_services.send_email(db.session(), email_id)
    db.commit()
    if not sent:
        email = db.session().get(OutgoingEmail, email_id)
        if email is not None and email.status == MAIL_QUEUED:
            raise mail_services.DeliveryIncomplete(f"event e-mail {email_id} not sent yet")
    return sent


@as_job
def confirm_signup(signup_id: int) -> bool:
    """Write the confirmation of a new sign-up into the outbox; it is sent after the commit.
    Enqueued by services.sign_up after its commit; run_sweep finds any whose job was lost."""
    session = db.session()
    signup = session.get(SignUp, signup_id)
    event = session.get(Event, signup.event_id) if signup is not None else None
    if event is None or signup.status == SIGNUP_CANCELLED:
        return False
    email = mails.queue_email(session, event, signup, mails.CONFIRMATION)
    db.commit()
    return email is not None


def queue_lost_confirmations(session, now: datetime) -> int:
    """Sign-ups with an e-mail address and no confirmation for a while: Redis was down."""
    written = aliased(OutgoingEmail)
    rows = session.execute(
        select(SignUp, Event).join(Event, Event.id == SignUp.event_id)
        .outerjoin(written, (written.signup_id == SignUp.id)
                   & written.purpose.like(f"event-{mails.CONFIRMATION}-%"))
        .where(written.id.is_(None), SignUp.email.is_not(None),
               SignUp.status.in_((SIGNUP_CONFIRMED, SIGNUP_WAITING)),
               SignUp.created_at < now - RETRY_AFTER, Event.status == EVENT_PUBLISHED,
               Event.starts_at > now)
        .order_by(SignUp.id)).all()
    return sum(mails.queue_email(session, event, signup, mails.CONFIRMATION) is not None
               for signup, event in rows)


def queue_due_reminders(session, now: datetime, days: int) -> int:
    """A reminder for every confirmed sign-up with an e-mail address whose event starts
    within `days` days (and has not started): once each (the outbox purpose is unique).
    Who got their place inside those days has just been written to, and is not reminded."""
    if days <= 0:
        return 0
    rows = session.execute(
        select(SignUp, Event).join(Event, Event.id == SignUp.event_id)
        .where(Event.status == EVENT_PUBLISHED, Event.starts_at > now,
               Event.starts_at <= now + timedelta(days=days),
               SignUp.status == SIGNUP_CONFIRMED, SignUp.email.is_not(None))
        .order_by(SignUp.id)).all()
    due = [(signup, event) for signup, event in rows
           if as_utc(signup.promoted_at or signup.created_at)
           <= as_utc(event.starts_at) - timedelta(days=days)]
    return sum(mails.queue_email(session, event, signup, mails.REMINDER) is not None
               for signup, event in due)


def run_sweep(now: datetime | None = None) -> dict[str, int]:
    """The periodic work of events, in one transaction per step; returns what it did."""
    session = db.session()
    now = as_utc(now).astimezone(UTC) if now else datetime.now(UTC)
    confirmations = queue_lost_confirmations(session, now)
    reminders = queue_due_reminders(session, now, current_app.config["EVENT_REMINDER_DAYS"])
    db.commit()
    # e-mails whose own job did not get them out (Redis down, SMTP refusing) for a while
    pending = session.scalars(select(OutgoingEmail.id).where(
        OutgoingEmail.signup_id.is_not(None), OutgoingEmail.status == MAIL_QUEUED,
        OutgoingEmail.created_at < now - RETRY_AFTER)).all()
    sent = 0
    for email_id in pending:
        sent += bool(mail_services.send_email(session, email_id))
        db.commit()
    needs, contact = services.erase_expired(session, now)
    db.commit()
    return {"confirmations": confirmations, "reminders": reminders, "sent": sent,
            "needs_erased": needs, "contact_erased": contact}


@as_job
def sweep_events(reschedule: bool = False, now: str | None = None) -> dict[str, int]:
    done = run_sweep(datetime.fromisoformat(now) if now else None)
    if reschedule:
        schedule_next(sweep_events, SWEEP_INTERVAL)
    return done
