"""Read queries about questionnaires that several features share (select() builders)."""

from sqlalchemy import Select, and_, bindparam, func, or_, select
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


_COVERED = select(QuestionnaireQuartier.quartier_id).where(
    QuestionnaireQuartier.questionnaire_id == bindparam("questionnaire_id"))
# Built once (statements.read_rows): the Quartiere a resident can choose for a questionnaire,
# those it covers or, when it names none, all of its municipality's.
QUARTIER_CHOICES = (
    select(Quartier.id, Quartier.name)
    .where(Quartier.municipality_id == bindparam("municipality_id"),
           or_(~_COVERED.exists(), Quartier.id.in_(_COVERED)))
    .order_by(Quartier.position, Quartier.name)
)


def open_questionnaires(municipality_id: int) -> Select:
    return (
        select(Questionnaire)
        .where(Questionnaire.municipality_id == municipality_id,
               Questionnaire.status == "open")
        .options(selectinload(Questionnaire.texts))
        .order_by(Questionnaire.id)
    )


_HAS_OPEN = (
    select(Questionnaire.id)
    .where(Questionnaire.municipality_id == Municipality.id, Questionnaire.status == "open")
    .exists()
)
# Built once (statements.read_rows), for the public start page: (slug, name).
MUNICIPALITIES_WITH_OPEN_QUESTIONNAIRES = (
    select(Municipality.slug, Municipality.name).where(_HAS_OPEN).order_by(Municipality.name)
)
# Built once (statements.read_rows), for a municipality's page: one row per open questionnaire, or
# one row without a questionnaire; none when the slug is unknown.
MUNICIPALITY_OFFER = (
    select(Municipality.id, Municipality.name, Questionnaire.id.label("questionnaire_id"),
           Questionnaire.version)
    .outerjoin(Questionnaire, and_(Questionnaire.municipality_id == Municipality.id,
                                   Questionnaire.status == "open"))
    .where(Municipality.slug == bindparam("slug"))
    .order_by(Questionnaire.id)
)


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
