"""Sending one rendered message: over SMTP when SMTP_HOST is set, else into the outbox folder.

Rendering lives with each feature (e.g. digests/render.py); the outbox table and the
idempotent sender live in digests/services.py.
"""

import smtplib
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

from flask import current_app


def sender_domain() -> str:
    """The domain of MAIL_FROM: for Message-IDs and calendar UIDs."""
    return current_app.config["MAIL_FROM"].rsplit("@", 1)[-1].strip(">") or "localhost"


def build_message(*, recipient: str, subject: str, text: str, html: str,
                  message_id: str, lang: str,
                  calendar: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    if calendar:
        message.add_attachment(calendar.encode(), maintype="text", subtype="calendar",
                               filename="veranstaltung.ics")
    message["Content-Language"] = lang  # after the body: set_content clears Content-* headers
    return message


def deliver(message: EmailMessage) -> str:
    """Send the message; returns where it went ("smtp" or the outbox file path)."""
    config = current_app.config
    if config.get("SMTP_HOST"):
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=30) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("SMTP_USER"):
                smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD") or "")
            smtp.send_message(message)
        return "smtp"
    path = _outbox_file(message["Message-ID"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(message))
    return str(path)


def forget(message_id: str) -> None:
    """Delete the outbox folder's copy of a message, if there is one (erasing personal data)."""
    _outbox_file(message_id).unlink(missing_ok=True)


def _outbox_file(message_id: str) -> Path:
    safe_id = "".join(c for c in message_id if c.isalnum() or c in "-.")
    return Path(current_app.config["MAIL_OUTBOX_DIR"]) / f"{safe_id}.eml"
