"""Conditional display and the newer question kinds through the answering pages."""

import re

from sqlalchemy import select

from participation.surveys.models import Response
from tests.factories import make_questionnaire, quartiere

SPEC = {
    "languages": ["de"],
    "title": {"de": "Mobilität"},
    "questions": [
        {"key": "car", "kind": "yes_no", "text": {"de": "Fahren Sie noch Auto?"}},
        {"key": "parking", "kind": "single_choice", "text": {"de": "Finden Sie einen Parkplatz?"},
         "settings": {"show_if": {"question": "car", "any_of": ["yes"]}, "prefer_not": True},
         "options": [("always", {"de": "Immer"}), ("rarely", {"de": "Selten"})]},
        {"key": "transport", "kind": "multiple_choice", "text": {"de": "Wie kommen Sie sonst?"},
         "settings": {"other": True},
         "options": [("bus", {"de": "Bus"}), ("foot", {"de": "Zu Fuß"})]},
        {"key": "street", "kind": "short_text", "required": False,
         "text": {"de": "In welcher Straße wohnen Sie?"}},
        {"key": "moved_in", "kind": "date", "text": {"de": "Seit wann wohnen Sie dort?"}},
    ],
}


def _open(session):
    questionnaire = make_questionnaire(session, "kohlberg", SPEC, status="open")
    session.commit()
    return questionnaire, f"/de/umfrage/{questionnaire.id}"


def test_hidden_questions_are_not_asked_shown_or_stored(client, session):
    questionnaire, base = _open(session)
    client.post(f"{base}/quartier", data={"answer": str(quartiere(session, "kohlberg")[0].id)})
    client.post(f"{base}/frage/1", data={"answer": "yes"})
    to_parking = client.get(f"{base}/frage/2").get_data(as_text=True)
    assert "Frage 2 von 5" in to_parking and "Möchte ich nicht sagen" in to_parking
    client.post(f"{base}/frage/2", data={"answer": "rarely"})
    # changing the first answer hides question 2; its old answer stays out of everything
    reply = client.post(f"{base}/frage/1?von=pruefen", data={"answer": "no"})
    assert reply.headers["Location"].endswith(f"{base}/frage/3?von=pruefen")
    assert client.get(f"{base}/frage/2").status_code == 302
    page = client.get(f"{base}/frage/3").get_data(as_text=True)
    assert "Frage 2 von 4" in page
    assert f'href="{base}/frage/1"' in page  # back skips the hidden question
    # "other" needs its text; the typed text is kept on error
    error_page = client.post(f"{base}/frage/3", data={"answer": ["bus", "other"]})
    text = error_page.get_data(as_text=True)
    assert 'href="#answer_other"' in text and "Sonstiges" in text
    assert re.search(r'value="other" checked', text)
    client.post(f"{base}/frage/3", data={"answer": ["bus", "other"], "answer_other": "Taxi"})
    client.post(f"{base}/frage/4", data={"answer": ""})
    bad_date = client.post(f"{base}/frage/5", data={"answer": "30.02.2001"})
    assert "Bitte geben Sie ein Datum wie 17.03.1948 ein." in bad_date.get_data(as_text=True)
    assert 'value="30.02.2001"' in bad_date.get_data(as_text=True)
    client.post(f"{base}/frage/5", data={"answer": "1.4.1999"})
    check = client.get(f"{base}/pruefen").get_data(as_text=True)
    assert "Finden Sie einen Parkplatz?" not in check
    assert "Sonstiges (bitte angeben): Taxi" in check
    assert "01.04.1999" in check
    assert client.post(f"{base}/pruefen").headers["Location"].endswith("/danke")

    response = session.scalar(select(Response).where(
        Response.questionnaire_id == questionnaire.id))
    stored = {(a.option_key, a.text_value) for a in response.answers}
    assert stored == {("no", None), ("bus", None), ("other", "Taxi"), (None, "1999-04-01")}
    assert len(response.answers) == 4


def test_a_follow_up_is_asked_when_its_condition_holds(client, session):
    questionnaire, base = _open(session)
    client.post(f"{base}/quartier", data={"answer": str(quartiere(session, "kohlberg")[0].id)})
    reply = client.post(f"{base}/frage/1", data={"answer": "yes"})
    assert reply.headers["Location"].endswith(f"{base}/frage/2")
    check = client.post(f"{base}/pruefen").get_data(as_text=True)
    assert "Bitte beantworten Sie Frage 2." in check  # now required, because it is shown
