"""The question-type registry: each kind parses form input, stores answers, and describes them.

Values kept in a draft are JSON: an option key, a list of keys, an int, or a string. The
text typed for "other (please specify)" is kept beside the value under `other_key(key)`.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.surveys.content import LocalText, OptionView, QuestionView

TEXT_MAX_LENGTH = 2000
SHORT_TEXT_MAX_LENGTH = 200
FIELD = "answer"
OTHER_FIELD = "answer_other"
OTHER_KEY = "other"
OTHER_SUFFIX = "__other"  # a draft keeps the text of "other" under the question's key + this
PREFER_NOT_KEY = "prefer_not"
YES_NO_KEYS = ("yes", "no", "dont_know")
DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y")
NUMBER_DEFAULT_MIN = 0  # a number question without a range takes 0 … NUMBER_LIMIT
NUMBER_LIMIT = 1_000_000_000


@dataclass(frozen=True)
class Parsed:
    value: object = None  # None means "not answered"
    error: str | None = None
    other: str | None = None  # the text of "other (please specify)"
    field: str = FIELD  # which input the error belongs to


@dataclass(frozen=True)
class AnswerRow:
    option_key: str | None = None
    number_value: float | None = None
    text_value: str | None = None


@dataclass(frozen=True)
class QuestionKind:
    name: str
    widget: str  # radio | checkbox | number | text | textarea | date
    parse: Callable[[QuestionView, object], Parsed]  # (question, request form)
    rows: Callable[[QuestionView, object, str | None], list[AnswerRow]]
    options: Callable[[QuestionView], tuple[OptionView, ...]]
    label: object  # lazy string naming the kind for organisers


def other_key(question_key: str) -> str:
    return f"{question_key}{OTHER_SUFFIX}"


def extra_keys(settings: dict) -> tuple[str, ...]:
    """Built-in options a choice question may add: "other" and "prefer not to say"."""
    return tuple(key for key, wanted in ((OTHER_KEY, settings.get("other")),
                                         (PREFER_NOT_KEY, settings.get("prefer_not")))
                 if wanted)


# The built-in answers, translated when used (lazy strings: every page needs some of them).
BUILT_IN_LABELS = {
    OTHER_KEY: _l("Sonstiges (bitte angeben)"),
    PREFER_NOT_KEY: _l("Möchte ich nicht sagen"),
    "yes": _l("Ja"), "no": _l("Nein"), "dont_know": _l("Weiß nicht"),
}


def _built_in(key: str) -> OptionView:
    return OptionView(key, LocalText(str(BUILT_IN_LABELS[key])))


def _own_options(question: QuestionView) -> tuple[OptionView, ...]:
    extras = extra_keys(question.settings)
    if not extras:
        return question.options
    return question.options + tuple(_built_in(key) for key in extras)


def _yes_no_options(_question: QuestionView) -> tuple[OptionView, ...]:
    return tuple(_built_in(key) for key in YES_NO_KEYS)


def _none(_question) -> tuple[OptionView, ...]:
    return ()


def _missing(question: QuestionView, message: str) -> Parsed:
    return Parsed(None, message if question.required else None)


def clean_text(text: str | None) -> str:
    """Typed text without control characters (newlines and tabs stay), trimmed.

    A NUL byte cannot be stored in PostgreSQL, and no control character belongs in an
    answer: they are dropped rather than refused, so nothing readable is lost."""
    text = (text or "").replace("\r\n", "\n")
    if any(character < " " or "\x7f" <= character <= "\x9f" for character in text):
        text = "".join(character for character in text
                       if character in "\n\t" or unicodedata.category(character) != "Cc")
    return text.strip()


def _first(form) -> str:
    return clean_text(form.get(FIELD))


def _other_text(question: QuestionView, form, chosen: list[str]) -> tuple[str | None, str | None]:
    """(text, error) for "other (please specify)"; the text is needed when "other" is chosen."""
    if OTHER_KEY not in chosen:
        return None, None
    text = clean_text(form.get(OTHER_FIELD))
    if not text:
        return None, _("Bitte geben Sie an, was Sie mit „Sonstiges“ meinen.")
    if len(text) > SHORT_TEXT_MAX_LENGTH:
        return text, _("Bitte kürzen Sie Ihre Antwort auf höchstens %(n)d Zeichen.",
                       n=SHORT_TEXT_MAX_LENGTH)
    return text, None


def _parse_single(options_of):
    def parse(question: QuestionView, form) -> Parsed:
        chosen = _first(form)
        if not chosen:
            return _missing(question, _("Bitte wählen Sie eine Antwort aus."))
        if chosen not in {o.key for o in options_of(question)}:
            return Parsed(None, _("Bitte wählen Sie eine der angebotenen Antworten aus."))
        other, error = _other_text(question, form, [chosen])
        return Parsed(chosen, error, other, OTHER_FIELD if error else FIELD)
    return parse


def _parse_multiple(question: QuestionView, form) -> Parsed:
    keys = [o.key for o in _own_options(question)]
    chosen = [value for value in dict.fromkeys(clean_text(v) for v in form.getlist(FIELD))
              if value]
    if not chosen:
        return _missing(question, _("Bitte wählen Sie mindestens eine Antwort aus."))
    if any(value not in keys for value in chosen):
        return Parsed(None, _("Bitte wählen Sie eine der angebotenen Antworten aus."))
    ordered = [key for key in keys if key in chosen]
    if PREFER_NOT_KEY in ordered and len(ordered) > 1:
        return Parsed(ordered, _("Bitte wählen Sie „Möchte ich nicht sagen“ nur allein aus."))
    low, high = question.settings.get("min"), question.settings.get("max")
    if low and len(ordered) < low and PREFER_NOT_KEY not in ordered:
        return Parsed(ordered, _("Bitte wählen Sie mindestens %(n)d Antworten aus.", n=low))
    if high and len(ordered) > high:
        return Parsed(ordered, _("Bitte wählen Sie höchstens %(n)d Antworten aus.", n=high))
    other, error = _other_text(question, form, ordered)
    return Parsed(ordered, error, other, OTHER_FIELD if error else FIELD)


def _parse_number(question: QuestionView, form) -> Parsed:
    text = _first(form).replace(" ", "")
    if not text:
        return _missing(question, _("Bitte geben Sie eine Zahl ein."))
    low = question.settings.get("min", NUMBER_DEFAULT_MIN)
    high = question.settings.get("max", NUMBER_LIMIT)
    try:
        number = int(text)
    except ValueError:
        return Parsed(None, _("Bitte geben Sie eine ganze Zahl ein, zum Beispiel 2."))
    if not low <= number <= high:
        return Parsed(None, _("Bitte geben Sie eine Zahl zwischen %(low)d und %(high)d ein.",
                              low=low, high=high))
    return Parsed(number)


def _parse_text_up_to(limit: int):
    def parse(question: QuestionView, form) -> Parsed:
        text = _first(form)
        if not text:
            return _missing(question, _("Bitte geben Sie eine Antwort ein."))
        if len(text) > limit:
            return Parsed(None, _("Bitte kürzen Sie Ihre Antwort auf höchstens %(n)d Zeichen.",
                                  n=limit))
        return Parsed(text)
    return parse


def parse_date(text: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _parse_date(question: QuestionView, form) -> Parsed:
    text = _first(form).replace(" ", "")
    if not text:
        return _missing(question, _("Bitte geben Sie ein Datum ein."))
    day = parse_date(text)
    if day is None or not 1900 <= day.year <= 2100:
        return Parsed(None, _("Bitte geben Sie ein Datum wie 17.03.1948 ein."))
    return Parsed(day.isoformat())


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
    return [AnswerRow(number_value=float(value))]


def _text_rows(_question, value, _other) -> list[AnswerRow]:
    return [AnswerRow(text_value=value)]


KINDS: dict[str, QuestionKind] = {
    kind.name: kind
    for kind in (
        QuestionKind("single_choice", "radio", _parse_single(_own_options), _key_rows,
                     _own_options, _l("Einfachauswahl")),
        QuestionKind("multiple_choice", "checkbox", _parse_multiple, _keys_rows,
                     _own_options, _l("Mehrfachauswahl")),
        QuestionKind("scale", "radio", _parse_single(_own_options), _scale_rows,
                     _own_options, _l("Bewertungsskala")),
        QuestionKind("yes_no", "radio", _parse_single(_yes_no_options), _key_rows,
                     _yes_no_options, _l("Ja / Nein / Weiß nicht")),
        QuestionKind("number", "number", _parse_number, _number_rows, _none,
                     _l("Ganze Zahl")),
        QuestionKind("short_text", "text", _parse_text_up_to(SHORT_TEXT_MAX_LENGTH), _text_rows,
                     _none, _l("Kurzer Text")),
        QuestionKind("text", "textarea", _parse_text_up_to(TEXT_MAX_LENGTH), _text_rows, _none,
                     _l("Freitext")),
        QuestionKind("date", "date", _parse_date, _text_rows, _none, _l("Datum")),
    )
}
FREE_TEXT_KINDS = frozenset({"short_text", "text", "date"})


def kind_of(question: QuestionView) -> QuestionKind:
    return KINDS[question.kind]


def answer_keys(kind: str, settings: dict, option_keys: tuple[str, ...]) -> tuple[str, ...]:
    """Every option key a question's answers can hold (for counting in results)."""
    if kind == "yes_no":
        return YES_NO_KEYS
    if kind in ("single_choice", "multiple_choice", "scale"):
        return tuple(option_keys) + extra_keys(settings or {})
    return ()


def form_value(question: QuestionView, value):
    """A stored value as the form shows it again (dates as typed: 17.03.1948)."""
    if question.kind == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return value


def describe(question: QuestionView, value, other: str | None = None) -> list[LocalText]:
    """The answer as the resident sees it on the check-your-answers page."""
    if value is None:
        return []
    kind = kind_of(question)
    if kind.widget in ("radio", "checkbox"):
        labels = {o.key: o.label for o in kind.options(question)}
        if other:
            labels[OTHER_KEY] = LocalText(f"{labels[OTHER_KEY]}: {other}")
        keys = value if isinstance(value, list) else [value]
        return [labels[key] for key in keys if key in labels]
    if kind.name == "date":
        return [LocalText(date.fromisoformat(value).strftime("%d.%m.%Y"))]
    return [LocalText(str(value))]
