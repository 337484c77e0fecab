"""Digest ledger, recipients and the e-mail outbox.

A `DigestRun` row per (municipality, period) is both the record of pending digest work and
the ledger that makes sending idempotent. Its period is a week or, for a digest sent on
demand, a day (schedule.py). `OutgoingEmail` is the outbox: one row per
recipient, rendered in the recipient's language, sent by a job that skips finished rows.
"""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from participation.db import Base

RUN_PENDING, RUN_SENT, RUN_FAILED = "pending", "sent", "failed"
RUN_EMPTY = "empty"  # no response to report: no e-mail, and not retried
MAIL_QUEUED, MAIL_SENT, MAIL_FAILED = "queued", "sent", "failed"


class DigestRecipient(Base):
    __tablename__ = "digest_recipients"
    __table_args__ = (UniqueConstraint("municipality_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(12), default="de")


class DigestRun(Base):
    __tablename__ = "digest_runs"
    __table_args__ = (UniqueConstraint("municipality_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    period: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default=RUN_PENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class OutgoingEmail(Base):
    __tablename__ = "outgoing_emails"
    __table_args__ = (UniqueConstraint("digest_run_id", "recipient"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    digest_run_id: Mapped[int | None] = mapped_column(ForeignKey("digest_runs.id"), index=True)
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id"), index=True
    )
    # Set for e-mails of other features: what the e-mail is about, once (e.g.
    # "event-confirmation-17"), and the sign-up it was written to (erased with it).
    purpose: Mapped[str | None] = mapped_column(String(80), unique=True)
    signup_id: Mapped[int | None] = mapped_column(ForeignKey("event_signups.id"), index=True)
    attachment_ics: Mapped[str | None] = mapped_column(Text)  # a calendar file, if any
    recipient: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(12))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default=MAIL_QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

