"""The figures of one entry from its counts (pure functions, no database): bands, years
before a response, means and medians rounded half up, and the labels of bands."""

from datetime import date
from decimal import Decimal

import pytest

from participation.i18n import in_locale
from participation.results.figures import (
    Tally,
    band_labels,
    line_counts,
    line_keys,
    stats,
)
from participation.results.tallies import years_before


@pytest.mark.parametrize(("values", "expected"), [
    ({1: 6, 2: 6}, ("1.5", "1.5")),  # the median between the 6th and 7th
    ({20: 10, 40: 6, 60: 6, 80: 8, 100: 5}, ("55.4", "60.0")),  # 1940 / 35, the 18th
    ({63: 2, 70: 3, 77: 3, 85: 2}, ("73.7", "73.5")),
    ({2.5: 1, 2.6: 1}, ("2.6", "2.6")),  # 2.55 half up, not to even
    ({7: 1}, ("7.0", "7.0")),
])
def test_mean_and_median_are_rounded_half_up(values, expected):
    assert stats(values) == tuple(Decimal(value) for value in expected)


def test_no_numbers_no_mean():
    assert stats({}) == (None, None)


@pytest.mark.parametrize(("month", "day", "years"), [
    ("2025-03", date(2025, 6, 15), 0), ("2024-07", date(2025, 6, 15), 0),
    ("2024-06", date(2025, 6, 15), 1), ("1980-05", date(2025, 6, 15), 45),
    ("2025-07", date(2025, 6, 15), -1), ("kaputt", date(2025, 6, 15), None),
])
def test_a_month_is_whole_years_before_the_response(month, day, years):
    assert years_before(month, day) == years


def test_bands_codes_and_not_answered_add_up_to_the_responses():
    settings = {"bands": [65, 70, 75, 80, 85], "prefer_not": True, "ask": "year"}
    keys = line_keys("age", settings, (), 0)
    assert keys == ("_under_65", "_from_65", "_from_70", "_from_75", "_from_80", "_from_85",
                    "prefer_not")
    tally = Tally({"prefer_not": 2}, 12, {63: 2, 70: 3, 77: 3, 85: 2})
    assert line_counts("age", settings, keys, tally, 13) == (
        [*keys, "_not_answered"], [2, 0, 3, 3, 0, 2, 2, 1])
    months = line_keys("month_year", {"dont_know": True}, ())
    assert months[-2:] == ("_later", "dont_know")
    tally = Tally({"dont_know": 1}, 5, {0: 1, 3: 1, -1: 1, 45: 1})
    assert line_counts("month_year", {}, months, tally, 6)[1] == [1, 1, 0, 0, 0, 1, 1, 1, 1]
    assert line_keys("date", {"dont_know": True, "prefer_not": True}, ()) == (
        "_answered", "dont_know", "prefer_not")
    # without bands: the numbers typed, beside the codes
    assert line_counts("number", {}, ("_answered", "prefer_not"),
                       Tally({"prefer_not": 2}, 10, {1: 8}), 12)[1] == [8, 2, 2]


def test_bands_are_named_by_their_whole_numbers(app):
    with app.app_context(), in_locale("de"):
        assert band_labels("number", {"bands": [2, 3]}, ("_under_2", "_from_2", "_from_3")) \
            == {"_later": "nach dem Tag der Antwort", "_under_2": "unter 2", "_from_2": "2",
                "_from_3": "3 und mehr"}
        mean_score = {"bands": [0, 29, 51], "method": "mean"}
        assert band_labels("score", mean_score, ("_from_0", "_from_29"))["_from_0"] == \
            "0 bis unter 29"
        ages = band_labels("age", {}, ("_under_50", "_from_50", "_from_90"))
        assert [ages[k] for k in ("_under_50", "_from_50", "_from_90")] == [
            "unter 50 Jahren", "50 bis 59 Jahre", "90 Jahre und älter"]
        years = band_labels("month_year", {}, ("_under_1", "_from_1", "_from_40"))
        assert [years[k] for k in ("_under_1", "_from_1", "_from_40")] == [
            "vor weniger als 1 Jahr", "vor 1 bis 4 Jahren", "vor 40 oder mehr Jahren"]
