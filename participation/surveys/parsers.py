"""Form input of one question, parsed by its kind into a draft value or a message.

`form` is the part of the request form that belongs to one question, with the names
FIELD, OTHER_FIELD, CODE_FIELD and MONTH_FIELD (surveys/pages.py scopes a page's form).
Answer codes ("Weiß nicht", "Möchte ich nicht sagen") are stored as their keys.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _

from participation.clock import local_today
from participation.surveys.content import QuestionView

TEXT_MAX_LENGTH = 2000
SHORT_TEXT_MAX_LENGTH = 200
FIELD = "answer"
OTHER_FIELD = "answer_other"
CODE_FIELD = "answer_code"  # "Weiß nicht" / "Möchte ich nicht sagen" beside a typed answer
MONTH_FIELD = "answer_month"
OTHER_KEY = "other"
PREFER_NOT_KEY = "prefer_not"
DONT_KNOW_KEY = "dont_know"
CODE_KEYS = (DONT_KNOW_KEY, PREFER_NOT_KEY)
DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y")
NUMBER_LIMIT = 1_000_000_000  # what a number column holds exactly; not a range for residents
OLDEST_AGE = 120


@dataclass(frozen=True)
class Parsed:
    value: object = None  # None means "not answered"
    error: str | None = None
    other: str | None = None  # the text of "other (please specify)"
    field: str = FIELD  # which input the error belongs to


def clean_text(text: str | None) -> str:
    """Typed text without control characters (newlines and tabs stay), trimmed.

    A NUL byte cannot be stored in PostgreSQL, and no control character belongs in an
    answer: they are dropped rather than refused, so nothing readable is lost."""
    text = (text or "").replace("\r\n", "\n")
    if any(character < " " or "\x7f" <= character <= "\x9f" for character in text):
        text = "".join(character for character in text
                       if character in "\n\t" or unicodedata.category(character) != "Cc")
    return text.strip()


def first(form, name: str = FIELD) -> str:
    return clean_text(form.get(name))


def missing(question: QuestionView, message: str) -> Parsed:
    return Parsed(None, message if question.required else None)


def codes_offered(settings: dict) -> tuple[str, ...]:
    return tuple(key for key in CODE_KEYS if settings.get(key))


def typed_or_code(question: QuestionView, form, parse_typed) -> Parsed:
    """A typed answer, or one of the codes ticked beside it (never both)."""
    ticked = [value for value in dict.fromkeys(clean_text(v) for v in form.getlist(CODE_FIELD))
              if value]
    if not ticked:
        return parse_typed(question, form)
    if len(ticked) > 1 or ticked[0] not in codes_offered(question.settings):
        return Parsed(None, _("Bitte kreuzen Sie höchstens eines der Kästchen an."),
                      field=CODE_FIELD)
    if first(form) or first(form, MONTH_FIELD):
        return Parsed(None, _("Bitte geben Sie entweder eine Antwort ein oder kreuzen Sie "
                              "das Kästchen an, nicht beides."), field=CODE_FIELD)
    return Parsed(ticked[0])


def _other_text(form, chosen: list[str]) -> tuple[str | None, str | None]:
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


def single(options_of):
    def parse(question: QuestionView, form) -> Parsed:
        chosen = first(form)
        if not chosen:
            return missing(question, _("Bitte wählen Sie eine Antwort aus."))
        if chosen not in {o.key for o in options_of(question)}:
            return Parsed(None, _("Bitte wählen Sie eine der angebotenen Antworten aus."))
        other, error = _other_text(form, [chosen])
        return Parsed(chosen, error, other, OTHER_FIELD if error else FIELD)
    return parse


def multiple(options_of):
    def parse(question: QuestionView, form) -> Parsed:
        options = options_of(question)
        keys = [o.key for o in options]
        chosen = [value for value in dict.fromkeys(clean_text(v) for v in form.getlist(FIELD))
                  if value]
        if not chosen:
            return missing(question, _("Bitte wählen Sie mindestens eine Antwort aus."))
        if any(value not in keys for value in chosen):
            return Parsed(None, _("Bitte wählen Sie eine der angebotenen Antworten aus."))
        ordered = [key for key in keys if key in chosen]
        alone = set(question.settings.get("exclusive", ())) | set(CODE_KEYS)
        lonely = next((key for key in ordered if key in alone), None)
        if lonely is not None and len(ordered) > 1:
            label = next(o.label.text for o in options if o.key == lonely)
            return Parsed(ordered, _("Bitte wählen Sie „%(answer)s“ nur allein aus.",
                                     answer=label))
        low, high = question.settings.get("min"), question.settings.get("max")
        if low and len(ordered) < low and lonely is None:
            return Parsed(ordered, _("Bitte wählen Sie mindestens %(n)d Antworten aus.", n=low))
        if high and len(ordered) > high:
            return Parsed(ordered, _("Bitte wählen Sie höchstens %(n)d Antworten aus.", n=high))
        other, error = _other_text(form, ordered)
        return Parsed(ordered, error, other, OTHER_FIELD if error else FIELD)
    return parse


def whole_number(text: str) -> int | None:
    """An integer typed with ASCII digits (Unicode digits and "1e3" are not numbers here)."""
    text = text.replace(" ", "").replace("\u2212", "-")
    digits = text[1:] if text[:1] in "+-" else text
    if not digits or not digits.isascii() or not digits.isdigit() or len(digits) > 10:
        return None
    return int(text)


def number_range(settings: dict) -> tuple[int | None, int | None]:
    return settings.get("min"), settings.get("max")


def range_message(low: int | None, high: int | None) -> str | None:
    if low is not None and high is not None:
        return _("Bitte geben Sie eine Zahl zwischen %(low)d und %(high)d ein.",
                 low=low, high=high)
    if low is not None:
        return _("Bitte geben Sie eine Zahl ab %(low)d ein.", low=low)
    if high is not None:
        return _("Bitte geben Sie eine Zahl bis höchstens %(high)d ein.", high=high)
    return None


def parse_number(question: QuestionView, form) -> Parsed:
    text = first(form)
    if not text:
        return missing(question, _("Bitte geben Sie eine Zahl ein."))
    number = whole_number(text)
    if number is None or abs(number) > NUMBER_LIMIT:
        return Parsed(None, _("Bitte geben Sie eine ganze Zahl ein, zum Beispiel 2."))
    low, high = number_range(question.settings)
    if (low is not None and number < low) or (high is not None and number > high):
        return Parsed(None, range_message(low, high))
    return Parsed(number)


def age_range(settings: dict, today: date | None = None) -> tuple[int, int]:
    """What an age question accepts: a year of birth, or an age in years."""
    if settings.get("ask") == "year":
        year = (today or local_today()).year
        return year - OLDEST_AGE, year
    return 0, OLDEST_AGE


def parse_age(question: QuestionView, form) -> Parsed:
    asks_year = question.settings.get("ask") == "year"
    text = first(form)
    if not text:
        return missing(question, _("Bitte geben Sie Ihr Geburtsjahr ein.") if asks_year
                       else _("Bitte geben Sie Ihr Alter in Jahren ein."))
    number = whole_number(text)
    low, high = age_range(question.settings)
    if number is None or not low <= number <= high:
        if asks_year:
            return Parsed(None, _("Bitte geben Sie Ihr Geburtsjahr mit vier Ziffern ein, "
                                  "zum Beispiel 1948."))
        return Parsed(None, _("Bitte geben Sie Ihr Alter als Zahl ein, zum Beispiel 78."))
    return Parsed(number)


def age_in_years(question: QuestionView, value, today: date | None = None) -> int | None:
    """The age an age question's answer gives (a year of birth counts as this year's age)."""
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    if question.settings.get("ask") == "year":
        return (today or local_today()).year - value
    return value


def parse_text_up_to(limit: int):
    def parse(question: QuestionView, form) -> Parsed:
        text = first(form)
        if not text:
            return missing(question, _("Bitte geben Sie eine Antwort ein."))
        if len(text) > limit:
            return Parsed(None, _("Bitte kürzen Sie Ihre Antwort auf höchstens %(n)d Zeichen.",
                                  n=limit))
        return Parsed(text)
    return parse


def parse_date_text(text: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_date(question: QuestionView, form) -> Parsed:
    text = first(form).replace(" ", "")
    if not text:
        return missing(question, _("Bitte geben Sie ein Datum ein."))
    day = parse_date_text(text)
    if day is None or not 1900 <= day.year <= 2100:
        return Parsed(None, _("Bitte geben Sie ein Datum wie 17.03.1948 ein."))
    return Parsed(day.isoformat())


def parse_month_year(question: QuestionView, form) -> Parsed:
    month_text, year_text = first(form, MONTH_FIELD), first(form)
    if not month_text and not year_text:
        return missing(question, _("Bitte wählen Sie den Monat und geben Sie das Jahr ein."))
    month = whole_number(month_text) if month_text else None
    if month is None or not 1 <= month <= 12:
        return Parsed(None, _("Bitte wählen Sie den Monat aus."), field=MONTH_FIELD)
    year = whole_number(year_text) if year_text else None
    low = question.settings.get("min", 1900)
    high = question.settings.get("max", 2100)
    if year is None or not low <= year <= high:
        return Parsed(None, _("Bitte geben Sie das Jahr mit vier Ziffern zwischen %(low)d und "
                              "%(high)d ein.", low=low, high=high))
    return Parsed(f"{year:04d}-{month:02d}")
