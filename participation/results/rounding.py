"""How the digests, the results pages and aggregate exports round the figures they show.

Half up, in decimal arithmetic: 62.5 % shows as 63 %, 37.5 % as 38 %, a mean of 2.65 as
2.7. Python's `round()` and Babel's formatting round half to even, and a float such as 2.65
is really 2.64999…, so both showed 62 % and 2.6. Shares are computed here from the integer
counts, means from the integer sums (answers are whole numbers); the shown values are
Decimals that the locale's number format prints without rounding them again.

Each share is rounded on its own, so the shares of a table where every answer counts once
(single choice, scale, yes/no) add up to 100 % only up to rounding: with k cells shown the
sum lies within k/2 of 100 (5 of 8 and 3 of 8 show as 63 % and 38 %, 101 % together). We do
not force the sum to 100 by the largest-remainder method: that would show equal counts in
one table as different shares (1/3 each as 34 %, 33 %, 33 %), which readers find more
puzzling than 101 %. Multiple-choice shares add up to more than 100 % anyway.
"""

from decimal import ROUND_HALF_UP, Decimal

PERCENT = Decimal(100)


def round_half_up(value: Decimal | int | float | str, places: int = 0) -> Decimal:
    """`value` rounded to `places` decimals, half away from zero (half up for the
    non-negative figures shown). A float goes through its shortest text, so 2.65 is 2.65."""
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def whole_percent(count: int, base: int) -> Decimal:
    """`count` of `base` in whole percent, half up: 5 of 8 is 63, 3 of 8 is 38."""
    # Decimal division of integers is exact to 28 digits: no false tie at .5
    return round_half_up(PERCENT * count / base)


def share(count: int, base: int) -> Decimal:
    """The fraction `count / base` rounded to whole percent (5 of 8 → 0.63), for a percent
    format that must not round it again."""
    return whole_percent(count, base) / PERCENT


def mean(total: Decimal | int | float, count: int, places: int = 1) -> Decimal:
    """The mean `total / count` rounded half up to `places` decimals (53 / 20 → 2.7)."""
    exact = total if isinstance(total, Decimal) else Decimal(str(total))
    return round_half_up(exact / count, places)
