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
from participation.paper import queries as paper_queries
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
from participation.paper.layout import blocks, first_page_px, paged, printed
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


def printable_pages(view: QuestionnaireView) -> list[Markup]:
    """One copy without its sheet number, as its printed pages, rendered once per print
    page: print.html repeats them per number, each page under its own "Bogen · Seite"."""
    quartiere = quartier_choices(view.municipality_id, view.id)
    notes = notes_of(view)
    parts = paged(blocks(view, printed), first_page_px(view.intro.text, len(quartiere)), notes)
    return [Markup(render_template(  # noqa: S704 - our own template, all autoescaped
        "paper/copy.html", view=view, quartiere=quartiere, blocks=part, notes=notes,
        first=index == 0, last=index == len(parts) - 1))
        for index, part in enumerate(parts)]


def ranges_text(ranges: list[tuple[int, int]]) -> str:
    """Printed ranges as people write them: "1–20, 41–60"."""
    return ", ".join(str(first) if first == last else f"{first}–{last}"
                     for first, last in ranges)


def _print_page(view: QuestionnaireView, first: str, last: str, numbers: range,
                errors: dict[str, str], pages: list[Markup]):
    # every language of the questionnaire, Leichte Sprache too (its own texts and words)
    languages = [(code, native_name(code)) for code in PAGE_LANGUAGES
                 if code in view.languages]
    return render_template(
        "paper/print.html", view=view, numbers=numbers, errors=errors, first=first,
        last=last, pages=pages if numbers else [], languages=languages,
        max_copies=copies_at_once(_size(pages)),
    ), 400 if errors else 200


def _size(pages: list[Markup]) -> int:
    return len("".join(pages).encode())


@bp.get("/verwaltung/papier/<id:questionnaire_id>/druck")
@login_required
def print_copies(questionnaire_id: int):
    """The print form (next free number suggested) or, for a recorded range, the copies."""
    view = visible_questionnaire(questionnaire_id)
    session_db = db.session()
    if "von" not in request.args:
        first = str(paper_queries.next_free_number(session_db, view.id))
        return _print_page(view, first, first, range(0), {}, printable_pages(view))
    first, last = request.args.get("von", ""), request.args.get("bis", "")
    pages = printable_pages(view)  # their size caps the copies per page; the page repeats them
    errors: dict[str, str] = {}
    numbers = print_range(first, last, errors, copies_at_once(_size(pages)))
    ranges = paper_queries.printed_ranges(session_db, view.id)
    if numbers and not _within_one(ranges, numbers):
        errors["von"] = _("Die Bögen %(first)d bis %(last)d sind nicht als gedruckt erfasst. "
                          "Bitte wählen Sie die Nummern unten und drücken Sie „Bögen "
                          "drucken“.", first=numbers[0], last=numbers[-1])
        numbers = range(0)
    return _print_page(view, first, last, numbers, errors, pages)


def _within_one(ranges: list[tuple[int, int]], numbers: range) -> bool:
    """Whether every number was printed (merged ranges: all inside one of them)."""
    return any(low <= numbers[0] and numbers[-1] <= high for low, high in ranges)


@bp.post("/verwaltung/papier/<id:questionnaire_id>/druck")
@login_required
@csrf.exempt
def record_print(questionnaire_id: int):
    """Record the range as printed, then show its copies (GET must not write)."""
    view = visible_questionnaire(questionnaire_id)
    first, last = request.form.get("von", ""), request.form.get("bis", "")
    pages = printable_pages(view)
    errors: dict[str, str] = {}
    numbers = print_range(first, last, errors, copies_at_once(_size(pages)))
    csrf_error = csrf_problem()
    if csrf_error:
        errors["von"] = csrf_error
    if errors:
        return _print_page(view, first, last, range(0), errors, pages)
    services.record_print_run(db.session(), view, numbers, current_lang(),
                              current_organiser().id)
    return redirect(url_for("paper.print_copies", questionnaire_id=view.id,
                            von=numbers[0], bis=numbers[-1]))


def _store_sheet(view: QuestionnaireView, page: SheetPage, items: list[PageItem],
                 quartiere: list[dict], languages: list[str], errors: dict[str, str]):
    """Check the posted sheet and store it; a redirect to the next empty form, else the
    values to show again (with `errors` filled in)."""
    form = request.form
    sheet, quartier, lang = parse_sheet(form, quartiere, languages, errors)
    answers, skipped = parse_answers(view, page, items, form, errors)
    ranges = paper_queries.printed_ranges(db.session(), view.id)
    if SHEET_FIELD not in errors and not paper_queries.inside(ranges, sheet):
        errors[SHEET_FIELD] = never_printed(sheet, ranges)
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


def never_printed(sheet: int, ranges: list[tuple[int, int]]) -> str:
    if not ranges:
        return _("Bogen %(n)d wurde nie gedruckt. Für diesen Fragebogen wurden noch keine "
                 "Bögen gedruckt.", n=sheet)
    return _("Bogen %(n)d wurde nie gedruckt. Gedruckt wurden die Nummern %(ranges)s.",
             n=sheet, ranges=ranges_text(ranges))


def entry_context(view: QuestionnaireView, items: list[PageItem]) -> dict:
    """What the entry and correction pages both show around the sheet's answers."""
    return {"view": view, "blocks": entry_blocks(view, items), "notes": notes_of(view),
            "quartiere": quartier_choices(view.municipality_id, view.id),
            "languages": [{"value": code, "label": native_name(code), "lang": code}
                          for code in SUPPORTED_LOCALES],
            "save_button": SAVE_BUTTON}


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
    session_db = db.session()
    next_sheet = paper_queries.next_unentered_sheet(
        session_db, view.id, paper_queries.printed_ranges(session_db, view.id))
    return render_template(
        "paper/entry.html", **entry_context(view, items), values=values, errors=errors,
        saved=saved, is_draft=is_draft, next_sheet=next_sheet,
    ), 400 if errors else 200
