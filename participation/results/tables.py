"""Protected tables: a question's or a Quartier's counts as they may be published.

Built from integer counts by the rules of disclosure.py, for the digests, the results pages
and the aggregate exports alike, so that every publication of the same counts shows the
same marks. The cells of each kind of entry (options, bands of numbers and ages, codes such
as "Weiß nicht") are described in figures.py. Shares are whole percent of all responses in
the table's scope (the "not answered" cell included), rounded half up; means and medians
are rounded half up to one decimal.

A mean or a median is published only beside a table that hides nothing, from at least as
many numbers as the smallest count shown: each is one more equation over the cells, and a
median is a value someone gave (or halfway between two), which within bands of at least 5
(10) people points at nobody.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal

from flask_babel import gettext as _

from participation.results.disclosure import (
    MIN_RESPONSES,
    NOT_ANSWERED,
    NOT_CHOSEN,
    ONE_ANSWER_KINDS,
    SMALL_COUNT,
    STANDARD,
    Rules,
    banded_total,
    protect_line,
    rules_for,
)
from participation.results.figures import (
    ANSWERED,
    FROM,
    MEAN_KINDS,
    MEDIAN_KINDS,
    Tally,
    band_labels,
    cut_points,
    line_counts,
    line_keys,
    stats,
)
from participation.results.rounding import mean as rounded_mean
from participation.results.rounding import share as rounded_share
from participation.surveys.content import LocalText
from participation.surveys.questions import KINDS, PREFER_NOT_KEY

SECONDARY_MARK = "·"


@dataclass(frozen=True)
class Count:
    key: str
    count: int
    # None, "small" (below the threshold), "secondary" (a partner, at least the threshold)
    # or "joined" (a sum over Quartiere hidden because one of its parts is: any value)
    hidden: str | None = None
    share: Decimal | None = None  # fraction of the scope's responses; None: not shown
    below: int = SMALL_COUNT  # the threshold a "small" mark names

    @property
    def percent(self) -> int | None:
        """The share in whole percent, for plain-text figures."""
        return None if self.share is None else int(self.share * 100)

    @property
    def shown(self) -> str:
        if self.hidden == "small":
            return f"< {self.below}"
        return SECONDARY_MARK if self.hidden else str(self.count)


@dataclass(frozen=True)
class QuestionTable:
    kind: str
    responses: int  # the scope's responses: what the cells add up to
    rules: Rules
    withheld: bool = False  # too few responses, or no safe pattern: no cell is shown
    # one per cell of the line (figures.py) but "not answered"; for multiple choice the
    # options' chosen counts
    cells: tuple[Count, ...] = ()
    not_answered: Count | None = None  # every kind but multiple choice
    mean: Decimal | None = None
    median: Decimal | None = None

    @property
    def rows(self) -> tuple[Count, ...]:
        """Every published count in the order a table lists them."""
        return tuple(c for c in (*self.cells, self.not_answered) if c is not None)

    @property
    def hidden_any(self) -> bool:
        return any(c.hidden for c in self.rows)

    def cell(self, key: str) -> Count | None:
        return next((c for c in self.rows if c.key == key), None)


@dataclass(frozen=True)
class QuartierCounts:
    total: Count  # "< 10" below the whole-table threshold
    channels: tuple[Count, ...] | None  # None: not shown for this Quartier
    enough: bool = field(default=False)


def _shares(keys, counts, marks, responses, below) -> tuple[Count, ...]:
    return tuple(
        Count(key, count, mark,
              rounded_share(count, responses) if mark is None and responses else None, below)
        for key, count, mark in zip(keys, counts, marks, strict=True))


def quartier_counts(channel_counts: dict[str, int], channels: tuple[str, ...],
                    raw: bool = False) -> QuartierCounts:
    """A Quartier's responses and their channels: a band below 10, no channels then."""
    counts = [channel_counts.get(channel, 0) for channel in channels]
    responses = sum(counts)
    if raw:
        return QuartierCounts(Count("total", responses),
                              tuple(Count(c, n) for c, n in zip(channels, counts, strict=True)),
                              True)
    total = Count("total", responses, banded_total(responses), below=MIN_RESPONSES)
    if responses < MIN_RESPONSES:
        return QuartierCounts(total, None, False)
    marks = protect_line(counts, channels, "channels")
    shown = None if marks is None else _shares(channels, counts, marks, responses, SMALL_COUNT)
    return QuartierCounts(total, shown, True)


def figure_table(shape, tally: Tally, responses: int, salt: str,
                 raw: bool = False) -> QuestionTable:
    """One entry (shapes.QuestionShape) in one scope (a Quartier), protected unless `raw`."""
    keys, counts = line_counts(shape.kind, shape.settings, shape.option_keys, tally,
                               responses)
    # a month after the response's has no "years before": it is counted, not averaged
    values = {value: n for value, n in tally.values.items()
              if shape.kind != "month_year" or value >= 0}
    return _table(shape.kind, shape.settings, keys, counts, responses, salt, raw,
                  lambda: (*stats(values), sum(values.values())))


def question_table(kind: str, option_keys: tuple[str, ...], settings: dict | None,
                   option_counts: dict[str, int], answered: int, responses: int,
                   number_sum, number_count: int, salt: str,
                   raw: bool = False) -> QuestionTable:
    """A question of the kinds without bands from its counts, protected unless `raw`."""
    keys, counts = table_line(kind, option_keys, option_counts, answered, responses)

    def mean_only():
        mean = rounded_mean(number_sum, number_count) if number_count else None
        return mean, None, number_count
    return _table(kind, settings, keys, counts, responses, salt, raw, mean_only)


def _table(kind: str, settings: dict | None, keys: list[str], counts: list[int],
           responses: int, salt: str, raw: bool, compute_stats) -> QuestionTable:
    rules = rules_for(settings)
    if not raw and responses < rules.min_responses:
        return QuestionTable(kind, responses, rules, withheld=True)
    marks = [None] * len(counts) if raw else _protect(kind, keys, counts, responses, salt,
                                                      rules)
    mean = median = None
    # a mean or median with a hidden cell would be one more equation over the hidden cells
    if marks is not None and kind in MEAN_KINDS and not any(marks):
        mean, median, numbers = compute_stats()
        if not raw and numbers < rules.small:
            mean = median = None
    if kind not in MEDIAN_KINDS:
        median = None
    return table_from_line(kind, keys, counts, marks, responses, rules, mean, median)


def _protect(kind: str, keys: list[str], counts: list[int], responses: int, salt: str,
             rules: Rules) -> list[str | None] | None:
    """The marks of a question's line; multiple choice is one (chosen, not chosen) line per
    option, and one unsafe option withholds the table."""
    if kind != "multiple_choice":
        return protect_line(counts, keys, salt, rules)
    marks = []
    for key, chosen in zip(keys, counts, strict=True):
        line = protect_line([chosen, responses - chosen], [key, NOT_CHOSEN], f"{salt}:{key}",
                            rules)
        if line is None:
            return None
        marks.append(line[0])
    return marks


def table_line(kind: str, option_keys: tuple[str, ...], option_counts: dict[str, int],
               answered: int, responses: int) -> tuple[list[str], list[int]]:
    """A question's cells as one line from its option counts (kinds without bands; for
    multiple choice: the options' chosen counts, each a line of its own)."""
    if kind == "multiple_choice":
        return list(option_keys), [option_counts.get(key, 0) for key in option_keys]
    if kind in ONE_ANSWER_KINDS:
        return ([*option_keys, NOT_ANSWERED],
                [option_counts.get(key, 0) for key in option_keys] + [responses - answered])
    return [ANSWERED, NOT_ANSWERED], [answered, responses - answered]


def table_from_line(kind: str, keys: list[str], counts: list[int],
                    marks: list[str | None] | None, responses: int, rules: Rules,
                    mean: Decimal | None, median: Decimal | None = None) -> QuestionTable:
    """The table that a stored line with its marks shows (marks None: withheld)."""
    table = QuestionTable(kind, responses, rules)
    if marks is None:
        return replace(table, withheld=True)
    shown = _shares(keys, counts, marks, responses, rules.small)
    if kind == "multiple_choice":
        return replace(table, cells=shown)
    return replace(table, cells=shown[:-1], not_answered=shown[-1], mean=mean, median=median)


def combined_table(members: list[QuestionTable], kind: str, responses: int) -> QuestionTable:
    """Several Quartiere together, next to their own published tables.

    A combined count is shown only where every Quartier's count of that cell is shown: it
    is then their sum and tells nothing new. Where one of them is hidden, the combined
    count would give it away (the combined count minus the others), so it is hidden too.
    The Quartiere's figures come from releases of different sizes: no mean across them.
    """
    if len(members) == 1:
        return members[0]  # the same counts, so the same marks
    rules = members[0].rules if members else STANDARD
    layouts = {tuple(c.key for c in member.rows) for member in members}
    if not members or any(member.withheld for member in members) or len(layouts) != 1:
        return QuestionTable(kind, responses, rules, withheld=True)
    keys = [c.key for c in members[0].rows]
    counts = [sum(member.rows[i].count for member in members) for i in range(len(keys))]
    marks = [None if all(member.rows[i].hidden is None for member in members) else "joined"
             for i in range(len(keys))]
    shown = tuple(Count(key, count, mark,
                        rounded_share(count, responses) if mark is None and responses
                        else None, rules.small)
                  for key, count, mark in zip(keys, counts, marks, strict=True))
    if kind == "multiple_choice":
        return QuestionTable(kind, responses, rules, cells=shown)
    return QuestionTable(kind, responses, rules, cells=shown[:-1], not_answered=shown[-1])


def row_labels(question) -> dict[str, LocalText]:
    """Labels of a question table's rows: options in their language (marked where it falls
    back to German), the built-in rows and bands in the interface language."""
    kind = KINDS.get(question.kind)
    labels = {o.key: o.label for o in kind.options(question)} if kind else {}
    keys = line_keys(question.kind, question.settings, tuple(o.key for o in question.options))
    keys += tuple(f"{FROM}{cut}" for cut in cut_points(question.kind, question.settings))
    labels.update({key: LocalText(text) for key, text in
                   band_labels(question.kind, question.settings, keys).items()})
    labels[ANSWERED] = LocalText(_("Beantwortet"))
    labels[NOT_ANSWERED] = LocalText(_("Nicht beantwortet"))
    if PREFER_NOT_KEY in labels:
        labels[PREFER_NOT_KEY] = LocalText(_("Keine Angabe"))
    return labels


def protection_note() -> str:
    return _("Zum Schutz der Befragten werden Zahlen unter 5 als „< 5“ gezeigt (bei "
             "besonders sensiblen Fragen Zahlen unter 10 als „< 10“). „·“ steht für eine "
             "Zahl, die ausgeblendet ist, damit sich eine kleine Zahl nicht zurückrechnen "
             "lässt. Lässt sich eine Frage so nicht sicher zeigen, fehlt ihre Tabelle ganz. "
             "Quartiere mit weniger als 10 Antworten erscheinen nur mit „< 10“.")


def withheld_note() -> str:
    return _("Diese Frage wird hier nicht aufgeschlüsselt: Bei so wenigen Antworten "
             "ließen sich sonst einzelne Angaben zurückrechnen.")
