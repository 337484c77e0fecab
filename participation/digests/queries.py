"""Aggregating reads for digests: every count is a SQL GROUP BY on an index."""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from participation.digests.models import DigestRecipient, DigestRun, OutgoingEmail
from participation.places.models import Municipality, Quartier
from participation.surveys.models import Response


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


def responses_by_quartier(db: Session, questionnaire_id: int, first: date,
                          last: date) -> dict[int, int]:
    rows = db.execute(
        select(Response.quartier_id, func.count())
        .where(Response.questionnaire_id == questionnaire_id,
               Response.submitted_on >= first, Response.submitted_on <= last)
        .group_by(Response.quartier_id)
    )
    return {quartier_id: count for quartier_id, count in rows}


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
