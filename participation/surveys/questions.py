"""The question-type registry: each kind parses form input, stores answers, and describes them.

Values kept in a draft are JSON: an option key, a list of keys, an int, or a string. The
text typed for "other (please specify)" is kept beside the value under `other_key(key)`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import has_app_context
from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from participation.i18n import current_lang
from participation.surveys import parsers
from participation.surveys.content import BUILT_IN_KEYS, LocalText, OptionView, QuestionView
from participation.surveys.parsers import (  # noqa: F401 (the kinds' names, used widely)
    CODE_FIELD,
    CODE_KEYS,
    DONT_KNOW_KEY,
    FIELD,
    MONTH_FIELD,
    NUMBER_LIMIT,
    OTHER_FIELD,
    OTHER_KEY,
    PREFER_NOT_KEY,
    SHORT_TEXT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Parsed,
    clean_text,
)

OTHER_SUFFIX = "__other"  # a draft keeps the text of "other" under the question's key + this
YES_NO_KEYS = ("yes", "no", "dont_know")
# A paper sheet with several boxes ticked where one was asked: stored so that results can
# tell it from "prefer not to say", and counted as not answered in every figure.
INVALID_KEY = "invalid"
parse_date = parsers.parse_date_text


@dataclass(frozen=True)
class AnswerRow:
    option_key: str | None = None
    number_value: float | None = None
    text_value: str | None = None


@dataclass(frozen=True)
class QuestionKind:
    name: str
    widget: str  # radio | checkbox | number | text | textarea | date | month_year
    parse: Callable[[QuestionView, object], Parsed]  # (question, the question's form)
    rows: Callable[[QuestionView, object, str | None], list[AnswerRow]]
    options: Callable[[QuestionView], tuple[OptionView, ...]]
    label: object  # lazy string naming the kind for organisers
    typed: bool = False  # typed in, with "Weiß nicht" / "Möchte ich nicht sagen" beside it


def other_key(question_key: str) -> str:
    return f"{question_key}{OTHER_SUFFIX}"


def extra_keys(settings: dict) -> tuple[str, ...]:
    """Built-in options a choice question may add: "other", "don't know", "prefer not"."""
    return tuple(key for key in (OTHER_KEY, DONT_KNOW_KEY, PREFER_NOT_KEY) if settings.get(key))


# The built-in answers, translated when used (lazy strings: every page needs some of them).
BUILT_IN_LABELS = {
    OTHER_KEY: _l("Sonstiges (bitte angeben)"),
    PREFER_NOT_KEY: _l("Möchte ich nicht sagen"),
    "yes": _l("Ja"), "no": _l("Nein"), DONT_KNOW_KEY: _l("Weiß nicht"),
    INVALID_KEY: _l("Ungültig (mehrfach angekreuzt)"),
}


_BUILT_IN_VIEWS: dict[tuple[str, str], OptionView] = {}


def built_in(key: str, question: QuestionView | None = None) -> OptionView:
    """A built-in answer in the page's language, or in the question's own wording of it.
    Translated once per language: a grid of ten rows asks for twenty of them on every
    request (catalogs do not change while a process runs, and every change of language
    goes through `current_lang`)."""
    own = next((o for o in question.labels if o.key == key), None) if question else None
    if own is not None:
        return own
    if not has_app_context():  # a pure function called on its own: German, not kept
        return OptionView(key, LocalText(str(BUILT_IN_LABELS[key])))
    lang = current_lang()
    found = _BUILT_IN_VIEWS.get((key, lang))
    if found is None:
        found = _BUILT_IN_VIEWS[(key, lang)] = OptionView(
            key, LocalText(str(BUILT_IN_LABELS[key])))
    return found


def _own_options(question: QuestionView) -> tuple[OptionView, ...]:
    extras = extra_keys(question.settings)
    if not extras:
        return question.options
    return question.options + tuple(built_in(key, question) for key in extras)


def _yes_no_options(question: QuestionView) -> tuple[OptionView, ...]:
    keys = YES_NO_KEYS + ((PREFER_NOT_KEY,) if question.settings.get(PREFER_NOT_KEY) else ())
    return tuple(built_in(key, question) for key in keys)


def code_options(question: QuestionView) -> tuple[OptionView, ...]:
    """The codes a typed answer offers beside its field."""
    return tuple(built_in(key, question) for key in parsers.codes_offered(question.settings))


def _typed(parse):
    def parse_or_code(question: QuestionView, form) -> Parsed:
        return parsers.typed_or_code(question, form, parse)
    return parse_or_code


def _key_rows(_question, value, other) -> list[AnswerRow]:
    return [AnswerRow(option_key=value, text_value=other if value == OTHER_KEY else None)]


def _keys_rows(_question, value, other) -> list[AnswerRow]:
    return [AnswerRow(option_key=key, text_value=other if key == OTHER_KEY else None)
            for key in value]


def _scale_rows(_question, value, other) -> list[AnswerRow]:
    """A step counts as its number; "prefer not to say" (and "other") as no number."""
    number = float(value) if value.lstrip("-").isdigit() else None
    return [AnswerRow(option_key=value, number_value=number,
                      text_value=other if value == OTHER_KEY else None)]


def _number_rows(_question, value, _other) -> list[AnswerRow]:
    if isinstance(value, str):  # an answer code
        return [AnswerRow(option_key=value)]
    return [AnswerRow(number_value=float(value))]


def _text_rows(_question, value, _other) -> list[AnswerRow]:
    if value in CODE_KEYS:
        return [AnswerRow(option_key=value)]
    return [AnswerRow(text_value=value)]


def _none(_question) -> tuple[OptionView, ...]:
    return ()


KINDS: dict[str, QuestionKind] = {
    kind.name: kind
    for kind in (
        QuestionKind("single_choice", "radio", parsers.single(_own_options), _key_rows,
                     _own_options, _l("Einfachauswahl")),
        QuestionKind("multiple_choice", "checkbox", parsers.multiple(_own_options), _keys_rows,
                     _own_options, _l("Mehrfachauswahl")),
        QuestionKind("scale", "radio", parsers.single(_own_options), _scale_rows,
                     _own_options, _l("Bewertungsskala")),
        QuestionKind("yes_no", "radio", parsers.single(_yes_no_options), _key_rows,
                     _yes_no_options, _l("Ja / Nein / Weiß nicht")),
        QuestionKind("number", "number", _typed(parsers.parse_number), _number_rows,
                     code_options, _l("Ganze Zahl"), typed=True),
        QuestionKind("age", "number", _typed(parsers.parse_age), _number_rows, code_options,
                     _l("Alter oder Geburtsjahr"), typed=True),
        QuestionKind("short_text", "text", parsers.parse_text_up_to(SHORT_TEXT_MAX_LENGTH),
                     _text_rows, _none, _l("Kurzer Text")),
        QuestionKind("text", "textarea", parsers.parse_text_up_to(TEXT_MAX_LENGTH), _text_rows,
                     _none, _l("Freitext")),
        QuestionKind("date", "date", _typed(parsers.parse_date), _text_rows, code_options,
                     _l("Datum"), typed=True),
        QuestionKind("month_year", "month_year", _typed(parsers.parse_month_year), _text_rows,
                     code_options, _l("Monat und Jahr"), typed=True),
    )
}
# Entries that structure a questionnaire and are not answered themselves (structure.py).
STRUCTURE_KINDS = {
    "section": _l("Abschnitt"),
    "matrix": _l("Matrix (mehrere Aussagen, eine Skala)"),
    "number_group": _l("Mehrere Zahlen auf einer Seite"),
    "score": _l("Punktwert (wird berechnet)"),
}
ALL_KINDS = (*KINDS, *STRUCTURE_KINDS)
FREE_TEXT_KINDS = frozenset({"short_text", "text", "date", "month_year"})
NUMBER_KINDS = frozenset({"number", "age", "score"})


def is_answerable(question) -> bool:
    return question.kind in KINDS


def kind_of(question: QuestionView) -> QuestionKind:
    return KINDS[question.kind]


def answer_keys(kind: str, settings: dict, option_keys: tuple[str, ...]) -> tuple[str, ...]:
    """Every option key a question's answers can hold (for counting in results): its
    options, the built-in answers it offers, and the codes beside a typed answer."""
    settings = settings or {}
    if kind == "yes_no":
        return YES_NO_KEYS + ((PREFER_NOT_KEY,) if settings.get(PREFER_NOT_KEY) else ())
    if kind in ("single_choice", "multiple_choice", "scale"):
        own = tuple(key for key in option_keys if key not in BUILT_IN_KEYS)  # not relabels
        return own + extra_keys(settings)
    if kind in KINDS and KINDS[kind].typed:
        return parsers.codes_offered(settings)
    return ()


def form_value(question: QuestionView, value):
    """A stored value as the form shows it again (dates as typed: 17.03.1948; a month as
    its two fields; a code as nothing typed — `form_code` shows the code)."""
    if isinstance(value, str) and value in CODE_KEYS and kind_of(question).typed:
        return None
    if question.kind == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    if question.kind == "month_year" and isinstance(value, str):
        year, _dash, month = value.partition("-")
        return {"year": year, "month": str(int(month)) if month.isdigit() else ""}
    return value


def form_code(question: QuestionView, value) -> str | None:
    """The code ticked beside a typed answer, if that is the answer."""
    if kind_of(question).typed and value in CODE_KEYS:
        return value
    return None


def describe(question: QuestionView, value, other: str | None = None) -> list[LocalText]:
    """The answer as the resident sees it on the check-your-answers page."""
    if value is None:
        return []
    kind = kind_of(question)
    if kind.typed and value in CODE_KEYS:
        return [built_in(value, question).label]
    if kind.widget in ("radio", "checkbox"):
        labels = {o.key: o.label for o in kind.options(question)}
        if other:
            labels[OTHER_KEY] = LocalText(f"{labels[OTHER_KEY]}: {other}")
        keys = value if isinstance(value, list) else [value]
        return [labels[key] for key in keys if key in labels]
    if kind.name == "date":
        return [LocalText(date.fromisoformat(value).strftime("%d.%m.%Y"))]
    if kind.name == "month_year":
        year, month = (int(part) for part in value.split("-"))
        return [LocalText(format_date(date(year, month, 1), "MMMM yyyy"))]
    return [LocalText(str(value))]
