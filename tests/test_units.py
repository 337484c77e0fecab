"""Unit tests of pure functions: disclosure control, periods, parsing, content fallback."""

from datetime import UTC, date, datetime, timedelta

import pytest

from participation.digests.compile import hidden_cells
from participation.digests.schedule import due_at, is_due, period_bounds, period_of
from participation.queue import next_slot
from participation.surveys.content import LocalText, OptionView, QuestionView, pick


def test_counts_below_five_are_hidden_and_a_lone_hidden_cell_gets_a_partner():
    # 7 is the only other non-zero cell, so it must be hidden too (10 - 7 = 3 otherwise)
    assert hidden_cells([7, 3, 0], total_shown=True) == ["secondary", "small", None]


def test_two_small_cells_need_no_secondary_suppression():
    assert hidden_cells([7, 3, 2], total_shown=True) == [None, "small", "small"]


def test_secondary_suppression_picks_the_smallest_remaining_cell():
    assert hidden_cells([20, 6, 4, 9], total_shown=True) == [None, "secondary", "small", None]


def test_without_a_published_total_no_secondary_suppression():
    assert hidden_cells([20, 4], total_shown=False) == [None, "small"]


def test_zero_and_five_are_shown():
    assert hidden_cells([0, 5, 12], total_shown=True) == [None, None, None]


def test_periods_are_iso_weeks_due_the_monday_after():
    assert period_of(date(2026, 11, 26)) == "2026-W48"
    assert period_bounds("2026-W48") == (date(2026, 11, 23), date(2026, 11, 29))
    assert period_of(date(2027, 1, 1)) == "2026-W53"
    assert due_at("2026-W48") == datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
    assert not is_due("2026-W48", datetime(2026, 11, 29, 23, 0, tzinfo=UTC))
    assert is_due("2026-W48", datetime(2026, 11, 30, 6, 0, tzinfo=UTC))


def test_periodic_jobs_run_on_stable_slots():
    quarter = timedelta(minutes=15)
    assert next_slot(datetime(2026, 11, 26, 10, 7, 30, tzinfo=UTC), quarter) == \
        datetime(2026, 11, 26, 10, 15, tzinfo=UTC)
    assert next_slot(datetime(2026, 11, 26, 10, 15, 0, tzinfo=UTC), quarter) == \
        datetime(2026, 11, 26, 10, 30, tzinfo=UTC)


def test_missing_translation_falls_back_to_german_and_says_so():
    texts = {"de": "Wohnen", "en": "Housing"}
    assert pick(texts, "en") == LocalText("Housing", None)
    assert pick(texts, "ar") == LocalText("Wohnen", "de")
    assert pick(texts, "de") == LocalText("Wohnen", None)


def _question(kind, required=True, settings=None, options=()):
    return QuestionView(id=1, key="q", position=1, kind=kind, required=required,
                        field_of_action=None, settings=settings or {},
                        text=LocalText("Frage"), hint=None,
                        options=tuple(OptionView(k, LocalText(k)) for k in options))


@pytest.fixture
def request_context():
    from participation import create_app

    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"})
    with app.test_request_context("/de/"):
        yield


@pytest.mark.parametrize(("kind", "raw", "expected"), [
    ("single_choice", ["a"], "a"),
    ("multiple_choice", ["b", "a", "b"], ["a", "b"]),
    ("scale", ["3"], "3"),
    ("yes_no", ["dont_know"], "dont_know"),
    ("number", [" 12 "], 12),
    ("text", ["  Mehr Bänke\r\nbitte "], "Mehr Bänke\nbitte"),
])
def test_each_kind_parses_valid_input(request_context, kind, raw, expected):
    from participation.surveys.questions import KINDS

    question = _question(kind, settings={"min": 1, "max": 20}, options=("a", "b", "1", "3"))
    parsed = KINDS[kind].parse(question, raw)
    assert parsed.error is None
    assert parsed.value == expected


@pytest.mark.parametrize(("kind", "raw", "message"), [
    ("single_choice", [], "Bitte wählen Sie eine Antwort aus."),
    ("single_choice", ["zzz"], "Bitte wählen Sie eine der angebotenen Antworten aus."),
    ("multiple_choice", [], "Bitte wählen Sie mindestens eine Antwort aus."),
    ("number", ["zwei"], "Bitte geben Sie eine ganze Zahl ein, zum Beispiel 2."),
    ("number", ["99"], "Bitte geben Sie eine Zahl zwischen 1 und 20 ein."),
    ("text", ["  "], "Bitte geben Sie eine Antwort ein."),
    ("text", ["x" * 2001], "Bitte kürzen Sie Ihre Antwort auf höchstens 2000 Zeichen."),
])
def test_bad_input_gets_a_specific_message(request_context, kind, raw, message):
    from participation.surveys.questions import KINDS

    question = _question(kind, settings={"min": 1, "max": 20}, options=("a", "b"))
    assert KINDS[kind].parse(question, raw).error == message


def test_optional_question_may_stay_empty(request_context):
    from participation.surveys.questions import KINDS

    parsed = KINDS["single_choice"].parse(_question("single_choice", required=False), [])
    assert parsed.value is None
    assert parsed.error is None
