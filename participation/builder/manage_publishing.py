"""Organiser handlers of the publishing step: the checklist, publishing, ending the survey.

Joins the builder's blueprint. Opening and closing are scheduled by the dates in the
settings; this page says where the questionnaire stands today.
"""

from flask import redirect, request, url_for

from participation import db
from participation.accounts.access import login_required
from participation.builder import publishing, queries
from participation.builder.manage import bp
from participation.builder.page import organiser_id, page
from participation.clock import local_today
from participation.surveys.access import organiser_questionnaire as visible_questionnaire
from participation.surveys.models import STATUS_DRAFT, STATUS_OPEN

CONFIRM_FIELD = "confirm"


@bp.route("/verwaltung/fragebogen/<id:questionnaire_id>/veroeffentlichen",
          methods=["GET", "POST"])
@login_required
def publishing_page(questionnaire_id: int):
    questionnaire = visible_questionnaire(questionnaire_id)
    today = local_today()
    items = publishing.checklist(db.session(), questionnaire, today)
    errors = {}
    confirmed = request.form.get(CONFIRM_FIELD) == "ja"
    if request.method == "POST" and questionnaire.status != STATUS_OPEN:
        errors = publishing.publish_problems(items, confirmed)
        if not errors:
            publishing.publish(db.session(), questionnaire, organiser_id())
            return redirect(url_for("builder.publishing_page", questionnaire_id=questionnaire.id,
                                    hinweis="veroeffentlicht"))
    responses = db.session().scalar(queries.response_count(questionnaire.id))
    return page("publish.html", questionnaire, errors, items=items, confirmed=confirmed,
                to_confirm=any(item.state == publishing.TO_CONFIRM for item in items),
                schedule=publishing.schedule_text(questionnaire, today), responses=responses,
                confirm_field=CONFIRM_FIELD)


@bp.post("/verwaltung/fragebogen/<id:questionnaire_id>/beenden")
@login_required
def end_survey(questionnaire_id: int):
    questionnaire = visible_questionnaire(questionnaire_id)
    if questionnaire.status == STATUS_OPEN:
        publishing.end(db.session(), questionnaire, organiser_id())
    return redirect(url_for("builder.publishing_page", questionnaire_id=questionnaire.id,
                            hinweis="beendet"))


@bp.post("/verwaltung/fragebogen/<id:questionnaire_id>/zum-entwurf")
@login_required
def back_to_draft(questionnaire_id: int):
    questionnaire = visible_questionnaire(questionnaire_id)
    if (questionnaire.status != STATUS_DRAFT
            and not db.session().scalar(queries.response_count(questionnaire.id))):
        publishing.back_to_draft(db.session(), questionnaire, organiser_id())
    return redirect(url_for("builder.publishing_page", questionnaire_id=questionnaire.id,
                            hinweis="entwurf"))
