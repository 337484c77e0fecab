"""Organiser handler: answering together with a resident ("with assistance")."""

from flask import abort, redirect, url_for

from participation import codes, db
from participation.accounts.access import current_organiser, login_required, may_see_municipality
from participation.answering import services
from participation.answering.journey import open_questionnaire, remember_token
from participation.answering.routes import bp
from participation.i18n import current_lang
from participation.surveys.models import CHANNEL_ASSISTED


@bp.post("/verwaltung/umfrage/<id:questionnaire_id>/mit-unterstuetzung")
@login_required
def start_assisted(questionnaire_id: int):
    """A staff member answers together with a resident: a fresh draft on channel 'assisted'."""
    view = open_questionnaire(questionnaire_id)
    if not may_see_municipality(current_organiser(), view.municipality_id):
        abort(404)
    token = codes.new_token()
    services.start_draft(db.session(), token, view.id, current_lang(), CHANNEL_ASSISTED,
                         entered_by_id=current_organiser().id)
    remember_token(view.id, token)
    return redirect(url_for("answering.quartier", questionnaire_id=view.id))
