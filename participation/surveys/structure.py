"""What a question of each kind may hold: one set of rules for the import, the builder and
the stored questionnaires that residents answer (add_questionnaire checks them too).

Whatever passes here can be shown, answered, stored and counted: the question registry
(questions.py) parses and stores every setting allowed below.
"""

from flask_babel import gettext as _

from participation.surveys.questions import (
    NUMBER_DEFAULT_MIN,
    NUMBER_LIMIT,
    OTHER_KEY,
    PREFER_NOT_KEY,
)

SHOW_IF = "show_if"
SENSITIVE = "sensitive"  # stricter disclosure thresholds (results/disclosure.py)
ALLOWED_SETTINGS = {
    "single_choice": {OTHER_KEY, PREFER_NOT_KEY, SHOW_IF, SENSITIVE},
    "multiple_choice": {OTHER_KEY, PREFER_NOT_KEY, "min", "max", SHOW_IF, SENSITIVE},
    "scale": {PREFER_NOT_KEY, SHOW_IF, SENSITIVE},
    "yes_no": {SHOW_IF, SENSITIVE},
    "number": {"min", "max", SHOW_IF, SENSITIVE},
    "short_text": {SHOW_IF, SENSITIVE},
    "text": {SHOW_IF, SENSITIVE},
    "date": {SHOW_IF, SENSITIVE},
}
# The built-in answers a kind may add ("other (please specify)", "prefer not to say").
EXTRAS = {kind: tuple(key for key in (OTHER_KEY, PREFER_NOT_KEY) if key in allowed)
          for kind, allowed in ALLOWED_SETTINGS.items()}
# Kinds whose answers are options of their own: labelled choices, or a scale's numbered steps.
CHOICE_KINDS = frozenset({"single_choice", "multiple_choice"})
OPTION_KINDS = CHOICE_KINDS | {"scale"}
SCALE_STEPS_MAX = 11


def problems(kind: str, settings: dict, option_keys: list[str]) -> list[tuple[str, str]]:
    """What is wrong with a question's structure, as (part, message); part is "options" or
    "settings". Empty means it can be answered and stored."""
    found = []
    unknown = sorted(set(settings) - ALLOWED_SETTINGS[kind])
    if unknown:
        found.append(("settings", _("Diese Einstellung passt nicht zu dieser Art von Frage: "
                                    "%(names)s.", names=", ".join(unknown))))
    own_answers = len(option_keys) + (1 if kind in CHOICE_KINDS and settings.get(OTHER_KEY) else 0)
    if kind in OPTION_KINDS and own_answers < 2:
        found.append(("options", _(
            "Eine Frage dieser Art braucht mindestens zwei Antwortmöglichkeiten.")))
    if kind not in OPTION_KINDS and option_keys:
        found.append(("options", _(
            "Eine Frage dieser Art hat keine eigenen Antwortmöglichkeiten.")))
    if len(set(option_keys)) != len(option_keys):
        found.append(("options", _("Ein Schlüssel kommt mehrfach vor.")))
    if set(option_keys) & {OTHER_KEY, PREFER_NOT_KEY}:
        found.append(("options", _("Die Schlüssel „other“ und „prefer_not“ sind für "
                                   "„Sonstiges“ und „Möchte ich nicht sagen“ reserviert.")))
    if kind == "scale" and not all(key.isdigit() for key in option_keys):
        found.append(("options", _(
            "Die Schlüssel einer Skala müssen ganze Zahlen sein, zum Beispiel 1 bis 5.")))
    if kind == "scale" and len(option_keys) > SCALE_STEPS_MAX:
        found.append(("options", _("Eine Skala hat höchstens %(n)d Stufen.",
                                   n=SCALE_STEPS_MAX)))
    found += _range_problems(kind, settings, option_keys)
    return found


def _range_problems(kind: str, settings: dict, option_keys: list[str]):
    low, high = settings.get("min"), settings.get("max")
    if kind == "number":
        lowest = NUMBER_DEFAULT_MIN if low is None else low
        highest = NUMBER_LIMIT if high is None else high
        if lowest > highest:
            return [("settings", _("Die größte Zahl darf nicht kleiner als die kleinste sein "
                                   "(ohne Angabe: %(low)d bis %(high)d).",
                                   low=NUMBER_DEFAULT_MIN, high=NUMBER_LIMIT))]
    if kind == "multiple_choice":
        choices = len(option_keys) + (1 if settings.get(OTHER_KEY) else 0)
        for number in (low, high):
            if number is not None and not 1 <= number <= max(choices, 1):
                return [("settings", _("Mindestens und höchstens müssen zwischen 1 und der "
                                       "Zahl der Antworten (%(n)d) liegen.", n=choices))]
        if low is not None and high is not None and low > high:
            return [("settings", _("Höchstens darf nicht kleiner als mindestens sein."))]
    return []
