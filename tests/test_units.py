"""Unit tests of pure functions: periods, parsing, content fallback."""

from datetime import UTC, date, datetime, timedelta

import pytest

from participation.digests.schedule import due_at, is_due, period_bounds, period_of
from participation.queue import next_slot
from participation.surveys.content import LocalText, OptionView, QuestionView, pick


def test_periods_are_iso_weeks_due_the_monday_after():
    assert period_of(date(2026, 11, 26)) == "2026-W48"
    assert period_bounds("2026-W48") == (date(2026, 11, 23), date(2026, 11, 29))
    assert period_of(date(2027, 1, 1)) == "2026-W53"
    # 06:00 on Monday in Esslingen: 05:00 UTC in winter
    assert due_at("2026-W48") == datetime(2026, 11, 30, 5, 0, tzinfo=UTC)
    assert not is_due("2026-W48", datetime(2026, 11, 30, 4, 59, tzinfo=UTC))
    assert is_due("2026-W48", datetime(2026, 11, 30, 5, 0, tzinfo=UTC))


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


def _form(values, **extra):
    from werkzeug.datastructures import MultiDict

    return MultiDict([("answer", value) for value in values] + list(extra.items()))


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
    ("short_text", [" Bäckerei "], "Bäckerei"),
    ("date", ["17.03.1948"], "1948-03-17"),
    ("date", ["1948-03-17"], "1948-03-17"),
])
def test_each_kind_parses_valid_input(request_context, kind, raw, expected):
    from participation.surveys.questions import KINDS

    question = _question(kind, settings={"min": 1, "max": 20}, options=("a", "b", "1", "3"))
    parsed = KINDS[kind].parse(question, _form(raw))
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
    ("short_text", ["x" * 201], "Bitte kürzen Sie Ihre Antwort auf höchstens 200 Zeichen."),
    ("date", ["31.02.1950"], "Bitte geben Sie ein Datum wie 17.03.1948 ein."),
    ("date", ["gestern"], "Bitte geben Sie ein Datum wie 17.03.1948 ein."),
])
def test_bad_input_gets_a_specific_message(request_context, kind, raw, message):
    from participation.surveys.questions import KINDS

    question = _question(kind, settings={"min": 1, "max": 20}, options=("a", "b"))
    assert KINDS[kind].parse(question, _form(raw)).error == message


def test_optional_question_may_stay_empty(request_context):
    from participation.surveys.questions import KINDS

    parsed = KINDS["single_choice"].parse(_question("single_choice", required=False), _form([]))
    assert parsed.value is None
    assert parsed.error is None


def test_other_needs_its_text_and_prefer_not_stands_alone(request_context):
    from participation.surveys.questions import KINDS, OTHER_FIELD

    question = _question("multiple_choice", settings={"other": True, "prefer_not": True},
                         options=("a", "b"))
    keys = [o.key for o in KINDS["multiple_choice"].options(question)]
    assert keys == ["a", "b", "other", "prefer_not"]
    missing = KINDS["multiple_choice"].parse(question, _form(["a", "other"]))
    assert missing.error == "Bitte geben Sie an, was Sie mit „Sonstiges“ meinen."
    assert missing.field == OTHER_FIELD
    given = KINDS["multiple_choice"].parse(question, _form(["other", "a"],
                                                          answer_other=" Kegeln "))
    assert (given.value, given.other, given.error) == (["a", "other"], "Kegeln", None)
    alone = KINDS["multiple_choice"].parse(question, _form(["a", "prefer_not"]))
    assert alone.error == "Bitte wählen Sie „Möchte ich nicht sagen“ nur allein aus."
    rows = KINDS["multiple_choice"].rows(question, ["a", "other"], "Kegeln")
    assert [(r.option_key, r.text_value) for r in rows] == [("a", None), ("other", "Kegeln")]


def test_conditions_show_follow_up_questions_only_when_they_apply():
    from participation.surveys.conditions import visible_questions
    from participation.surveys.content import QuestionnaireView

    def question(key, position, show_if=None):
        return QuestionView(id=position, key=key, position=position, kind="yes_no",
                            required=True, field_of_action=None,
                            settings={"show_if": show_if} if show_if else {},
                            text=LocalText(key), hint=None)

    view = QuestionnaireView(
        id=1, municipality_id=1, status="open", languages=("de",), title=LocalText("t"),
        intro=LocalText(""), questions=(
            question("car", 1), question("parking", 2, {"question": "car", "any_of": ["yes"]}),
            question("garage", 3, {"question": "parking", "any_of": ["no"]}),
            question("end", 4)))
    keys = lambda answers: [q.key for q in visible_questions(view, answers)]  # noqa: E731
    assert keys({}) == ["car", "end"]
    assert keys({"car": "yes"}) == ["car", "parking", "end"]
    assert keys({"car": "yes", "parking": "no"}) == ["car", "parking", "garage", "end"]
    # a hidden question hides what depends on it, even with an old answer kept
    assert keys({"car": "no", "parking": "no"}) == ["car", "end"]


def test_every_condition_operator_on_stored_answers():
    from participation.surveys.conditions import holds

    def view(key, kind, settings=None):
        return QuestionView(id=1, key=key, position=1, kind=kind, required=True,
                            field_of_action=None, settings=settings or {},
                            text=LocalText(key), hint=None)

    by_key = {"mood": view("mood", "scale"), "born": view("born", "age", {"ask": "year"}),
              "help": view("help", "multiple_choice"), "n": view("n", "number")}
    answers = {"mood": "5", "born": 1940, "help": ["family", "friends"], "n": 3}
    shown = set(by_key)

    def check(condition, shown_keys=shown):
        return holds(condition, answers, by_key, shown_keys)

    # a scale step is stored as "5" and equals the number 5 as well as the key "5"
    assert check({"question": "mood", "equals": 5}) and check({"question": "mood", "equals": "5"})
    assert not check({"question": "mood", "not_equals": 5})
    assert check({"question": "mood", "ge": 4}) and not check({"question": "mood", "lt": 5})
    assert check({"question": "n", "equals": 3}) and not check({"question": "n", "gt": 3})
    assert check({"question": "help", "any_of": ["friends"]})
    assert not check({"question": "help", "none_of": ["family"]})
    assert not check({"question": "help", "equals": "family"})  # two ticked: not "only"
    assert check({"all": [{"question": "mood", "ge": 4},
                          {"not": {"question": "help", "any_of": ["paid"]}}]})
    assert check({"any": [{"question": "n", "lt": 0}, {"question": "mood", "answered": True}]})
    # an age asked as a year of birth compares in years (1940: 80 or more today)
    assert check({"question": "born", "ge": 80})
    # a question that was not shown counts as unanswered, whatever is stored
    assert not check({"question": "mood", "answered": True}, shown - {"mood"})
    assert not check({"question": "mood", "not_equals": 5}, shown - {"mood"})
