"""Read queries for questionnaires, drafts and response counts."""

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from participation.places.models import Municipality, Quartier
from participation.surveys.models import (
    Draft,
    Option,
    Question,
    Questionnaire,
    Response,
)


def questionnaire_with_content(questionnaire_id: int) -> Select:
    return select(Questionnaire).where(Questionnaire.id == questionnaire_id).options(
        selectinload(Questionnaire.texts),
        selectinload(Questionnaire.questions).selectinload(Question.texts),
        selectinload(Questionnaire.questions)
        .selectinload(Question.options)
        .selectinload(Option.texts),
    )


def open_questionnaires(municipality_id: int) -> Select:
    return (
        select(Questionnaire)
        .where(Questionnaire.municipality_id == municipality_id,
               Questionnaire.status == "open")
        .options(selectinload(Questionnaire.texts))
        .order_by(Questionnaire.id)
    )


def municipalities_with_open_questionnaires() -> Select:
    has_open = (
        select(Questionnaire.id)
        .where(Questionnaire.municipality_id == Municipality.id,
               Questionnaire.status == "open")
        .exists()
    )
    return select(Municipality).where(has_open).order_by(Municipality.name)


def draft_by_token_hash(token_hash: str) -> Select:
    return select(Draft).where(Draft.token_hash == token_hash)


def draft_by_resume_code_hash(code_hash: str) -> Select:
    return select(Draft).where(Draft.resume_code_hash == code_hash)


def response_by_submission_key(key: str) -> Select:
    return select(Response).where(Response.submission_key == key)


def response_counts_by_quartier(municipality_ids: list[int] | None) -> Select:
    """Responses per Quartier (zero included), for the organiser dashboard."""
    counted = (
        select(Response.quartier_id, func.count(Response.id).label("responses"))
        .group_by(Response.quartier_id)
        .subquery()
    )
    query = (
        select(Municipality.name.label("municipality"), Quartier.name.label("quartier"),
               func.coalesce(counted.c.responses, 0).label("responses"))
        .join(Quartier, Quartier.municipality_id == Municipality.id)
        .outerjoin(counted, counted.c.quartier_id == Quartier.id)
        .order_by(Municipality.name, Quartier.position, Quartier.name)
    )
    if municipality_ids is not None:
        query = query.where(Municipality.id.in_(municipality_ids))
    return query
