"""Counts per Quartier (up to a day, or all) and per day: what figures are made from.

Every count is a SQL GROUP BY; `entered_by` restricts it to the responses one organiser
keyed in or assisted with (results/knowledge.py).
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from participation.surveys.models import CHANNELS, Answer, Option, Question, Response
from participation.surveys.questions import answer_keys

__all__ = ["CHANNELS"]


@dataclass(frozen=True)
class QuestionShape:
    id: int
    key: str
    kind: str
    field_of_action: str | None
    option_keys: tuple[str, ...]
    settings: dict


def question_structure(db: Session, questionnaire_id: int) -> list[QuestionShape]:
    questions = db.execute(
        select(Question.id, Question.key, Question.kind, Question.field_of_action,
               Question.settings)
        .where(Question.questionnaire_id == questionnaire_id)
        .order_by(Question.position)
    ).all()
    option_rows = db.execute(
        select(Option.question_id, Option.key)
        .join(Question, Question.id == Option.question_id)
        .where(Question.questionnaire_id == questionnaire_id)
        .order_by(Option.question_id, Option.position)
    ).all()
    keys: dict[int, list[str]] = {}
    for question_id, key in option_rows:
        keys.setdefault(question_id, []).append(key)
    return [
        QuestionShape(q.id, q.key, q.kind, q.field_of_action,
                      answer_keys(q.kind, q.settings or {}, tuple(keys.get(q.id, ()))),
                      dict(q.settings or {}))
        for q in questions
    ]


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


def option_counts(db: Session, questionnaire_id: int, upto: date | None,
                  entered_by: int | None = None) -> dict[tuple[int, int], dict[str, int]]:
    rows = db.execute(_within(
        select(Response.quartier_id, Answer.question_id, Answer.option_key, func.count())
        .join(Response, Response.id == Answer.response_id)
        .where(Response.questionnaire_id == questionnaire_id, Answer.option_key.is_not(None))
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
        .where(Response.questionnaire_id == questionnaire_id)
        .group_by(Response.quartier_id, Answer.question_id), upto, entered_by)
    )
    return {(quartier_id, question_id): (count, number_sum, number_count)
            for quartier_id, question_id, count, number_sum, number_count in rows}




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
