"""Read queries for the questionnaire builder (organisers)."""

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from participation.accounts.models import Organiser
from participation.places.models import Municipality
from participation.surveys.models import ContentChange, Questionnaire, Response


def questionnaires_in(municipality_ids: list[int] | None) -> Select:
    """(Questionnaire, municipality name, responses) by municipality, newest first.

    None means every municipality (district admin)."""
    counted = (
        select(Response.questionnaire_id, func.count(Response.id).label("responses"))
        .group_by(Response.questionnaire_id)
        .subquery()
    )
    query = (
        select(Questionnaire, Municipality.name.label("municipality"),
               func.coalesce(counted.c.responses, 0).label("responses"))
        .join(Municipality, Municipality.id == Questionnaire.municipality_id)
        .outerjoin(counted, counted.c.questionnaire_id == Questionnaire.id)
        .options(selectinload(Questionnaire.texts))
        .order_by(Municipality.name, Questionnaire.id.desc())
    )
    if municipality_ids is not None:
        query = query.where(Questionnaire.municipality_id.in_(municipality_ids))
    return query


def response_count(questionnaire_id: int) -> Select:
    return select(func.count(Response.id)).where(Response.questionnaire_id == questionnaire_id)


def has_responses(questionnaire_id: int) -> Select:
    return select(
        select(Response.id).where(Response.questionnaire_id == questionnaire_id).exists())


def slugs_starting_with(municipality_id: int, prefix: str) -> Select:
    return select(Questionnaire.slug).where(
        Questionnaire.municipality_id == municipality_id,
        Questionnaire.slug.startswith(prefix, autoescape=True))


def content_changes(questionnaire_id: int, limit: int = 50) -> Select:
    """(changed_at, summary, organiser name or None), newest first."""
    return (
        select(ContentChange.changed_at, ContentChange.summary,
               Organiser.name.label("organiser"))
        .outerjoin(Organiser, Organiser.id == ContentChange.organiser_id)
        .where(ContentChange.questionnaire_id == questionnaire_id)
        .order_by(ContentChange.id.desc())
        .limit(limit)
    )
