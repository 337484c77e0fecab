"""What an attacker can work out about hidden cells from published figures.

A council member reading two weekly digests, or an organiser who keyed in paper sheets, knows
every published figure and the rules that produced it. This module writes that knowledge down
as linear constraints over non-negative integers and asks an exact integer programme (HiGHS,
through ``scipy.optimize.milp``) for the smallest and largest value of every hidden cell. A
hidden cell whose interval is narrower than the threshold band (the four values 1..4 behind
"< 5") has been disclosed, at least in part.

    pub = Published()
    pub.table("q1", {"ja": "< 5", "nein": "< 5", "weiss_nicht": 10}, total=18)
    solve(pub)  # {"q1.ja": (4, 4), "q1.nein": (4, 4)}

Every figure is a count of people, so every variable is an integer >= 0.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

Shown = int | str | None  # 7, "< 5", "·", or None for a figure that is not published
Interval = tuple[int, int | None]  # (low, high); high is None when nothing bounds it above

HIDDEN = "·"
_BELOW = re.compile(r"<\s*(\d+)")
# Far above any count we publish: a maximum that reaches it means "no upper bound" (HiGHS
# reports unbounded integer programmes only as "unbounded or infeasible").
_UNBOUNDED = 10**7


def _parse(shown: Shown) -> Interval:
    """The values a published figure allows."""
    if isinstance(shown, bool):  # bool is an int; a True here is a slip in a test
        raise TypeError(f"not a published figure: {shown!r}")
    if isinstance(shown, int):
        return shown, shown
    if shown is None or shown == HIDDEN:
        return 0, None
    match = _BELOW.fullmatch(shown.strip())
    if match is None:
        raise ValueError(f"not a published figure: {shown!r}")
    return 1, int(match.group(1)) - 1  # "< 5" stands for 1..4: zero is printed as 0


@dataclass
class Published:
    """Everything an attacker has read, as integer variables and linear constraints."""

    bounds: dict[str, Interval] = field(default_factory=dict)
    hidden: list[str] = field(default_factory=list)  # the cells the attacker wants to know
    rows: list[tuple[dict[str, int], int | None, int | None]] = field(default_factory=list)

    def cell(self, name: str, shown: Shown, *, low: int | None = None,
             high: int | None = None) -> str:
        """A published cell. ``low``/``high`` add what the attacker knows about how the cell
        was chosen, e.g. that a "·" was always at least 5 (hence the keyword-only bounds)."""
        if name in self.bounds:
            raise ValueError(f"cell {name!r} published twice; give it a new name")
        lo, hi = _parse(shown)
        if low is not None:
            lo = max(lo, low)
        if high is not None:
            hi = high if hi is None else min(hi, high)
        self.bounds[name] = (lo, hi)
        if not isinstance(shown, int):
            self.hidden.append(name)
        return name

    def known(self, name: str, value: int) -> str:
        """A figure the attacker knows without it being published, such as the answers on
        the paper sheets they keyed in themselves."""
        return self.cell(name, value)

    def table(self, prefix: str, shown: Mapping[str, Shown], total: Shown = None) -> list[str]:
        """One published table: cells named ``prefix.key``, and its total if shown."""
        names = [self.cell(f"{prefix}.{key}", value) for key, value in shown.items()]
        self.total(names, total)
        return names

    def linear(self, coeffs: Mapping[str, int], low: int | None = None,
               high: int | None = None) -> None:
        """low <= sum(coeff * cell) <= high: anything the other methods do not cover."""
        unknown = set(coeffs) - set(self.bounds)
        if unknown:
            raise KeyError(f"no such cells: {sorted(unknown)}")
        self.rows.append((dict(coeffs), low, high))

    def total(self, names: Iterable[str], shown: Shown) -> None:
        """The cells add up to a published figure: "answered", a Quartier total, a channel
        line, or "neu: < 5"."""
        if shown is None:
            return
        coeffs: dict[str, int] = {}
        for name in names:
            coeffs[name] = coeffs.get(name, 0) + 1
        self.linear(coeffs, *_parse(shown))

    def mean(self, values: Mapping[str, int], n: int, shown_mean: str | float | Decimal,
             decimals: int = 1) -> None:
        """A mean over ``n`` answers, printed rounded half up, so the true sum S of
        value * count satisfies (m - h) * n <= S < (m + h) * n with h half the last digit.

        In integers, with M = m * 10**d: (2M - 1) * n <= 2 * 10**d * S <= (2M + 1) * n - 1.
        The cells also add up to n, since n counts exactly the answers in the mean."""
        scaled = Decimal(str(shown_mean)).scaleb(decimals)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{shown_mean} has more than {decimals} decimals")
        m, unit = int(scaled), 2 * 10**decimals
        self.linear({name: unit * v for name, v in values.items()},
                    (2 * m - 1) * n, (2 * m + 1) * n - 1)
        self.total(values, n)

    def grows(self, earlier: str, later: str, new: str) -> str:
        """Two publications of the same count: later = earlier + new, with new >= 0, because
        responses are only ever added. ``new`` is hidden; it is what differencing reveals."""
        self.cell(new, None)
        self.linear({later: 1, earlier: -1, new: -1}, 0, 0)
        return new

    def differences(self, earlier: str, later: str, new: str) -> list[str]:
        """``grows`` for every cell ``later.key`` that also appears as ``earlier.key``."""
        keys = [n.removeprefix(f"{later}.") for n in self.bounds if n.startswith(f"{later}.")]
        return [self.grows(f"{earlier}.{k}", f"{later}.{k}", f"{new}.{k}")
                for k in keys if f"{earlier}.{k}" in self.bounds]


def _model(pub: Published) -> tuple[dict[str, int], Bounds, list[LinearConstraint]]:
    index = {name: i for i, name in enumerate(pub.bounds)}
    lows = [lo for lo, _ in pub.bounds.values()]
    highs = [np.inf if hi is None else hi for _, hi in pub.bounds.values()]
    if not pub.rows:
        return index, Bounds(lows, highs), []
    matrix = np.zeros((len(pub.rows), len(index)))
    for r, (coeffs, _, _) in enumerate(pub.rows):
        for name, coeff in coeffs.items():
            matrix[r, index[name]] += coeff
    row_lows = [-np.inf if lo is None else lo for _, lo, _ in pub.rows]
    row_highs = [np.inf if hi is None else hi for _, _, hi in pub.rows]
    return index, Bounds(lows, highs), [LinearConstraint(matrix, row_lows, row_highs)]


def solve(pub: Published, names: Iterable[str] | None = None) -> dict[str, Interval]:
    """The tightest [low, high] of every hidden cell (or of ``names``) that is consistent
    with everything published: two exact integer programmes per cell."""
    index, bounds, constraints = _model(pub)
    integrality = np.ones(len(index))
    intervals: dict[str, Interval] = {}
    for name in pub.hidden if names is None else names:
        objective = np.zeros(len(index))
        objective[index[name]] = 1
        low = milp(objective, integrality=integrality, bounds=bounds, constraints=constraints)
        if low.status != 0:
            raise ValueError(f"the published figures contradict each other: {low.message}")
        # Cap this one cell so that HiGHS can always report an optimum; hitting the cap
        # means nothing published bounds the cell from above.
        capped = Bounds(bounds.lb, bounds.ub.copy())
        capped.ub[index[name]] = min(capped.ub[index[name]], _UNBOUNDED)
        high = milp(-objective, integrality=integrality, bounds=capped, constraints=constraints)
        if high.status != 0:
            raise RuntimeError(f"maximising {name}: {high.message}")
        top = round(-high.fun)
        intervals[name] = (round(low.fun), None if top >= _UNBOUNDED else top)
    return intervals


def determined(pub: Published, band: int = 4) -> dict[str, Interval]:
    """The hidden cells an attacker narrows to fewer than ``band`` possible values: for a
    threshold of 5 the band is 1..4, so a single value or [2, 3] is a disclosure."""
    return {name: (lo, hi) for name, (lo, hi) in solve(pub).items()
            if hi is not None and hi - lo + 1 < band}


def enumerate_intervals(pub: Published, cap: int, limit: int = 200_000) -> dict[str, Interval]:
    """The same intervals as ``solve``, by trying every assignment: a cross-check for tiny
    problems only. Unbounded cells are tried up to ``cap``, which must be at least their
    true maximum (a published total bounding them will do)."""
    ranges = [range(lo, (cap if hi is None else hi) + 1) for lo, hi in pub.bounds.values()]
    if math.prod(len(r) for r in ranges) > limit:
        raise ValueError("too many assignments to enumerate; use solve()")
    index = {name: i for i, name in enumerate(pub.bounds)}
    rows = [([(index[n], c) for n, c in coeffs.items()], lo, hi) for coeffs, lo, hi in pub.rows]
    seen: dict[str, tuple[int, int]] = {}
    for values in itertools.product(*ranges):
        if all((lo is None or s >= lo) and (hi is None or s <= hi)
               for s, lo, hi in ((sum(values[i] * c for i, c in terms), lo, hi)
                                 for terms, lo, hi in rows)):
            for name in pub.hidden:
                v = values[index[name]]
                lo, hi = seen.get(name, (v, v))
                seen[name] = (min(lo, v), max(hi, v))
    if not seen and pub.hidden:
        raise ValueError("the published figures contradict each other")
    return dict(seen)
