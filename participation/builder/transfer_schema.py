"""The JSON Schema of a portable questionnaire file (version 1) and its messages for organisers.

The starter template `participation/questionnaire_template.json` is such a file:

    {"format": "participation-questionnaire", "version": 1, "slug": "...",
     "languages": ["de", "en"], "title": {"de": "..."}, "intro": {"de": "..."},
     "questions": [{"key": "...", "kind": "scale", "field": "housing", "required": true,
                    "settings": {...}, "text": {"de": "..."}, "hint": {"de": "..."},
                    "options": [["1", {"de": "1 – sehr unzufrieden"}], ...]}]}

Texts are plain text. Markup-looking text (`<` followed by a letter, `/`, `!` or `?`) is
rejected, not stored: everything is escaped when rendered anyway, but a questionnaire that
contains `<script>` is a hostile or broken file and the organiser should hear about it.
Identifiers and plain-text rules are `format` checks (Python's `$` would accept a trailing
newline), so the schema stays declarative and the checks are exact.
"""

import re
import unicodedata

from flask_babel import gettext as _
from jsonschema import Draft202012Validator, FormatChecker, validators

from participation.surveys.fields import FIELDS_OF_ACTION
from participation.surveys.questions import ALL_KINDS, NUMBER_LIMIT

FORMAT_NAME = "participation-questionnaire"
FORMAT_VERSION = 1
MAX_QUESTIONS = 200
MAX_OPTIONS = 100
MAX_LANGUAGES = 30
TITLE_MAX_LENGTH = 300
LABEL_MAX_LENGTH = 500
TEXT_MAX_LENGTH = 5000

KEY_RE = re.compile(r"[a-z][a-z0-9_]{0,79}")
# Option keys may start with a digit: scale options are keyed "1" … "5".
OPTION_KEY_RE = re.compile(r"[a-z0-9][a-z0-9_]{0,79}")
# A language with optional subtags, Leichte Sprache ("de-x-ls") among them, that fits the
# `lang` columns of the content tables (String(12) in surveys/models.py).
LANG_RE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8}){0,4}")
LANG_MAX_LENGTH = 12
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
MARKUP_RE = re.compile(r"<[A-Za-z/!?]")

format_checker = FormatChecker(formats=())


def has_bad_characters(text: str) -> bool:
    """Control characters other than newline and tab, or lone surrogates."""
    return any(unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t" for c in text)


@format_checker.checks("key")
def _is_key(value) -> bool:
    return not isinstance(value, str) or KEY_RE.fullmatch(value) is not None


@format_checker.checks("option-key")
def _is_option_key(value) -> bool:
    return not isinstance(value, str) or OPTION_KEY_RE.fullmatch(value) is not None


@format_checker.checks("lang")
def _is_lang(value) -> bool:
    return not isinstance(value, str) or (
        len(value) <= LANG_MAX_LENGTH and LANG_RE.fullmatch(value) is not None)


@format_checker.checks("slug")
def _is_slug(value) -> bool:
    return not isinstance(value, str) or SLUG_RE.fullmatch(value) is not None


@format_checker.checks("plain-text")
def _is_plain_text(value) -> bool:
    return not isinstance(value, str) or not (
        has_bad_characters(value) or MARKUP_RE.search(value))


def _texts(max_length: int, german_required: bool) -> dict:
    """A map language code → text; `german_required` also forbids blank texts."""
    text = {"type": "string", "maxLength": max_length, "format": "plain-text"}
    if german_required:
        text["pattern"] = r"\S"
    schema = {"type": "object", "maxProperties": MAX_LANGUAGES,
              "propertyNames": {"format": "lang"}, "additionalProperties": text}
    if german_required:
        schema["required"] = ["de"]
    return schema


_INTEGER = {"type": "integer", "minimum": -NUMBER_LIMIT, "maximum": NUMBER_LIMIT}
_OPTION_KEY = {"type": "string", "format": "option-key"}

_KEY = {"type": "string", "format": "key"}
_KEYS = {"type": "array", "minItems": 1, "maxItems": MAX_OPTIONS, "items": _KEY}
_NUMBER = {"type": "number", "minimum": -NUMBER_LIMIT, "maximum": NUMBER_LIMIT}
_ANSWER_VALUE = {"anyOf": [_OPTION_KEY, _INTEGER]}
_COMPARISONS = ("lt", "le", "gt", "ge")


def _leaf(operator: str, value: dict) -> dict:
    return {"type": "object", "additionalProperties": False,
            "required": ["question", operator],
            "properties": {"question": _KEY, operator: value}}


# A condition (surveys/conditions.py): a leaf on one earlier question, or all / any / not.
CONDITION = {
    "$defs": {"condition": {"oneOf": [
        _leaf("any_of", {"type": "array", "minItems": 1, "maxItems": MAX_OPTIONS,
                         "items": _OPTION_KEY}),
        _leaf("none_of", {"type": "array", "minItems": 1, "maxItems": MAX_OPTIONS,
                          "items": _OPTION_KEY}),
        _leaf("equals", _ANSWER_VALUE),
        _leaf("not_equals", _ANSWER_VALUE),
        _leaf("answered", {"type": "boolean"}),
        *(_leaf(name, _NUMBER) for name in _COMPARISONS),
        *({"type": "object", "additionalProperties": False, "required": [name],
           "properties": {name: {"type": "array", "minItems": 1, "maxItems": 50,
                                 "items": {"$ref": "#/$defs/condition"}}}}
          for name in ("all", "any")),
        {"type": "object", "additionalProperties": False, "required": ["not"],
         "properties": {"not": {"$ref": "#/$defs/condition"}}},
    ]}},
}
_CONDITION_REF = {"$ref": "#/$defs/condition"}

SETTINGS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "min": _INTEGER,
        "max": _INTEGER,
        "other": {"type": "boolean"},
        "prefer_not": {"type": "boolean"},
        "dont_know": {"type": "boolean"},
        "sensitive": {"type": "boolean"},
        "exclusive": {"type": "array", "minItems": 1, "maxItems": MAX_OPTIONS,
                      "items": _OPTION_KEY},
        "bands": {"type": "array", "minItems": 1, "maxItems": 20, "items": _INTEGER},
        "ask": {"enum": ["age", "year"]},
        "group": _KEY,
        "answer": {"enum": ["scale", "single_choice"]},
        "chunk": {"type": "integer", "minimum": 1, "maximum": MAX_QUESTIONS},
        "total_min": _INTEGER,
        "total_max": _INTEGER,
        "total_equals": _KEY,
        "items": _KEYS,
        "reversed": _KEYS,
        "method": {"enum": ["sum", "mean"]},
        "factor": {"type": "number", "minimum": -1000, "maximum": 1000},
        "min_answered": {"type": "integer", "minimum": 1, "maximum": MAX_QUESTIONS},
        "show_if": _CONDITION_REF,
        "end_if": _CONDITION_REF,
    },
}

QUESTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "kind", "text"],
    "properties": {
        "key": {"type": "string", "format": "key"},
        "kind": {"enum": sorted(ALL_KINDS)},
        "field": {"enum": [*FIELDS_OF_ACTION, None]},
        "required": {"type": "boolean"},
        "settings": SETTINGS,
        "text": _texts(TEXT_MAX_LENGTH, german_required=True),
        "hint": _texts(TEXT_MAX_LENGTH, german_required=False),
        "options": {
            "type": "array",
            "maxItems": MAX_OPTIONS,
            "items": {"type": "array", "minItems": 2, "maxItems": 2,
                      "prefixItems": [_OPTION_KEY, _texts(LABEL_MAX_LENGTH, True)]},
        },
    },
}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": CONDITION["$defs"],
    "title": "Questionnaire (participation platform), version 1",
    "type": "object",
    "additionalProperties": False,
    "required": ["format", "version", "slug", "languages", "title", "questions"],
    "properties": {
        "format": {"const": FORMAT_NAME},
        "version": {"type": "integer", "const": FORMAT_VERSION},
        "slug": {"type": "string", "format": "slug"},
        "languages": {"type": "array", "minItems": 1, "maxItems": MAX_LANGUAGES,
                      "items": {"type": "string", "format": "lang"}},
        "title": _texts(TITLE_MAX_LENGTH, german_required=True),
        "intro": _texts(TEXT_MAX_LENGTH, german_required=False),
        "questions": {"type": "array", "maxItems": MAX_QUESTIONS, "items": QUESTION},
    },
}


def _strict_integer(_checker, instance) -> bool:
    # JSON Schema counts 2.0 as an integer; a questionnaire file should not.
    return isinstance(instance, int) and not isinstance(instance, bool)


_Validator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _strict_integer),
)
validator = _Validator(SCHEMA, format_checker=format_checker)


def path_text(path) -> str:
    """`questions[2].text.de` for the deque ("questions", 2, "text", "de")."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def shown(value, limit: int = 40) -> str:
    """A value from the file, made safe to show: short, without control characters."""
    text = value if isinstance(value, str) else repr(value)
    text = "".join("\ufffd" if has_bad_characters(c) else c for c in text[:limit + 1])
    return text if len(text) <= limit else text[:limit] + "…"


def at(path: str, message: str) -> str:
    return f"{path}: {message}" if path else message


def _type_names(types) -> str:
    names = {
        "string": _("ein Text in Anführungszeichen"),
        "integer": _("eine ganze Zahl"),
        "boolean": _("true oder false"),
        "object": _("ein Objekt mit geschweiften Klammern { }"),
        "array": _("eine Liste mit eckigen Klammern [ ]"),
        "null": "null",
    }
    types = [types] if isinstance(types, str) else list(types)
    return " / ".join(str(names.get(t, t)) for t in types)


def _format_message(name: str, value) -> str:
    if name == "plain-text":
        if isinstance(value, str) and MARKUP_RE.search(value):
            return _("Der Text enthält HTML-Auszeichnungen wie „<script>“ oder „<b>“. "
                     "Bitte verwenden Sie nur reinen Text.")
        return _("Der Text enthält unzulässige Steuerzeichen.")
    if name == "lang":
        return _("„%(value)s“ ist kein gültiger Sprachcode (zum Beispiel de, en oder tr).",
                 value=shown(value))
    if name == "slug":
        return _("„%(value)s“ ist keine gültige Kurzbezeichnung (Kleinbuchstaben, Ziffern und "
                 "Bindestriche, höchstens 80 Zeichen).", value=shown(value))
    return _("„%(value)s“ ist kein gültiger Schlüssel (Kleinbuchstaben, Ziffern und _, "
             "höchstens 80 Zeichen).", value=shown(value))


def schema_message(error) -> str:
    """One translated message for a jsonschema ValidationError, prefixed with its path."""
    path = path_text(error.absolute_path)
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "const" and path == "format":
        return _("Die Datei ist kein Fragebogen-Export dieser Plattform.")
    if kind in ("const", "type") and path == "version":
        return _("Diese Version des Dateiformats wird nicht unterstützt (erwartet: %(n)d).",
                 n=FORMAT_VERSION)
    if kind == "type":
        message = _("Erwartet wird %(expected)s.", expected=_type_names(expected))
    elif kind == "required":
        missing = ", ".join(f"„{name}“" for name in expected if name not in value)
        message = _("Es fehlt die Angabe %(names)s.", names=missing)
    elif kind == "additionalProperties":
        known = error.schema.get("properties", {})
        unknown = ", ".join(f"„{shown(name)}“" for name in value if name not in known)
        message = _("Unbekannte Angabe %(names)s.", names=unknown)
    elif kind == "enum":
        allowed = ", ".join("null" if item is None else str(item) for item in expected)
        message = _("„%(value)s“ ist nicht erlaubt. Erlaubt sind: %(allowed)s.",
                    value=shown(value), allowed=allowed)
    elif kind == "format":
        message = _format_message(expected, value)
    elif kind == "pattern":
        message = _("Der Text darf nicht leer sein.")
    elif kind == "maxLength":
        message = _("Der Text ist zu lang (höchstens %(n)d Zeichen).", n=expected)
    elif kind in ("maxItems", "maxProperties"):
        message = _("Zu viele Einträge (höchstens %(n)d).", n=expected)
    elif kind == "minItems":
        message = _("Zu wenige Einträge (mindestens %(n)d).", n=expected)
    elif kind in ("oneOf", "anyOf") and "condition" in path.rsplit(".", 1)[-1] + "show_if end_if":
        message = _("Die Bedingung ist ungültig. Erwartet wird zum Beispiel "
                    "{\"question\": \"schluessel\", \"any_of\": [\"antwort\"]} oder eine "
                    "Verknüpfung mit „all“, „any“ oder „not“.")
    elif kind == "minimum":
        message = _("Die Zahl muss mindestens %(n)d sein.", n=expected)
    elif kind == "maximum":
        message = _("Die Zahl darf höchstens %(n)d sein.", n=expected)
    else:
        message = _("Der Wert ist ungültig.")
    return at(path, message)
