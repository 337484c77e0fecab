"""Reads of paper work: the printed ranges, the keyed-in sheets and their change records,
and a stored sheet's answers in the shape the entry form shows them."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from participation.accounts.models import Organiser
from participation.paper.models import PrintRun, SheetChange
from participation.places.models import Quartier
from participation.surveys.content import QuestionnaireView
from participation.surveys.models import CHANNEL_PAPER, Answer, Response
from participation.surveys.questions import CODE_KEYS, OTHER_KEY, kind_of, other_key


def printed_ranges(db: Session, questionnaire_id: int) -> list[tuple[int, int]]:
    """The recorded runs as merged (first, last) ranges, lowest first."""
    rows = db.execute(select(PrintRun.first, PrintRun.last)
                      .where(PrintRun.questionnaire_id == questionnaire_id)
                      .order_by(PrintRun.first)).all()
    merged: list[tuple[int, int]] = []
    for first, last in rows:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def inside(ranges: list[tuple[int, int]], number: int) -> bool:
    return any(first <= number <= last for first, last in ranges)


def next_free_number(db: Session, questionnaire_id: int) -> int:
    """One above the highest number printed so far (1 before the first run)."""
    highest = db.scalar(select(func.max(PrintRun.last))
                        .where(PrintRun.questionnaire_id == questionnaire_id))
    return (highest or 0) + 1


def next_unentered_sheet(db: Session, questionnaire_id: int,
                         ranges: list[tuple[int, int]]) -> int | None:
    """The lowest printed number not keyed in yet (None when every printed one is)."""
    entered = set(db.scalars(select(Response.sheet_number).where(
        Response.questionnaire_id == questionnaire_id, Response.sheet_number.is_not(None))))
    for first, last in ranges:
        for number in range(first, last + 1):
            if number not in entered:
                return number
    return None


def entered_sheets(db: Session, questionnaire_id: int) -> list:
    """The keyed-in sheets with their Quartier, language, day and who keyed them in."""
    return db.execute(
        select(Response.id, Response.sheet_number, Response.locale, Response.submitted_on,
               Quartier.name.label("quartier"), Organiser.name.label("entered_by"))
        .join(Quartier, Quartier.id == Response.quartier_id)
        .outerjoin(Organiser, Organiser.id == Response.entered_by_id)
        .where(Response.questionnaire_id == questionnaire_id,
               Response.channel == CHANNEL_PAPER, Response.sheet_number.is_not(None))
        .order_by(Response.sheet_number)).all()


def sheet_changes(db: Session, questionnaire_id: int) -> list:
    return db.execute(
        select(SheetChange.sheet_number, SheetChange.action, SheetChange.changed_at,
               SheetChange.summary, Quartier.name.label("quartier"),
               Organiser.name.label("changed_by"))
        .outerjoin(Quartier, Quartier.id == SheetChange.quartier_id)
        .outerjoin(Organiser, Organiser.id == SheetChange.organiser_id)
        .where(SheetChange.questionnaire_id == questionnaire_id)
        .order_by(SheetChange.changed_at.desc(), SheetChange.id.desc())).all()


def paper_response(db: Session, questionnaire_id: int, sheet_number: int) -> Response | None:
    return db.scalar(select(Response).where(
        Response.questionnaire_id == questionnaire_id, Response.sheet_number == sheet_number,
        Response.channel == CHANNEL_PAPER))


def stored_answers(db: Session, view: QuestionnaireView, response_id: int) -> dict:
    """A response's answers as a draft holds them (question key → value, other text)."""
    rows = db.execute(select(Answer.question_id, Answer.option_key, Answer.number_value,
                             Answer.text_value).where(Answer.response_id == response_id)).all()
    by_question: dict[int, list] = {}
    for row in rows:
        by_question.setdefault(row.question_id, []).append(row)
    answers: dict = {}
    for question in view.answerable:
        found = by_question.get(question.id)
        if not found:
            continue
        kind = kind_of(question)
        if kind.widget == "checkbox":
            answers[question.key] = [row.option_key for row in found]
        elif found[0].option_key is not None and (not kind.typed or
                                                  found[0].option_key in CODE_KEYS):
            answers[question.key] = found[0].option_key
        elif found[0].number_value is not None:
            answers[question.key] = int(found[0].number_value)
        else:
            answers[question.key] = found[0].text_value
        other = next((row.text_value for row in found if row.option_key == OTHER_KEY), None)
        if other is not None:
            answers[other_key(question.key)] = other
    return answers
