"""Conditions in words (surveys/condition_words.py): every operator, negated and combined.

Pure functions: questions are built here, no database is needed; the app only provides the
interface language (gettext and the locale's list patterns).
"""

from dataclasses import replace

import pytest
from markupsafe import Markup

from participation.i18n import PAGE_LANGUAGES, in_locale
from participation.surveys.condition_words import (
    condition_clause,
    end_if_words,
    label_list,
    show_if_words,
)
from participation.surveys.content import LocalText, OptionView, QuestionView, with_structure
from tests.conftest import make_test_app


def _question(key: str, kind: str, options=(), settings=None, text=None) -> QuestionView:
    return QuestionView(
        id=0, key=key, position=0, kind=kind, required=True, field_of_action=None,
        settings=settings or {}, text=LocalText(text or key), hint=None,
        options=tuple(OptionView(option, LocalText(label, lang))
                      for option, label, lang in options))


SCALE = [(str(step), str(step), None) for step in range(1, 6)]
QUESTIONS = [  # numbered 1 … 10 as a questionnaire numbers them, the matrix rows 8a and 8b
    _question("car", "yes_no"),
    _question("age", "age", settings={"prefer_not": True}),
    _question("born", "age", settings={"ask": "year"}),
    _question("household", "number", settings={"dont_know": True}),
    _question("size", "number"),
    _question("transport", "multiple_choice",
              [("bus", "Bus", None), ("foot", "Zu Fuß", "de"), ("car", "a<b", None)]),
    _question("satisfaction", "scale", SCALE, {"prefer_not": True}),
    _question("grid", "matrix", SCALE, {"answer": "scale"}),
    _question("grid_a", "scale", settings={"group": "grid"}),
    _question("grid_b", "scale", settings={"group": "grid"}),
    _question("street", "short_text"),
    _question("housing", "single_choice", [("rent", "Miete", None), ("own", "Eigentum", None)]),
]
BY_KEY = {question.key: question for question in with_structure(
    [replace(question, id=index, position=index)
     for index, question in enumerate(QUESTIONS, start=1)])}


@pytest.fixture(scope="module")
def words_app(tmp_path_factory):
    """An app for its catalogs only: nothing here reads the database."""
    return make_test_app("sqlite://", tmp_path_factory.mktemp("words"))


@pytest.fixture
def german(words_app):
    with words_app.app_context(), in_locale("de"):
        yield


def words(condition: dict) -> str:
    return str(show_if_words(condition, BY_KEY))


def clause(condition: dict) -> str:
    return str(condition_clause(condition, BY_KEY))


# --- single answers ---


def test_any_of_names_the_ticked_answers(german):
    assert words({"question": "car", "any_of": ["yes"]}) == (
        "Nur beantworten, wenn Sie bei Frage 1 „Ja“ angekreuzt haben.")
    assert clause({"question": "housing", "any_of": ["rent", "own"]}) == (
        "bei Frage 10 eine der folgenden Antworten angekreuzt haben: „Miete“ oder „Eigentum“")
    assert clause({"question": "transport", "any_of": ["bus", "foot", "car"]}) == (
        "bei Frage 6 eine der folgenden Antworten angekreuzt haben: „Bus“, "
        "„<span lang=\"de\" dir=\"ltr\">Zu Fuß</span>“ oder „a&lt;b“")


def test_none_of_needs_an_answer_other_than_those(german):
    assert clause({"question": "housing", "none_of": ["rent"]}) == (
        "Frage 10 beantwortet haben, aber nicht mit „Miete“")
    assert clause({"question": "car", "none_of": ["yes", "dont_know"]}) == (
        "Frage 1 beantwortet haben, aber nicht mit „Ja“ oder „Weiß nicht“")


def test_equals_by_the_kind_of_answer(german):
    assert clause({"question": "housing", "equals": "own"}) == (
        "bei Frage 10 „Eigentum“ angekreuzt haben")
    assert clause({"question": "transport", "equals": "bus"}) == (
        "bei Frage 6 nur „Bus“ angekreuzt haben")  # a multiple choice: exactly this one
    assert clause({"question": "size", "equals": 3}) == (
        "bei Frage 5 die Zahl 3 eingetragen haben")
    assert clause({"question": "household", "equals": "dont_know"}) == (
        "bei Frage 4 „Weiß nicht“ angekreuzt haben")  # a code ticked beside the number
    assert clause({"question": "street", "equals": "Am <Markt>"}) == (
        "bei Frage 9 „Am &lt;Markt&gt;“ eingetragen haben")
    assert clause({"question": "satisfaction", "equals": 5}) == (
        "bei Frage 7 „5“ angekreuzt haben")  # a scale step named by its number


def test_not_equals_needs_an_answer(german):
    assert clause({"question": "housing", "not_equals": "rent"}) == (
        "Frage 10 beantwortet haben, aber nicht mit „Miete“")
    assert clause({"question": "size", "not_equals": 3}) == (
        "bei Frage 5 eine andere Zahl als 3 eingetragen haben")
    # with "Weiß nicht" beside the number, ticking it is an answer other than 3 too
    assert clause({"question": "household", "not_equals": 3}) == (
        "Frage 4 beantwortet haben und bei Frage 4 nicht die Zahl 3 eingetragen haben")
    assert clause({"question": "transport", "not_equals": "bus"}) == (
        "Frage 6 beantwortet haben und bei Frage 6 nicht nur „Bus“ angekreuzt haben")


@pytest.mark.parametrize(("operator", "expected"), [
    ("lt", "eine Zahl unter 80"), ("le", "eine Zahl bis 80"),
    ("gt", "eine Zahl über 80"), ("ge", "eine Zahl ab 80"),
])
def test_numbers_are_compared(german, operator, expected):
    assert clause({"question": "size", operator: 80}) == (
        f"bei Frage 5 {expected} eingetragen haben")
    negative = expected.replace("eine Zahl", "keine Zahl")
    assert clause({"not": {"question": "size", operator: 80}}) == (
        f"bei Frage 5 {negative} eingetragen haben")


def test_decimals_are_written_the_local_way(german):
    assert clause({"question": "size", "gt": 2.5}) == (
        "bei Frage 5 eine Zahl über 2,5 eingetragen haben")


@pytest.mark.parametrize(("operator", "expected"), [
    ("lt", "jünger als 80 Jahre sind"), ("le", "höchstens 80 Jahre alt sind"),
    ("gt", "älter als 80 Jahre sind"), ("ge", "mindestens 80 Jahre alt sind"),
])
def test_ages_are_compared_in_years_however_they_were_asked(german, operator, expected):
    assert clause({"question": "age", operator: 80}) == f"{expected} (Frage 2)"
    assert clause({"question": "born", operator: 80}) == f"{expected} (Frage 3)"


def test_one_year_is_singular(german):
    assert clause({"question": "age", "lt": 1}) == "jünger als 1 Jahr sind (Frage 2)"


def test_a_negated_age_includes_no_age_given(german):
    assert words({"not": {"question": "age", "ge": 80}}) == (
        "Nur beantworten, wenn Sie jünger als 80 Jahre sind (Frage 2) oder bei Frage 2 "
        "kein Alter eingetragen haben.")
    assert clause({"not": {"question": "born", "lt": 65}}) == (
        "mindestens 65 Jahre alt sind (Frage 3) oder bei Frage 3 kein Geburtsjahr "
        "eingetragen haben")


def test_scale_comparisons_name_the_steps(german):
    assert clause({"question": "satisfaction", "ge": 4}) == (
        "bei Frage 7 eine der folgenden Antworten angekreuzt haben: „4“ oder „5“")
    assert clause({"question": "grid_b", "lt": 2}) == "bei Frage 8b „1“ angekreuzt haben"
    assert clause({"not": {"question": "grid_a", "le": 2}}) == (
        "bei Frage 8a keine der folgenden Antworten angekreuzt haben: „1“ oder „2“")


def test_answered_and_not_answered(german):
    assert clause({"question": "street", "answered": True}) == "Frage 9 beantwortet haben"
    assert clause({"question": "street", "answered": False}) == (
        "Frage 9 nicht beantwortet haben")
    assert clause({"not": {"question": "street", "answered": False}}) == (
        "Frage 9 beantwortet haben")


def test_negated_answers_have_their_own_words(german):
    assert clause({"not": {"question": "car", "any_of": ["yes"]}}) == (
        "bei Frage 1 nicht „Ja“ angekreuzt haben")
    assert clause({"not": {"question": "housing", "any_of": ["rent", "own"]}}) == (
        "bei Frage 10 keine der folgenden Antworten angekreuzt haben: „Miete“ oder "
        "„Eigentum“")
    assert clause({"not": {"question": "housing", "none_of": ["rent"]}}) == (
        "Frage 10 nicht beantwortet haben oder bei Frage 10 „Miete“ angekreuzt haben")
    assert clause({"not": {"question": "size", "equals": 3}}) == (
        "bei Frage 5 nicht die Zahl 3 eingetragen haben")
    assert clause({"not": {"question": "transport", "equals": "bus"}}) == (
        "bei Frage 6 nicht nur „Bus“ angekreuzt haben")
    assert clause({"not": {"question": "housing", "not_equals": "rent"}}) == (
        "Frage 10 nicht beantwortet haben oder bei Frage 10 „Miete“ angekreuzt haben")
    assert clause({"not": {"question": "street", "equals": "Markt"}}) == (
        "bei Frage 9 nicht „Markt“ eingetragen haben")
    assert clause({"not": {"not": {"question": "car", "any_of": ["yes"]}}}) == (
        "bei Frage 1 „Ja“ angekreuzt haben")


# --- combinations ---


def test_all_and_any_join_the_parts(german):
    assert words({"all": [{"question": "car", "any_of": ["yes"]},
                          {"question": "size", "ge": 80}]}) == (
        "Nur beantworten, wenn Sie bei Frage 1 „Ja“ angekreuzt haben und bei Frage 5 eine "
        "Zahl ab 80 eingetragen haben.")
    assert clause({"any": [{"question": "car", "any_of": ["yes"]},
                           {"question": "age", "ge": 80},
                           {"question": "street", "answered": True}]}) == (
        "bei Frage 1 „Ja“ angekreuzt haben, mindestens 80 Jahre alt sind (Frage 2) oder "
        "Frage 9 beantwortet haben")
    assert clause({"all": [{"question": "car", "any_of": ["yes"]}]}) == (
        "bei Frage 1 „Ja“ angekreuzt haben")  # one part: no brackets


def test_nested_combinations_are_bracketed(german):
    condition = {"all": [{"question": "car", "any_of": ["yes"]},
                         {"any": [{"question": "size", "gt": 1},
                                  {"question": "housing", "any_of": ["own"]}]}]}
    assert clause(condition) == (
        "bei Frage 1 „Ja“ angekreuzt haben und (bei Frage 5 eine Zahl über 1 eingetragen "
        "haben oder bei Frage 10 „Eigentum“ angekreuzt haben)")


def test_not_all_becomes_any_not(german):
    condition = {"not": {"all": [{"question": "car", "any_of": ["yes"]},
                                 {"any": [{"question": "size", "gt": 1},
                                          {"question": "street", "answered": True}]}]}}
    assert clause(condition) == (
        "bei Frage 1 nicht „Ja“ angekreuzt haben oder (bei Frage 5 keine Zahl über 1 "
        "eingetragen haben und Frage 9 nicht beantwortet haben)")


def test_a_negated_leaf_with_two_sides_is_bracketed_inside_a_combination(german):
    condition = {"all": [{"question": "car", "any_of": ["yes"]},
                         {"not": {"question": "age", "ge": 80}}]}
    assert clause(condition) == (
        "bei Frage 1 „Ja“ angekreuzt haben und (jünger als 80 Jahre sind (Frage 2) oder bei "
        "Frage 2 kein Alter eingetragen haben)")


# --- whole instructions ---


def test_sections_and_early_ends_have_their_own_instructions(german):
    condition = {"question": "car", "any_of": ["no"]}
    assert str(show_if_words(condition, BY_KEY, section=True)) == (
        "Diesen Abschnitt nur ausfüllen, wenn Sie bei Frage 1 „Nein“ angekreuzt haben.")
    assert str(end_if_words(condition, BY_KEY)) == (
        "Wenn Sie bei Frage 1 „Nein“ angekreuzt haben: Der Fragebogen ist für Sie hier zu "
        "Ende. Vielen Dank!")


def test_words_are_markup_with_labels_escaped_once(german):
    result = show_if_words({"question": "transport", "any_of": ["car"]}, BY_KEY)
    assert isinstance(result, Markup)
    assert "„a&lt;b“" in str(result) and "&amp;" not in str(result)
    assert str(label_list([LocalText("Bus"), LocalText("Zu Fuß", "de")])) == (
        'Bus oder <span lang="de" dir="ltr">Zu Fuß</span>')


@pytest.mark.parametrize("lang", PAGE_LANGUAGES)
def test_every_interface_language_gets_its_words(words_app, lang):
    condition = {"all": [{"question": "car", "any_of": ["yes", "no"]},
                         {"question": "transport", "any_of": ["foot"]},
                         {"not": {"question": "age", "ge": 80}}]}
    with words_app.app_context(), in_locale(lang):
        from flask_babel import gettext

        result = str(show_if_words(condition, BY_KEY))
        assert gettext("Ja") in result and gettext("Nein") in result  # built-in labels
    # the option label that fell back to German stays marked as German
    assert '<span lang="de" dir="ltr">Zu Fuß</span>' in result
    for number in ("1", "6", "2"):
        assert number in result
    assert "\x00" not in result and "%(" not in result
