"""Organiser handlers for keyed-in paper sheets: the list, a correction, a deletion.

Tenant scoped as the other paper handlers (another municipality's questionnaire is a 404).
A correction replaces the sheet's answers and keeps its response and number; a deletion
removes both. Each writes a change record that names what changed, never the answers,
and the release audit (results/releases.py) takes the changes into account.
"""

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from participation import db
from participation.accounts.access import current_organiser, login_required
from participation.i18n import native_name
from participation.paper import queries as paper_queries
from participation.paper import services
from participation.paper.forms import (
    LANGUAGE_FIELD,
    QUARTIER_FIELD,
    SHEET_FIELD,
    entry_items,
    parse_answers,
    parse_sheet,
    sheet_page,
)
from participation.paper.manage import bp, entry_context
from participation.paper.models import LANGUAGE_CHANGED, QUARTIER_CHANGED, SHEET_DELETED
from participation.security import csrf, csrf_problem
from participation.surveys.access import organiser_view as visible_questionnaire
from participation.surveys.content import QuestionnaireView

DONE_KEY = "paper_sheet_done"  # session: what the list confirms once


def _summary_words(summary: str) -> str:
    """A stored summary ("quartier, 3, 5a") in the page's language."""
    words = {QUARTIER_CHANGED: _("Quartier"), LANGUAGE_CHANGED: _("Sprache")}
    parts = [words.get(part) or _("Frage %(n)s", n=part)
             for part in summary.split(", ") if part]
    return ", ".join(parts)


@bp.get("/verwaltung/papier/<id:questionnaire_id>/boegen")
@login_required
def sheets(questionnaire_id: int):
    view = visible_questionnaire(questionnaire_id)
    found = db.session()
    changes = [(row, _summary_words(row.summary))
               for row in paper_queries.sheet_changes(found, view.id)]
    done = session.pop(DONE_KEY, None)
    return render_template(
        "paper/sheets.html", view=view, rows=paper_queries.entered_sheets(found, view.id),
        changes=changes, deleted=SHEET_DELETED, native_name=native_name,
        done=done if done and done.get("questionnaire") == view.id else None)


def _sheet(view: QuestionnaireView, number: int):
    response = paper_queries.paper_response(db.session(), view.id, number)
    if response is None:
        abort(404)
    return response


@bp.route("/verwaltung/papier/<id:questionnaire_id>/boegen/<int:number>/korrigieren",
          methods=["GET", "POST"])
@login_required
@csrf.exempt
def correct(questionnaire_id: int, number: int):
    view = visible_questionnaire(questionnaire_id)
    response = _sheet(view, number)
    before = paper_queries.stored_answers(db.session(), view, response.id)
    page = sheet_page(view)
    items = entry_items(page, before)
    context = entry_context(view, items)
    errors: dict[str, str] = {}
    values = {SHEET_FIELD: str(number), QUARTIER_FIELD: str(response.quartier_id),
              LANGUAGE_FIELD: response.locale}
    if request.method == "POST":
        form = request.form.copy()
        form[SHEET_FIELD] = str(number)  # the number is the sheet's, never changed here
        _sheet_number, quartier, lang = parse_sheet(
            form, context["quartiere"], [c["value"] for c in context["languages"]], errors)
        answers, _skipped = parse_answers(view, page, items, form, errors)
        csrf_error = csrf_problem()
        if csrf_error:
            errors[context["save_button"]] = csrf_error
        if not errors:
            change = services.correct_sheet(db.session(), view, response, int(quartier), lang,
                                            before, answers, current_organiser().id)
            session[DONE_KEY] = {"questionnaire": view.id, "sheet": number,
                                 "action": "corrected" if change else "unchanged"}
            return redirect(url_for("paper.sheets", questionnaire_id=view.id))
        values = {SHEET_FIELD: str(number), QUARTIER_FIELD: quartier, LANGUAGE_FIELD: lang}
    return render_template("paper/correct.html", **context, values=values, errors=errors,
                           number=number), 400 if errors else 200


@bp.route("/verwaltung/papier/<id:questionnaire_id>/boegen/<int:number>/loeschen",
          methods=["GET", "POST"])
@login_required
def delete(questionnaire_id: int, number: int):
    """A confirmation page; the POST (CSRF-checked by the app) deletes the sheet."""
    view = visible_questionnaire(questionnaire_id)
    response = _sheet(view, number)
    if request.method == "POST":
        services.delete_sheet(db.session(), view, response, current_organiser().id)
        session[DONE_KEY] = {"questionnaire": view.id, "sheet": number, "action": "deleted"}
        return redirect(url_for("paper.sheets", questionnaire_id=view.id))
    return render_template("paper/delete.html", view=view, number=number)
