"""The log of who read free-text answers: they can identify people, so every view is kept."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey
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
