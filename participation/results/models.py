"""The log of who read free-text answers (they can identify people, so every view is kept),
and the releases of a Quartier's published figures (releases.py)."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from participation.db import Base


class FreeTextView(Base):
    """One organiser looked at the free text of one question, in one Quartier or in all."""

    __tablename__ = "free_text_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organisers.id"), index=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    quartier_id: Mapped[int | None] = mapped_column(ForeignKey("quartiere.id"))  # None: all
    viewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Release(Base):
    """A Quartier's per-question figures as published from `responses` responses on: the
    counts and the marks shown, per line (releases.py)."""

    __tablename__ = "releases"
    __table_args__ = (UniqueConstraint("questionnaire_id", "quartier_id", "responses"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"))
    quartier_id: Mapped[int] = mapped_column(ForeignKey("quartiere.id"))
    responses: Mapped[int] = mapped_column()
    figures: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
