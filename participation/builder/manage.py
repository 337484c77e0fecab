"""Organiser handlers of the questionnaire builder: list, create, settings, copy, delete.

Questions are edited in manage_questions.py, translations and the preview in
manage_translations.py, the JSON transfer in manage_transfer.py; they join this blueprint.
Every handler loads the questionnaire and answers 404 unless the organiser may see its
municipality; writes go through services.py (POST, then redirect).
"""

from itertools import groupby

from flask import Blueprint, redirect, render_template, request, url_for

from participation import db
from participation.accounts.access import (
    current_organiser,
    login_required,
    visible_municipality_ids,
)
from participation.builder import forms, queries, services
from participation.builder.page import (
    STATUS_LABELS,
    language_rows,
    notice,
    organiser_id,
    page,
    title_of,
)
from participation.builder.publishing import schedule_text
from participation.clock import local_today
from participation.places import queries as place_queries
from participation.places.models import Municipality
from participation.surveys import queries as survey_queries
from participation.surveys.access import organiser_questionnaire as visible_questionnaire
from participation.surveys.coverage import CONTENT_LANGUAGES, content_language_choices

bp = Blueprint("builder", __name__, template_folder="templates")

# --- list and create --------------------------------------------------------------------------


@bp.get("/verwaltung/fragebogen")
@login_required
def questionnaires():
    organiser = current_organiser()
    rows = db.session().execute(
        queries.questionnaires_in(visible_municipality_ids(organiser))).all()
    groups = [(name, [(row.Questionnaire, title_of(row.Questionnaire), row.responses)
                      for row in found])
              for name, found in groupby(rows, key=lambda row: row.municipality)]
    return render_template("builder/list.html", groups=groups, notice=notice(),
                           status_labels=STATUS_LABELS,
                           show_municipality=organiser.is_district_admin)


def _municipality_choices() -> list[dict] | None:
    if not current_organiser().is_district_admin:
        return None
    return [{"value": str(m.id), "label": m.name}
            for m in db.session().scalars(place_queries.municipalities())]


@bp.route("/verwaltung/fragebogen/neu", methods=["GET", "POST"])
@login_required
def create():
    organiser = current_organiser()
    choices = _municipality_choices()
    values, errors = {"start": forms.START_TEMPLATE}, {}
    if request.method == "POST":
        data, errors, values = forms.parse_create(request.form, choices)
        if data is not None:
            municipality_id, start, title = data
            questionnaire = services.create_questionnaire(
                db.session(), municipality_id or organiser.municipality_id, organiser.id,
                start, title)
            return redirect(url_for("builder.settings", questionnaire_id=questionnaire.id,
                                    hinweis="angelegt"))
    return render_template("builder/create.html", values=values, errors=errors,
                           choices=choices), 400 if errors else 200


# --- settings ---------------------------------------------------------------------------------


@bp.route("/verwaltung/fragebogen/<id:questionnaire_id>", methods=["GET", "POST"])
@login_required
def settings(questionnaire_id: int):
    questionnaire = visible_questionnaire(questionnaire_id)
    quartier_choices = [{"value": str(q.id), "label": q.name} for q in db.session().scalars(
        place_queries.quartiere_of(questionnaire.municipality_id))]
    covered = db.session().scalars(survey_queries.covered_quartier_ids(questionnaire.id))
    values = forms.settings_values({t.lang: t for t in questionnaire.texts},
                                           questionnaire, list(covered))
    errors = {}
    if request.method == "POST":
        data, errors, values = forms.parse_settings(
            request.form, CONTENT_LANGUAGES[1:], quartier_choices)
        if data is not None:
            errors = services.update_settings(db.session(), questionnaire, organiser_id(), data)
            if not errors:
                return redirect(url_for("builder.settings",
                                        questionnaire_id=questionnaire.id, hinweis="gespeichert"))
    municipality = db.session().get(Municipality, questionnaire.municipality_id)
    return page("settings.html", questionnaire, errors, values=values,
                quartier_choices=quartier_choices, language_choices=content_language_choices(),
                language_rows=language_rows(questionnaire), municipality=municipality,
                responses=db.session().scalar(queries.response_count(questionnaire.id)),
                schedule=schedule_text(questionnaire, local_today()))


# --- copy, delete, change log -----------------------------------------------------------------


@bp.post("/verwaltung/fragebogen/<id:questionnaire_id>/kopieren")
@login_required
def copy(questionnaire_id: int):
    questionnaire = visible_questionnaire(questionnaire_id)
    copy = services.copy_questionnaire(db.session(), questionnaire, organiser_id())
    return redirect(url_for("builder.settings", questionnaire_id=copy.id,
                            hinweis="kopiert"))


@bp.route("/verwaltung/fragebogen/<id:questionnaire_id>/loeschen", methods=["GET", "POST"])
@login_required
def delete(questionnaire_id: int):
    questionnaire = visible_questionnaire(questionnaire_id)
    errors = {}
    if request.method == "POST":
        errors = services.delete_questionnaire(db.session(), questionnaire)
        if not errors:
            return redirect(url_for("builder.questionnaires", hinweis="geloescht"))
    return page("delete.html", questionnaire, errors,
                responses=db.session().scalar(queries.response_count(questionnaire.id)))


@bp.get("/verwaltung/fragebogen/<id:questionnaire_id>/aenderungen")
@login_required
def changes(questionnaire_id: int):
    questionnaire = visible_questionnaire(questionnaire_id)
    changes = db.session().execute(queries.content_changes(questionnaire.id)).all()
    return page("changes.html", questionnaire, changes=changes)

