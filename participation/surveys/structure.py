"""What a question of each kind may hold: one set of rules for the import, the builder and
the stored questionnaires that residents answer (add_questionnaire checks them too).

Whatever passes here can be shown, answered, stored and counted: the question registry
(questions.py) parses and stores every setting allowed below.
"""

from flask_babel import gettext as _

from participation.surveys.questions import (
    DONT_KNOW_KEY,
    NUMBER_LIMIT,
    OTHER_KEY,
    PREFER_NOT_KEY,
)

SHOW_IF, END_IF, GROUP = "show_if", "end_if", "group"
SENSITIVE = "sensitive"  # stricter disclosure thresholds (results/disclosure.py)
CODES = {PREFER_NOT_KEY, DONT_KNOW_KEY}
ASKED = {SHOW_IF, END_IF, SENSITIVE}  # every answerable question may have these
ALLOWED_SETTINGS = {
    "single_choice": {OTHER_KEY, *CODES, *ASKED, GROUP},
    "multiple_choice": {OTHER_KEY, *CODES, "min", "max", "exclusive", *ASKED},
    "scale": {*CODES, *ASKED, GROUP},
    "yes_no": {PREFER_NOT_KEY, *ASKED},
    "number": {"min", "max", "bands", *CODES, *ASKED, GROUP},
    "age": {"ask", "bands", PREFER_NOT_KEY, *ASKED},
    "month_year": {"min", "max", *CODES, *ASKED},
    "short_text": ASKED,
    "text": ASKED,
    "date": {*CODES, *ASKED},
    "section": {SHOW_IF},
    "matrix": {"answer", "chunk", *CODES, SHOW_IF, SENSITIVE},
    "number_group": {"total_min", "total_max", "total_equals", SHOW_IF},
    "score": {"items", "method", "reversed", "factor", "min_answered", "bands"},
}
# What a row takes from its matrix instead of having it: options and answer codes.
ROW_SETTINGS = {GROUP, SHOW_IF, END_IF}
MATRIX_ANSWERS = ("scale", "single_choice")
# The built-in answers a kind may add ("other (please specify)", "prefer not to say").
EXTRAS = {kind: tuple(key for key in (OTHER_KEY, DONT_KNOW_KEY, PREFER_NOT_KEY)
                      if key in allowed)
          for kind, allowed in ALLOWED_SETTINGS.items()}
# Kinds whose answers are options of their own: labelled choices, or a scale's numbered steps.
CHOICE_KINDS = frozenset({"single_choice", "multiple_choice"})
OPTION_KINDS = CHOICE_KINDS | {"scale", "matrix"}
SCALE_STEPS_MAX = 11
NUMBER_MIN = -NUMBER_LIMIT  # kept for the builder's messages


def problems(kind: str, settings: dict, option_keys: list[str]) -> list[tuple[str, str]]:
    """What is wrong with a question's structure, as (part, message); part is "options" or
    "settings". Empty means it can be answered and stored."""
    found = []
    unknown = sorted(set(settings) - ALLOWED_SETTINGS[kind])
    if unknown:
        found.append(("settings", _("Diese Einstellung passt nicht zu dieser Art von Frage: "
                                    "%(names)s.", names=", ".join(unknown))))
    # an option keyed like a built-in answer the question offers is that answer's own wording
    relabels = [key for key in option_keys if key in (OTHER_KEY, *CODES)]
    if any(not settings.get(key) or key not in EXTRAS[kind] for key in relabels):
        found.append(("options", _("Die Schlüssel „other“, „dont_know“ und „prefer_not“ sind "
                                   "für „Sonstiges“, „Weiß nicht“ und „Möchte ich nicht "
                                   "sagen“ reserviert. Als Antwort mit diesem Schlüssel geben "
                                   "sie nur einer angebotenen dieser Antworten einen eigenen "
                                   "Wortlaut.")))
    option_keys = [key for key in option_keys if key not in relabels]
    own_answers = len(option_keys) + (1 if kind in CHOICE_KINDS and settings.get(OTHER_KEY) else 0)
    # a matrix row answers on its matrix's options (sequence.py checks those)
    in_matrix = settings.get(GROUP) is not None and kind in MATRIX_ANSWERS
    if kind in OPTION_KINDS and own_answers < 2 and not in_matrix:
        found.append(("options", _(
            "Eine Frage dieser Art braucht mindestens zwei Antwortmöglichkeiten.")))
    if kind not in OPTION_KINDS and option_keys:
        found.append(("options", _(
            "Eine Frage dieser Art hat keine eigenen Antwortmöglichkeiten.")))
    if len(set(option_keys)) != len(option_keys) or len(set(relabels)) != len(relabels):
        found.append(("options", _("Ein Schlüssel kommt mehrfach vor.")))
    scale_like = kind == "scale" or (kind == "matrix" and settings.get("answer") == "scale")
    if scale_like and not all(key.isdigit() for key in option_keys):
        found.append(("options", _(
            "Die Schlüssel einer Skala müssen ganze Zahlen sein, zum Beispiel 1 bis 5.")))
    if scale_like and len(option_keys) > SCALE_STEPS_MAX:
        found.append(("options", _("Eine Skala hat höchstens %(n)d Stufen.",
                                   n=SCALE_STEPS_MAX)))
    found += _range_problems(kind, settings, option_keys)
    return found


def _range_problems(kind: str, settings: dict, option_keys: list[str]):
    low, high = settings.get("min"), settings.get("max")
    if kind in ("number", "month_year") and low is not None and high is not None and low > high:
        return [("settings", _("Die größte Zahl darf nicht kleiner als die kleinste sein."))]
    if kind == "multiple_choice":
        choices = len(option_keys) + (1 if settings.get(OTHER_KEY) else 0)
        for number in (low, high):
            if number is not None and not 1 <= number <= max(choices, 1):
                return [("settings", _("Mindestens und höchstens müssen zwischen 1 und der "
                                       "Zahl der Antworten (%(n)d) liegen.", n=choices))]
        if low is not None and high is not None and low > high:
            return [("settings", _("Höchstens darf nicht kleiner als mindestens sein."))]
    return []
