"""Organiser handlers for questionnaires: the tenant-checked lookup every organiser page uses,
and answering with a resident ("with assistance")."""

from flask import abort, redirect, url_for

from participation import db
from participation.accounts.access import current_organiser, login_required, may_see_municipality
from participation.i18n import current_lang
from participation.surveys import bp, queries, services
from participation.surveys.content import QuestionnaireView, questionnaire_view
from participation.surveys.journey import open_questionnaire, remember_token
from participation.surveys.models import CHANNEL_ASSISTED, Questionnaire


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


@bp.post("/verwaltung/umfrage/<int:questionnaire_id>/mit-unterstuetzung")
@login_required
def start_assisted(questionnaire_id: int):
    """A staff member answers together with a resident: a fresh draft on channel 'assisted'."""
    view = open_questionnaire(questionnaire_id)
    if not may_see_municipality(current_organiser(), view.municipality_id):
        abort(404)
    token = services.new_token()
    services.start_draft(db.session(), token, view.id, current_lang(), CHANNEL_ASSISTED)
    remember_token(view.id, token)
    return redirect(url_for("surveys.quartier", questionnaire_id=view.id))
