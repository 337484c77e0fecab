"""What paper work leaves behind: the number ranges printed, and every change to a sheet
that was keyed in (corrected or deleted), with who did it and when."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from participation.db import Base

SHEET_CORRECTED, SHEET_DELETED = "corrected", "deleted"
# words of a correction's summary beside question numbers (the release audit reads them)
QUARTIER_CHANGED, LANGUAGE_CHANGED = "quartier", "sprache"


class PrintRun(Base):
    """Copies first..last were printed (in `lang`); only printed numbers can be keyed in."""

    __tablename__ = "print_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"), index=True)
    first: Mapped[int] = mapped_column()
    last: Mapped[int] = mapped_column()
    lang: Mapped[str] = mapped_column(String(12))
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("organisers.id"))
    printed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SheetChange(Base):
    """A keyed-in sheet corrected or deleted. Names the questions whose answers changed,
    never the answers themselves (the record outlives a deleted response)."""

    __tablename__ = "sheet_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"), index=True)
    quartier_id: Mapped[int | None] = mapped_column(ForeignKey("quartiere.id"))
    sheet_number: Mapped[int] = mapped_column()
    action: Mapped[str] = mapped_column(String(10))
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("organisers.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    summary: Mapped[str] = mapped_column(Text, default="")
