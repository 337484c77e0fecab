"""Shared tablets: single-use resume codes, QR links, "Neue Person beginnen", assistance.

Each attack of issue 8 A is a test here: guessing (test_resume_limits.py), codes that
worked again and again, planted codes on a shared tablet, secrets in the cookie and URL.
"""

import json
import re

from sqlalchemy import select

from participation.accounts.models import Organiser
from participation.answering.services import RESUME_ALPHABET, RESUME_CODE_LENGTH
from participation.codes import grouped
from participation.codes import normalise_code as normalise_resume_code
from participation.surveys.models import Draft, Response
from tests.factories import complete_answers, demo_questionnaire, quartiere

NOT_FOUND = "keine Antworten gefunden"


def _base(questionnaire):
    return f"/de/umfrage/{questionnaire.id}"


def code_on(page: str) -> str:
    return re.search(r'<p class="resume-code" dir="ltr">(\w{5}) (\w{5})</p>', page).group(1, 2)


def link_secret_on(page: str) -> str:
    return re.search(r'href="http://127\.0\.0\.1/de/weitermachen#([\w-]+)"', page).group(1)


def pause_after_two_answers(client, session, questionnaire, first="2") -> str:
    """A resident answers two questions and pauses; returns the code page."""
    base = _base(questionnaire)
    client.post(f"{base}/quartier", data={"answer": str(quartiere(session, "aichtal")[2].id)})
    client.post(f"{base}/frage/1", data={"answer": first})
    later = client.post(f"{base}/frage/2", data={"answer": "yes", "action": "later"})
    assert later.headers["Location"].endswith(f"{base}/spaeter")
    page = client.get(f"{base}/spaeter")
    assert page.headers["Cache-Control"] == "no-store"
    return page.get_data(as_text=True)


def test_codes_are_ten_characters_in_two_groups_without_look_alikes():
    assert len(RESUME_ALPHABET) == 28 and RESUME_CODE_LENGTH == 10
    assert not set("0O1IL" + "BSZ") & set(RESUME_ALPHABET)
    assert normalise_resume_code(" acd2f-4gh7k ") == "ACD2F4GH7K"
    # B, S and Z are read as 8, 5 and 2: either way of writing works
    assert normalise_resume_code("BSZ88 55522") == normalise_resume_code("85288 55522")
    assert normalise_resume_code("ACD2F4GH7") is None
    assert normalise_resume_code("ACD2F4GH70") is None
    assert grouped("ACD2F4GH7K") == "ACD2F 4GH7K"


def test_continue_later_on_another_device_with_the_code(app, client, session):
    questionnaire = demo_questionnaire(session)
    base = _base(questionnaire)
    page = pause_after_two_answers(client, session, questionnaire)
    code = "".join(code_on(page))
    assert set(code) <= set(RESUME_ALPHABET) and len(code) == 10
    assert "<svg" in page and "QR-Code zum Weitermachen" in page
    assert "?code=" not in page  # the link's secret follows "#", which no log keeps
    assert code_on(client.get(f"{base}/spaeter").get_data(as_text=True)) == code_on(page)
    draft = session.scalar(select(Draft))
    assert draft.answers == {"housing_satisfaction": "2", "step_free": "yes"}
    assert code not in (draft.resume_code_hash or "") and len(draft.resume_code_hash) == 64
    session.rollback()

    client.post("/de/neue-person")
    assert "checked" not in client.get(f"{base}/frage/1").get_data(as_text=True)

    other_device = app.test_client()
    wrong = other_device.post("/de/weitermachen", data={"code": "ACD2F 4GH7K"})
    assert wrong.status_code == 400 and NOT_FOUND in wrong.get_data(as_text=True)
    malformed = other_device.post("/de/weitermachen", data={"code": "12"})
    assert "10 Zeichen" in malformed.get_data(as_text=True)
    resumed = other_device.post("/de/weitermachen", data={"code": grouped(code).lower()})
    assert resumed.headers["Location"].endswith(f"{base}/frage/3")
    back = other_device.get(f"{base}/frage/1").get_data(as_text=True)
    assert re.search(r'value="2" checked', back)
    for position, value in complete_answers().items():
        if position > 2:
            other_device.post(f"{base}/frage/{position}", data={"answer": value})
    assert other_device.post(f"{base}/pruefen").headers["Location"].endswith("/danke")
    assert session.scalar(select(Response)).quartier_id == quartiere(session, "aichtal")[2].id


def test_a_code_works_once_and_pausing_again_gives_a_new_one(app, client, session):
    questionnaire = demo_questionnaire(session)
    base = _base(questionnaire)
    first = "".join(code_on(pause_after_two_answers(client, session, questionnaire)))
    phone = app.test_client()
    assert phone.post("/de/weitermachen", data={"code": first}).status_code == 302
    # the same code again, from anywhere: it is used up
    for device in (app.test_client(), phone):
        again = device.post("/de/weitermachen", data={"code": first})
        assert again.status_code == 400 and NOT_FOUND in again.get_data(as_text=True)
    # the draft moved to the phone; the tablet that paused no longer reaches it
    assert "checked" not in client.get(f"{base}/frage/1").get_data(as_text=True)
    assert client.get(f"{base}/spaeter").status_code == 302  # nor shows its code page
    second_page = phone.post(f"{base}/spaeter")
    second = "".join(code_on(phone.get(second_page.headers["Location"]).get_data(as_text=True)))
    assert second != first
    assert NOT_FOUND in app.test_client().post(
        "/de/weitermachen", data={"code": first}).get_data(as_text=True)
    assert app.test_client().post("/de/weitermachen", data={"code": second}).status_code == 302


def test_the_qr_link_carries_a_longer_secret_that_works_once(app, client, session):
    questionnaire = demo_questionnaire(session)
    page = pause_after_two_answers(client, session, questionnaire)
    secret, code = link_secret_on(page), "".join(code_on(page))
    assert len(secret) >= 32
    resume_page = app.test_client().get("/de/weitermachen").get_data(as_text=True)
    assert 'id="resume-link"' in resume_page and "resume.js" in resume_page
    phone = app.test_client()
    resumed = phone.post("/de/weitermachen", data={"link": secret})
    assert resumed.headers["Location"].endswith(f"{_base(questionnaire)}/frage/3")
    assert phone.post("/de/weitermachen", data={"link": secret}).status_code == 400
    # the typed code of the same pause is used up with it
    assert NOT_FOUND in app.test_client().post(
        "/de/weitermachen", data={"code": code}).get_data(as_text=True)


def test_a_planted_code_on_a_shared_tablet_catches_nobody(app, client, session):
    """Someone starts on the community-centre tablet, pauses, notes the code, walks away.

    The next resident on that tablet (nobody pressed "Neue Person beginnen") gets a draft
    of their own, and the code shows its holder only what they typed themselves."""
    questionnaire = demo_questionnaire(session)
    base = _base(questionnaire)
    planted = "".join(code_on(pause_after_two_answers(client, session, questionnaire,
                                                      first="1")))
    # the next resident, on the same tablet
    assert "checked" not in client.get(f"{base}/frage/1").get_data(as_text=True)
    client.post(f"{base}/quartier", data={"answer": str(quartiere(session, "aichtal")[0].id)})
    # starting afresh ended the code page: the code cannot be taken from this tablet
    assert client.get(f"{base}/spaeter").status_code == 302
    assert client.post(f"{base}/spaeter/weiter").headers["Location"].endswith(base)
    for position, value in complete_answers().items():
        client.post(f"{base}/frage/{position}", data={"answer": value})
    assert len(session.scalars(select(Draft)).all()) == 2
    session.rollback()
    # the holder of the code, later, on a phone
    phone = app.test_client()
    assert phone.post("/de/weitermachen", data={"code": planted}).status_code == 302
    shown = phone.get(f"{base}/pruefen").get_data(as_text=True)
    assert "Mehr Sitzbänke am Marktplatz" not in shown
    assert re.search(r'value="1" checked', phone.get(f"{base}/frage/1").get_data(as_text=True))
    # and the resident's own submit stores the resident's answers
    assert client.post(f"{base}/pruefen").headers["Location"].endswith("/danke")
    stored = session.scalar(select(Response))
    assert stored.quartier_id == quartiere(session, "aichtal")[0].id


def test_the_cookie_holds_no_code_and_no_secret(app, client, session):
    questionnaire = demo_questionnaire(session)
    page = pause_after_two_answers(client, session, questionnaire)
    code, secret = "".join(code_on(page)), link_secret_on(page)
    cookie = client.get_cookie("session").value
    stored = app.session_interface.get_signing_serializer(app).loads(cookie)
    content = json.dumps(stored)
    for value in (code, grouped(code), secret):
        assert value not in cookie and value not in content
    # the paused draft's handle left the cookie: only a random ticket for the code page
    assert str(questionnaire.id) not in stored.get("drafts", {})
    assert set(stored["paused"]) == {str(questionnaire.id)}


def _copy_of(app, client):
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


def test_new_person_ends_every_link_even_for_a_copied_cookie(app, client, session):
    questionnaire = demo_questionnaire(session)
    base = _base(questionnaire)
    paused_code = "".join(code_on(pause_after_two_answers(client, session, questionnaire)))
    copy = _copy_of(app, client)
    assert copy.get(f"{base}/spaeter").status_code == 200
    client.post("/de/neue-person")
    assert copy.get(f"{base}/spaeter").status_code == 302  # the code page ended
    assert copy.post(f"{base}/spaeter/weiter").headers["Location"].endswith(base)

    answering = app.test_client()  # a resident who does not pause
    answering.post(f"{base}/quartier", data={"answer": str(quartiere(session, "aichtal")[1].id)})
    answering.post(f"{base}/frage/1", data={"answer": "5"})
    copy = _copy_of(app, answering)
    answering.post("/de/neue-person")
    assert "checked" not in copy.get(f"{base}/frage/1").get_data(as_text=True)
    session.rollback()  # a fresh snapshot (SQLite)
    assert len(session.scalars(select(Draft)).all()) == 1  # the unpaused one is gone
    session.rollback()
    # the paused draft still waits for its code
    assert app.test_client().post("/de/weitermachen",
                                  data={"code": paused_code}).status_code == 302


def test_continuing_now_uses_up_the_code(app, client, session):
    questionnaire = demo_questionnaire(session)
    base = _base(questionnaire)
    code = "".join(code_on(pause_after_two_answers(client, session, questionnaire)))
    back = client.post(f"{base}/spaeter/weiter")
    assert back.headers["Location"].endswith(f"{base}/frage/3")
    assert re.search(r'value="2" checked', client.get(f"{base}/frage/1").get_data(as_text=True))
    assert NOT_FOUND in app.test_client().post(
        "/de/weitermachen", data={"code": code}).get_data(as_text=True)


def test_the_code_page_is_shown_again_only_for_a_while(client, session):
    questionnaire = demo_questionnaire(session)
    base = _base(questionnaire)
    pause_after_two_answers(client, session, questionnaire)
    draft = session.scalar(select(Draft))
    draft.paused_at = draft.paused_at.replace(year=draft.paused_at.year - 1)
    session.commit()
    assert client.get(f"{base}/spaeter").status_code == 302


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
    # the staff member knows these answers: disclosure control must know who they are
    staff = session.scalar(select(Organiser.id).where(
        Organiser.email == "organisation@aichtal.demo.example"))
    assert session.scalar(select(Response.entered_by_id)) == staff


def test_staff_of_another_municipality_cannot_assist(client, session):
    questionnaire = demo_questionnaire(session, "aichtal")
    client.post("/de/verwaltung/anmelden", data={"email": "organisation@kohlberg.demo.example",
                                                 "password": "demo-kohlberg"})
    assert "Mit Unterstützung" not in client.get(_base(questionnaire)).get_data(as_text=True)
    response = client.post(f"/de/verwaltung/umfrage/{questionnaire.id}/mit-unterstuetzung")
    assert response.status_code == 404
