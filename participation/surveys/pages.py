"""The pages a resident answers: one question, or a matrix (whole or in chunks), or a group
of number fields; a section's title and introduction above its first page.

A page is addressed by the position of its first question. Pages with one question use the
plain field names ("answer"); pages with several scope each question's fields by its id.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from participation.surveys.conditions import shown_entries
from participation.surveys.content import QuestionnaireView, QuestionView
from participation.surveys.questions import (
    CODE_FIELD,
    FIELD,
    MONTH_FIELD,
    OTHER_FIELD,
    OTHER_KEY,
    Parsed,
    form_code,
    form_value,
    kind_of,
    other_key,
)

SUFFIXES = {FIELD: "", OTHER_FIELD: "_other", CODE_FIELD: "_code", MONTH_FIELD: "_month"}


@dataclass(frozen=True)
class Page:
    key: str
    questions: tuple[QuestionView, ...]  # the answerable questions, in order
    header: QuestionView | None = None  # the matrix or number group they belong to
    section: QuestionView | None = None  # the section whose title and intro open this page
    in_section: QuestionView | None = None  # the section the page belongs to

    @property
    def position(self) -> int:
        return self.questions[0].position

    @property
    def single(self) -> bool:
        return len(self.questions) == 1 and self.header is None


def shown_pages(view: QuestionnaireView, answers: dict) -> list[Page]:
    """The pages this resident is shown, given their answers so far."""
    pages: list[Page] = []
    headers = {q.key: q for q in view.questions if q.kind in ("matrix", "number_group")}
    current_section = pending_section = None
    gathering: list[QuestionView] = []
    gathering_key = None

    def close():
        nonlocal pending_section
        if gathering:
            header = headers.get(gathering[0].settings.get("group"))
            pages.append(Page(gathering_key, tuple(gathering), header, pending_section,
                              current_section))
            pending_section = None

    for entry in shown_entries(view, answers):
        if entry.kind == "section":
            close()
            gathering, gathering_key = [], None
            current_section = pending_section = entry
            continue
        if not entry.answerable:
            continue
        if entry.page_key != gathering_key:
            close()
            gathering, gathering_key = [], entry.page_key
        gathering.append(entry)
    close()
    return pages


def page_of(pages: list[Page], position: int) -> Page | None:
    return next((page for page in pages
                 if any(q.position == position for q in page.questions)), None)


def field_name(page: Page, question: QuestionView, field: str = FIELD) -> str:
    """The name of one of a question's inputs on its page."""
    if page.single:
        return field
    return f"q{question.id}{SUFFIXES[field]}"


def question_form(form, page: Page, question: QuestionView) -> MultiDict:
    """The part of a page's form that belongs to one question, with the plain names its
    kind parses."""
    pairs = []
    for field in SUFFIXES:
        pairs.extend((field, value) for value in form.getlist(field_name(page, question, field)))
    return MultiDict(pairs)


def group_rule(header: QuestionView | None, questions) -> str | None:
    """What a number group's total must be, in words, before anyone types ("Zusammen
    mindestens 1."); `questions`: the questionnaire's, to name a compared question."""
    if header is None or header.kind != "number_group":
        return None
    low, high = header.settings.get("total_min"), header.settings.get("total_max")
    equals = header.settings.get("total_equals")
    compared = next((q for q in questions if equals and q.key == equals), None)
    if compared is not None:
        return _("Zusammen so viele wie bei Frage %(n)s.", n=compared.number)
    if low is not None and high is not None:
        return _("Zusammen mindestens %(low)d und höchstens %(high)d.", low=low, high=high)
    if low is not None:
        return _("Zusammen mindestens %(low)d.", low=low)
    if high is not None:
        return _("Zusammen höchstens %(high)d.", high=high)
    return None


def group_problem(header: QuestionView | None, parsed: dict[str, Parsed],
                  answers: dict) -> str | None:
    """A number group's check of its total, once each field is valid."""
    if header is None or header.kind != "number_group":
        return None
    numbers = [p.value for p in parsed.values() if isinstance(p.value, int)]
    if not numbers:
        return None
    total = sum(numbers)
    low, high = header.settings.get("total_min"), header.settings.get("total_max")
    if low is not None and total < low:
        return _("Zusammen ergeben Ihre Zahlen %(total)d. Es müssen mindestens %(low)d sein.",
                 total=total, low=low)
    if high is not None and total > high:
        return _("Zusammen ergeben Ihre Zahlen %(total)d. Es dürfen höchstens %(high)d sein.",
                 total=total, high=high)
    expected = answers.get(header.settings.get("total_equals") or "")
    if isinstance(expected, int) and not isinstance(expected, bool) and total != expected:
        return _("Zusammen ergeben Ihre Zahlen %(total)d. Sie hatten vorher %(expected)d "
                 "angegeben. Bitte prüfen Sie die Zahlen.", total=total, expected=expected)
    return None


@dataclass
class PageItem:
    """One question on a page: its field names, options and what is shown in them."""

    question: QuestionView
    name: str  # the name of its main input
    widget: str
    options: list[dict]
    codes: list[dict]  # "Weiß nicht" / "Möchte ich nicht sagen" beside a typed answer
    has_other: bool
    value: object = None
    other: str | None = None
    code: str | None = None
    error: str | None = None
    error_field: str = FIELD

    def error_for(self, field: str) -> str | None:
        return self.error if self.error_field == field else None


def _choices(options) -> list[dict]:
    return [{"value": o.key, "label": o.label.text, "lang": o.label.lang} for o in options]


def page_items(page: Page, answers: dict) -> list[PageItem]:
    """The page's questions with the answers saved in the draft."""
    items = []
    for question in page.questions:
        kind = kind_of(question)
        value = answers.get(question.key)
        options = kind.options(question)
        items.append(PageItem(
            question=question, name=field_name(page, question),
            widget="text" if kind.widget == "date" else kind.widget,
            options=[] if kind.typed else _choices(options),
            codes=_choices(options) if kind.typed else [],
            has_other=any(o.key == OTHER_KEY for o in options),
            value=form_value(question, value), other=answers.get(other_key(question.key)),
            code=form_code(question, value)))
    return items


@dataclass
class PageInput:
    parsed: dict[str, Parsed]  # by question key
    errors: dict[str, str]  # error-summary target → message
    group_error: str | None = None

    def valid(self) -> dict[str, Parsed]:
        return {key: parsed for key, parsed in self.parsed.items() if parsed.error is None}


def parse_page(page: Page, items: list[PageItem], form, answers: dict) -> PageInput:
    """Each question of the page parsed by its kind; what was sent is kept in `items` so
    the page shows it again with the messages."""
    result = PageInput({}, {})
    for item in items:
        question = item.question
        sub = question_form(form, page, question)
        parsed = kind_of(question).parse(question, sub)
        result.parsed[question.key] = parsed
        raw = sub.getlist(FIELD)
        item.value = raw if item.widget == "checkbox" else (raw[0] if raw else None)
        if item.widget == "month_year":
            item.value = {"year": sub.get(FIELD, ""), "month": sub.get(MONTH_FIELD, "")}
        item.other, item.code = sub.get(OTHER_FIELD), sub.get(CODE_FIELD)
        if parsed.error:
            item.error, item.error_field = parsed.error, parsed.field
            message = parsed.error if page.single else _(
                "%(question)s: %(message)s", question=question.label, message=parsed.error)
            result.errors[_error_target(page, item, parsed.field)] = message
    if not result.errors:
        result.group_error = group_problem(page.header, result.parsed, answers)
        if result.group_error:
            result.errors["group-error"] = result.group_error
    return result


def _error_target(page: Page, item: PageItem, field: str) -> str:
    name = field_name(page, item.question, field)
    if field == CODE_FIELD or (field == FIELD and item.widget in ("radio", "checkbox")):
        return f"{name}-1"
    return name
