"""Paper input checked: the range of copies to print, and one keyed-in sheet.

A sheet may be incomplete, so nothing on it is required; each question is parsed by its
kind, as on the resident pages. `errors` map field ids to messages for the error summary.
"""

from dataclasses import dataclass, replace

from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.datastructures import MultiDict

from participation.surveys.conditions import visible_questions
from participation.surveys.content import QuestionnaireView, QuestionView
from participation.surveys.questions import (
    FIELD,
    OTHER_FIELD,
    OTHER_KEY,
    Parsed,
    kind_of,
    other_key,
)

MAX_COPIES = 200
# Bytes of copies on one print page: 200 copies of a 200-question import made a 312 MB
# page that no browser prints. 200 copies of the demo questionnaire take about 2 MB.
PRINT_PAGE_BUDGET = 8_000_000
MAX_SHEET_NUMBER = 999_999
SHEET_FIELD = "sheet"
QUARTIER_FIELD = "quartier"
LANGUAGE_FIELD = "sprache"


def _whole_number(raw: str) -> int | None:
    text = raw.replace(" ", "")
    return int(text) if text.isdigit() and text.isascii() else None


def copies_at_once(copy_size: int) -> int:
    """How many copies of a questionnaire one print page holds, by the bytes of one copy:
    at most MAX_COPIES, fewer for a long questionnaire, and always at least one."""
    return max(1, min(MAX_COPIES, PRINT_PAGE_BUDGET // max(copy_size, 1)))


def _too_many(most: int) -> str:
    if most < MAX_COPIES:
        return ngettext("Dieser Fragebogen ist sehr lang. Davon können Sie höchstens "
                        "%(num)d Bogen auf einmal drucken.",
                        "Dieser Fragebogen ist sehr lang. Davon können Sie höchstens "
                        "%(num)d Bögen auf einmal drucken.", most)
    return ngettext("Bitte drucken Sie höchstens %(num)d Bogen auf einmal.",
                    "Bitte drucken Sie höchstens %(num)d Bögen auf einmal.", most)


def print_range(raw_first: str, raw_last: str, errors: dict[str, str],
                most: int = MAX_COPIES) -> range:
    """The sheet numbers to print, at most `most` of them (empty when `errors` were found)."""
    first, last = _whole_number(raw_first), _whole_number(raw_last)
    if first is None or not 1 <= first <= MAX_SHEET_NUMBER:
        errors["von"] = _("Bitte geben Sie die erste Bogennummer als ganze Zahl ab 1 ein.")
    if last is None or not 1 <= last <= MAX_SHEET_NUMBER:
        errors["bis"] = _("Bitte geben Sie die letzte Bogennummer als ganze Zahl ab 1 ein.")
    elif first is not None and last < first:
        errors["bis"] = _("Die letzte Bogennummer muss mindestens so groß sein wie die erste.")
    elif first is not None and last - first + 1 > most:
        errors["bis"] = _too_many(most)
    return range(0) if errors else range(first, last + 1)


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


def entry_items(view: QuestionnaireView) -> list[EntryItem]:
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


def parse_sheet(form, quartiere: list[dict], languages: list[str], errors: dict) -> tuple:
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


def parse_answers(view: QuestionnaireView, items: list[EntryItem], form,
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
