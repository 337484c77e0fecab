"""Keyed-in sheets listed, corrected and deleted, each change on record without answers;
an invalid answer ("several boxes ticked") stored apart from "prefer not to say"."""

import pytest
from sqlalchemy import select

from participation.accounts.models import Organiser
from participation.paper.models import SHEET_CORRECTED, SHEET_DELETED, SheetChange
from participation.paper.services import record_sheet
from participation.results.counts import question_structure
from participation.results.tallies import Tallies
from participation.surveys.content import questionnaire_view
from participation.surveys.models import Answer, Response
from tests.accounts.test_login import login
from tests.factories import demo_questionnaire, quartiere
from tests.paper.printing import printed
from tests.paper.test_paper import AICHTAL, _count, demo_sheet
from tests.results.test_downloads import _csv_rows, _xlsx
from tests.results.test_results import ADMIN


@pytest.fixture
def aichtal(client, session):
    assert login(client, *AICHTAL).status_code == 302
    questionnaire = printed(session, demo_questionnaire(session, "aichtal"), 1, 50)
    session.rollback()
    return questionnaire


def _base(questionnaire) -> str:
    return f"/de/verwaltung/papier/{questionnaire.id}"


def _keyed_in(client, session, questionnaire, number, quartier):
    form = demo_sheet(session, questionnaire, quartier, number)
    assert client.post(f"{_base(questionnaire)}/erfassen", data=form).status_code == 302
    return form


def test_the_list_shows_each_keyed_in_sheet(client, session, aichtal):
    aich, groetzingen, _ = quartiere(session, "aichtal")
    session.rollback()
    _keyed_in(client, session, aichtal, 17, groetzingen)
    _keyed_in(client, session, aichtal, 3, aich)
    page = client.get(f"{_base(aichtal)}/boegen").get_data(as_text=True)
    assert page.index('<th scope="row">3</th>') < page.index('<th scope="row">17</th>')
    entered_by = session.scalar(select(Organiser.name).where(Organiser.email == AICHTAL[0]))
    row = page.split('<th scope="row">17</th>', 1)[1].split("</tr>", 1)[0]
    assert "Grötzingen" in row and "Deutsch" in row and entered_by in row
    assert f"{_base(aichtal)}/boegen/17/korrigieren" in page
    assert f"{_base(aichtal)}/boegen/17/loeschen" in page
    assert "Bisher wurde kein erfasster Bogen korrigiert" in page
    assert f"{_base(aichtal)}/boegen" in client.get(f"{_base(aichtal)}/erfassen").get_data(
        as_text=True)
    assert f"{_base(aichtal)}/boegen" in client.get("/de/verwaltung/papier").get_data(
        as_text=True)


def test_a_correction_replaces_the_answers_and_is_recorded(client, session, aichtal):
    aich, groetzingen, _ = quartiere(session, "aichtal")
    session.rollback()
    form = _keyed_in(client, session, aichtal, 17, aich)
    session.rollback()
    response_id = session.scalar(select(Response.id).where(Response.sheet_number == 17))
    url = f"{_base(aichtal)}/boegen/17/korrigieren"
    shown = client.get(url).get_data(as_text=True)
    assert "Mehr Sitzbänke am Marktplatz</textarea>" in shown  # pre-filled
    assert f'name="quartier" value="{aich.id}" checked' in shown
    view = questionnaire_view(aichtal, "de")
    corrected = {**form, "quartier": str(groetzingen.id),
                 f"q{view.question_at(2).id}": "no",
                 f"q{view.question_at(11).id}": "Ein Café"}
    corrected.pop("sheet")
    reply = client.post(url, data=corrected)
    assert reply.status_code == 302 and reply.headers["Location"].endswith("/boegen")
    session.rollback()
    response = session.get(Response, response_id)  # the same row, the same number
    assert (response.sheet_number, response.quartier_id) == (17, groetzingen.id)
    stored = {(a.option_key, a.text_value) for a in response.answers}
    assert ("no", None) in stored and (None, "Ein Café") in stored
    assert (None, "Mehr Sitzbänke am Marktplatz") not in stored
    assert len(response.answers) == 12
    # recorded in the Quartier it left and in the one it joined (the release audit of each)
    left, joined = session.scalars(select(SheetChange).order_by(SheetChange.id)).all()
    assert (left.action, left.sheet_number, left.quartier_id) == (SHEET_CORRECTED, 17, aich.id)
    assert (joined.quartier_id, joined.summary) == (groetzingen.id, left.summary)
    change = left
    assert change.summary == "quartier, 2, 11"  # numbers, never the answers
    page = client.get(f"{_base(aichtal)}/boegen").get_data(as_text=True)
    assert "Bogen 17 korrigiert." in page
    assert "Korrigiert: Quartier, Frage 2, Frage 11" in page
    assert "Ein Café" not in page

    unchanged = client.post(url, data=corrected)
    assert unchanged.status_code == 302 and _count(session, SheetChange) == 2


def test_a_correction_with_an_error_keeps_the_stored_sheet(client, session, aichtal):
    aich = quartiere(session, "aichtal")[0]
    session.rollback()
    form = _keyed_in(client, session, aichtal, 5, aich)
    view = questionnaire_view(aichtal, "de")
    form[f"q{view.question_at(3).id}"] = "zwei"
    reply = client.post(f"{_base(aichtal)}/boegen/5/korrigieren", data=form)
    assert reply.status_code == 400 and 'value="zwei"' in reply.get_data(as_text=True)
    assert _count(session, SheetChange) == 0 and _count(session, Answer) == 12


def test_deleting_asks_first_then_removes_the_sheet_and_keeps_a_record(client, session,
                                                                        aichtal):
    aich = quartiere(session, "aichtal")[0]
    session.rollback()
    _keyed_in(client, session, aichtal, 9, aich)
    url = f"{_base(aichtal)}/boegen/9/loeschen"
    confirm = client.get(url).get_data(as_text=True)
    assert "Bogen 9 löschen" in confirm and 'method="post"' in confirm
    assert _count(session, Response) == 1  # asking deletes nothing
    assert client.post(url).status_code == 302
    assert _count(session, Response) == 0 and _count(session, Answer) == 0
    change = session.scalar(select(SheetChange))
    assert (change.action, change.sheet_number, change.quartier_id) == (
        SHEET_DELETED, 9, aich.id)
    page = client.get(f"{_base(aichtal)}/boegen").get_data(as_text=True)
    assert "Bogen 9 gelöscht." in page and "Gelöscht" in page
    assert client.get(url).status_code == 404  # gone
    # the number is free again: the sheet can be keyed in anew
    _keyed_in(client, session, aichtal, 9, aich)


def test_another_municipality_sees_no_sheet_of_ours(client, session, aichtal):
    aich = quartiere(session, "aichtal")[0]
    session.rollback()
    _keyed_in(client, session, aichtal, 4, aich)
    login(client, "organisation@kohlberg.demo.example", "demo-kohlberg")
    for path in ("boegen", "boegen/4/korrigieren", "boegen/4/loeschen"):
        assert client.get(f"{_base(aichtal)}/{path}").status_code == 404, path
    assert client.post(f"{_base(aichtal)}/boegen/4/loeschen").status_code == 404
    assert _count(session, Response) == 1 and _count(session, SheetChange) == 0


def test_several_boxes_ticked_is_stored_as_invalid_and_counted_as_not_answered(
        client, session, aichtal):
    aich = quartiere(session, "aichtal")[0]
    session.rollback()
    view = questionnaire_view(aichtal, "de")
    housing = view.question_at(1)  # a scale: one box
    form = demo_sheet(session, aichtal, aich, 12)
    entry = client.get(f"{_base(aichtal)}/erfassen").get_data(as_text=True)
    assert f'name="q{housing.id}" value="invalid"' in entry
    assert "Ungültig (mehrfach angekreuzt)" in entry
    form[f"q{housing.id}"] = "invalid"
    assert client.post(f"{_base(aichtal)}/erfassen", data=form).status_code == 302
    session.rollback()
    assert session.scalar(select(Answer.option_key).where(
        Answer.question_id == housing.id)) == "invalid"
    corrected = client.get(f"{_base(aichtal)}/boegen/12/korrigieren").get_data(as_text=True)
    assert f'name="q{housing.id}" value="invalid" checked' in corrected

    login(client, *ADMIN)  # may read every answer
    assert client.get(f"/de/verwaltung/ergebnisse/{aichtal.id}").status_code == 200
    rows = _csv_rows(client, aichtal)
    column = rows[0].index(f"{housing.key}__label")
    assert rows[-1][column - 1:column + 1] == ["invalid", "Ungültig (mehrfach angekreuzt)"]
    sheet = [[cell.value for cell in row] for row in _xlsx(client, aichtal)["Antworten"]]
    assert sheet[-1][column - 1:column + 1] == ["invalid", "Ungültig (mehrfach angekreuzt)"]
    for table in ("tabellen.csv", "tabellen.xlsx"):
        assert client.get(f"/de/verwaltung/ergebnisse/{aichtal.id}/{table}").status_code == 200


def test_an_invalid_answer_counts_as_not_answered_in_the_figures(session, aichtal):
    aich = quartiere(session, "aichtal")[0]
    view = questionnaire_view(aichtal, "de")
    housing = view.question_at(1)
    for number in range(1, 4):
        answers = {housing.key: "invalid" if number == 1 else "4"}
        record_sheet(view, aich.id, number, "de", answers)
    session.flush()
    structure = question_structure(session, aichtal.id)
    shape = next(shape for shape in structure if shape.id == housing.id)
    tally = Tallies(session, aichtal.id, structure, None).tally(aich.id, shape)
    assert tally.options == {"4": 2} and tally.answered == 2
    session.rollback()
