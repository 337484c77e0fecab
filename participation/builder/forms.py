"""Form input of the questionnaire builder, parsed and checked (no database access): the new
questionnaire, its settings and its translations. Questions are parsed in question_forms.py.

Each `parse_*` returns (data or None, errors, values): `errors` maps the id of the field to
its message (for the error summary), `values` is what the page shows again.
Texts follow the rules of the portable format (transfer_schema.py): plain text, same limits,
same key patterns, so every questionnaire built here can be exported and imported again.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from participation.builder.transfer_schema import (
    LABEL_MAX_LENGTH,
    MARKUP_RE,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    has_bad_characters,
)
from participation.surveys.questions import parse_date

START_BLANK, START_TEMPLATE = "leer", "vorlage"


@dataclass
class SettingsInput:
    title: str
    intro: str
    opens_on: date | None
    closes_on: date | None
    languages: list[str]
    quartier_ids: list[int]


def clean(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def text_problem(text: str, limit: int, missing: str | None = None) -> str | None:
    """Why `text` cannot be stored, or None; `missing` is the message for an empty text."""
    if not text:
        return missing
    if len(text) > limit:
        return _("Bitte kürzen Sie den Text auf höchstens %(n)d Zeichen.", n=limit)
    if MARKUP_RE.search(text):
        return _("Bitte verwenden Sie nur reinen Text, ohne HTML-Auszeichnungen wie „<b>“.")
    if has_bad_characters(text):
        return _("Der Text enthält unzulässige Steuerzeichen.")
    return None


def make_key(text: str, taken, fallback: str, limit: int = 40) -> str:
    """A key from a text ("Täglich" → "taeglich"), unique among `taken`."""
    lowered = text.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")[:limit].strip("_") or fallback
    if not key[0].isalpha():
        key = f"{fallback}_{key}"
    candidate, number = key, 2
    while candidate in taken:
        candidate, number = f"{key}_{number}", number + 1
    return candidate


def format_day(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


# --- create -----------------------------------------------------------------------------------


def parse_create(form, municipality_choices: list[dict] | None):
    values = {"start": form.get("start", ""), "title": clean(form.get("title")),
              "municipality": form.get("municipality", "")}
    errors = {}
    municipality_id = None
    if municipality_choices is not None:
        if values["municipality"] in {c["value"] for c in municipality_choices}:
            municipality_id = int(values["municipality"])
        else:
            errors["municipality-1"] = _("Bitte wählen Sie die Gemeinde aus.")
    if values["start"] not in (START_BLANK, START_TEMPLATE):
        errors["start-1"] = _("Bitte wählen Sie aus, womit Sie beginnen.")
    missing = _("Bitte geben Sie einen Titel ein.") if values["start"] == START_BLANK else None
    problem = text_problem(values["title"], TITLE_MAX_LENGTH, missing)
    if problem:
        errors["title"] = problem
    data = None if errors else (municipality_id, values["start"], values["title"])
    return data, errors, values


# --- settings ---------------------------------------------------------------------------------


def settings_values(texts: dict, questionnaire, quartier_ids) -> dict:
    german = texts.get("de")
    return {
        "title": german.title if german else "", "intro": german.intro if german else "",
        "opens_on": format_day(questionnaire.opens_on),
        "closes_on": format_day(questionnaire.closes_on),
        "languages": [lang for lang in questionnaire.languages or () if lang != "de"],
        "quartiere": [str(i) for i in quartier_ids],
    }


def _day(values: dict, errors: dict, name: str) -> date | None:
    if not values[name]:
        return None
    day = parse_date(values[name].replace(" ", ""))
    if day is None or not 2000 <= day.year <= 2100:
        errors[name] = _("Bitte geben Sie ein Datum wie 01.03.2027 ein.")
        return None
    return day


def parse_settings(form, language_codes, quartier_choices: list[dict]):
    values = {
        "title": clean(form.get("title")), "intro": clean(form.get("intro")),
        "opens_on": clean(form.get("opens_on")), "closes_on": clean(form.get("closes_on")),
        "languages": [v for v in form.getlist("languages") if v in language_codes],
        "quartiere": [v for v in form.getlist("quartiere")
                      if v in {c["value"] for c in quartier_choices}],
    }
    errors = {}
    for name, limit, missing in (("title", TITLE_MAX_LENGTH, _("Bitte geben Sie einen Titel ein.")),
                                 ("intro", TEXT_MAX_LENGTH, None)):
        problem = text_problem(values[name], limit, missing)
        if problem:
            errors[name] = problem
    opens_on, closes_on = _day(values, errors, "opens_on"), _day(values, errors, "closes_on")
    if opens_on and closes_on and closes_on < opens_on:
        errors["closes_on"] = _("Das Ende darf nicht vor dem Beginn liegen.")
    if errors:
        return None, errors, values
    languages = ["de"] + [lang for lang in language_codes if lang in values["languages"]]
    return SettingsInput(values["title"], values["intro"], opens_on, closes_on,
                         languages, [int(v) for v in values["quartiere"]]), errors, values


# --- translations -----------------------------------------------------------------------------

LIMITS = {"title": TITLE_MAX_LENGTH, "option": LABEL_MAX_LENGTH}


def parse_translations(form, translatables):
    """{field: text} for every translatable text; a hint or intro needs its main text too."""
    values = {t.field: clean(form.get(t.field)) for t in translatables}
    errors = {}
    for item in translatables:
        problem = text_problem(values[item.field], LIMITS.get(item.part, TEXT_MAX_LENGTH))
        if problem:
            errors[item.field] = problem
    for item in translatables:
        if item.part == "intro" and values[item.field] and not values.get("title"):
            errors.setdefault("title", _("Bitte übersetzen Sie auch den Titel, wenn Sie die "
                                         "Einleitung übersetzen."))
        main = f"q{item.owner_id}-text"
        if item.part == "hint" and values[item.field] and not values.get(main):
            errors.setdefault(main, _("Bitte übersetzen Sie auch die Frage, wenn Sie ihren "
                                      "Hinweis übersetzen."))
    return (None if errors else values), errors, values
