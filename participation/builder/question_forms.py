"""Form input of the question editor, parsed and checked (no database access).

`parse_question` returns (data or None, errors, values) as the parsers in forms.py do.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _

from participation.builder.forms import clean, text_problem
from participation.builder.option_keys import suggest_key
from participation.builder.transfer_schema import (
    LABEL_MAX_LENGTH,
    MAX_OPTIONS,
    OPTION_KEY_RE,
    TEXT_MAX_LENGTH,
)
from participation.surveys.questions import (
    DONT_KNOW_KEY,
    NUMBER_LIMIT,
    OTHER_KEY,
    PREFER_NOT_KEY,
)
from participation.surveys.structure import (
    ALLOWED_SETTINGS,
    CHOICE_KINDS,
    EXTRAS,
    OPTION_KINDS,
    SCALE_STEPS_MAX,
)

OWN_OPTION_KINDS = CHOICE_KINDS  # options labelled by the organiser, keys made from labels
RANGE_KINDS = frozenset({"number", "multiple_choice", "month_year"})
EXTRA_KEYS = (OTHER_KEY, DONT_KNOW_KEY, PREFER_NOT_KEY)
# The settings this editor shows; every other one (bands, end_if, exclusive, a matrix row's
# group…) comes from an import and is kept as it is when the question is saved.
EDITED_SETTINGS = frozenset({*EXTRA_KEYS, "sensitive", "min", "max", "ask"})
YEARS = (1900, 2100)  # the years a month-and-year question may be limited to
SHOW_IF_PREFIX = "show_if__"
# The steps a new scale question starts with; the organiser words them.
NEW_SCALE = [("1", "1 – sehr unzufrieden"), ("2", "2"), ("3", "3"), ("4", "4"),
             ("5", "5 – sehr zufrieden")]


@dataclass
class QuestionInput:
    kind: str
    text: str
    hint: str
    required: bool
    field_of_action: str | None
    options: list[tuple[str, str]] | None  # (key, German label); None keeps them as they are
    settings: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ConditionSource:
    """An earlier question a condition can refer to, with the answers it can have."""

    key: str
    number: int
    text: str
    options: tuple[dict, ...]  # {"value": key, "label": text, "lang": lang or None}


def question_values(question, german: dict[str, str], option_labels: list[tuple[str, str]],
                    kind: str) -> dict:
    """Form values of an existing question (`german`: its German text and hint)."""
    settings = dict(question.settings or {}) if question is not None else {}
    condition = settings.get("show_if") or {}
    simple = is_simple_condition(condition)
    if kind == "scale" and not option_labels:
        option_labels = NEW_SCALE
    return {
        "text": german.get("text", ""), "hint": german.get("hint", ""),
        "optional": [] if question is None or question.required else ["1"],
        "sensitive": ["1"] if settings.get("sensitive") else [],
        "field_of_action": (question.field_of_action or "none") if question else "",
        "options": option_rows(option_labels) if kind in OPTION_KINDS else [],
        "extras": [key for key in EXTRA_KEYS if settings.get(key)],
        "min": str(settings.get("min", "")), "max": str(settings.get("max", "")),
        "ask": settings.get("ask", "age"), "keep_condition": ["1"],
        "show_if": {condition.get("question"): list(condition.get("any_of", ()))}
        if simple else {},
        "condition_source": condition.get("question") if simple else NO_SOURCE,
    }


def is_simple_condition(condition: dict) -> bool:
    """A condition this editor can show as ticks: some answers of one earlier question."""
    return set(condition) == {"question", "any_of"}


def kept_settings(question, kind: str) -> dict:
    """The settings of `question` the editor does not show, that still fit `kind`; a
    condition the ticks cannot show (AND/OR, numbers) is kept under "show_if"."""
    if question is None:
        return {}
    settings = question.settings or {}
    kept = {name: value for name, value in settings.items()
            if name not in EDITED_SETTINGS and name != "show_if"
            and name in ALLOWED_SETTINGS[kind]}
    condition = settings.get("show_if")
    if condition and not is_simple_condition(condition):
        kept["show_if"] = condition
    if question.kind == kind and "ask" in settings:
        kept["ask"] = settings["ask"]
    return kept


EMPTY_ROWS = 3  # empty option rows under the filled ones; "Weitere Antwortfelder" adds more
MORE_ROWS = "antwortfelder"  # the value of "schritt" that adds rows without saving
ROWS_READ = 2 * MAX_OPTIONS  # a bound on the rows read from a form


def option_field(number: int, part: str) -> str:
    """The name and id of a part ("label" or "key") of option row `number` (1-based)."""
    return f"option-{number}-{part}"


def option_rows(options: list[tuple[str, str]], empty: int = EMPTY_ROWS) -> list[dict]:
    """Rows of the editor for (key, label) options, with `empty` empty rows after them."""
    return ([{"key": key, "label": label} for key, label in options]
            + [{"key": "", "label": ""} for _n in range(empty)])


def read_option_rows(form) -> list[dict]:
    """The option rows as typed, in the order of the page."""
    rows = []
    for number in range(1, ROWS_READ + 1):
        label, key = option_field(number, "label"), option_field(number, "key")
        if label not in form and key not in form:
            break
        rows.append({"label": clean(form.get(label)), "key": clean(form.get(key))})
    return rows


def more_rows(rows: list[dict]) -> list[dict]:
    room = max(0, MAX_OPTIONS - len(rows))
    return rows + option_rows([], min(EMPTY_ROWS, room))


def _key_problem(key: str, scale: bool, explicit: set[str]) -> str | None:
    """Why a typed key cannot be used (the rules of the portable format), or None."""
    if scale:
        if not key.isdigit():
            return _("Bitte geben Sie die Zahl der Stufe ein, zum Beispiel „1“.")
        if key in explicit:
            return _("Die Zahl „%(key)s“ kommt mehrfach vor.", key=key[:40])
        return None
    if not OPTION_KEY_RE.fullmatch(key):
        return _("„%(key)s“ ist kein gültiger Schlüssel. Erlaubt sind Kleinbuchstaben, "
                 "Ziffern und _.", key=key[:40])
    if key in EXTRA_KEYS:
        return _("Der Schlüssel „%(key)s“ ist für „Sonstiges“, „Weiß nicht“ und „Möchte ich "
                 "nicht sagen“ reserviert; bitte kreuzen Sie diese unten an.", key=key)
    if key in explicit:
        return _("Der Schlüssel „%(key)s“ kommt mehrfach vor.", key=key)
    return None


def parse_options(rows: list[dict], known_keys: dict[str, str], scale: bool = False,
                  fixed: int = 0):
    """([(key, label)], errors) from the option rows; a row with neither text nor key is
    left out. An empty key is reused from an option of the same label, or suggested.
    `fixed`: the first rows are options of a questionnaire with responses (not removable)."""
    errors, filled, explicit = {}, [], set()
    row_name = (lambda n: _("Stufe %(n)d", n=n)) if scale else (lambda n: _("Antwort %(n)d", n=n))
    for number, row in enumerate(rows, start=1):
        label, key = row["label"], row["key"].lower()
        if not label and not key:
            if number <= fixed:
                errors[option_field(number, "label")] = _(
                    "%(row)s: Diese Antwort kann nicht entfernt werden, weil der Fragebogen "
                    "schon Antworten hat. Bitte geben Sie einen Text ein.", row=row_name(number))
            continue
        problem = text_problem(label, LABEL_MAX_LENGTH, _("Bitte geben Sie einen Text ein."))
        if problem:
            errors[option_field(number, "label")] = _("%(row)s: %(problem)s",
                                                      row=row_name(number), problem=problem)
        problem = (_key_problem(key, scale, explicit) if key or scale else None)
        if problem:
            errors[option_field(number, "key")] = _("%(row)s: %(problem)s",
                                                    row=row_name(number), problem=problem)
        if key:
            explicit.add(key)
        filled.append((key, label))
    most = SCALE_STEPS_MAX if scale else MAX_OPTIONS
    if len(filled) < 2:
        errors = {"options": _("Bitte geben Sie mindestens zwei Antwortmöglichkeiten an."),
                  **errors}
    elif len(filled) > most:
        errors = {"options": _("Bitte geben Sie höchstens %(n)d Antwortmöglichkeiten an.",
                               n=most), **errors}
    if errors:
        return None, errors
    taken = set(explicit) | set(EXTRA_KEYS)
    options = []
    for position, (key, label) in enumerate(filled, start=1):
        if not key:
            known = known_keys.get(label)
            key = known if known and known not in taken else suggest_key(label, taken, position)
            taken.add(key)
        options.append((key, label))
    return options, {}


def _whole_number(values: dict, errors: dict, name: str, low: int, high: int) -> int | None:
    text = values[name].replace(" ", "")
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        errors[name] = _("Bitte geben Sie eine ganze Zahl ein.")
        return None
    if not low <= number <= high:
        errors[name] = _("Bitte geben Sie eine Zahl zwischen %(low)d und %(high)d ein.",
                         low=low, high=high)
        return None
    return number


def _range_settings(kind: str, values: dict, errors: dict, choices: int) -> dict:
    if kind in ("number", "month_year"):
        bounds = YEARS if kind == "month_year" else (-NUMBER_LIMIT, NUMBER_LIMIT)
        low = _whole_number(values, errors, "min", *bounds)
        high = _whole_number(values, errors, "max", *bounds)
        if not errors and low is not None and high is not None and low > high:
            errors["max"] = _("Die größte Zahl darf nicht kleiner als die kleinste sein.")
    else:
        most = choices if choices >= 2 else MAX_OPTIONS + 1  # options not valid yet
        low = _whole_number(values, errors, "min", 1, most)
        high = _whole_number(values, errors, "max", 1, most)
        if low is not None and high is not None and low > high:
            errors["max"] = _("Höchstens darf nicht kleiner als mindestens sein.")
    return {name: number for name, number in (("min", low), ("max", high)) if number is not None}


CONDITION_SOURCE = "bedingung_frage"  # the earlier question a condition is chosen from
NO_SOURCE = "keine"


def _condition(form, values: dict, errors: dict, sources: list[ConditionSource]) -> dict | None:
    """The condition ticked in the form. With the chooser (CONDITION_SOURCE), only the
    answers of the chosen question count; ticks of one other question are accepted too."""
    chooser = form.get(CONDITION_SOURCE)
    if chooser is not None:
        values["condition_source"] = chooser
        if chooser == NO_SOURCE or chooser not in {source.key for source in sources}:
            return None
        sources = [source for source in sources if source.key == chooser]
    ticked = {}
    for source in sources:
        allowed = {option["value"] for option in source.options}
        chosen = [v for v in form.getlist(SHOW_IF_PREFIX + source.key) if v in allowed]
        values["show_if"][source.key] = chosen
        if chosen:
            ticked[source.key] = [o["value"] for o in source.options if o["value"] in chosen]
    if len(ticked) > 1:
        second = list(ticked)[1]
        errors[f"{SHOW_IF_PREFIX}{second}-1"] = _(
            "Eine Frage kann nur von einer früheren Frage abhängen. Bitte kreuzen Sie nur "
            "Antworten einer Frage an.")
        return None
    if not ticked:
        if chooser is not None and form.get("schritt") != "bedingung":
            errors[f"{SHOW_IF_PREFIX}{chooser}-1"] = _(
                "Bitte kreuzen Sie die Antworten an, bei denen diese Frage gezeigt wird, oder "
                "wählen Sie „Keine Bedingung“.")
        return None
    key, any_of = next(iter(ticked.items()))
    return {"question": key, "any_of": any_of}


def parse_question(form, kind: str, known_keys: dict[str, str],
                   sources: list[ConditionSource], fields_of_action, kept: dict,
                   fixed: int = 0):
    """`kept`: the settings the editor does not show (kept_settings); `fixed`: the option
    rows that cannot be removed (parse_options)."""
    values = {name: clean(form.get(name)) for name in ("text", "hint", "min", "max")}
    values.update(options=read_option_rows(form) if kind in OPTION_KINDS else [],
                  optional=[v for v in form.getlist("optional") if v == "1"],
                  sensitive=[v for v in form.getlist("sensitive") if v == "1"],
                  field_of_action=form.get("field_of_action", ""),
                  extras=[v for v in form.getlist("extras") if v in EXTRA_KEYS],
                  ask=form.get("ask") if form.get("ask") in ("year", "age") else "age",
                  keep_condition=[v for v in form.getlist("keep_condition") if v == "1"],
                  show_if={}, condition_source=NO_SOURCE)
    errors = {}
    for name, limit, missing in (("text", TEXT_MAX_LENGTH, _("Bitte geben Sie die Frage ein.")),
                                 ("hint", TEXT_MAX_LENGTH, None)):
        problem = text_problem(values[name], limit, missing)
        if problem:
            errors[name] = problem
    if values["field_of_action"] not in (*fields_of_action, "none"):
        errors["field_of_action-1"] = _("Bitte wählen Sie ein Handlungsfeld aus oder „keines“.")
    options: list[tuple[str, str]] = []
    if kind in OPTION_KINDS:
        options, problems = parse_options(values["options"], known_keys,
                                          scale=kind == "scale", fixed=fixed)
        errors.update(problems)
    settings = {name: value for name, value in kept.items() if name != "show_if"}
    settings.update({key: True for key in values["extras"] if key in EXTRAS[kind]})
    if kind == "age" and (values["ask"] != "age" or "ask" in kept):
        settings["ask"] = values["ask"]
    if values["sensitive"]:
        settings["sensitive"] = True  # a stricter threshold in every published figure
    if kind in RANGE_KINDS:
        choices = len(options or []) + (1 if OTHER_KEY in values["extras"] else 0)
        settings.update(_range_settings(kind, values, errors, choices))
    condition = _condition(form, values, errors, sources)
    if condition:
        values["condition_source"] = condition["question"]
    if "show_if" in kept and values["keep_condition"]:
        condition = condition or kept["show_if"]  # new ticks replace a kept condition
    if condition:
        settings["show_if"] = condition
    if errors:
        return None, in_page_order(errors), values
    field_of_action = None if values["field_of_action"] == "none" else values["field_of_action"]
    return QuestionInput(kind, values["text"], values["hint"], not values["optional"],
                         field_of_action, options or [], settings), errors, values


def parse_wording(form, question) -> tuple:
    """(data, errors, values) for a section, matrix, group or score, or a row of one: only
    its German text and hint change here; its structure comes from an import."""
    values = {name: clean(form.get(name)) for name in ("text", "hint")}
    errors = {}
    for name, missing in (("text", _("Bitte geben Sie den Text ein.")), ("hint", None)):
        problem = text_problem(values[name], TEXT_MAX_LENGTH, missing)
        if problem:
            errors[name] = problem
    if errors:
        return None, errors, values
    return QuestionInput(question.kind, values["text"], values["hint"], question.required,
                         question.field_of_action, None, dict(question.settings or {})), \
        errors, values


PAGE_ORDER = ("text", "hint", "options", "option-", "extras", "ask", "min", "max", "optional",
              "field_of_action", "keep_condition", CONDITION_SOURCE, SHOW_IF_PREFIX)


def in_page_order(errors: dict) -> dict:
    """The error summary lists problems in the order of the fields on the page."""
    def place(target: str) -> tuple[int, int]:
        row = target.split("-")[1] if target.startswith("option-") else "0"
        return (next((i for i, name in enumerate(PAGE_ORDER) if target.startswith(name)),
                     len(PAGE_ORDER)), int(row) if row.isdigit() else 0)
    return {target: errors[target] for target in sorted(errors, key=place)}
