"""Questionnaires, their per-language texts, drafts and anonymous responses.

Language-neutral rows hold structure; `*_texts` tables hold one row per language (German is
the fallback). Answers store stable option keys, so results from every language add up.
"""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
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

STATUS_DRAFT, STATUS_OPEN, STATUS_CLOSED = "draft", "open", "closed"
CHANNEL_ONLINE, CHANNEL_ASSISTED, CHANNEL_PAPER = "online", "assisted", "paper"
CHANNELS = (CHANNEL_ONLINE, CHANNEL_ASSISTED, CHANNEL_PAPER)


class Questionnaire(Base):
    __tablename__ = "questionnaires"
    # The id is in links and on printed posters: SQLite must never give it out twice.
    __table_args__ = (UniqueConstraint("municipality_id", "slug"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(10), default=STATUS_DRAFT)
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    languages: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["de"])
    # Raised with every change of content; keys the per-process cache of rendered views.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    # The content version an organiser last answered as a test (the preview's send step);
    # the publishing checklist asks for a test answer of the current version.
    tested_version: Mapped[int | None] = mapped_column()

    texts: Mapped[list["QuestionnaireText"]] = relationship(cascade="all, delete-orphan")
    questions: Mapped[list["Question"]] = relationship(
        order_by="Question.position", cascade="all, delete-orphan"
    )


class QuestionnaireQuartier(Base):
    """The Quartiere a questionnaire covers; none listed means all of its municipality."""

    __tablename__ = "questionnaire_quartiere"

    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"),
                                                  primary_key=True)
    quartier_id: Mapped[int] = mapped_column(ForeignKey("quartiere.id"), primary_key=True)


class ResponseTarget(Base):
    """How many responses the organiser hopes for in one Quartier (the overview's goal)."""

    __tablename__ = "response_targets"

    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"),
                                                  primary_key=True)
    quartier_id: Mapped[int] = mapped_column(ForeignKey("quartiere.id"), primary_key=True)
    target: Mapped[int] = mapped_column()


class ContentChange(Base):
    """A record of every change to a questionnaire's content (who, when, what)."""

    __tablename__ = "content_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"), index=True)
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("organisers.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    summary: Mapped[str] = mapped_column(Text)


class QuestionnaireText(Base):
    __tablename__ = "questionnaire_texts"
    __table_args__ = (UniqueConstraint("questionnaire_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"))
    lang: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(300))
    intro: Mapped[str] = mapped_column(Text, default="")


class Question(Base):
    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("questionnaire_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(30))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    field_of_action: Mapped[str | None] = mapped_column(String(30))
    settings: Mapped[dict] = mapped_column(JSON, default=dict)

    texts: Mapped[list["QuestionText"]] = relationship(cascade="all, delete-orphan")
    options: Mapped[list["Option"]] = relationship(
        order_by="Option.position", cascade="all, delete-orphan"
    )


class QuestionText(Base):
    __tablename__ = "question_texts"
    __table_args__ = (UniqueConstraint("question_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    lang: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text)
    hint: Mapped[str] = mapped_column(Text, default="")


class Option(Base):
    __tablename__ = "options"
    __table_args__ = (UniqueConstraint("question_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(default=0)

    texts: Mapped[list["OptionText"]] = relationship(cascade="all, delete-orphan")


class OptionText(Base):
    __tablename__ = "option_texts"
    __table_args__ = (UniqueConstraint("option_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    option_id: Mapped[int] = mapped_column(ForeignKey("options.id"))
    lang: Mapped[str] = mapped_column(String(12))
    label: Mapped[str] = mapped_column(String(500))


class Draft(Base):
    """Answers saved after every page; found again by the hash of a token the browser holds."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Keyed hashes of the short code a resident types and of the longer secret in the QR
    # link to continue later; either works once (answering/services.py).
    resume_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    resume_link_hash: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    # While paused: the hash of the ticket in the pausing browser's session, and the code
    # and link sealed with that ticket, so the code page survives a reload for a while.
    paused_ticket_hash: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    paused_sealed: Mapped[str | None] = mapped_column(String(128))
    paused_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"), index=True)
    quartier_id: Mapped[int | None] = mapped_column(ForeignKey("quartiere.id"))
    locale: Mapped[str] = mapped_column(String(12))
    channel: Mapped[str] = mapped_column(String(10), default=CHANNEL_ONLINE)
    # The staff member answering together with the resident (channel "assisted"), if any.
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("organisers.id"))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class Response(Base):
    """A submitted, anonymous response: no name, no IP address, only the day."""

    __tablename__ = "responses"
    __table_args__ = (
        Index("ix_responses_questionnaire_quartier", "questionnaire_id", "quartier_id"),
        # A paper sheet is keyed in once per questionnaire (double-entry protection).
        UniqueConstraint("questionnaire_id", "sheet_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"))
    quartier_id: Mapped[int] = mapped_column(ForeignKey("quartiere.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10), default=CHANNEL_ONLINE)
    locale: Mapped[str] = mapped_column(String(12))
    submitted_on: Mapped[date] = mapped_column(Date)
    # Hash of the draft token: a repeated final POST finds this row instead of adding one.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    sheet_number: Mapped[int | None] = mapped_column()  # paper questionnaires only
    # Who keyed in the paper sheet or assisted: they know these answers, so the figures
    # they see must not let them subtract them (results/disclosure.py). None: online.
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("organisers.id"))

    answers: Mapped[list["Answer"]] = relationship(cascade="all, delete-orphan")


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (
        Index("ix_answers_question_option", "question_id", "option_key", "response_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    option_key: Mapped[str | None] = mapped_column(String(80))
    number_value: Mapped[float | None] = mapped_column(Float)
    text_value: Mapped[str | None] = mapped_column(Text)
