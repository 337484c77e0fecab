"""LimeSurvey question types as entries of a portable document (see limesurvey.py).

Each `add_*` receives the conversion (texts, keys, conditions, report) and one LimeSurvey
question, appends its entries, and then registers the variables later conditions may use;
a question's own condition is resolved first, so it can never refer to itself.
"""

import re
import unicodedata

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.builder.limesurvey_conditions import Variable, is_always
from participation.surveys.questions import NUMBER_LIMIT

LABEL_MAX = 500
TEXT_MAX = 5000
HEADLINE_MAX = 120  # a section title made from the first words of a text display
RESERVED_OPTIONS = {"other", "prefer_not", "dont_know"}
SCALE_STEPS_MAX = 11
UNSUPPORTED = {
    "*": _l("Gleichung"), "R": _l("Rangfolge"), "|": _l("Datei-Upload"),
    "1": _l("Matrix mit zwei Skalen"), ":": _l("Matrix mit Zahlen"),
    ";": _l("Matrix mit Texten"),
}
# Built-in answer sets of LimeSurvey types: code → (German, English) labels
GENDER = {"F": ("Weiblich", "Female"), "M": ("Männlich", "Male")}
YES_UNCERTAIN_NO = {"Y": ("Ja", "Yes"), "U": ("Unsicher", "Uncertain"), "N": ("Nein", "No")}
MORE_SAME_LESS = {"I": ("Mehr", "Increase"), "S": ("Gleich", "Same"),
                  "D": ("Weniger", "Decrease")}


def _fixed(conversion, labels: dict[str, tuple[str, str]]) -> list[tuple[str, dict]]:
    """Built-in labels in German (also for Leichte Sprache) and English, keyed like the
    file's texts (by LimeSurvey language); other languages show the German label."""
    wanted = {"de": 0, "de-x-ls": 0, "en": 1}
    return [(code, {lang: pair[wanted[ours]] for lang, ours in conversion.languages.items()
                    if ours in wanted}) for code, pair in labels.items()]


def _numbered(conversion, first: int, last: int) -> list[tuple[str, dict]]:
    return [(str(n), dict.fromkeys(conversion.languages, str(n)))
            for n in range(first, last + 1)]


def add(conversion, item: dict) -> None:
    kind = item["type"]
    handler = HANDLERS.get(kind)
    if handler is None:
        name = UNSUPPORTED.get(kind) or kind
        conversion.say(_("Frage „%(code)s“ (Typ „%(type)s“): Diese Fragenart wird nicht "
                         "unterstützt und wurde weggelassen.", code=item["code"], type=name))
        return
    _notes(conversion, item)
    handler(conversion, item)


def _notes(conversion, item: dict) -> None:
    code, attributes = item["code"], conversion.survey.attributes.get(item["qid"], {})
    if item["preg"] or attributes.get("em_validation_q"):
        conversion.say(_("Die Eingabeprüfung von „%(code)s“ wird nicht übernommen.", code=code))
    if attributes.get("array_filter") or attributes.get("array_filter_exclude"):
        conversion.say(_("Der Antwortfilter (array_filter) von „%(code)s“ wird nicht "
                         "übernommen; alle Zeilen werden gezeigt.", code=code))
    if attributes.get("hidden") == "1":
        conversion.say(_("Frage „%(code)s“ ist in LimeSurvey versteckt; hier wird sie gezeigt.",
                         code=code))
    if item["mandatory"] == "S":
        conversion.say(_("Frage „%(code)s“: Die weiche Pflicht wird als freiwillige Frage "
                         "übernommen.", code=code))


def _entry(conversion, item: dict, kind: str, key: str, **parts) -> dict:
    """An entry with the question's texts and condition; `parts` override or add."""
    texts = item["texts"]
    entry = {"key": key, "kind": kind, "field": None, "required": item["mandatory"] == "Y",
             "text": conversion.texts({lang: t[0] for lang, t in texts.items()},
                                      fallback=item["code"], code=item["code"]),
             "hint": conversion.texts({lang: t[1] for lang, t in texts.items()},
                                      required=False, code=item["code"])}
    condition = conversion.condition(item["relevance"],
                                     conversion.survey.legacy_conditions.get(item["qid"]),
                                     item["code"])
    entry["settings"] = {"show_if": condition} if condition else {}
    entry.update(parts)
    return entry


def ascii_lower(text: str) -> str:
    """Lower case ASCII, German umlauts spelt out (ä → ae), other accents dropped."""
    text = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss")).replace("\u0308", "e")
    return text.encode("ascii", "ignore").decode()


def _option_key(code: str, taken: set[str]) -> str:
    key = re.sub(r"[^a-z0-9_]", "_", ascii_lower(code)).strip("_")[:72] or "a"
    candidate, number = key, 1
    while candidate in taken or candidate in RESERVED_OPTIONS:
        number += 1
        candidate = f"{key}_{number}"
    taken.add(candidate)
    return candidate


def _options(conversion, labelled: list[tuple[str, dict]]) -> tuple[list, dict[str, str]]:
    """(options of the document, LimeSurvey code → option key) from (code, labels) pairs."""
    taken: set[str] = set()
    options, codes = [], {}
    for code, labels in labelled:
        key = _option_key(code, taken)
        codes[code] = key
        options.append([key, conversion.texts(labels, one_line=True, limit=LABEL_MAX,
                                              fallback=code, code=code)])
    return options, codes


def _answers(conversion, item: dict) -> list[tuple[str, dict]]:
    return [(a["code"], a["texts"]) for a in conversion.survey.answers.get(item["qid"], [])
            if a["scale"] == 0]


def _rows(conversion, item: dict) -> list[dict]:
    return conversion.survey.subquestions(item["qid"])


def _sub_labels(sub: dict) -> dict[str, str]:
    return {lang: text[0] for lang, text in sub["texts"].items()}


def _whole(value: str | None) -> int | None:
    """A whole number within our limits from an attribute (which may be an expression)."""
    text = (value or "").strip()
    if re.fullmatch(r"-?\d{1,12}(\.0+)?", text) and abs(int(float(text))) <= NUMBER_LIMIT:
        return int(float(text))
    return None


def _too_few(conversion, item: dict) -> None:
    conversion.say(_("Frage „%(code)s“ hat keine oder zu wenige Antwortmöglichkeiten und "
                     "wurde weggelassen.", code=item["code"]))


def _register(conversion, name: str, variable: Variable) -> None:
    conversion.variables[name] = variable


def _append(conversion, *entries: dict) -> None:
    conversion.entries.extend(entries)
    conversion.answerable_in_section += sum(1 for e in entries
                                            if e["kind"] not in ("section", "matrix"))


# --- one question, one entry ------------------------------------------------------------------


def add_single_choice(conversion, item: dict) -> None:
    labelled = _fixed(conversion, GENDER) if item["type"] == "G" else _answers(conversion, item)
    other = item["other"] and item["type"] != "G"
    if len(labelled) + other < 2:
        return _too_few(conversion, item)
    if item["type"] == "O":
        conversion.say(_("Frage „%(code)s“ (Liste mit Kommentar): Das Kommentarfeld wird nicht "
                         "übernommen, nur die Auswahl.", code=item["code"]))
    key = conversion.key(item["code"])
    options, codes = _options(conversion, labelled)
    entry = _entry(conversion, item, "single_choice", key, options=options)
    if other:
        entry["settings"]["other"] = True
        codes["-oth-"] = "other"
    _append(conversion, entry)
    _register(conversion, item["code"], Variable(key, "choice", codes))


def add_multiple_choice(conversion, item: dict) -> None:
    subs = _rows(conversion, item)
    if len(subs) + item["other"] < 2:
        return _too_few(conversion, item)
    if item["type"] == "P":
        conversion.say(_("Frage „%(code)s“ (Mehrfachauswahl mit Kommentaren): Die "
                         "Kommentarfelder werden nicht übernommen, nur die Auswahl.",
                         code=item["code"]))
    if not all(is_always(sub["relevance"]) for sub in subs):
        conversion.say(_("Die Bedingungen einzelner Antwortmöglichkeiten von „%(code)s“ werden "
                         "nicht übernommen; alle werden gezeigt.", code=item["code"]))
    key = conversion.key(item["code"])
    options, codes = _options(conversion, [(s["code"], _sub_labels(s)) for s in subs])
    entry = _entry(conversion, item, "multiple_choice", key, options=options)
    attributes = conversion.survey.attributes.get(item["qid"], {})
    exclusive = [codes[c] for c in re.split(r"[;,\s]+", attributes.get("exclude_all_others", ""))
                 if c in codes]
    for name, setting in (("min_answers", "min"), ("max_answers", "max")):
        if _whole(attributes.get(name)):
            entry["settings"][setting] = _whole(attributes.get(name))
    if exclusive:
        entry["settings"]["exclusive"] = exclusive
    if item["other"]:
        entry["settings"]["other"] = True
        codes["other"] = "other"
    _append(conversion, entry)
    _register(conversion, item["code"], Variable(key, "multi"))
    for code, option in codes.items():
        _register(conversion, f"{item['code']}_{code}", Variable(key, "item", option=option))


def add_scale(conversion, item: dict) -> None:
    key = conversion.key(item["code"])
    options, codes = _options(conversion, _numbered(conversion, 1, 5))
    _append(conversion, _entry(conversion, item, "scale", key, options=options))
    _register(conversion, item["code"], Variable(key, "choice", codes))


def add_yes_no(conversion, item: dict) -> None:
    key = conversion.key(item["code"])
    _append(conversion, _entry(conversion, item, "yes_no", key))
    _register(conversion, item["code"], Variable(key, "choice", {"Y": "yes", "N": "no"}))


def _limits(attributes: dict, low: str, high: str) -> dict:
    found = {"min": _whole(attributes.get(low)), "max": _whole(attributes.get(high))}
    found = {name: value for name, value in found.items() if value is not None}
    if len(found) == 2 and found["min"] > found["max"]:
        return {}
    return found


def add_number(conversion, item: dict) -> None:
    key = conversion.key(item["code"])
    entry = _entry(conversion, item, "number", key)
    entry["settings"].update(_limits(conversion.survey.attributes.get(item["qid"], {}),
                                     "min_num_value_n", "max_num_value_n"))
    _append(conversion, entry)
    _register(conversion, item["code"], Variable(key, "number"))


def add_text(conversion, item: dict) -> None:
    key = conversion.key(item["code"])
    kind = "short_text" if item["type"] == "S" else "text"
    _append(conversion, _entry(conversion, item, kind, key))
    _register(conversion, item["code"], Variable(key, "text"))


def add_date(conversion, item: dict) -> None:
    """A date; without a day in its format a month and year, or a year as a number.

    In LimeSurvey's date_format "mm" is the month and "MM" the minutes."""
    attributes = conversion.survey.attributes.get(item["qid"], {})
    shape = attributes.get("date_format", "")
    if shape and "y" not in shape.lower():
        conversion.say(_("Frage „%(code)s“ fragt nur nach einer Uhrzeit; diese Fragenart wird "
                         "nicht unterstützt und wurde weggelassen.", code=item["code"]))
        return
    key = conversion.key(item["code"])
    if shape and "d" not in shape.lower():
        entry = _entry(conversion, item, "month_year" if "m" in shape else "number", key)
        years = {name: _whole(attributes.get(f"date_{name}", "")[:4]) for name in ("min", "max")}
        entry["settings"].update({n: y for n, y in years.items() if y and y > 999})
        if "m" not in shape:
            conversion.say(_("Frage „%(code)s“ fragt nur nach einem Jahr und wird als Zahl "
                             "übernommen.", code=item["code"]))
    else:
        entry = _entry(conversion, item, "date", key)
    _append(conversion, entry)
    _register(conversion, item["code"], Variable(key, "number" if entry["kind"] == "number"
                                                 else "text"))


def add_text_display(conversion, item: dict) -> None:
    """At the start of a group: more introduction; later: a section of its own."""
    body = conversion.texts({lang: t[0] for lang, t in item["texts"].items()}, code=item["code"])
    section = next((e for e in reversed(conversion.entries) if e["kind"] == "section"), None)
    if section is not None and conversion.answerable_in_section == 0:
        if not is_always(item["relevance"]):
            conversion.say(_("Die Bedingung der Textanzeige „%(code)s“ wird nicht übernommen; "
                             "der Text steht in der Einleitung des Abschnitts.",
                             code=item["code"]))
        for lang, text in body.items():
            if lang in section["text"]:
                joined = "\n\n".join(filter(None, [section["hint"].get(lang), text]))
                section["hint"][lang] = _cut(joined, TEXT_MAX)
        return
    title = {lang: _cut(" ".join(text.split()), HEADLINE_MAX) for lang, text in body.items()}
    entry = {"key": conversion.key(item["code"]), "kind": "section", "text": title,
             "hint": {lang: text for lang, text in body.items() if text != title[lang]}}
    condition = conversion.condition(item["relevance"],
                                     conversion.survey.legacy_conditions.get(item["qid"]),
                                     item["code"], section=True)
    if condition:
        entry["settings"] = {"show_if": condition}
    conversion.text_sections[entry["key"]] = item["code"]
    conversion.entries.append(entry)
    conversion.answerable_in_section = 0


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut after a whole word."""
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


# --- one question, several entries ------------------------------------------------------------


def add_matrix(conversion, item: dict) -> None:
    """Arrays: a "matrix" header with the shared answers, then one row per subquestion."""
    kind = item["type"]
    built_in = {"A": lambda: _numbered(conversion, 1, 5), "B": lambda: _numbered(conversion, 1, 10),
                "C": lambda: _fixed(conversion, YES_UNCERTAIN_NO),
                "E": lambda: _fixed(conversion, MORE_SAME_LESS)}
    labelled = built_in[kind]() if kind in built_in else _answers(conversion, item)
    rows = _rows(conversion, item)
    if len(labelled) < 2 or not rows:
        return _too_few(conversion, item)
    if kind == "H":
        conversion.say(_("Frage „%(code)s“ (Matrix nach Spalten) wird als Matrix mit einer "
                         "Zeile je Teilfrage übernommen.", code=item["code"]))
    numbered = all(code.isdigit() for code, _labels in labelled)
    as_scale = numbered and len(labelled) <= SCALE_STEPS_MAX and len(
        {int(code) for code, _labels in labelled}) == len(labelled)
    if as_scale:
        labelled = [(str(int(code)), labels) for code, labels in labelled]
    answer = "scale" if as_scale else "single_choice"
    key = conversion.key(item["code"])
    options, codes = _options(conversion, labelled)
    header = _entry(conversion, item, "matrix", key, options=options)
    header.pop("field")
    header.pop("required")
    header["settings"]["answer"] = answer
    entries, variables = [header], {}
    for sub in rows:
        row_key = conversion.key(f"{item['code']}_{sub['code']}")
        row = _entry(conversion, {**sub, "mandatory": item["mandatory"]}, answer, row_key)
        row["settings"]["group"] = key
        entries.append(row)
        variables[f"{item['code']}_{sub['code']}"] = Variable(row_key, "choice", codes)
    _append(conversion, *entries)
    conversion.variables.update(variables, **{item["code"]: Variable(key, "parts")})


def add_number_group(conversion, item: dict) -> None:
    """Multiple numerical input: a "number_group" header, then one number per subquestion."""
    rows = _rows(conversion, item)
    if not rows:
        return _too_few(conversion, item)
    attributes = conversion.survey.attributes.get(item["qid"], {})
    key = conversion.key(item["code"])
    header = _entry(conversion, item, "number_group", key)
    header.pop("field")
    header.pop("required")
    totals = _limits(attributes, "min_num_value", "max_num_value")
    header["settings"].update({f"total_{name}": value for name, value in totals.items()})
    equals = _whole(attributes.get("equals_num_value"))
    if equals is not None:
        header["settings"].update(total_min=equals, total_max=equals)
    entries, variables = [header], {}
    for sub in rows:
        field_key = conversion.key(f"{item['code']}_{sub['code']}")
        field = _entry(conversion, {**sub, "mandatory": item["mandatory"]}, "number", field_key)
        field["settings"].update(group=key, **_limits(attributes, "min_num_value_n",
                                                      "max_num_value_n"))
        entries.append(field)
        variables[f"{item['code']}_{sub['code']}"] = Variable(field_key, "number")
    _append(conversion, *entries)
    conversion.variables.update(variables, **{item["code"]: Variable(key, "parts")})


def add_short_texts(conversion, item: dict) -> None:
    """Multiple short text: one short text question per subquestion, the stem before each."""
    rows = _rows(conversion, item)
    if not rows:
        return _too_few(conversion, item)
    conversion.say(_("Frage „%(code)s“ (Mehrfache Kurztexte) wurde in %(n)d einzelne "
                     "Textfragen aufgeteilt.", code=item["code"], n=len(rows)))
    stem = {lang: t[0] for lang, t in item["texts"].items()}
    for sub in rows:
        key = conversion.key(f"{item['code']}_{sub['code']}")
        texts = {lang: f"{stem.get(lang, '')}\n{label}".strip()
                 for lang, label in _sub_labels(sub).items()}
        part = {**sub, "qid": item["qid"], "mandatory": item["mandatory"],
                "relevance": item["relevance"],
                "texts": {lang: (text, item["texts"].get(lang, ("", ""))[1])
                          for lang, text in texts.items()}}
        _append(conversion, _entry(conversion, part, "short_text", key))
        _register(conversion, f"{item['code']}_{sub['code']}", Variable(key, "text"))
    _register(conversion, item["code"], Variable(key, "parts"))


HANDLERS = {
    "L": add_single_choice, "!": add_single_choice, "O": add_single_choice,
    "G": add_single_choice, "M": add_multiple_choice, "P": add_multiple_choice,
    "5": add_scale, "Y": add_yes_no, "N": add_number, "S": add_text, "T": add_text,
    "U": add_text, "D": add_date, "X": add_text_display, "F": add_matrix, "A": add_matrix,
    "B": add_matrix, "C": add_matrix, "E": add_matrix, "H": add_matrix,
    "K": add_number_group, "Q": add_short_texts,
}
