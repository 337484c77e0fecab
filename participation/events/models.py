"""Participation formats (walks, workshops, cafés, …) and the sign-ups for them.

An event's texts are stored per language (German the fallback, Leichte Sprache as
"de-x-ls"), like a questionnaire's. A sign-up holds the least a resident must give: a name
and one way to reach them. Needs are health data (Art. 9 GDPR): ticked categories only,
kept only with a separate consent, erased 7 days after the event; contact data 30 days after
(services.erase_expired). What stays is the count: people, channel, status, checked in.
"""

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.db import Base

FORMAT_WALK, FORMAT_TRAINING = "walk", "training"
FORMATS = (FORMAT_WALK, "workshop", "cafe", "information", "consultation", FORMAT_TRAINING,
           "other")
EVENT_DRAFT, EVENT_PUBLISHED, EVENT_CANCELLED = "draft", "published", "cancelled"
EVENT_STATUSES = (EVENT_DRAFT, EVENT_PUBLISHED, EVENT_CANCELLED)

SIGNUP_CONFIRMED, SIGNUP_WAITING, SIGNUP_CANCELLED = "confirmed", "waiting", "cancelled"
# How a sign-up came in. Staff who sign a resident up by phone or in person use the places
# held back for them first.
CHANNEL_ONLINE, CHANNEL_ASSISTED = "online", "assisted"
CHANNEL_PHONE, CHANNEL_IN_PERSON = "phone", "in_person"
SIGNUP_CHANNELS = (CHANNEL_ONLINE, CHANNEL_ASSISTED, CHANNEL_PHONE, CHANNEL_IN_PERSON)
HELD_BACK_CHANNELS = (CHANNEL_PHONE, CHANNEL_IN_PERSON)
NEEDS = ("wheelchair", "walking_aid", "hearing", "sign_language", "large_print", "transport",
         "other")
MAX_PARTY = 6  # a resident and up to five companions


class Event(Base):
    __tablename__ = "events"
    # The id is in links, calendar files and on printed posters: never given out twice.
    __table_args__ = (
        Index("ix_events_municipality_starts", "municipality_id", "starts_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    # None: an event of the district itself (staff training), run by the district admins.
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    format: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default=EVENT_DRAFT)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    meeting_point: Mapped[str] = mapped_column(Text, default="")
    map_url: Mapped[str | None] = mapped_column(String(500))
    # Accessibility of the venue; None: not known (shown as nothing rather than as "no").
    step_free: Mapped[bool | None] = mapped_column(Boolean)
    accessible_toilet: Mapped[bool | None] = mapped_column(Boolean)
    seating: Mapped[bool | None] = mapped_column(Boolean)
    hearing_loop: Mapped[bool | None] = mapped_column(Boolean)
    # Walks only
    walk_distance_km: Mapped[float | None] = mapped_column(Float)
    walk_pace: Mapped[str | None] = mapped_column(String(10))  # "slow" | "moderate"
    walk_rest_stops: Mapped[bool | None] = mapped_column(Boolean)

    capacity: Mapped[int] = mapped_column(default=20)
    held_back: Mapped[int] = mapped_column(default=0)  # for phone and in-person sign-ups
    waiting_list: Mapped[bool] = mapped_column(Boolean, default=True)
    signup_deadline: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(50), default="")
    # Events repeated from one another share a series key (copy and repeat).
    series_key: Mapped[str | None] = mapped_column(String(32), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("organisers.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Raised with every change of content: keys the cached pages.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    # People confirmed (of them on held-back places) and waiting: kept by services.py under
    # the row lock below, so that a page shows the places without counting the sign-ups.
    confirmed_people: Mapped[int] = mapped_column(default=0, server_default="0")
    held_people: Mapped[int] = mapped_column(default=0, server_default="0")
    waiting_people: Mapped[int] = mapped_column(default=0, server_default="0")
    # Counted up at the start of every transaction that changes the places: the row lock
    # that puts sign-ups and cancellations of one event in a queue (services.lock_event).
    seat_lock: Mapped[int] = mapped_column(default=0, server_default="0")

    texts: Mapped[list["EventText"]] = relationship(cascade="all, delete-orphan")


class EventText(Base):
    __tablename__ = "event_texts"
    __table_args__ = (UniqueConstraint("event_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    lang: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")


class EventQuartier(Base):
    """The Quartiere an event is for; none listed means all of its municipality."""

    __tablename__ = "event_quartiere"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), primary_key=True)
    quartier_id: Mapped[int] = mapped_column(ForeignKey("quartiere.id"), primary_key=True)


class SignUp(Base):
    __tablename__ = "event_signups"
    __table_args__ = (Index("ix_event_signups_event_status", "event_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    status: Mapped[str] = mapped_column(String(10))
    people: Mapped[int] = mapped_column(default=1)
    # Of `people`, how many sit on places held back for phone and in-person sign-ups.
    held_places: Mapped[int] = mapped_column(default=0)
    channel: Mapped[str] = mapped_column(String(10), default=CHANNEL_ONLINE)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("organisers.id"))
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("organisers.id"))  # training
    locale: Mapped[str] = mapped_column(String(12), default="de")
    # Contact data: erased 30 days after the event at the latest.
    name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(254))
    # Health data: erased 7 days after the event at the latest, and never kept without
    # the separate consent.
    needs: Mapped[list | None] = mapped_column(JSON)
    needs_consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Keyed hash of the cancellation code; the code itself is never stored.
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Hash of the sign-up form's token: a double tap finds this row instead of adding one.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    # The confirmation page shows the code again for a while to the browser that signed up:
    # the hash of the ticket in its session, and the code sealed with that ticket.
    ticket_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    sealed_code: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    promoted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Promoted from the waiting list, or the event cancelled, with no e-mail address:
    # staff call them; set to False once they have.
    to_call: Mapped[bool] = mapped_column(Boolean, default=False)
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    needs_erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    contact_erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class NeedsView(Base):
    """Every time an organiser was shown the needs of an event's sign-ups (Art. 9 GDPR)."""

    __tablename__ = "event_needs_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organisers.id"))
    viewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    purpose: Mapped[str] = mapped_column(String(20))  # "list" | "export" | "check-in"
