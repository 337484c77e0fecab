"""What figures an entry of a questionnaire has: the cells of its line, their labels, and
its mean and median.

Every count published about an entry is a cell of one line that adds up to the scope's
responses (tables.py), so the rules of disclosure.py apply to each of them:

- choices (single choice, scale, yes/no, and so a matrix's statements): a cell per option
  and per built-in answer ("Sonstiges", "Weiß nicht", "Möchte ich nicht sagen"); multiple
  choice has a line (chosen, not chosen) per option instead;
- numbers, ages and scores: a cell per band of their `bands`, cut points that are each the
  lowest value of a band (ages in years however they were asked, with default bands), or
  one "answered" cell without bands;
- month and year: how many whole years before the response it lies, in fixed bands;
- dates and text: "answered";
- the codes a typed answer offers instead ("Weiß nicht", "Möchte ich nicht sagen"): a cell
  each, beside the figures of the answers typed;
- a number group's header: the responses with a number in any of its fields; its numbers
  are each such response's total.

Each line ends with "not answered". Means and medians are computed from the numbers'
distribution (tallies.py), rounded half up to one decimal.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import ngettext

from participation.results.disclosure import NOT_ANSWERED
from participation.results.rounding import mean as rounded_mean
from participation.results.rounding import round_half_up
from participation.surveys.parsers import CODE_KEYS
from participation.surveys.questions import KINDS, answer_keys

ANSWERED = "_answered"
LATER = "_later"  # a month after the response's: no "years ago"
UNDER, FROM = "_under_", "_from_"
CHOICE_KINDS = frozenset({"single_choice", "multiple_choice", "scale", "yes_no"})
BANDED_KINDS = frozenset({"number", "age", "score"})
# Entries with figures of their own: every answerable kind, scores, number groups' totals.
FIGURE_KINDS = frozenset({*KINDS, "score", "number_group"})
MEAN_KINDS = frozenset({"scale", "number", "age", "score", "number_group", "month_year"})
MEDIAN_KINDS = MEAN_KINDS - {"scale"}  # a scale's mean, as before
# Ages without bands of their own: coarse, so that few cells are small.
DEFAULT_AGE_BANDS = (50, 60, 70, 80, 90)
YEARS_AGO = (1, 5, 10, 20, 40)  # month and year: bands of whole years before the response


@dataclass(frozen=True)
class Tally:
    """What one scope's responses gave to one entry."""

    options: dict[str, int] = field(default_factory=dict)  # answers stored as keys
    answered: int = 0  # responses with any answer to it
    values: dict[float, int] = field(default_factory=dict)  # number (age: years) → responses

    def __add__(self, other: "Tally") -> "Tally":
        options, values = dict(self.options), dict(self.values)
        for key, count in other.options.items():
            options[key] = options.get(key, 0) + count
        for value, count in other.values.items():
            values[value] = values.get(value, 0) + count
        return Tally(options, self.answered + other.answered, values)


def cut_points(kind: str, settings: dict) -> tuple[int, ...]:
    """The lowest value of each band (the band below the first holds what is lower)."""
    if kind == "month_year":
        return YEARS_AGO
    bands = tuple(settings.get("bands") or ())
    if kind == "age":
        return bands or DEFAULT_AGE_BANDS
    return bands if kind in BANDED_KINDS else ()


def floor_of(kind: str, settings: dict) -> float | None:
    """The lowest value an answer can have, if known: a band below it stays empty."""
    if kind == "age":
        return 0
    if kind == "number":
        return settings.get("min")
    return None


def band_keys(cuts: tuple[int, ...], floor: float | None) -> tuple[str, ...]:
    under = () if floor is not None and floor >= cuts[0] else (f"{UNDER}{cuts[0]}",)
    return (*under, *(f"{FROM}{cut}" for cut in cuts))


def line_keys(kind: str, settings: dict, option_keys: tuple[str, ...],
              floor: float | None = None) -> tuple[str, ...]:
    """The cells of an entry's line but "not answered", in the order tables list them."""
    if kind in CHOICE_KINDS:
        return answer_keys(kind, settings, option_keys)
    codes = answer_keys(kind, settings, ())  # the codes beside a typed answer
    cuts = cut_points(kind, settings)
    if kind == "month_year":
        return (*band_keys(cuts, 0), LATER, *codes)
    if cuts:
        return (*band_keys(cuts, floor), *codes)
    return (ANSWERED, *codes)


def band_of(value: float, cuts: tuple[int, ...], keys: tuple[str, ...]) -> str:
    lower = [cut for cut in cuts if cut <= value]
    if lower:
        return f"{FROM}{lower[-1]}"
    under = f"{UNDER}{cuts[0]}"
    return under if under in keys else f"{FROM}{cuts[0]}"  # below a floor: cannot happen


def band_counts(kind: str, settings: dict, keys: tuple[str, ...],
                values: dict[float, int]) -> dict[str, int]:
    """How many of the numbers fall in each band of the line (month and year: years ago)."""
    cuts = cut_points(kind, settings)
    counts = {key: 0 for key in keys if key.startswith((UNDER, FROM)) or key == LATER}
    if not cuts or not counts:
        return {}
    for value, count in values.items():
        key = LATER if kind == "month_year" and value < 0 else band_of(value, cuts, keys)
        counts[key] += count
    return counts


def line_counts(kind: str, settings: dict, keys: tuple[str, ...], tally: Tally,
                responses: int) -> tuple[list[str], list[int]]:
    """An entry's cells and counts as one line, "not answered" last (for multiple choice:
    the options' chosen counts, each a line of its own with its complement)."""
    if kind == "multiple_choice":
        return list(keys), [tally.options.get(key, 0) for key in keys]
    bands = band_counts(kind, settings, keys, tally.values)
    coded = sum(tally.options.get(key, 0) for key in keys if key in CODE_KEYS)
    counts = []
    for key in keys:
        if key == ANSWERED:
            counts.append(tally.answered - coded)  # typed answers, not codes
        elif key in bands:
            counts.append(bands[key])
        else:
            counts.append(tally.options.get(key, 0))
    return [*keys, NOT_ANSWERED], [*counts, responses - tally.answered]


def stats(values: dict[float, int]) -> tuple[Decimal | None, Decimal | None]:
    """(mean, median) of a distribution, rounded half up to one decimal."""
    count = sum(values.values())
    if not count:
        return None, None
    exact = {Decimal(str(value)): n for value, n in values.items()}
    mean = rounded_mean(sum(value * n for value, n in exact.items()), count)
    middle = [(count - 1) // 2, count // 2]  # the one or two middle positions
    found, seen = [], 0
    for value, n in sorted(exact.items()):
        found += [value] * sum(1 for position in middle if seen <= position < seen + n)
        seen += n
    return mean, round_half_up(sum(found) / 2, 1)


def stat_labels(kind: str) -> tuple[str, str]:
    """The names of the mean and the median of an entry, with their unit where it helps."""
    if kind == "age":
        return _("Mittelwert (Jahre)"), _("Median (Jahre)")
    if kind == "month_year":
        return _("Mittelwert (Jahre zurück)"), _("Median (Jahre zurück)")
    return _("Mittelwert"), _("Median")


def _integral(kind: str, settings: dict) -> bool:
    """Whether the values are whole numbers: bands then end at the next cut minus one."""
    if kind != "score":
        return True
    return settings.get("method") != "mean" and float(settings.get("factor", 1)).is_integer()


def band_labels(kind: str, settings: dict, keys: tuple[str, ...]) -> dict[str, str]:
    """Labels of the band cells of a line, in the interface language."""
    cuts = cut_points(kind, settings)
    labels = {LATER: _("nach dem Tag der Antwort")}
    whole = _integral(kind, settings)
    for key in keys:
        if key.startswith(UNDER):
            labels[key] = _under(kind, int(key.removeprefix(UNDER)))
        elif key.startswith(FROM):
            low = int(key.removeprefix(FROM))
            later = [cut for cut in cuts if cut > low]
            labels[key] = _band(kind, low, later[0] if later else None, whole)
    return labels


def _under(kind: str, low: int) -> str:
    if kind == "age":
        return _("unter %(age)d Jahren", age=low)
    if kind == "month_year":
        return ngettext("vor weniger als %(num)d Jahr", "vor weniger als %(num)d Jahren", low)
    return _("unter %(low)d", low=low)


def _band(kind: str, low: int, high: int | None, whole: bool) -> str:
    if high is None:
        return {"age": _("%(low)d Jahre und älter", low=low),
                "month_year": _("vor %(low)d oder mehr Jahren", low=low)}.get(
            kind, _("%(low)d und mehr", low=low))
    if not whole:
        return _("%(low)d bis unter %(high)d", low=low, high=high)
    last = high - 1
    if kind == "age":
        return _("%(low)d bis %(high)d Jahre", low=low, high=last) if last > low else \
            _("%(low)d Jahre", low=low)
    if kind == "month_year":
        return _("vor %(low)d bis %(high)d Jahren", low=low, high=last) if last > low else \
            ngettext("vor %(num)d Jahr", "vor %(num)d Jahren", low)
    return _("%(low)d bis %(high)d", low=low, high=last) if last > low else str(low)
