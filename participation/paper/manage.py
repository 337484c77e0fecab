"""Organiser handlers for paper questionnaires: numbered copies to print, fast data entry.

Tenant scoped: a questionnaire of a municipality the organiser may not see is a 404.
Every printed copy carries a sheet number; keying a sheet in stores a response on channel
"paper" with that number, and the same number twice is refused (double-entry protection).
"""

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from participation import db
from participation.accounts.access import (
    current_organiser,
    login_required,
    visible_municipality_ids,
)
from participation.answering.journey import quartier_choices
from participation.i18n import PAGE_LANGUAGES, SUPPORTED_LOCALES, current_lang, native_name
from participation.paper import services
from participation.paper.conditions import notes_of
from participation.paper.forms import (
    LANGUAGE_FIELD,
    QUARTIER_FIELD,
    SHEET_FIELD,
    SheetPage,
    copies_at_once,
    entry_blocks,
    entry_items,
    parse_answers,
    parse_sheet,
    print_range,
    sheet_page,
)
from participation.paper.layout import blocks, printed
from participation.security import csrf, csrf_problem
from participation.surveys import queries
from participation.surveys.access import organiser_view as visible_questionnaire
from participation.surveys.content import QuestionnaireView, pick
from participation.surveys.models import STATUS_DRAFT
from participation.surveys.pages import PageItem

bp = Blueprint("paper", __name__, template_folder="templates")

SAVE_BUTTON = "save"
SAVED_KEY = "paper_saved"  # session: the confirmation shown on the next empty form


@bp.get("/verwaltung/papier")
@login_required
def overview():
    """The organiser's open questionnaires, each with print, entry and distribution links."""
    organiser = current_organiser()
    found = db.session().execute(
        queries.open_questionnaires_in(visible_municipality_ids(organiser))).all()
    questionnaires = [(row.Questionnaire.id, row.municipality,
                       pick({t.lang: t.title for t in row.Questionnaire.texts}, current_lang()))
                      for row in found]
    return render_template("paper/overview.html", questionnaires=questionnaires,
                           show_municipality=organiser.is_district_admin)


def _printable_copy(view: QuestionnaireView) -> Markup:
    """One copy without its sheet number, rendered once per print page."""
    html = render_template(
        "paper/copy.html", view=view, quartiere=quartier_choices(view.municipality_id, view.id),
        blocks=blocks(view, printed), notes=notes_of(view))
    return Markup(html)  # noqa: S704 - our own template, every value in it autoescaped


@bp.get("/verwaltung/papier/<id:questionnaire_id>/druck")
@login_required
def print_copies(questionnaire_id: int):
    view = visible_questionnaire(questionnaire_id)
    first = request.args.get("von", "1")
    last = request.args.get("bis", first)  # one copy unless a range is asked for
    copy = _printable_copy(view)  # its size caps the copies per page; the page repeats it
    most = copies_at_once(len(copy.encode()))
    errors: dict[str, str] = {}
    numbers = print_range(first, last, errors, most)
    # every language of the questionnaire, Leichte Sprache too (its own texts and words)
    languages = [(code, native_name(code)) for code in PAGE_LANGUAGES
                 if code in view.languages]
    return render_template(
        "paper/print.html", view=view, numbers=numbers, errors=errors, first=first,
        last=last, copy=copy, languages=languages, max_copies=most,
    ), 400 if errors else 200


def _store_sheet(view: QuestionnaireView, page: SheetPage, items: list[PageItem],
                 quartiere: list[dict], languages: list[str], errors: dict[str, str]):
    """Check the posted sheet and store it; a redirect to the next empty form, else the
    values to show again (with `errors` filled in)."""
    form = request.form
    sheet, quartier, lang = parse_sheet(form, quartiere, languages, errors)
    answers, skipped = parse_answers(view, page, items, form, errors)
    csrf_error = csrf_problem()  # checked here, so a stale page keeps what was typed
    if csrf_error:
        errors[SAVE_BUTTON] = csrf_error
    if not errors:
        stored = services.record_sheet(view, int(quartier), sheet, lang, answers,
                                       entered_by_id=current_organiser().id)
        if stored is not None:
            session[SAVED_KEY] = {"questionnaire": view.id, "sheet": sheet, "skipped": skipped}
            return redirect(url_for("paper.entry", questionnaire_id=view.id,
                                    **{LANGUAGE_FIELD: lang}))
        errors[SHEET_FIELD] = _("Bogen %(n)d wurde schon erfasst. Bitte prüfen Sie die Nummer; "
                                "es wurde nichts gespeichert.", n=sheet)
    return {SHEET_FIELD: form.get(SHEET_FIELD, ""), QUARTIER_FIELD: quartier,
            LANGUAGE_FIELD: lang}


@bp.route("/verwaltung/papier/<id:questionnaire_id>/erfassen", methods=["GET", "POST"])
@login_required
@csrf.exempt
def entry(questionnaire_id: int):
    view = visible_questionnaire(questionnaire_id)
    quartiere = quartier_choices(view.municipality_id, view.id)
    languages = list(SUPPORTED_LOCALES)  # a copy can be printed in every interface language
    page = sheet_page(view)
    items = entry_items(page)
    errors: dict[str, str] = {}
    saved = None
    # the language of the previous sheet stays chosen: piles of sheets are sorted by language
    chosen_lang = request.args.get(LANGUAGE_FIELD)
    values = {SHEET_FIELD: "", QUARTIER_FIELD: None,
              LANGUAGE_FIELD: chosen_lang if chosen_lang in languages else current_lang()}
    # nothing can be entered for a draft: residents cannot answer it yet
    is_draft = view.status == STATUS_DRAFT
    if request.method == "POST" and not is_draft:
        result = _store_sheet(view, page, items, quartiere, languages, errors)
        if not isinstance(result, dict):
            return result
        values = result
    elif request.method == "GET":
        shown = session.pop(SAVED_KEY, None)
        if shown and shown.get("questionnaire") == view.id:
            saved = shown
    return render_template(
        "paper/entry.html", view=view, blocks=entry_blocks(view, items), quartiere=quartiere,
        languages=[{"value": code, "label": native_name(code), "lang": code}
                   for code in languages],
        values=values, errors=errors, saved=saved, notes=notes_of(view),
        is_draft=is_draft, save_button=SAVE_BUTTON,
    ), 400 if errors else 200
