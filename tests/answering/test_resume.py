"""Shared tablets: resume codes, "Neue Person beginnen" and assisted answering."""

import re

from sqlalchemy import select

from participation.answering.services import RESUME_ALPHABET, normalise_resume_code
from participation.surveys.models import Draft, Response
from tests.factories import complete_answers, demo_questionnaire, quartiere


def _base(questionnaire):
    return f"/de/umfrage/{questionnaire.id}"


def _code_from(page: str) -> str:
    return re.search(r'<p class="resume-code">(\w{3}) (\w{3})</p>', page).group(1, 2)


def test_resume_codes_are_short_and_unambiguous():
    assert len(RESUME_ALPHABET) == 32
    assert not set("0O1I") & set(RESUME_ALPHABET)
    assert normalise_resume_code(" abc-def ") == "ABCDEF"
    assert normalise_resume_code("ABCDE") is None
    assert normalise_resume_code("ABCDE0") is None


def test_continue_later_on_another_device_with_the_code(app, client, session):
    questionnaire = demo_questionnaire(session)
    base = _base(questionnaire)
    client.post(f"{base}/quartier", data={"answer": str(quartiere(session, "aichtal")[2].id)})
    client.post(f"{base}/frage/1", data={"answer": "2"})
    later = client.post(f"{base}/frage/2", data={"answer": "yes", "action": "later"})
    assert later.headers["Location"].endswith(f"{base}/spaeter")
    page = client.get(f"{base}/spaeter").get_data(as_text=True)
    code = "".join(_code_from(page))
    assert set(code) <= set(RESUME_ALPHABET) and len(code) == 6
    assert "<svg" in page and "QR-Code zum Weitermachen" in page
    assert f"/de/weitermachen?code={code}" in page
    assert _code_from(client.get(f"{base}/spaeter").get_data(as_text=True)) == \
        _code_from(page)  # a reload shows the same code
    draft = session.scalar(select(Draft))
    assert draft.answers == {"housing_satisfaction": "2", "step_free": "yes"}
    assert code not in (draft.resume_code_hash or "") and len(draft.resume_code_hash) == 64
    session.rollback()

    # the tablet is handed on: the browser forgets everything
    client.post("/de/neue-person")
    assert "checked" not in client.get(f"{base}/frage/1").get_data(as_text=True)

    other_device = app.test_client()
    wrong = other_device.post("/de/weitermachen", data={"code": "ZZZ ZZZ"})
    assert "keine Antworten gefunden" in wrong.get_data(as_text=True)
    malformed = other_device.post("/de/weitermachen", data={"code": "12"})
    assert "6 Zeichen" in malformed.get_data(as_text=True)
    resumed = other_device.post("/de/weitermachen", data={"code": code.lower()})
    assert resumed.headers["Location"].endswith(f"{base}/frage/3")
    back = other_device.get(f"{base}/frage/1").get_data(as_text=True)
    assert re.search(r'value="2" checked', back)
    for position, value in complete_answers().items():
        if position > 2:
            other_device.post(f"{base}/frage/{position}", data={"answer": value})
    assert other_device.post(f"{base}/pruefen").headers["Location"].endswith("/danke")
    response = session.scalar(select(Response))
    assert response.quartier_id == quartiere(session, "aichtal")[2].id
    # the code is used up with the draft
    again = app.test_client().post("/de/weitermachen", data={"code": code})
    assert "keine Antworten gefunden" in again.get_data(as_text=True)


def test_a_new_code_replaces_the_old_one(client, session):
    questionnaire = demo_questionnaire(session)
    base = _base(questionnaire)
    client.post(f"{base}/quartier", data={"answer": str(quartiere(session, "aichtal")[0].id)})
    client.post(f"{base}/spaeter")
    first = "".join(_code_from(client.get(f"{base}/spaeter").get_data(as_text=True)))
    client.post(f"{base}/spaeter")
    second = "".join(_code_from(client.get(f"{base}/spaeter").get_data(as_text=True)))
    assert first != second
    assert "keine Antworten" in client.post("/de/weitermachen",
                                            data={"code": first}).get_data(as_text=True)


def test_staff_can_answer_with_assistance(client, session):
    questionnaire = demo_questionnaire(session)
    base = _base(questionnaire)
    start = client.post(f"/de/verwaltung/umfrage/{questionnaire.id}/mit-unterstuetzung")
    assert start.status_code == 302 and "/anmelden" in start.headers["Location"]
    client.post("/de/verwaltung/anmelden", data={"email": "organisation@aichtal.demo.example",
                                                 "password": "demo-aichtal"})
    assert "Mit Unterstützung ausfüllen" in client.get(base).get_data(as_text=True)
    start = client.post(f"/de/verwaltung/umfrage/{questionnaire.id}/mit-unterstuetzung")
    assert start.headers["Location"].endswith(f"{base}/quartier")
    client.post(f"{base}/quartier", data={"answer": str(quartiere(session, "aichtal")[0].id)})
    for position, value in complete_answers().items():
        client.post(f"{base}/frage/{position}", data={"answer": value})
    client.post(f"{base}/pruefen")
    assert session.scalar(select(Response.channel)) == "assisted"


def test_staff_of_another_municipality_cannot_assist(client, session):
    questionnaire = demo_questionnaire(session, "aichtal")
    client.post("/de/verwaltung/anmelden", data={"email": "organisation@kohlberg.demo.example",
                                                 "password": "demo-kohlberg"})
    assert "Mit Unterstützung" not in client.get(_base(questionnaire)).get_data(as_text=True)
    response = client.post(f"/de/verwaltung/umfrage/{questionnaire.id}/mit-unterstuetzung")
    assert response.status_code == 404
