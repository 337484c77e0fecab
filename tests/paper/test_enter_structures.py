"""Keying in paper sheets of questionnaires with matrices, number groups and typed answers
with codes (SQLite and PostgreSQL): what is stored, what is refused, what is left out."""

import re

import pytest
from sqlalchemy import select

from participation.surveys.content import questionnaire_view
from participation.surveys.models import Question, Response
from tests.accounts.test_login import login
from tests.factories import quartiere
from tests.paper.questionnaire_files import imported
from tests.paper.test_paper import KOHLBERG, _count

SUFFIXES = ("_month", "_code", "_other")


@pytest.fixture
def organiser(client):
    assert login(client, *KOHLBERG).status_code == 302
    return client


def sheet(session, questionnaire, number: int, answers: dict) -> dict:
    """The entry form as posted: answers by question key ("key_month", "key_code" for the
    other inputs of a question), named by question id as the entry page names them."""
    ids = {q.key: q.id for q in questionnaire_view(questionnaire, "de").questions}
    form = {"sheet": str(number), "quartier": str(quartiere(session, "kohlberg")[0].id),
            "sprache": "de"}
    for key, value in answers.items():
        suffix = next((s for s in SUFFIXES if key.endswith(s) and key[:-len(s)] in ids), "")
        form[f"q{ids[key[:len(key) - len(suffix)]]}{suffix}"] = value
    return form


def stored(session, questionnaire, number: int) -> dict[str, set[tuple]]:
    """The stored answers of one sheet: question key → {(option, number, text)}."""
    session.rollback()
    keys = dict(session.execute(select(Question.id, Question.key).where(
        Question.questionnaire_id == questionnaire.id)).all())
    response = session.scalar(select(Response).where(
        Response.questionnaire_id == questionnaire.id, Response.sheet_number == number))
    assert response is not None and response.channel == "paper"
    found: dict[str, set[tuple]] = {}
    for answer in response.answers:
        found.setdefault(keys[answer.question_id], set()).add(
            (answer.option_key, answer.number_value, answer.text_value))
    return found


def post(client, questionnaire, form):
    return client.post(f"/de/verwaltung/papier/{questionnaire.id}/erfassen", data=form)


def test_the_entry_page_shows_a_matrix_as_a_grid_of_radio_buttons(organiser, session):
    questionnaire = imported(session, "burscheid_hilgen")
    view = questionnaire_view(questionnaire, "de")
    header = next(q for q in view.questions if q.key == "wohnumfeld")
    rows = [q for q in view.questions if q.settings.get("group") == "wohnumfeld"]
    page = organiser.get(f"/de/verwaltung/papier/{questionnaire.id}/erfassen").get_data(
        as_text=True)
    grid = re.search(r'<table class="paper-entry-grid">.*?</table>', page, re.S).group(0)
    assert re.findall(r'<th scope="col" id="m\d+-\d">([^<]*)</th>', grid) == [
        "sehr zufrieden", "zufrieden", "einigermaßen zufrieden", "unzufrieden",
        "Möchte ich nicht sagen", "Ungültig (mehrfach angekreuzt)"]
    assert grid.count('<th scope="row">') == 6
    first = rows[0].id
    assert (f'<span id="q{first}-label">6a. Zustand der Gehwege</span>') in grid
    assert (f'<input type="radio" id="q{first}-1" name="q{first}" value="4" '
            f'aria-labelledby="q{first}-label m{header.id}-1">') in grid
    assert f'name="q{first}" value="prefer_not"' in grid
    assert "<legend><span>6. Wie zufrieden sind Sie mit folgenden Dingen" in page
    assert ("Auf dem Bogen: Nur beantworten, wenn Sie bei Frage 22 eine Zahl über 1 "
            "eingetragen haben.") in page
    assert "<legend><span>23. Wie viele Personen in Ihrem Haushalt" in page
    assert "23a. unter 18 Jahre alt" in page
    assert re.search(r'<h3 class="paper-entry-section">Nahversorgung</h3>', page)
    for name in ("Frage 20: Stattdessen angekreuzt", "Frage 24: Stattdessen angekreuzt"):
        assert name in page  # the codes beside a typed answer
    assert 'name="q' in page and '_month"' in page  # a month and a year


def test_a_who5_sheet_stores_its_grid_and_its_score(organiser, session):
    questionnaire = imported(session, "who5")
    answers = {f"who5_{n}": str(points) for n, points in zip(range(1, 6), (5, 4, 3, 2, 1),
                                                             strict=True)}
    reply = post(organiser, questionnaire, sheet(session, questionnaire, 7, answers))
    assert reply.status_code == 302, reply.get_data(as_text=True)[:2000]
    found = stored(session, questionnaire, 7)
    for n, points in zip(range(1, 6), (5, 4, 3, 2, 1), strict=True):
        assert found[f"who5_{n}"] == {(str(points), float(points), None)}
    assert found["who5_index"] == {(None, 60.0, None)}  # (5+4+3+2+1) × 4, computed


def test_an_incomplete_grid_is_stored_as_it_is_on_the_sheet(organiser, session):
    questionnaire = imported(session, "who5")
    form = sheet(session, questionnaire, 8, {"who5_1": "5", "who5_4": "0"})
    assert post(organiser, questionnaire, form).status_code == 302
    found = stored(session, questionnaire, 8)
    assert found == {"who5_1": {("5", 5.0, None)}, "who5_4": {("0", 0.0, None)}}
    # five statements are needed for the index: no score for an incomplete sheet


def test_a_wrong_value_in_a_grid_row_is_named_by_its_number(organiser, session):
    questionnaire = imported(session, "burscheid_hilgen")
    view = questionnaire_view(questionnaire, "de")
    row = next(q for q in view.questions if q.key == "wohnumfeld_bus")
    form = sheet(session, questionnaire, 9, {"wohnumfeld_gehwege": "4",
                                             "wohnumfeld_bus": "7"})
    reply = post(organiser, questionnaire, form)
    assert reply.status_code == 400
    page = reply.get_data(as_text=True)
    assert (f'<a href="#q{row.id}-1">Frage 6d: Bitte wählen Sie eine der angebotenen '
            "Antworten aus.") in page
    assert re.search(rf'<tr class="field-error">\s*<th scope="row"><span id="q{row.id}-label"',
                     page)
    assert re.search(r'value="4" aria-labelledby="[^"]+" checked', page)  # kept as typed
    assert _count(session, Response) == 0


def test_a_number_group_is_stored_when_its_condition_holds(organiser, session):
    questionnaire = imported(session, "base_haushalt")
    form = sheet(session, questionnaire, 11, {
        "base_alleine": "nein", "base_partner": "1", "base_tochter": "2",
        "base_sonstige": "0"})
    assert post(organiser, questionnaire, form).status_code == 302
    assert stored(session, questionnaire, 11) == {
        "base_alleine": {("nein", None, None)}, "base_partner": {(None, 1.0, None)},
        "base_tochter": {(None, 2.0, None)}, "base_sonstige": {(None, 0.0, None)}}


def test_a_number_group_whose_condition_fails_is_left_out_and_named(organiser, session):
    questionnaire = imported(session, "base_haushalt")
    form = sheet(session, questionnaire, 12, {"base_alleine": "ja", "base_sohn": "1",
                                              "base_freund": "2"})
    reply = post(organiser, questionnaire, form)
    assert reply.status_code == 302
    assert stored(session, questionnaire, 12) == {"base_alleine": {("ja", None, None)}}
    confirmation = organiser.get(reply.headers["Location"]).get_data(as_text=True)
    assert "Die Fragen 2b, 2e wurden nicht übernommen" in confirmation


def test_a_number_out_of_range_in_a_group_is_refused(organiser, session):
    questionnaire = imported(session, "base_haushalt")
    view = questionnaire_view(questionnaire, "de")
    partner = next(q for q in view.questions if q.key == "base_partner")
    form = sheet(session, questionnaire, 13, {"base_alleine": "nein", "base_partner": "3"})
    reply = post(organiser, questionnaire, form)
    assert reply.status_code == 400
    page = reply.get_data(as_text=True)
    assert (f'<a href="#q{partner.id}">Frage 2a: Bitte geben Sie eine Zahl zwischen 0 und 1 '
            "ein.") in page
    assert 'value="3"' in page
    # the same typing under a condition that fails is no error: it is left out
    form = sheet(session, questionnaire, 13, {"base_alleine": "ja", "base_partner": "3"})
    assert post(organiser, questionnaire, form).status_code == 302


def test_ages_months_and_codes_are_keyed_in(organiser, session):
    questionnaire = imported(session, "burscheid_hilgen")
    form = sheet(session, questionnaire, 21, {
        "alter": "78", "haushalt_code": "prefer_not", "wohnt_seit": "2010",
        "wohnt_seit_month": "3", "wohnumfeld_gehwege": "prefer_not",
        "wohnform": "miete", "wohnen_pflege": "other"})  # "other" without its text
    reply = post(organiser, questionnaire, form)
    assert reply.status_code == 302, reply.get_data(as_text=True)[:3000]
    found = stored(session, questionnaire, 21)
    assert found["alter"] == {(None, 78.0, None)}
    assert found["haushalt"] == {("prefer_not", None, None)}
    assert found["wohnt_seit"] == {(None, None, "2010-03")}
    assert found["wohnumfeld_gehwege"] == {("prefer_not", None, None)}
    assert found["wohnen_pflege"] == {("other", None, None)}
    assert "haushalt_unter18" not in found  # the household size was not a number above 1


def test_typed_answers_with_codes_are_checked_as_on_the_resident_pages(organiser, session):
    questionnaire = imported(session, "burscheid_hilgen")
    view = questionnaire_view(questionnaire, "de")
    ids = {q.key: q.id for q in view.questions}
    form = sheet(session, questionnaire, 22, {
        "haushalt": "2", "haushalt_code": "prefer_not", "wohnt_seit": "2010",
        "wohnt_seit_month": "13", "alter": "200"})
    reply = post(organiser, questionnaire, form)
    assert reply.status_code == 400
    page = reply.get_data(as_text=True)
    assert (f'<a href="#q{ids["haushalt"]}_code-1">Frage 22: Bitte geben Sie entweder eine '
            "Antwort ein oder kreuzen Sie das Kästchen an, nicht beides.") in page
    assert f'<a href="#q{ids["wohnt_seit"]}_month">Frage 24: Bitte wählen Sie den Monat' in page
    assert f'<a href="#q{ids["alter"]}">Frage 20: Bitte geben Sie Ihr Alter' in page
    assert re.search(rf'id="q{ids["haushalt"]}_code-1" name="q{ids["haushalt"]}_code" '
                     r'value="prefer_not" checked', page)
    assert 'value="2010"' in page and 'value="200"' in page
    assert _count(session, Response) == 0
