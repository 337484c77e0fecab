"""E-mails to people who signed up: confirmation, moved up from the waiting list, reminder,
event cancelled. Each is rendered in the person's language into the outbox (one row per
sign-up and kind, never twice) and sent by an RQ job after the commit.
"""

import secrets
from datetime import UTC, datetime

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from participation import mail
from participation.digests.models import MAIL_QUEUED, OutgoingEmail
from participation.events.calendar import event_calendar
from participation.events.content import event_view, moment_text
from participation.events.models import SIGNUP_WAITING, Event, SignUp
from participation.i18n import html_lang, in_locale, text_direction
from participation.queue import QUEUE_MAIL, enqueue_after_commit

CONFIRMATION, PROMOTION, REMINDER, EVENT_CANCELLED = (
    "confirmation", "promotion", "reminder", "cancelled")
KINDS = (CONFIRMATION, PROMOTION, REMINDER, EVENT_CANCELLED)
SEND_JOB = "participation.events.jobs.send_event_email"  # by path: jobs.py imports services


def purpose_of(kind: str, signup_id: int) -> str:
    return f"event-{kind}-{signup_id}"


def queue_email(db: Session, event: Event, signup: SignUp, kind: str) -> OutgoingEmail | None:
    """Render the e-mail into the outbox and send it after the commit; once per kind."""
    if not signup.email:
        return None
    purpose = purpose_of(kind, signup.id)
    if db.scalar(select(OutgoingEmail.id).where(OutgoingEmail.purpose == purpose)):
        return None
    subject, text, html, ics = render_event_email(event, signup, kind)
    email = OutgoingEmail(
        purpose=purpose, signup_id=signup.id, municipality_id=event.municipality_id,
        recipient=signup.email, locale=signup.locale, subject=subject, body_text=text,
        body_html=html, attachment_ics=ics, message_id=_message_id(purpose),
        status=MAIL_QUEUED, attempts=0, created_at=datetime.now(UTC))
    db.add(email)
    db.flush()
    enqueue_after_commit(SEND_JOB, email.id, job_id=f"event-email-{email.id}",
                         queue=QUEUE_MAIL)
    return email


def render_event_email(event: Event, signup: SignUp, kind: str) -> tuple[str, str, str, str]:
    """(subject, text, html, calendar file) in the sign-up's language."""
    lang = signup.locale
    with in_locale(lang):
        view = event_view(event, lang)
        url = external_url("events.detail", event_id=event.id, lang_code=lang)
        when = moment_text(view.starts_at, view.ends_at)
        waiting = signup.status == SIGNUP_WAITING
        subjects = {
            CONFIRMATION: _("Warteliste: %(title)s", title=view.title) if waiting
            else _("Ihre Anmeldung: %(title)s", title=view.title),
            PROMOTION: _("Ein Platz ist frei geworden: %(title)s", title=view.title),
            REMINDER: _("Erinnerung: %(title)s am %(when)s", title=view.title, when=when),
            EVENT_CANCELLED: _("Abgesagt: %(title)s", title=view.title),
        }
        # one line: a title written with a line break must not start a new header
        subject = " ".join(subjects[kind].split())
        context = {"kind": kind, "view": view, "signup": signup, "when": when, "url": url,
                   "subject": subject, "lang": html_lang(lang),
                   "dir": text_direction(lang), "waiting": waiting,
                   "cancel_url": external_url("events.my_signup", lang_code=lang)}
        text = render_template("events/email.txt", **context)
        html = render_template("events/email.html", **context)
    domain = mail.sender_domain()
    ics = event_calendar(view, url, domain, cancelled=kind == EVENT_CANCELLED).decode()
    return subject, text, html, ics


def external_url(endpoint: str, **values) -> str:
    """A full link for an e-mail, also from a job, where there is no request to build on."""
    base = current_app.config["BASE_URL"]
    if has_request_context():
        return base + url_for(endpoint, **values)
    with current_app.test_request_context("/"):
        return base + url_for(endpoint, **values)


def _message_id(purpose: str) -> str:
    return f"<{purpose}-{secrets.token_hex(6)}@{mail.sender_domain()}>"
