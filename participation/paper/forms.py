"""Paper input checked: the range of copies to print, and one keyed-in sheet.

A sheet may be incomplete, so nothing on it is required. The whole sheet is one page of
the answering pages (surveys/pages.py), so every question is parsed by its kind as on the
resident pages, matrices and number groups included. `errors` map field ids to messages
for the error summary.
"""

from dataclasses import replace

from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.datastructures import MultiDict

from participation.paper.layout import Block, blocks
from participation.surveys.conditions import visible_questions
from participation.surveys.content import QuestionnaireView
from participation.surveys.pages import (
    Page,
    PageItem,
    field_name,
    page_items,
    parse_page,
    question_form,
)
from participation.surveys.questions import (
    BUILT_IN_LABELS,
    CODE_FIELD,
    FIELD,
    INVALID_KEY,
    OTHER_FIELD,
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


class SheetPage(Page):
    """A whole sheet keyed in on one page: every field is named by its question's id."""

    @property
    def single(self) -> bool:
        return False


def sheet_page(view: QuestionnaireView) -> SheetPage:
    """Every answerable question, none of them required: paper may be incomplete."""
    return SheetPage("paper", tuple(replace(question, required=False)
                                    for question in view.answerable))


def entry_items(page: SheetPage, answers: dict | None = None) -> list[PageItem]:
    """The sheet's items (with stored answers when a sheet is corrected); every one-answer
    question offers "several ticked / invalid" as its last choice."""
    items = page_items(page, answers or {})
    invalid = {"value": INVALID_KEY, "label": str(BUILT_IN_LABELS[INVALID_KEY]), "lang": None}
    for item in items:
        if _one_answer(item):
            item.options = [*item.options, invalid]
            if (answers or {}).get(item.question.key) == INVALID_KEY:
                item.value = INVALID_KEY
    return items


def _one_answer(item: PageItem) -> bool:
    return item.widget == "radio" and not kind_of(item.question).typed


def entry_blocks(view: QuestionnaireView, items: list[PageItem]) -> list[Block]:
    """The entry page's sections, questions, matrices and groups, with the sheet's items."""
    by_id = {item.question.id: item for item in items}
    return blocks(view, lambda question: by_id[question.id])


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


def _as_on_paper(item: PageItem, parsed: Parsed) -> Parsed:
    """"Other" ticked without the text written beside it is taken as it is on the sheet."""
    if parsed.error and parsed.field == OTHER_FIELD and not (item.other or "").strip():
        item.error, item.error_field = None, FIELD
        return Parsed(parsed.value)
    return parsed


def _error_target(page: SheetPage, item: PageItem) -> str:
    name = field_name(page, item.question, item.error_field)
    boxes = item.error_field == CODE_FIELD or (
        item.error_field == FIELD and item.widget in ("radio", "checkbox"))
    return f"{name}-1" if boxes else name


def parse_answers(view: QuestionnaireView, page: SheetPage, items: list[PageItem], form,
                  errors: dict) -> tuple[dict, list[str]]:
    """Draft-like answers of the shown questions; numbers of hidden ones that were filled.

    Values of every question are kept in `items` for redisplay; errors count only for
    shown questions. A number group's total is not checked: the sheet is stored as it is.
    """
    # "several ticked" is no option of the question: parsed aside, stored as its own key
    invalid = {item.name for item in items
               if _one_answer(item) and form.get(item.name) == INVALID_KEY}
    valid_form = MultiDict([(name, value) for name, value in form.items(multi=True)
                            if name not in invalid])
    parsed = parse_page(page, items, valid_form, {}).parsed
    answers = {}
    for item in items:
        key = item.question.key
        if item.name in invalid:
            parsed[key] = Parsed(INVALID_KEY)
            item.value = INVALID_KEY
        parsed[key] = _as_on_paper(item, parsed[key])
        if parsed[key].error is None and parsed[key].value is not None:
            answers[key] = parsed[key].value
            if parsed[key].other is not None:
                answers[other_key(key)] = parsed[key].other
    shown = {question.id for question in visible_questions(view, answers)}
    skipped = []
    for item in items:
        question = item.question
        if question.id not in shown:
            answers.pop(question.key, None)
            answers.pop(other_key(question.key), None)
            item.error = None
            sub = question_form(form, page, question)
            if any(value.strip() for _name, value in sub.items(multi=True)):
                skipped.append(question.number)
        elif item.error:
            errors[_error_target(page, item)] = _(
                "Frage %(n)s: %(message)s", n=question.number, message=item.error)
    return answers, skipped
