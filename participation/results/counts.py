"""Counts per Quartier (up to a day, or all) and per day: what figures are made from.

Every count is a SQL GROUP BY; `entered_by` restricts it to the responses one organiser
keyed in or assisted with (results/knowledge.py).
"""

from datetime import date

from sqlalchemy import extract, func, or_, select
from sqlalchemy.orm import Session

from participation.i18n import DEFAULT_LOCALE
from participation.results.shapes import QuestionShape, shapes_of
from participation.surveys.content import questionnaire_view
from participation.surveys.models import CHANNELS, Answer, Question, Response
from participation.surveys.queries import questionnaire_with_content
from participation.surveys.questions import INVALID_KEY

__all__ = ["CHANNELS", "QuestionShape"]
# Kinds whose numbers are figures (a distribution: bands, mean, median).
VALUE_KINDS = ("scale", "number", "age", "score")


def question_structure(db: Session, questionnaire_id: int) -> list[QuestionShape]:
    """The entries with figures (shapes.py), from the questionnaire's content: a matrix's
    statements take its options, and the structure is the same in every language."""
    questionnaire = db.scalar(questionnaire_with_content(questionnaire_id))
    return shapes_of(questionnaire_view(questionnaire, DEFAULT_LOCALE))


def _within(query, upto: date | None, entered_by: int | None):
    """Only responses up to `upto` (None: all), and only those one organiser keyed in or
    assisted with if `entered_by` is set."""
    if upto is not None:
        query = query.where(Response.submitted_on <= upto)
    if entered_by is not None:
        query = query.where(Response.entered_by_id == entered_by)
    return query


def entering_organisers(db: Session, questionnaire_id: int, upto: date) -> list[int]:
    """The organisers who keyed in or assisted with responses: each knows their answers."""
    return list(db.scalars(_within(
        select(Response.entered_by_id)
        .where(Response.questionnaire_id == questionnaire_id,
               Response.entered_by_id.is_not(None))
        .group_by(Response.entered_by_id).order_by(Response.entered_by_id), upto, None)
    ))


def responses_by_quartier_channel(db: Session, questionnaire_id: int, upto: date | None,
                                  entered_by: int | None = None) -> dict[int, dict[str, int]]:
    rows = db.execute(_within(
        select(Response.quartier_id, Response.channel, func.count())
        .where(Response.questionnaire_id == questionnaire_id)
        .group_by(Response.quartier_id, Response.channel), upto, entered_by)
    )
    result: dict[int, dict[str, int]] = {}
    for quartier_id, channel, count in rows:
        result.setdefault(quartier_id, {})[channel] = count
    return result


# an invalid paper answer (several boxes ticked) counts as not answered
_not_invalid = or_(Answer.option_key.is_(None), Answer.option_key != INVALID_KEY)


def option_counts(db: Session, questionnaire_id: int, upto: date | None,
                  entered_by: int | None = None) -> dict[tuple[int, int], dict[str, int]]:
    rows = db.execute(_within(
        select(Response.quartier_id, Answer.question_id, Answer.option_key, func.count())
        .join(Response, Response.id == Answer.response_id)
        .where(Response.questionnaire_id == questionnaire_id, Answer.option_key.is_not(None),
               Answer.option_key != INVALID_KEY)
        .group_by(Response.quartier_id, Answer.question_id, Answer.option_key),
        upto, entered_by)
    )
    result: dict[tuple[int, int], dict[str, int]] = {}
    for quartier_id, question_id, key, count in rows:
        result.setdefault((quartier_id, question_id), {})[key] = count
    return result


def answered_and_means(db: Session, questionnaire_id: int, upto: date | None,
                       entered_by: int | None = None
                       ) -> dict[tuple[int, int], tuple[int, float | None, int]]:
    """(answered, sum of numbers, count of numbers) per Quartier and question: the mean is
    divided and rounded in decimal arithmetic later, not as an SQL float average."""
    rows = db.execute(_within(
        select(Response.quartier_id, Answer.question_id,
               func.count(func.distinct(Answer.response_id)), func.sum(Answer.number_value),
               func.count(Answer.number_value))
        .join(Response, Response.id == Answer.response_id)
        .where(Response.questionnaire_id == questionnaire_id, _not_invalid)
        .group_by(Response.quartier_id, Answer.question_id), upto, entered_by)
    )
    return {(quartier_id, question_id): (count, number_sum, number_count)
            for quartier_id, question_id, count, number_sum, number_count in rows}


def number_values(db: Session, questionnaire_id: int, upto: date | None,
                  entered_by: int | None = None
                  ) -> dict[tuple[int, int], list[tuple[float, int, int]]]:
    """(number, year answered, responses) per Quartier and question, for the kinds whose
    numbers are figures. The year makes a year of birth an age: the age in the year the
    resident answered, which stays the same in every later release."""
    year = extract("year", Response.submitted_on)
    rows = db.execute(_within(
        select(Response.quartier_id, Answer.question_id, Answer.number_value, year,
               func.count())
        .join(Response, Response.id == Answer.response_id)
        .join(Question, Question.id == Answer.question_id)
        .where(Response.questionnaire_id == questionnaire_id,
               Question.kind.in_(VALUE_KINDS), Answer.number_value.is_not(None))
        .group_by(Response.quartier_id, Answer.question_id, Answer.number_value, year),
        upto, entered_by)
    )
    result: dict[tuple[int, int], list[tuple[float, int, int]]] = {}
    for quartier_id, question_id, value, answered_in, count in rows:
        result.setdefault((quartier_id, question_id), []).append(
            (value, int(answered_in), count))
    return result


def month_values(db: Session, questionnaire_id: int, upto: date | None,
                 entered_by: int | None = None
                 ) -> dict[tuple[int, int], list[tuple[str, date, int]]]:
    """("YYYY-MM", day answered, responses) per Quartier and month-and-year question."""
    rows = db.execute(_within(
        select(Response.quartier_id, Answer.question_id, Answer.text_value,
               Response.submitted_on, func.count())
        .join(Response, Response.id == Answer.response_id)
        .join(Question, Question.id == Answer.question_id)
        .where(Response.questionnaire_id == questionnaire_id,
               Question.kind == "month_year", Answer.text_value.is_not(None))
        .group_by(Response.quartier_id, Answer.question_id, Answer.text_value,
                  Response.submitted_on), upto, entered_by)
    )
    result: dict[tuple[int, int], list[tuple[str, date, int]]] = {}
    for quartier_id, question_id, text, day, count in rows:
        result.setdefault((quartier_id, question_id), []).append((text, day, count))
    return result


def group_totals(db: Session, questionnaire_id: int, field_ids: tuple[int, ...],
                 upto: date | None, entered_by: int | None = None
                 ) -> dict[int, dict[float, int]]:
    """Per Quartier: how many responses have each total of the numbers in `field_ids` (the
    fields of one number group); responses without any number there are not counted."""
    per_response = _within(
        select(Response.quartier_id, func.sum(Answer.number_value).label("total"))
        .join(Response, Response.id == Answer.response_id)
        .where(Response.questionnaire_id == questionnaire_id,
               Answer.question_id.in_(field_ids), Answer.number_value.is_not(None))
        .group_by(Response.quartier_id, Answer.response_id), upto, entered_by).subquery()
    rows = db.execute(
        select(per_response.c.quartier_id, per_response.c.total, func.count())
        .group_by(per_response.c.quartier_id, per_response.c.total))
    result: dict[int, dict[float, int]] = {}
    for quartier_id, total, count in rows:
        result.setdefault(quartier_id, {})[float(total)] = count
    return result


def daily_counts(db: Session, questionnaire_id: int, quartier_ids: list[int] | None = None,
                 entered_by: int | None = None) -> list[tuple[date, int]]:
    """(submitted_on, responses) for every day with responses, oldest first; only in
    `quartier_ids` if given.

    A response keeps only the day it came in (QUALITY.md §5), never a time of day: per day
    is the finest count there is."""
    query = (
        select(Response.submitted_on, func.count())
        .where(Response.questionnaire_id == questionnaire_id)
        .group_by(Response.submitted_on)
        .order_by(Response.submitted_on)
    )
    if quartier_ids is not None:
        query = query.where(Response.quartier_id.in_(quartier_ids))
    return [tuple(row) for row in db.execute(_within(query, None, entered_by))]
