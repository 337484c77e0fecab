"""Organiser handlers for paper questionnaires: numbered copies to print, fast data entry.

Tenant scoped: a questionnaire of a municipality the organiser may not see is a 404.
Every printed copy carries a sheet number; keying a sheet in stores a response on channel
"paper" with that number, and the same number twice is refused (double-entry protection).
"""

from dataclasses import dataclass, replace

from babel.lists import format_list
from flask import redirect, render_template, request, session, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from participation import csrf, db
from participation.accounts.access import (
    current_organiser,
    login_required,
    visible_municipality_ids,
)
from participation.i18n import SUPPORTED_LOCALES, current_lang, native_name
from participation.surveys import bp, paper_services, queries
from participation.surveys.conditions import visible_questions
from participation.surveys.content import QuestionnaireView, QuestionView, pick
from participation.surveys.journey import csrf_problem, quartier_choices
from participation.surveys.manage import organiser_view as visible_questionnaire
from participation.surveys.models import STATUS_DRAFT
from participation.surveys.questions import (
    FIELD,
    OTHER_FIELD,
    OTHER_KEY,
    Parsed,
    kind_of,
    other_key,
)

MAX_COPIES = 200
MAX_SHEET_NUMBER = 999_999
SHEET_FIELD = "sheet"
QUARTIER_FIELD = "quartier"
LANGUAGE_FIELD = "sprache"
SAVE_BUTTON = "save"
SAVED_KEY = "paper_saved"  # session: the confirmation shown on the next empty form


@dataclass(frozen=True)
class Condition:
    """"Only answer if you ticked … at question n", for a printed or keyed-in question."""

    position: int
    answers: Markup  # the option labels, fallback ones marked lang="de"
    count: int


def conditions_of(view: QuestionnaireView) -> dict[int, Condition]:
    by_key = {question.key: question for question in view.questions}
    conditions = {}
    for question in view.questions:
        condition = (question.settings or {}).get("show_if") or {}
        source = by_key.get(condition.get("question"))
        if source is None:
            continue
        labels = {option.key: option.label for option in kind_of(source).options(source)}
        wanted = [labels[key] for key in condition.get("any_of", ()) if key in labels]
        conditions[question.id] = Condition(source.position, _label_list(wanted), len(wanted))
    return conditions


def _label_list(labels) -> Markup:
    """Labels joined the local way ("A, B oder C"), each fallback label marked lang="de"."""
    parts = [Markup('<span lang="{}">{}</span>').format(label.lang, label.text) if label.lang
             else escape(label.text) for label in labels]
    placeholders = [f"\x00{index}\x00" for index in range(len(parts))]
    joined = escape(format_list(placeholders, style="or", locale=get_locale()) if parts else "")
    for placeholder, part in zip(placeholders, parts, strict=True):
        joined = joined.replace(placeholder, part)  # Markup.replace keeps `part` as markup
    return joined


# --- printable copies ---


def _whole_number(raw: str) -> int | None:
    text = raw.replace(" ", "")
    return int(text) if text.isdigit() and text.isascii() else None


def _print_range(raw_first: str, raw_last: str, errors: dict[str, str]) -> range:
    """The sheet numbers to print (empty when `errors` were found)."""
    first, last = _whole_number(raw_first), _whole_number(raw_last)
    if first is None or not 1 <= first <= MAX_SHEET_NUMBER:
        errors["von"] = _("Bitte geben Sie die erste Bogennummer als ganze Zahl ab 1 ein.")
    if last is None or not 1 <= last <= MAX_SHEET_NUMBER:
        errors["bis"] = _("Bitte geben Sie die letzte Bogennummer als ganze Zahl ab 1 ein.")
    elif first is not None and last < first:
        errors["bis"] = _("Die letzte Bogennummer muss mindestens so groß sein wie die erste.")
    elif first is not None and last - first + 1 > MAX_COPIES:
        errors["bis"] = ngettext("Bitte drucken Sie höchstens %(num)d Bogen auf einmal.",
                                 "Bitte drucken Sie höchstens %(num)d Bögen auf einmal.",
                                 MAX_COPIES)
    return range(0) if errors else range(first, last + 1)


@bp.get("/verwaltung/papier")
@login_required
def paper_overview():
    """The organiser's open questionnaires, each with print, entry and distribution links."""
    organiser = current_organiser()
    found = db.session().execute(
        queries.open_questionnaires_in(visible_municipality_ids(organiser))).all()
    questionnaires = [(row.Questionnaire.id, row.municipality,
                       pick({t.lang: t.title for t in row.Questionnaire.texts}, current_lang()))
                      for row in found]
    return render_template("surveys/paper/overview.html", questionnaires=questionnaires,
                           show_municipality=organiser.is_district_admin)


@bp.get("/verwaltung/papier/<int:questionnaire_id>/druck")
@login_required
def paper_print(questionnaire_id: int):
    view = visible_questionnaire(questionnaire_id)
    first = request.args.get("von", "1")
    last = request.args.get("bis", first)  # one copy unless a range is asked for
    errors: dict[str, str] = {}
    numbers = _print_range(first, last, errors)
    languages = [(code, native_name(code)) for code in SUPPORTED_LOCALES
                 if code in view.languages]
    return render_template(
        "surveys/paper/print.html", view=view, numbers=numbers, errors=errors, first=first,
        last=last, quartiere=quartier_choices(view.municipality_id, view.id),
        conditions=conditions_of(view), kinds={q.id: kind_of(q) for q in view.questions},
        languages=languages, max_copies=MAX_COPIES,
    ), 400 if errors else 200


# --- data entry ---


def question_form(form, question: QuestionView) -> MultiDict:
    """The part of the one-page form that belongs to one question, as its kind parses it."""
    name = f"q{question.id}"
    pairs = [(FIELD, value) for value in form.getlist(name)]
    if form.get(f"{name}_other") is not None:
        pairs.append((OTHER_FIELD, form.get(f"{name}_other")))
    return MultiDict(pairs)


def parse_on_paper(question: QuestionView, form: MultiDict) -> Parsed:
    """A kind's own parsing, with nothing required: paper may be incomplete.

    "Other" ticked without the text written beside it is taken as it is on the sheet.
    """
    parsed = kind_of(question).parse(replace(question, required=False), form)
    if parsed.error and parsed.field == OTHER_FIELD and not (form.get(OTHER_FIELD) or "").strip():
        return Parsed(parsed.value)
    return parsed


def _error_target(question: QuestionView, parsed: Parsed) -> str:
    if parsed.field == OTHER_FIELD:
        return f"q{question.id}_other"
    radio_like = kind_of(question).widget in ("radio", "checkbox")
    return f"q{question.id}-1" if radio_like else f"q{question.id}"


@dataclass
class EntryItem:
    """One question on the entry page: its field names, options and what was typed."""

    question: QuestionView
    widget: str
    options: list[dict]
    has_other: bool
    value: object = None
    other: str | None = None
    error: str | None = None
    other_error: str | None = None


def _entry_items(view: QuestionnaireView) -> list[EntryItem]:
    items = []
    for question in view.questions:
        kind = kind_of(question)
        options = kind.options(question)
        items.append(EntryItem(
            question=question, widget="text" if kind.widget == "date" else kind.widget,
            options=[{"value": o.key, "label": o.label.text, "lang": o.label.lang}
                     for o in options],
            has_other=any(o.key == OTHER_KEY for o in options)))
    return items


def _parse_sheet(form, quartiere: list[dict], languages: list[str], errors: dict) -> tuple:
    sheet = _whole_number(form.get(SHEET_FIELD, ""))
    if not form.get(SHEET_FIELD, "").strip():
        errors[SHEET_FIELD] = _("Bitte geben Sie die Bogennummer ein.")
    elif sheet is None or not 1 <= sheet <= MAX_SHEET_NUMBER:
        errors[SHEET_FIELD] = _("Bitte geben Sie die Bogennummer als ganze Zahl ab 1 ein, "
                                "zum Beispiel 17.")
    quartier = form.get(QUARTIER_FIELD, "").strip()
    if quartier not in {choice["value"] for choice in quartiere}:
        errors[f"{QUARTIER_FIELD}-1"] = _("Bitte wählen Sie das Quartier aus, das auf dem Bogen "
                                          "angekreuzt ist.")
    lang = form.get(LANGUAGE_FIELD, "").strip()
    if lang not in languages:
        errors[f"{LANGUAGE_FIELD}-1"] = _("Bitte wählen Sie die Sprache des Bogens aus.")
    return sheet, quartier, lang


def _parse_answers(view: QuestionnaireView, items: list[EntryItem], form,
                   errors: dict) -> tuple[dict, list[int]]:
    """Draft-like answers of the shown questions; positions of hidden ones that were filled.

    Values of every question are kept for redisplay; errors count only for shown questions.
    """
    answers, results = {}, {}
    for item in items:
        question = item.question
        sub = question_form(form, question)
        raw = sub.getlist(FIELD)
        item.value = raw if item.widget == "checkbox" else (raw[0] if raw else None)
        item.other = sub.get(OTHER_FIELD)
        parsed = parse_on_paper(question, sub)
        results[question.id] = parsed
        if parsed.error is None and parsed.value is not None:
            answers[question.key] = parsed.value
            if parsed.other is not None:
                answers[other_key(question.key)] = parsed.other
    shown = {question.id for question in visible_questions(view, answers)}
    skipped = []
    for item in items:
        question, parsed = item.question, results[item.question.id]
        if question.id not in shown:
            answers.pop(question.key, None)
            answers.pop(other_key(question.key), None)
            if any(v.strip() for v in question_form(form, question).values()):
                skipped.append(question.position)
            continue
        if parsed.error:
            if parsed.field == OTHER_FIELD:
                item.other_error = parsed.error
            else:
                item.error = parsed.error
            errors[_error_target(question, parsed)] = _(
                "Frage %(n)d: %(message)s", n=question.position, message=parsed.error)
    return answers, skipped


def _store_sheet(view: QuestionnaireView, items: list[EntryItem], quartiere: list[dict],
                 languages: list[str], errors: dict[str, str]):
    """Check the posted sheet and store it; a redirect to the next empty form, else the
    values to show again (with `errors` filled in)."""
    form = request.form
    sheet, quartier, lang = _parse_sheet(form, quartiere, languages, errors)
    answers, skipped = _parse_answers(view, items, form, errors)
    csrf_error = csrf_problem()  # checked here, so a stale page keeps what was typed
    if csrf_error:
        errors[SAVE_BUTTON] = csrf_error
    if not errors:
        stored = paper_services.record_sheet(db.session(), view, int(quartier), sheet, lang,
                                             answers)
        if stored is not None:
            session[SAVED_KEY] = {"questionnaire": view.id, "sheet": sheet, "skipped": skipped}
            return redirect(url_for("surveys.paper_entry", questionnaire_id=view.id,
                                    **{LANGUAGE_FIELD: lang}))
        errors[SHEET_FIELD] = _("Bogen %(n)d wurde schon erfasst. Bitte prüfen Sie die Nummer; "
                                "es wurde nichts gespeichert.", n=sheet)
    return {SHEET_FIELD: form.get(SHEET_FIELD, ""), QUARTIER_FIELD: quartier,
            LANGUAGE_FIELD: lang}


@bp.route("/verwaltung/papier/<int:questionnaire_id>/erfassen", methods=["GET", "POST"])
@login_required
@csrf.exempt
def paper_entry(questionnaire_id: int):
    view = visible_questionnaire(questionnaire_id)
    quartiere = quartier_choices(view.municipality_id, view.id)
    languages = list(SUPPORTED_LOCALES)  # a copy can be printed in every interface language
    items = _entry_items(view)
    errors: dict[str, str] = {}
    saved = None
    # the language of the previous sheet stays chosen: piles of sheets are sorted by language
    chosen_lang = request.args.get(LANGUAGE_FIELD)
    values = {SHEET_FIELD: "", QUARTIER_FIELD: None,
              LANGUAGE_FIELD: chosen_lang if chosen_lang in languages else current_lang()}
    # nothing can be entered for a draft: residents cannot answer it yet
    is_draft = view.status == STATUS_DRAFT
    if request.method == "POST" and not is_draft:
        result = _store_sheet(view, items, quartiere, languages, errors)
        if not isinstance(result, dict):
            return result
        values = result
    elif request.method == "GET":
        shown = session.pop(SAVED_KEY, None)
        if shown and shown.get("questionnaire") == view.id:
            saved = shown
    return render_template(
        "surveys/paper/entry.html", view=view, items=items, quartiere=quartiere,
        languages=[{"value": code, "label": native_name(code), "lang": code}
                   for code in languages],
        values=values, errors=errors, saved=saved, conditions=conditions_of(view),
        is_draft=is_draft, save_button=SAVE_BUTTON,
    ), 400 if errors else 200
