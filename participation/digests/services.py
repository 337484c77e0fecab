"""Write use cases for digests: the pending-work ledger, the outbox, idempotent sending."""

import logging
import secrets
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from participation import mail
from participation.digests import queries
from participation.digests.compile import compile_municipality_digest
from participation.digests.models import (
    MAIL_FAILED,
    MAIL_QUEUED,
    MAIL_SENT,
    RUN_EMPTY,
    RUN_PENDING,
    RUN_SENT,
    DigestRun,
    OutgoingEmail,
)
from participation.digests.render import render_digest
from participation.digests.schedule import digest_job_id, due_at, period_of
from participation.queue import enqueue_after_commit
from participation.statements import insert_ignoring_duplicates

log = logging.getLogger(__name__)
MAX_MAIL_ATTEMPTS = 8
DELIVER_JOB = "participation.digests.jobs.deliver_digest"  # by path: jobs.py imports this module


class DeliveryIncomplete(Exception):
    """Some e-mails of a run could not be sent yet; the job is retried."""


def ensure_run(municipality_id: int, period: str) -> bool:
    """Record pending digest work for (municipality, period); True if it is new."""
    # a direct statement: part of every submit, in the context's transaction
    return insert_ignoring_duplicates(DigestRun.__table__, {
        "municipality_id": municipality_id, "period": period, "status": RUN_PENDING,
        "attempts": 0, "created_at": datetime.now(UTC),
    }) is not None


def note_new_response(municipality_id: int, day: date) -> None:
    """A response arrived: make sure its period's digest is recorded and scheduled."""
    period = period_of(day)
    if ensure_run(municipality_id, period):
        enqueue_after_commit(DELIVER_JOB, municipality_id, period,
                             job_id=digest_job_id(municipality_id, period), at=due_at(period))


def prepare_outbox(db: Session, run: DigestRun,
                   upto: date | None) -> list[OutgoingEmail] | None:
    """Compile once and render one outbox row per recipient who has none for this run.

    None, and the run recorded as empty, when the municipality has no response at all: a
    digest of nothing but its introduction tells a municipality nothing, and a weekly
    empty e-mail teaches its readers to ignore the digest. The first e-mail comes with the
    first response.
    """
    emails = queries.emails_of_run(db, run.id)
    have = {email.recipient for email in emails}
    missing = [r for r in queries.recipients(db, run.municipality_id) if r.email not in have]
    if missing:
        digest = compile_municipality_digest(db, run.municipality_id, run.period, upto)
        if digest.empty and not emails:
            run.status = RUN_EMPTY
            run.finished_at = datetime.now(UTC)
            return None
        rendered_by_lang = {}
        for recipient in missing:
            if recipient.locale not in rendered_by_lang:
                rendered_by_lang[recipient.locale] = render_digest(db, digest, recipient.locale)
            rendered = rendered_by_lang[recipient.locale]
            email = OutgoingEmail(
                digest_run_id=run.id, municipality_id=run.municipality_id,
                recipient=recipient.email, locale=recipient.locale, subject=rendered.subject,
                body_text=rendered.text, body_html=rendered.html,
                message_id=_message_id(run), status=MAIL_QUEUED, attempts=0,
                created_at=datetime.now(UTC),
            )
            db.add(email)
            emails.append(email)
        db.flush()
    return emails


def _message_id(run: DigestRun) -> str:
    domain = mail.sender_domain()
    return f"<digest-{run.municipality_id}-{run.period}-{secrets.token_hex(6)}@{domain}>"


def send_email(db: Session, email_id: int) -> bool:
    """Send one outbox row unless it is already final; the row lock stops a second sender."""
    email = queries.email_for_sending(db, email_id)
    if email is None or email.status != MAIL_QUEUED:
        return email is not None and email.status == MAIL_SENT
    email.attempts += 1
    try:
        mail.deliver(mail.build_message(
            recipient=email.recipient, subject=email.subject, text=email.body_text,
            html=email.body_html, message_id=email.message_id, lang=email.locale,
            calendar=email.attachment_ics,
        ))
    except Exception as error:  # SMTP down, refused, timed out: retried later
        # the class and the server's reply code: the message text often names the recipient
        code = getattr(error, "smtp_code", None) or getattr(error, "errno", None)
        email.last_error = f"{type(error).__name__}" + (f" {code}" if code else "")
        if email.attempts >= MAX_MAIL_ATTEMPTS:
            email.status = MAIL_FAILED
        log.warning("Sending outbox e-mail %s failed: %s", email.id, email.last_error)
        return False
    email.status = MAIL_SENT
    email.sent_at = datetime.now(UTC)
    email.last_error = None
    return True


def finish_run_if_delivered(db: Session, run: DigestRun) -> bool:
    emails = queries.emails_of_run(db, run.id)
    if all(email.status != MAIL_QUEUED for email in emails):
        run.status = RUN_SENT
        run.finished_at = datetime.now(UTC)
        return True
    return False


def is_finished(run: DigestRun | None) -> bool:
    return run is not None and run.status == RUN_SENT
