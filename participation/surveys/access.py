"""The tenant-checked lookup every organiser page about one questionnaire starts with."""

from flask import abort

from participation import db
from participation.accounts.access import current_organiser, may_see_municipality
from participation.i18n import current_lang
from participation.surveys import queries
from participation.surveys.content import QuestionnaireView, questionnaire_view
from participation.surveys.models import Questionnaire


def organiser_questionnaire(questionnaire_id: int) -> Questionnaire:
    """The questionnaire with its content; 404 unless the organiser may see it."""
    questionnaire = db.session().scalar(queries.questionnaire_with_content(questionnaire_id))
    if questionnaire is None or not may_see_municipality(current_organiser(),
                                                         questionnaire.municipality_id):
        abort(404)
    return questionnaire


def organiser_view(questionnaire_id: int) -> QuestionnaireView:
    """The same, as content in the page language (German fallback marked)."""
    return questionnaire_view(organiser_questionnaire(questionnaire_id), current_lang())
