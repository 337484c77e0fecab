"""Read queries for questionnaires, drafts and response counts."""

from sqlalchemy import Select, and_, bindparam, func, select
from sqlalchemy.orm import selectinload

from participation.places.models import Municipality, Quartier
from participation.surveys.models import (
    Draft,
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


# Built once: the read of every resident page. One round trip gives the questionnaire's state
# and, if the token matches, the resident's draft as a row (no draft when token_hash is None).
QUESTIONNAIRE_AND_DRAFT_STATE = (
    select(Questionnaire.status, Questionnaire.version, Questionnaire.opens_on,
           Questionnaire.closes_on, Draft.id.label("draft_id"), Draft.token_hash,
           Draft.quartier_id, Draft.answers, Draft.channel, Draft.locale)
    .select_from(Questionnaire)
    .outerjoin(Draft, and_(Draft.questionnaire_id == Questionnaire.id,
                           Draft.token_hash == bindparam("token_hash")))
    .where(Questionnaire.id == bindparam("questionnaire_id"))
)


def slugs_starting_with(municipality_id: int, prefix: str) -> Select:
    return select(Questionnaire.slug).where(
        Questionnaire.municipality_id == municipality_id,
        Questionnaire.slug.startswith(prefix, autoescape=True))


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


# --- results ---
# Organiser results and exports (surveys/results.py): every count is a GROUP BY in SQL.

from participation.surveys.models import Answer  # noqa: E402  (appended section)


def open_questionnaires_in(municipality_ids: list[int] | None) -> Select:
    """Open questionnaires with their municipality's name, for the dashboard (None = all)."""
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


def result_channel_counts(questionnaire_id: int) -> Select:
    """(quartier_id, channel, responses)."""
    return (
        select(Response.quartier_id, Response.channel, func.count().label("responses"))
        .where(Response.questionnaire_id == questionnaire_id)
        .group_by(Response.quartier_id, Response.channel)
    )


def result_option_counts(questionnaire_id: int) -> Select:
    """(quartier_id, question_id, option_key, answers) for every chosen option."""
    return (
        select(Response.quartier_id, Answer.question_id, Answer.option_key,
               func.count().label("answers"))
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.questionnaire_id == questionnaire_id, Answer.option_key.is_not(None))
        .group_by(Response.quartier_id, Answer.question_id, Answer.option_key)
    )


def result_answered(questionnaire_id: int) -> Select:
    """(quartier_id, question_id, answered, number_sum, number_count): means add up later."""
    return (
        select(Response.quartier_id, Answer.question_id,
               func.count(func.distinct(Answer.response_id)).label("answered"),
               func.sum(Answer.number_value).label("number_sum"),
               func.count(Answer.number_value).label("number_count"))
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.questionnaire_id == questionnaire_id)
        .group_by(Response.quartier_id, Answer.question_id)
    )


def result_text_answers(questionnaire_id: int, quartier_id: int | None = None) -> Select:
    """(question_id, quartier name, text) of free-text answers, oldest response first."""
    query = (
        select(Answer.question_id, Quartier.name.label("quartier"), Answer.text_value)
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .join(Quartier, Quartier.id == Response.quartier_id)
        .where(Response.questionnaire_id == questionnaire_id, Answer.text_value.is_not(None))
        .order_by(Answer.question_id, Response.id, Answer.id)
    )
    if quartier_id is not None:
        query = query.where(Response.quartier_id == quartier_id)
    return query


def export_records(questionnaire_id: int) -> Select:
    """One row per answer (a response without answers once), ordered by response."""
    return (
        select(Response.id.label("response_id"), Quartier.name.label("quartier"),
               Response.channel, Response.locale, Response.submitted_on,
               Answer.question_id, Answer.option_key, Answer.number_value, Answer.text_value)
        .join(Quartier, Quartier.id == Response.quartier_id)
        .outerjoin(Answer, Answer.response_id == Response.id)
        .where(Response.questionnaire_id == questionnaire_id)
        .order_by(Response.id, Answer.id)
    )
