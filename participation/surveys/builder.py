"""Organiser handlers of the questionnaire builder: list, create, settings, copy, delete.

Questions are edited in builder_questions.py, translations and the preview in
builder_translations.py. Every handler loads the questionnaire and answers 404 unless the
organiser may see its municipality; writes go through authoring.py (POST, then redirect).
"""

from itertools import groupby

from flask import abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from participation import db
from participation.accounts.access import (
    current_organiser,
    login_required,
    visible_municipality_ids,
)
from participation.i18n import DEFAULT_LOCALE, current_lang
from participation.places import queries as place_queries
from participation.places.models import Municipality
from participation.surveys import authoring, bp, builder_forms, builder_queries
from participation.surveys.content import LocalText, pick
from participation.surveys.coverage import (
    CONTENT_LANGUAGES,
    content_language_choices,
    coverage,
    language_name,
    offered_languages,
)
from participation.surveys.manage import organiser_questionnaire as visible_questionnaire
from participation.surveys.models import (
    STATUS_CLOSED,
    STATUS_DRAFT,
    STATUS_OPEN,
    Question,
    Questionnaire,
)

STATUS_LABELS = {STATUS_DRAFT: _l("Entwurf"), STATUS_OPEN: _l("Geöffnet"),
                 STATUS_CLOSED: _l("Geschlossen")}
NOTICES = {
    "angelegt": _l("Der Fragebogen wurde als Entwurf angelegt."),
    "gespeichert": _l("Ihre Änderungen wurden gespeichert."),
    "kopiert": _l("Die Kopie wurde als Entwurf angelegt. Sie bearbeiten jetzt die Kopie."),
    "geloescht": _l("Der Fragebogen wurde gelöscht."),
    "frage-gespeichert": _l("Die Frage wurde gespeichert."),
    "frage-geloescht": _l("Die Frage wurde gelöscht."),
}


# --- shared by the builder pages --------------------------------------------------------------


def question_of(questionnaire: Questionnaire, question_id: int) -> Question:
    question = next((q for q in questionnaire.questions if q.id == question_id), None)
    if question is None:
        abort(404)
    return question


def german(text: str) -> LocalText:
    """German content on a page that may be in another language."""
    return LocalText(text, None if current_lang() == DEFAULT_LOCALE else DEFAULT_LOCALE)


def title_of(questionnaire: Questionnaire) -> LocalText:
    return pick({t.lang: t.title for t in questionnaire.texts}, current_lang())


def notice() -> str | None:
    message = NOTICES.get(request.args.get("hinweis", ""))
    return str(message) if message else None


def page(template: str, questionnaire: Questionnaire, errors=None, **context):
    """Render a builder page of one questionnaire (status 400 when there are errors)."""
    context.setdefault("locked", authoring.is_locked(db.session(), questionnaire.id))
    body = render_template(f"surveys/builder/{template}", questionnaire=questionnaire,
                           title=title_of(questionnaire), errors=errors or {},
                           notice=notice(), status_labels=STATUS_LABELS, **context)
    return body, 400 if errors else 200


def organiser_id() -> int:
    return current_organiser().id


# --- list and create --------------------------------------------------------------------------


@bp.get("/verwaltung/fragebogen")
@login_required
def builder_list():
    organiser = current_organiser()
    rows = db.session().execute(
        builder_queries.questionnaires_in(visible_municipality_ids(organiser))).all()
    groups = [(name, [(row.Questionnaire, title_of(row.Questionnaire), row.responses)
                      for row in found])
              for name, found in groupby(rows, key=lambda row: row.municipality)]
    return render_template("surveys/builder/list.html", groups=groups, notice=notice(),
                           status_labels=STATUS_LABELS,
                           show_municipality=organiser.is_district_admin)


def _municipality_choices() -> list[dict] | None:
    if not current_organiser().is_district_admin:
        return None
    return [{"value": str(m.id), "label": m.name}
            for m in db.session().scalars(place_queries.municipalities())]


@bp.route("/verwaltung/fragebogen/neu", methods=["GET", "POST"])
@login_required
def builder_create():
    organiser = current_organiser()
    choices = _municipality_choices()
    values, errors = {"start": builder_forms.START_TEMPLATE}, {}
    if request.method == "POST":
        data, errors, values = builder_forms.parse_create(request.form, choices)
        if data is not None:
            municipality_id, start, title = data
            questionnaire = authoring.create_questionnaire(
                db.session(), municipality_id or organiser.municipality_id, organiser.id,
                start, title)
            return redirect(url_for("surveys.builder_settings", questionnaire_id=questionnaire.id,
                                    hinweis="angelegt"))
    return render_template("surveys/builder/create.html", values=values, errors=errors,
                           choices=choices), 400 if errors else 200


# --- settings ---------------------------------------------------------------------------------


def language_rows(questionnaire: Questionnaire) -> list[dict]:
    """Coverage of every chosen language, as text, with whether residents are offered it."""
    offered = offered_languages(questionnaire)
    rows = []
    for lang in questionnaire.languages or ():
        if lang == DEFAULT_LOCALE or lang not in CONTENT_LANGUAGES:
            continue
        found = coverage(questionnaire, lang)
        rows.append({"lang": lang, "offered": lang in offered, "coverage": coverage_text(found)})
    return rows


def coverage_text(found) -> str:
    """"Türkisch: 18 von 20 Texten übersetzt"."""
    return ngettext("%(language)s: %(done)d von %(num)d Text übersetzt",
                    "%(language)s: %(done)d von %(num)d Texten übersetzt", found.total,
                    language=language_name(found.lang, current_lang()), done=found.done)


@bp.route("/verwaltung/fragebogen/<int:questionnaire_id>", methods=["GET", "POST"])
@login_required
def builder_settings(questionnaire_id: int):
    questionnaire = visible_questionnaire(questionnaire_id)
    quartier_choices = [{"value": str(q.id), "label": q.name} for q in db.session().scalars(
        place_queries.quartiere_of(questionnaire.municipality_id))]
    covered = db.session().scalars(builder_queries.covered_quartier_ids(questionnaire.id))
    values = builder_forms.settings_values({t.lang: t for t in questionnaire.texts},
                                           questionnaire, list(covered))
    errors = {}
    if request.method == "POST":
        data, errors, values = builder_forms.parse_settings(
            request.form, CONTENT_LANGUAGES[1:], quartier_choices)
        if data is not None:
            errors = authoring.update_settings(db.session(), questionnaire, organiser_id(), data)
            if not errors:
                return redirect(url_for("surveys.builder_settings",
                                        questionnaire_id=questionnaire.id, hinweis="gespeichert"))
    municipality = db.session().get(Municipality, questionnaire.municipality_id)
    return page("settings.html", questionnaire, errors, values=values,
                quartier_choices=quartier_choices, language_choices=content_language_choices(),
                language_rows=language_rows(questionnaire), municipality=municipality,
                responses=db.session().scalar(builder_queries.response_count(questionnaire.id)))


# --- copy, delete, change log -----------------------------------------------------------------


@bp.post("/verwaltung/fragebogen/<int:questionnaire_id>/kopieren")
@login_required
def builder_copy(questionnaire_id: int):
    questionnaire = visible_questionnaire(questionnaire_id)
    copy = authoring.copy_questionnaire(db.session(), questionnaire, organiser_id())
    return redirect(url_for("surveys.builder_settings", questionnaire_id=copy.id,
                            hinweis="kopiert"))


@bp.route("/verwaltung/fragebogen/<int:questionnaire_id>/loeschen", methods=["GET", "POST"])
@login_required
def builder_delete(questionnaire_id: int):
    questionnaire = visible_questionnaire(questionnaire_id)
    errors = {}
    if request.method == "POST":
        errors = authoring.delete_questionnaire(db.session(), questionnaire)
        if not errors:
            return redirect(url_for("surveys.builder_list", hinweis="geloescht"))
    return page("delete.html", questionnaire, errors,
                responses=db.session().scalar(builder_queries.response_count(questionnaire.id)))


@bp.get("/verwaltung/fragebogen/<int:questionnaire_id>/aenderungen")
@login_required
def builder_changes(questionnaire_id: int):
    questionnaire = visible_questionnaire(questionnaire_id)
    changes = db.session().execute(builder_queries.content_changes(questionnaire.id)).all()
    return page("changes.html", questionnaire, changes=changes)


from participation.surveys import builder_questions, builder_translations  # noqa: E402,F401
