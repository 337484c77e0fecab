"""Read queries about questionnaires that several features share (select() builders)."""

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from participation.places.models import Municipality, Quartier
from participation.surveys.models import (
    Option,
    Question,
    Questionnaire,
    QuestionnaireQuartier,
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


def covered_quartier_ids(questionnaire_id: int) -> Select:
    return select(QuestionnaireQuartier.quartier_id).where(
        QuestionnaireQuartier.questionnaire_id == questionnaire_id)


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


def open_questionnaires_in(municipality_ids: list[int] | None) -> Select:
    """Open questionnaires with their municipality's name, for organisers (None = all)."""
    query = (
        select(Questionnaire, Municipality.name.label("municipality"))
        .join(Municipality, Municipality.id == Questionnaire.municipality_id)
        .where(Questionnaire.status == "open")
        .options(selectinload(Questionnaire.texts))
        .order_by(Municipality.name, Questionnaire.id)
    )
    if municipality_ids is not None:
        query = query.where(Questionnaire.municipality_id.in_(municipality_ids))
    return query


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
