"""Aggregating reads for digests: every count is a SQL GROUP BY on an index."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from participation.digests.models import DigestRecipient, DigestRun, OutgoingEmail
from participation.places.models import Municipality, Quartier
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


def municipality_name(db: Session, municipality_id: int) -> str:
    return db.scalar(select(Municipality.name).where(Municipality.id == municipality_id))


def quartiere(db: Session, municipality_id: int) -> list[tuple[int, str]]:
    rows = db.execute(
        select(Quartier.id, Quartier.name)
        .where(Quartier.municipality_id == municipality_id)
        .order_by(Quartier.position, Quartier.name)
    )
    return [tuple(row) for row in rows]


def questionnaires_with_responses(db: Session, municipality_id: int, upto: date) -> list[int]:
    return list(db.scalars(
        select(Response.questionnaire_id)
        .join(Quartier, Quartier.id == Response.quartier_id)
        .where(Quartier.municipality_id == municipality_id, Response.submitted_on <= upto)
        .group_by(Response.questionnaire_id)
        .order_by(Response.questionnaire_id)
    ))


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


def _entered_by(query, entered_by: int | None):
    """Only the responses one organiser keyed in or assisted with, if `entered_by` is set."""
    return query if entered_by is None else query.where(Response.entered_by_id == entered_by)


def entering_organisers(db: Session, questionnaire_id: int, upto: date) -> list[int]:
    """The organisers who keyed in or assisted with responses: each knows their answers."""
    return list(db.scalars(
        select(Response.entered_by_id)
        .where(Response.questionnaire_id == questionnaire_id, Response.submitted_on <= upto,
               Response.entered_by_id.is_not(None))
        .group_by(Response.entered_by_id).order_by(Response.entered_by_id)
    ))


def responses_by_quartier_channel(db: Session, questionnaire_id: int, upto: date,
                                  entered_by: int | None = None) -> dict[int, dict[str, int]]:
    rows = db.execute(_entered_by(
        select(Response.quartier_id, Response.channel, func.count())
        .where(Response.questionnaire_id == questionnaire_id, Response.submitted_on <= upto)
        .group_by(Response.quartier_id, Response.channel), entered_by)
    )
    result: dict[int, dict[str, int]] = {}
    for quartier_id, channel, count in rows:
        result.setdefault(quartier_id, {})[channel] = count
    return result


def responses_by_quartier(db: Session, questionnaire_id: int, first: date,
                          last: date) -> dict[int, int]:
    rows = db.execute(
        select(Response.quartier_id, func.count())
        .where(Response.questionnaire_id == questionnaire_id,
               Response.submitted_on >= first, Response.submitted_on <= last)
        .group_by(Response.quartier_id)
    )
    return {quartier_id: count for quartier_id, count in rows}


def option_counts(db: Session, questionnaire_id: int, upto: date,
                  entered_by: int | None = None) -> dict[tuple[int, int], dict[str, int]]:
    rows = db.execute(_entered_by(
        select(Response.quartier_id, Answer.question_id, Answer.option_key, func.count())
        .join(Response, Response.id == Answer.response_id)
        .where(Response.questionnaire_id == questionnaire_id, Response.submitted_on <= upto,
               Answer.option_key.is_not(None))
        .group_by(Response.quartier_id, Answer.question_id, Answer.option_key), entered_by)
    )
    result: dict[tuple[int, int], dict[str, int]] = {}
    for quartier_id, question_id, key, count in rows:
        result.setdefault((quartier_id, question_id), {})[key] = count
    return result


def answered_and_means(db: Session, questionnaire_id: int, upto: date,
                       entered_by: int | None = None
                       ) -> dict[tuple[int, int], tuple[int, float | None, int]]:
    """(answered, sum of numbers, count of numbers) per Quartier and question: the mean is
    divided and rounded in decimal arithmetic later, not as an SQL float average."""
    rows = db.execute(_entered_by(
        select(Response.quartier_id, Answer.question_id,
               func.count(func.distinct(Answer.response_id)), func.sum(Answer.number_value),
               func.count(Answer.number_value))
        .join(Response, Response.id == Answer.response_id)
        .where(Response.questionnaire_id == questionnaire_id, Response.submitted_on <= upto)
        .group_by(Response.quartier_id, Answer.question_id), entered_by)
    )
    return {(quartier_id, question_id): (count, number_sum, number_count)
            for quartier_id, question_id, count, number_sum, number_count in rows}


def recipients(db: Session, municipality_id: int) -> list[DigestRecipient]:
    return list(db.scalars(
        select(DigestRecipient).where(DigestRecipient.municipality_id == municipality_id)
        .order_by(DigestRecipient.email)
    ))


def run_for(db: Session, municipality_id: int, period: str, lock: bool = False):
    query = select(DigestRun).where(DigestRun.municipality_id == municipality_id,
                                    DigestRun.period == period)
    if lock:
        query = query.with_for_update()
    return db.scalar(query)


def pending_runs(db: Session, municipality_id: int | None = None) -> list[DigestRun]:
    query = select(DigestRun).where(DigestRun.status == "pending").order_by(DigestRun.id)
    if municipality_id is not None:
        query = query.where(DigestRun.municipality_id == municipality_id)
    return list(db.scalars(query))


def emails_of_run(db: Session, run_id: int) -> list[OutgoingEmail]:
    return list(db.scalars(
        select(OutgoingEmail).where(OutgoingEmail.digest_run_id == run_id)
        .order_by(OutgoingEmail.id)
    ))


def email_for_sending(db: Session, email_id: int) -> OutgoingEmail | None:
    return db.scalar(select(OutgoingEmail).where(OutgoingEmail.id == email_id).with_for_update())


def outbox(db: Session, municipality_ids: list[int] | None, limit: int = 50):
    query = select(OutgoingEmail).order_by(OutgoingEmail.id.desc()).limit(limit)
    if municipality_ids is not None:
        query = query.where(OutgoingEmail.municipality_id.in_(municipality_ids))
    return list(db.scalars(query))


def email_by_id(db: Session, email_id: int) -> OutgoingEmail | None:
    return db.get(OutgoingEmail, email_id)
