"""The question-type registry: each kind parses form input, stores answers, and describes them.

Values kept in a draft are JSON: an option key, a list of keys, an int, or a string.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.surveys.content import LocalText, OptionView, QuestionView

TEXT_MAX_LENGTH = 2000


@dataclass(frozen=True)
class Parsed:
    value: object = None  # None means "not answered"
    error: str | None = None


@dataclass(frozen=True)
class AnswerRow:
    option_key: str | None = None
    number_value: float | None = None
    text_value: str | None = None


@dataclass(frozen=True)
class QuestionKind:
    name: str
    widget: str  # radio | checkbox | number | textarea
    parse: Callable[[QuestionView, list[str]], Parsed]
    rows: Callable[[QuestionView, object], list[AnswerRow]]
    options: Callable[[QuestionView], tuple[OptionView, ...]]
    label: object  # lazy string naming the kind for organisers


def _own_options(question: QuestionView) -> tuple[OptionView, ...]:
    return question.options


YES_NO_KEYS = ("yes", "no", "dont_know")


def _yes_no_options(_question: QuestionView) -> tuple[OptionView, ...]:
    labels = {"yes": _("Ja"), "no": _("Nein"), "dont_know": _("Weiß nicht")}
    return tuple(OptionView(key, LocalText(labels[key])) for key in YES_NO_KEYS)


def _missing(question: QuestionView, message: str) -> Parsed:
    return Parsed(None, message if question.required else None)


def _parse_single(options_of):
    def parse(question: QuestionView, raw: list[str]) -> Parsed:
        chosen = raw[0].strip() if raw else ""
        if not chosen:
            return _missing(question, _("Bitte wählen Sie eine Antwort aus."))
        if chosen not in {o.key for o in options_of(question)}:
            return Parsed(None, _("Bitte wählen Sie eine der angebotenen Antworten aus."))
        return Parsed(chosen)
    return parse


def _parse_multiple(question: QuestionView, raw: list[str]) -> Parsed:
    keys = {o.key for o in question.options}
    chosen = [value for value in dict.fromkeys(v.strip() for v in raw) if value]
    if not chosen:
        return _missing(question, _("Bitte wählen Sie mindestens eine Antwort aus."))
    if any(value not in keys for value in chosen):
        return Parsed(None, _("Bitte wählen Sie eine der angebotenen Antworten aus."))
    low, high = question.settings.get("min"), question.settings.get("max")
    if low and len(chosen) < low:
        return Parsed(chosen, _("Bitte wählen Sie mindestens %(n)d Antworten aus.", n=low))
    if high and len(chosen) > high:
        return Parsed(chosen, _("Bitte wählen Sie höchstens %(n)d Antworten aus.", n=high))
    ordered = [o.key for o in question.options if o.key in chosen]
    return Parsed(ordered)


def _parse_number(question: QuestionView, raw: list[str]) -> Parsed:
    text = (raw[0] if raw else "").strip().replace(" ", "")
    if not text:
        return _missing(question, _("Bitte geben Sie eine Zahl ein."))
    low = question.settings.get("min", 0)
    high = question.settings.get("max", 1000)
    try:
        number = int(text)
    except ValueError:
        return Parsed(None, _("Bitte geben Sie eine ganze Zahl ein, zum Beispiel 2."))
    if not low <= number <= high:
        return Parsed(None, _("Bitte geben Sie eine Zahl zwischen %(low)d und %(high)d ein.",
                              low=low, high=high))
    return Parsed(number)


def _parse_text(question: QuestionView, raw: list[str]) -> Parsed:
    text = (raw[0] if raw else "").strip().replace("\r\n", "\n")
    if not text:
        return _missing(question, _("Bitte geben Sie eine Antwort ein."))
    if len(text) > TEXT_MAX_LENGTH:
        return Parsed(None, _("Bitte kürzen Sie Ihre Antwort auf höchstens %(n)d Zeichen.",
                              n=TEXT_MAX_LENGTH))
    return Parsed(text)


def _key_rows(_question, value) -> list[AnswerRow]:
    return [AnswerRow(option_key=value)]


def _keys_rows(_question, value) -> list[AnswerRow]:
    return [AnswerRow(option_key=key) for key in value]


def _scale_rows(_question, value) -> list[AnswerRow]:
    return [AnswerRow(option_key=value, number_value=float(value))]


def _number_rows(_question, value) -> list[AnswerRow]:
    return [AnswerRow(number_value=float(value))]


def _text_rows(_question, value) -> list[AnswerRow]:
    return [AnswerRow(text_value=value)]


def _none(_question) -> tuple[OptionView, ...]:
    return ()


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
        QuestionKind("text", "textarea", _parse_text, _text_rows, _none, _l("Freitext")),
    )
}


def kind_of(question: QuestionView) -> QuestionKind:
    return KINDS[question.kind]


def describe(question: QuestionView, value) -> list[LocalText]:
    """The answer as the resident sees it on the check-your-answers page."""
    if value is None:
        return []
    kind = kind_of(question)
    if kind.widget in ("radio", "checkbox"):
        labels = {o.key: o.label for o in kind.options(question)}
        keys = value if isinstance(value, list) else [value]
        return [labels[key] for key in keys if key in labels]
    return [LocalText(str(value))]
