"""Whether a new release of a line of counts, next to its earlier releases, discloses anyone
(to any reader, or to a reader who entered some of the responses and knows their answers).

A digest publishes a Quartier's figures again once enough new responses have come in. A
reader holding two releases knows the difference: the answers of the people in between.
Within one release the exact one-line intervals of disclosure.py decide; across releases
the line's counts grow (responses are only added) and every release adds a sum and marks,
which is a small integer programme. We solve it as an attacker would, exactly, with HiGHS
through SciPy's `milp`, and refuse the release if it narrows a small count: a hidden count
of any release, or the count of the people between any two releases, whose true value lies
in 1..small-1, must keep at least `band` possible values.

Corrected and deleted paper sheets break "counts only grow": a sheet deleted, or corrected
to another answer, takes one response out of a cell. A release records how many such
changes since the previous release could touch its line (`changes`, k); the programme then
lets the line's cells lose up to k responses together, and the count of the people who
came in between is a quantity of its own (what is new in a cell, not its net growth). Its
true value is not known any more, so it must keep `band` values whenever it might be small.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from participation.results.disclosure import Rules

_FAR = 10**7  # far above any count: a bound for cells nothing else bounds


@dataclass(frozen=True)
class LineRelease:
    """One release of one line: its total and, per cell, the count and the mark shown
    (None shown, "small", "secondary"), or `withheld` (nothing of it shown). `known`: what
    the reader contributed to each cell themselves (paper sheets they keyed in); the
    unknowns are then everybody else's counts."""

    total: int
    counts: tuple[int, ...]
    marks: tuple[str | None, ...]
    withheld: bool = False
    known: tuple[int, ...] | None = None
    changes: int = 0  # sheet changes since the previous release that touch this line

    def others(self, cell: int) -> int:
        return self.counts[cell] - (self.known[cell] if self.known else 0)

    def mine(self, cell: int) -> int:
        return self.known[cell] if self.known else 0


def releases_hold(releases: Sequence[LineRelease], rules: Rules) -> bool:
    """Whether the published releases (oldest first, same cells) narrow no small count."""
    width = len(releases[0].counts)
    lossy = [r for r, release in enumerate(releases) if r and release.changes]
    count = (len(releases) + len(lossy)) * width

    def var(release: int, cell: int) -> int:
        return release * width + cell

    def loss(release: int, cell: int) -> int:  # what changed sheets took out of a cell
        return (len(releases) + lossy.index(release)) * width + cell

    lows, highs = np.zeros(count), np.full(count, float(_FAR))
    rows, row_lows, row_highs = [], [], []
    for r in lossy:
        highs[[loss(r, c) for c in range(width)]] = releases[r].changes
        together = np.zeros(count)
        together[[loss(r, c) for c in range(width)]] = 1
        rows.append(together)
        row_lows.append(0)
        row_highs.append(releases[r].changes)
    for r, release in enumerate(releases):
        total = np.zeros(count)
        total[[var(r, c) for c in range(width)]] = 1
        rows.append(total)
        others_total = release.total - sum(release.mine(c) for c in range(width))
        row_lows.append(others_total)
        row_highs.append(others_total)
        for c in range(width):
            if r:  # counts only grow, but for what changed sheets took out
                grow = np.zeros(count)
                grow[var(r, c)], grow[var(r - 1, c)] = 1, -1
                if r in lossy:
                    grow[loss(r, c)] = 1
                    had = np.zeros(count)  # a cell loses no more than it held
                    had[var(r - 1, c)], had[loss(r, c)] = 1, -1
                    rows.append(had)
                    row_lows.append(0)
                    row_highs.append(np.inf)
                rows.append(grow)
                row_lows.append(0)
                row_highs.append(np.inf)
            if release.withheld:
                continue
            mark, value, mine = release.marks[c], release.counts[c], release.mine(c)
            if mark is None:
                lows[var(r, c)] = highs[var(r, c)] = value - mine
            elif mark == "small":
                lows[var(r, c)] = max(0, 1 - mine)
                highs[var(r, c)] = rules.small - 1 - mine
            else:
                lows[var(r, c)] = max(0, rules.small - mine)
    constraints = [LinearConstraint(np.array(rows), row_lows, row_highs)]
    bounds = Bounds(lows, highs)
    for coeffs, known_small in _sensitive_quantities(releases, rules, var, loss, lossy, count):
        low = milp(coeffs, integrality=np.ones(count), bounds=bounds, constraints=constraints)
        high = milp(-coeffs, integrality=np.ones(count), bounds=bounds,
                    constraints=constraints)
        if low.status != 0 or high.status != 0:
            return False  # inconsistent figures: refuse rather than guess
        lowest, highest = round(low.fun), round(-high.fun)
        might_be_small = known_small or (lowest < rules.small and highest > 0)
        if might_be_small and highest - lowest + 1 < rules.band:
            return False
    return True


def _sensitive_quantities(releases, rules: Rules, var, loss, lossy, count: int):
    """(objective vector, known to be small) of every quantity whose true value is or may
    be small: hidden counts of a release, and the people between two releases (across
    changed sheets their true count is unknown: judged by what the attacker can solve)."""
    width = len(releases[0].counts)
    for r, release in enumerate(releases):
        for c in range(width):
            hidden = release.withheld or release.marks[c] is not None
            if hidden and 0 < release.others(c) < rules.small:
                coeffs = np.zeros(count)
                coeffs[var(r, c)] = 1
                yield coeffs, True
    for later in range(len(releases)):
        for earlier in range(later):
            spans = [r for r in lossy if earlier < r <= later]
            for c in range(width):
                between = releases[later].others(c) - releases[earlier].others(c)
                if spans or 0 < between < rules.small:
                    coeffs = np.zeros(count)
                    coeffs[var(later, c)], coeffs[var(earlier, c)] = 1, -1
                    for r in spans:
                        coeffs[loss(r, c)] = 1
                    yield coeffs, not spans
