"""What a reader knows besides one table, and when a table must be withheld because of it.

Two kinds of knowledge, both checked with the exact one-line intervals of disclosure.py:

- **Follow-up questions.** A question shown only after some answers is answered by at most
  as many people as gave them: an inequality between two published tables. A follow-up's
  table stays only where that inequality narrows no cell of either table.
- **Responses the reader entered.** A staff member who keyed in paper sheets, or answered
  together with a resident, knows those answers ("padding": key in sheets with known answers,
  then subtract them). For such a reader every table must protect everybody else's counts
  as if the known part were not there: enough other responses, no shown cell leaving a
  small count of others, no hidden count of others narrowed. Tables and lines that fail are
  withheld from everybody: published figures are the same for every reader.
"""

from dataclasses import dataclass, field, replace

from participation.results.disclosure import (
    NOT_ANSWERED,
    STANDARD,
    complement,
    follow_up_adds_nothing,
    holds_against,
    intervals,
    sum_range,
)
from participation.results.tables import Count, QuartierCounts, QuestionTable


@dataclass(frozen=True)
class Known:
    """One reader's own responses in one Quartier, for one question."""

    responses: int = 0
    answered: int = 0
    options: dict[str, int] = field(default_factory=dict)


NOTHING = Known()


def withheld(table: QuestionTable) -> QuestionTable:
    return replace(table, withheld=True, cells=(), not_answered=None, mean=None,
                   median=None)


def known_line(table: QuestionTable, own: Known) -> list[int]:
    """`own` as the reader's part of each row of a one-line table."""
    part = {NOT_ANSWERED: own.responses - own.answered, "_answered": own.answered}
    return [own.options.get(c.key, part.get(c.key, 0)) for c in table.rows]


def hold_against(table: QuestionTable, own: Known) -> QuestionTable:
    """The table, or withheld if it does not protect the others from a reader knowing `own`."""
    if table.withheld or own.responses == 0:
        return table
    if table.kind == "multiple_choice":
        fine = all(holds_against([c.count, table.responses - c.count],
                                 [c.hidden, complement(c.hidden)], table.rules,
                                 [own.options.get(c.key, 0),
                                  own.responses - own.options.get(c.key, 0)])
                   for c in table.cells)
    else:
        fine = holds_against([c.count for c in table.rows], [c.hidden for c in table.rows],
                             table.rules, known_line(table, own))
    return table if fine else withheld(table)


def hold_quartier_against(counts: QuartierCounts, own_channels: list[int]) -> QuartierCounts:
    """A Quartier's channel line, hidden from a reader who could subtract their own part."""
    if counts.channels is None or not any(own_channels):
        return counts
    line = [c.count for c in counts.channels]
    marks = [c.hidden for c in counts.channels]
    if holds_against(line, marks, STANDARD, own_channels):
        return counts
    return replace(counts, channels=None)


def guard_follow_up(table: QuestionTable, source: QuestionTable | None, any_of: list[str],
                    own: Known = NOTHING, own_source: Known = NOTHING,
                    part: tuple[str, ...] = ()) -> QuestionTable:
    """A follow-up's table, withheld unless its link to the earlier question's table (its
    answers, or those in the cells `part`, number at most those who gave `any_of`) narrows
    no cell of either table, also for a reader who knows `own` and `own_source` of them."""
    if table.withheld or not table.rows:
        return table
    if source is None or source.withheld:
        return withheld(table)
    answered = _answered_range(table, own, set(part))
    given = _given_range(source, set(any_of), own_source)
    return table if follow_up_adds_nothing(answered, given) else withheld(table)


def _chosen_range(table: QuestionTable, cell: Count, own: Known) -> tuple[int, int]:
    """A multiple-choice count's range (of others): its line is (chosen, not chosen)."""
    mine = own.options.get(cell.key, 0)
    if cell.hidden is None:
        return cell.count - mine, cell.count - mine
    return intervals([cell.count, table.responses - cell.count],
                     [cell.hidden, complement(cell.hidden)], table.rules,
                     [mine, own.responses - mine])[0]


def _answered_range(table: QuestionTable, own: Known, keys: set[str]) -> tuple[int, int]:
    """The range of what must not exceed the source's count: the sum of the follow-up's
    answers (or of its cells `keys`), or for multiple choice the largest option count
    (each option is ticked at most once a person)."""
    if table.kind == "multiple_choice":
        ranges = [_chosen_range(table, cell, own) for cell in table.cells]
        return max(lo for lo, _hi in ranges), max(hi for _lo, hi in ranges)
    part = [i for i, c in enumerate(table.rows)
            if (c.key in keys if keys else c.key != NOT_ANSWERED)]
    return sum_range([c.count for c in table.rows], [c.hidden for c in table.rows],
                     table.rules, part, known_line(table, own))


def _given_range(source: QuestionTable, keys: set[str], own: Known) -> tuple[int, int]:
    """The range of how many people gave one of `keys` to the earlier question."""
    if source.kind == "multiple_choice":
        ranges = [_chosen_range(source, c, own) for c in source.cells if c.key in keys]
        if not ranges:
            return 0, 0
        return (max(lo for lo, _hi in ranges),
                min(source.responses - own.responses, sum(hi for _lo, hi in ranges)))
    part = [i for i, c in enumerate(source.rows) if c.key in keys]
    return sum_range([c.count for c in source.rows], [c.hidden for c in source.rows],
                     source.rules, part, known_line(source, own))
