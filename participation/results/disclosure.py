"""Disclosure control: the one place that decides which counts may be published.

The digests, the results pages of organisers who may not see raw data and the aggregate
exports all take their figures from here. The design, its attacker and its limits are
written up in the README ("Disclosure control"); in short:

- **Whole-table threshold.** A Quartier gets per-question figures only with at least
  `MIN_RESPONSES` responses (20 for a question marked sensitive). Below that its number of
  responses is shown as a band ("< 10") and its channels are not shown at all.
- **Every table is a line that adds up.** A question's cells are its options plus
  "not answered", so they add up to the Quartier's responses, which are published. Skips
  are a cell like any other (an "answered" figure beside the total gave them away).
- **Primary suppression.** Counts 1–4 (1–9 for sensitive questions) show as "< 5".
- **Complementary suppression that does not depend on the hidden values.** A line with a
  hidden count also hides one partner, "·": the first non-zero cell that is not small in
  an order fixed by a hash of the question and the option key. The choice never looks at
  the sizes of the cells, so "·" tells an attacker only that the cell is at least 5 (the
  old rule took the smallest cell, which bounded "·" from above).
- **An exact audit, then all or nothing.** With the partner chosen, every hidden cell's
  interval is computed exactly as an attacker would from the line's published total and
  the marks' meaning (`intervals`). If any interval is narrower than the band behind "< 5",
  the whole table is withheld. The audit depends only on published figures, so withholding
  itself tells nothing about the hidden cells of a published table.
- **Means** are published only for tables with nothing hidden: a mean times n is one more
  equation over the hidden cells.
- **Follow-up questions** (shown only after some answers) are answered by at most as many
  people as gave those answers, an inequality between two tables. A follow-up table is
  published only where that inequality cannot narrow a cell of either table
  (`follow_up_adds_nothing`); otherwise it is withheld.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

SMALL_COUNT = 5  # counts below this are shown as "< 5"
MIN_RESPONSES = 10  # no per-question figures below this many responses in a Quartier
SENSITIVE_SMALL_COUNT = 10
SENSITIVE_MIN_RESPONSES = 20
ONE_ANSWER_KINDS = frozenset({"single_choice", "scale", "yes_no"})
NOT_ANSWERED = "_not_answered"  # the cell of responses without an answer to a question
NOT_CHOSEN = "_not_chosen"  # a multiple-choice option's complement: never shown

Interval = tuple[int, int | None]


@dataclass(frozen=True)
class Rules:
    """The thresholds that apply to one table."""

    small: int  # counts 1..small-1 are hidden
    min_responses: int  # fewer responses: no table at all

    @property
    def band(self) -> int:
        """How many values a hidden small count must keep open to an attacker (1..4)."""
        return self.small - 1


STANDARD = Rules(SMALL_COUNT, MIN_RESPONSES)
SENSITIVE = Rules(SENSITIVE_SMALL_COUNT, SENSITIVE_MIN_RESPONSES)


def rules_for(settings: dict | None) -> Rules:
    return SENSITIVE if (settings or {}).get("sensitive") else STANDARD


def banded_total(responses: int) -> str | None:
    """A Quartier's number of responses below the whole-table threshold shows as a band."""
    return "small" if 0 < responses < MIN_RESPONSES else None


def complement(mark: str | None) -> str | None:
    """The mark of a multiple-choice count's never-shown complement: its partner."""
    return {"small": "secondary", "secondary": "small"}.get(mark)


def partner_order(salt: str, keys: Sequence[str]) -> list[int]:
    """Positions in an order that depends on the keys only, never on the counts."""
    def rank(index: int) -> bytes:
        return hashlib.sha256(f"{salt}\x1f{keys[index]}".encode()).digest()
    return sorted(range(len(keys)), key=rank)


def protect_line(counts: Sequence[int], keys: Sequence[str], salt: str,
                 rules: Rules = STANDARD) -> list[str | None] | None:
    """Marks for a line of counts whose total is published: None (shown), "small" or
    "secondary"; or None when the whole line must be withheld."""
    marks: list[str | None] = ["small" if 0 < count < rules.small else None
                               for count in counts]
    if "small" not in marks:
        return marks
    partner = next((index for index in partner_order(salt, keys)
                    if marks[index] is None and counts[index] > 0), None)
    if partner is not None:
        marks[partner] = "secondary"
    if any(hi is None or hi - lo + 1 < rules.band
           for lo, hi in intervals(counts, marks, rules).values()):
        return None
    return marks


def domain(mark: str, rules: Rules) -> Interval:
    """What a mark tells an attacker: "< 5" is 1..4, "·" is a count of at least 5."""
    return (1, rules.small - 1) if mark == "small" else (rules.small, None)


def intervals(counts: Sequence[int], marks: Sequence[str | None], rules: Rules,
              known: Sequence[int] | None = None) -> dict[int, Interval]:
    """The exact interval an attacker finds for each hidden cell of one line.

    The line's total and its shown cells give the sum H of the hidden cells. Each hidden
    cell lies in its mark's domain, so cell i can be anything from H minus the others' upper
    bounds to H minus their lower bounds, within its own domain; with integer boxes and one
    sum every value in between is reached. (High is None: unbounded above.)

    `known`: what the attacker contributed to each cell themselves (paper sheets they keyed
    in). The intervals are then those of everybody else's counts: each domain shifted down
    by the known part, and never below zero.
    """
    known = known or [0] * len(counts)
    hidden = [i for i, mark in enumerate(marks) if mark is not None]
    bounds = {}
    for i in hidden:
        lo, hi = domain(marks[i], rules)
        bounds[i] = (max(0, lo - known[i]), None if hi is None else hi - known[i])
    hidden_sum = sum(counts[i] - known[i] for i in hidden)
    result: dict[int, Interval] = {}
    for i in hidden:
        others = [bounds[j] for j in hidden if j != i]
        others_low = sum(lo for lo, _hi in others)
        others_high = None if any(hi is None for _lo, hi in others) else sum(
            hi for _lo, hi in others)
        own_low, own_high = bounds[i]
        low = own_low if others_high is None else max(own_low, hidden_sum - others_high)
        high_from_sum = hidden_sum - others_low
        high = high_from_sum if own_high is None else min(own_high, high_from_sum)
        result[i] = (low, high)
    return result


def holds_against(counts: Sequence[int], marks: Sequence[str | None], rules: Rules,
                  known: Sequence[int]) -> bool:
    """Whether a line published with `marks` still protects everybody else from someone who
    knows `known` of each cell: they have enough responses besides, no shown cell leaves a
    small count of others, and no hidden count of others is narrowed below the band."""
    others = [count - own for count, own in zip(counts, known, strict=True)]
    if not any(known):
        return True
    if sum(others) < rules.min_responses:
        return False
    if any(mark is None and 0 < count < rules.small for count, mark in zip(others, marks,
                                                                           strict=True)):
        return False
    return all(others[i] == 0 or (hi is not None and hi - lo + 1 >= rules.band)
               for i, (lo, hi) in intervals(counts, marks, rules, known).items())


def sum_range(counts: Sequence[int], marks: Sequence[str | None], rules: Rules,
              part: Sequence[int], known: Sequence[int] | None = None) -> tuple[int, int]:
    """The exact range an attacker finds for the sum of the cells `part` of one line (of
    everybody else's counts, if the attacker knows `known` of each cell)."""
    known = known or [0] * len(counts)
    spans = intervals(counts, marks, rules, known)
    shown = sum(counts[i] - known[i] for i in part if marks[i] is None)
    inside = [spans[i] for i in part if marks[i] is not None]
    outside = [spans[i] for i in spans if i not in part]
    hidden_sum = sum(counts[i] - known[i] for i in spans)
    low = max(sum(lo for lo, _hi in inside), hidden_sum - sum(hi for _lo, hi in outside))
    high = min(sum(hi for _lo, hi in inside), hidden_sum - sum(lo for lo, _hi in outside))
    return shown + low, shown + high


def follow_up_adds_nothing(answered: tuple[int, int], given: tuple[int, int]) -> bool:
    """Whether "the follow-up's answers (a sum in `answered`) are at most the answers it
    follows (a sum in `given`)" leaves every cell of both tables as open as before.

    If even the largest possible follow-up sum fits under the largest possible given sum,
    every follow-up cell keeps its range; if the smallest follow-up sum fits under the
    smallest given sum, every cell of the earlier table keeps its range."""
    return answered[1] <= given[1] and answered[0] <= given[0]
