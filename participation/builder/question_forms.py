"""Form input of the question editor, parsed and checked (no database access).

`parse_question` returns (data or None, errors, values) as the parsers in forms.py do.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _

from participation.builder.forms import clean, make_key, text_problem
from participation.builder.transfer_schema import (
    LABEL_MAX_LENGTH,
    MAX_OPTIONS,
    OPTION_KEY_RE,
    TEXT_MAX_LENGTH,
)
from participation.surveys.questions import (
    NUMBER_DEFAULT_MIN,
    NUMBER_LIMIT,
    OTHER_KEY,
    PREFER_NOT_KEY,
)

OWN_OPTION_KINDS = frozenset({"single_choice", "multiple_choice"})
EXTRA_KINDS = OWN_OPTION_KINDS  # "other" and "prefer not to say" fit these
RANGE_KINDS = frozenset({"number", "multiple_choice"})
SCALE_STEPS_MAX = 11
SHOW_IF_PREFIX = "show_if__"


@dataclass
class QuestionInput:
    kind: str
    text: str
    hint: str
    required: bool
    field_of_action: str | None
    options: list[tuple[str, str]]  # (key, German label)
    settings: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ConditionSource:
    """An earlier question a condition can refer to, with the answers it can have."""

    key: str
    number: int
    text: str
    options: tuple[dict, ...]  # {"value": key, "label": text, "lang": lang or None}


def scale_parts(options: list[tuple[str, str]]) -> tuple[str, str, str, str]:
    """(from, to, lowest label, highest label) of a scale's options."""
    if not options:
        return "1", "5", "", ""

    def end_label(key: str, label: str) -> str:
        for dash in ("–", "-"):
            prefix = f"{key} {dash} "
            if label.startswith(prefix):
                return label[len(prefix):]
        return label

    (low_key, low_label), (high_key, high_label) = options[0], options[-1]
    return low_key, high_key, end_label(low_key, low_label), end_label(high_key, high_label)


def question_values(question, german: dict[str, str], option_labels: list[tuple[str, str]],
                    kind: str) -> dict:
    """Form values of an existing question (`german`: its German text and hint)."""
    settings = dict(question.settings or {}) if question is not None else {}
    condition = settings.get("show_if") or {}
    scale_from, scale_to, low, high = scale_parts(option_labels if kind == "scale" else [])
    return {
        "text": german.get("text", ""), "hint": german.get("hint", ""),
        "optional": [] if question is None or question.required else ["1"],
        "field_of_action": (question.field_of_action or "none") if question else "",
        "options": "\n".join(f"{key} | {label}" for key, label in option_labels)
        if kind in OWN_OPTION_KINDS else "",
        "extras": [key for key in (OTHER_KEY, PREFER_NOT_KEY) if settings.get(key)],
        "min": str(settings.get("min", "")), "max": str(settings.get("max", "")),
        "scale_from": scale_from, "scale_to": scale_to, "scale_low": low, "scale_high": high,
        "show_if": {condition.get("question"): list(condition.get("any_of", ()))}
        if condition else {},
    }


def parse_options(raw: str, known_keys: dict[str, str]):
    """[(key, label)] from lines "key | label" or "label" (key reused or made from the label)."""
    lines = [line.strip() for line in raw.split("\n") if line.strip()]
    if len(lines) < 2:
        return None, _("Bitte geben Sie mindestens zwei Antwortmöglichkeiten an, eine je Zeile.")
    if len(lines) > MAX_OPTIONS:
        return None, _("Bitte geben Sie höchstens %(n)d Antwortmöglichkeiten an.", n=MAX_OPTIONS)
    parsed, explicit = [], set()
    for number, line in enumerate(lines, start=1):
        key, label = ((part.strip() for part in line.split("|", 1)) if "|" in line
                      else (None, line))
        problem = text_problem(label, LABEL_MAX_LENGTH, _("Es fehlt die Beschriftung."))
        key = key or None  # "| Täglich": a key is made from the label
        if key is not None:
            key = key.lower()
            if not OPTION_KEY_RE.fullmatch(key):
                problem = _("„%(key)s“ ist kein gültiger Schlüssel. Erlaubt sind Kleinbuchstaben, "
                            "Ziffern und _.", key=key[:40])
            elif key in (OTHER_KEY, PREFER_NOT_KEY):
                problem = _("Der Schlüssel „%(key)s“ ist für „Sonstiges“ und „Möchte ich nicht "
                            "sagen“ reserviert; bitte kreuzen Sie diese unten an.", key=key)
            elif key in explicit:
                problem = _("Der Schlüssel „%(key)s“ kommt mehrfach vor.", key=key)
            explicit.add(key)
        if problem:
            return None, _("Zeile %(n)d: %(problem)s", n=number, problem=problem)
        parsed.append((key, label))
    taken = set(explicit) | {OTHER_KEY, PREFER_NOT_KEY}
    options = []
    for key, label in parsed:
        if key is None:
            key = known_keys.get(label) if known_keys.get(label) not in taken else None
            key = key or make_key(label, taken, "antwort")
            taken.add(key)
        options.append((key, label))
    return options, None


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


def _scale_options(values: dict, errors: dict) -> list[tuple[str, str]]:
    low = _whole_number(values, errors, "scale_from", 0, SCALE_STEPS_MAX - 1)
    high = _whole_number(values, errors, "scale_to", 1, SCALE_STEPS_MAX)
    for name in ("scale_low", "scale_high"):
        problem = text_problem(values[name], LABEL_MAX_LENGTH,
                               _("Bitte beschriften Sie dieses Ende der Skala."))
        if problem:
            errors[name] = problem
    if low is None and "scale_from" not in errors:
        errors["scale_from"] = _("Bitte geben Sie den kleinsten Wert ein.")
    if high is None and "scale_to" not in errors:
        errors["scale_to"] = _("Bitte geben Sie den größten Wert ein.")
    if low is not None and high is not None and not low < high <= low + SCALE_STEPS_MAX - 1:
        errors["scale_to"] = _("Der größte Wert muss größer als der kleinste sein; höchstens "
                               "%(n)d Stufen.", n=SCALE_STEPS_MAX)
    if errors:
        return []
    ends = {low: values["scale_low"], high: values["scale_high"]}
    return [(str(n), f"{n} – {ends[n]}" if n in ends else str(n)) for n in range(low, high + 1)]


def _range_settings(kind: str, values: dict, errors: dict, choices: int) -> dict:
    if kind == "number":
        low = _whole_number(values, errors, "min", -NUMBER_LIMIT, NUMBER_LIMIT)
        high = _whole_number(values, errors, "max", -NUMBER_LIMIT, NUMBER_LIMIT)
        if not errors and ((NUMBER_DEFAULT_MIN if low is None else low)
                           > (NUMBER_LIMIT if high is None else high)):
            errors["max"] = _("Die größte Zahl darf nicht kleiner als die kleinste sein.")
    else:
        most = choices if choices >= 2 else MAX_OPTIONS + 1  # options not valid yet
        low = _whole_number(values, errors, "min", 1, most)
        high = _whole_number(values, errors, "max", 1, most)
        if low is not None and high is not None and low > high:
            errors["max"] = _("Höchstens darf nicht kleiner als mindestens sein.")
    return {name: number for name, number in (("min", low), ("max", high)) if number is not None}


def _condition(form, values: dict, errors: dict, sources: list[ConditionSource]) -> dict | None:
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
        return None
    key, any_of = next(iter(ticked.items()))
    return {"question": key, "any_of": any_of}


def parse_question(form, kind: str, known_keys: dict[str, str],
                   sources: list[ConditionSource], fields_of_action):
    names = ("text", "hint", "options", "min", "max", "scale_from", "scale_to", "scale_low",
             "scale_high")
    values = {name: clean(form.get(name)) for name in names}
    values.update(optional=[v for v in form.getlist("optional") if v == "1"],
                  field_of_action=form.get("field_of_action", ""),
                  extras=[v for v in form.getlist("extras") if v in (OTHER_KEY, PREFER_NOT_KEY)],
                  show_if={})
    errors = {}
    for name, limit, missing in (("text", TEXT_MAX_LENGTH, _("Bitte geben Sie die Frage ein.")),
                                 ("hint", TEXT_MAX_LENGTH, None)):
        problem = text_problem(values[name], limit, missing)
        if problem:
            errors[name] = problem
    if values["field_of_action"] not in (*fields_of_action, "none"):
        errors["field_of_action-1"] = _("Bitte wählen Sie ein Handlungsfeld aus oder „keines“.")
    options: list[tuple[str, str]] = []
    if kind in OWN_OPTION_KINDS:
        options, problem = parse_options(values["options"], known_keys)
        if problem:
            errors["options"] = problem
    elif kind == "scale":
        options = _scale_options(values, errors)
    settings = {}
    if kind in EXTRA_KINDS:
        settings.update({key: True for key in values["extras"]})
    if kind in RANGE_KINDS:
        choices = len(options or []) + (1 if OTHER_KEY in values["extras"] else 0)
        settings.update(_range_settings(kind, values, errors, choices))
    condition = _condition(form, values, errors, sources)
    if condition:
        settings["show_if"] = condition
    if errors:
        return None, in_page_order(errors), values
    field_of_action = None if values["field_of_action"] == "none" else values["field_of_action"]
    return QuestionInput(kind, values["text"], values["hint"], not values["optional"],
                         field_of_action, options or [], settings), errors, values


PAGE_ORDER = ("text", "hint", "options", "scale_from", "scale_to", "scale_low", "scale_high",
              "extras", "min", "max", "optional", "field_of_action", SHOW_IF_PREFIX)


def in_page_order(errors: dict) -> dict:
    """The error summary lists problems in the order of the fields on the page."""
    def place(target: str) -> int:
        return next((i for i, name in enumerate(PAGE_ORDER) if target.startswith(name)),
                    len(PAGE_ORDER))
    return {target: errors[target] for target in sorted(errors, key=place)}
