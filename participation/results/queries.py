"""Read queries of the results pages and exports: free text, raw records, the view log.

Counts are in counts.py."""

from sqlalchemy import Select, select

from participation.accounts.models import Organiser
from participation.places.models import Quartier
from participation.results.models import FreeTextView
from participation.surveys.models import Answer, Response


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
