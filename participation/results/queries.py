"""Read queries of the results pages and exports: every count is a GROUP BY in SQL."""

from sqlalchemy import Select, func, select

from participation.accounts.models import Organiser
from participation.places.models import Quartier
from participation.results.models import FreeTextView
from participation.surveys.models import Answer, Response


def _entered_by(query: Select, entered_by: int | None) -> Select:
    """Only the responses one organiser keyed in or assisted with, if `entered_by` is set."""
    return query if entered_by is None else query.where(Response.entered_by_id == entered_by)


def result_channel_counts(questionnaire_id: int, entered_by: int | None = None) -> Select:
    """(quartier_id, channel, responses)."""
    return _entered_by(
        select(Response.quartier_id, Response.channel, func.count().label("responses"))
        .where(Response.questionnaire_id == questionnaire_id)
        .group_by(Response.quartier_id, Response.channel), entered_by)


def result_option_counts(questionnaire_id: int, entered_by: int | None = None) -> Select:
    """(quartier_id, question_id, option_key, answers) for every chosen option."""
    return _entered_by(
        select(Response.quartier_id, Answer.question_id, Answer.option_key,
               func.count().label("answers"))
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.questionnaire_id == questionnaire_id, Answer.option_key.is_not(None))
        .group_by(Response.quartier_id, Answer.question_id, Answer.option_key), entered_by)


def result_answered(questionnaire_id: int, entered_by: int | None = None) -> Select:
    """(quartier_id, question_id, answered, number_sum, number_count): means add up later."""
    return _entered_by(
        select(Response.quartier_id, Answer.question_id,
               func.count(func.distinct(Answer.response_id)).label("answered"),
               func.sum(Answer.number_value).label("number_sum"),
               func.count(Answer.number_value).label("number_count"))
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.questionnaire_id == questionnaire_id)
        .group_by(Response.quartier_id, Answer.question_id), entered_by)


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
               Response.channel, Response.sheet_number, Response.locale,
               Response.submitted_on,
               Answer.question_id, Answer.option_key, Answer.number_value, Answer.text_value)
        .join(Quartier, Quartier.id == Response.quartier_id)
        .outerjoin(Answer, Answer.response_id == Response.id)
        .where(Response.questionnaire_id == questionnaire_id)
        .order_by(Response.id, Answer.id)
    )


def result_daily_counts(questionnaire_id: int, quartier_ids: list[int] | None = None,
                        entered_by: int | None = None) -> Select:
    """(submitted_on, responses) for every day with responses, oldest first; only in
    `quartier_ids` if given.

    A response keeps only the day it came in (QUALITY.md §5), never a time of day: per day
    is the finest count there is."""
    query = (
        select(Response.submitted_on, func.count().label("responses"))
        .where(Response.questionnaire_id == questionnaire_id)
        .group_by(Response.submitted_on)
        .order_by(Response.submitted_on)
    )
    if quartier_ids is not None:
        query = query.where(Response.quartier_id.in_(quartier_ids))
    return _entered_by(query, entered_by)


def question_text_answers(questionnaire_id: int, question_id: int,
                          quartier_id: int | None = None) -> Select:
    """(quartier name, text) of one question's free text, oldest response first."""
    query = (
        select(Quartier.name.label("quartier"), Answer.text_value)
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .join(Quartier, Quartier.id == Response.quartier_id)
        .where(Response.questionnaire_id == questionnaire_id,
               Answer.question_id == question_id, Answer.text_value.is_not(None))
        .order_by(Response.id, Answer.id)
    )
    if quartier_id is not None:
        query = query.where(Response.quartier_id == quartier_id)
    return query


def has_responses(questionnaire_id: int) -> Select:
    return select(
        select(Response.id).where(Response.questionnaire_id == questionnaire_id).exists())


def free_text_views(questionnaire_id: int) -> Select:
    """(viewed_at, organiser name, e-mail, question_id, Quartier name or None), newest first."""
    return (
        select(FreeTextView.viewed_at, Organiser.name, Organiser.email,
               FreeTextView.question_id, Quartier.name.label("quartier"))
        .join(Organiser, Organiser.id == FreeTextView.organiser_id)
        .outerjoin(Quartier, Quartier.id == FreeTextView.quartier_id)
        .where(FreeTextView.questionnaire_id == questionnaire_id)
        .order_by(FreeTextView.viewed_at.desc(), FreeTextView.id.desc())
    )
