"""Read queries of the overview (select() builders)."""

from sqlalchemy import Select, select

from participation.surveys.models import ResponseTarget


def targets_of(questionnaire_id: int) -> Select:
    """(quartier_id, target) of every target set for a questionnaire."""
    return select(ResponseTarget.quartier_id, ResponseTarget.target).where(
        ResponseTarget.questionnaire_id == questionnaire_id)
