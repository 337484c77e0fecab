"""Inputs that used to turn a request into a 500 (issue 8 B), on SQLite and PostgreSQL:
each is answered with a page in the resident's language, and nothing typed is lost."""

import pytest
from sqlalchemy import select

from participation.surveys.models import Answer, Response
from tests.accounts.test_login import login
from tests.factories import demo_questionnaire, make_questionnaire, quartiere
from tests.paper.printing import printed
from tests.paper.test_paper import demo_sheet

AICHTAL = ("organisation@aichtal.demo.example", "demo-aichtal")

EXTRAS_ON_SCALE = {
    "languages": ["de"],
    "title": {"de": "Skalen mit Zusätzen"},
    "questions": [
        {"key": "no_answer", "kind": "scale", "settings": {"prefer_not": True},
         "text": {"de": "Wie zufrieden?"},
         "options": [(str(n), {"de": str(n)}) for n in range(1, 4)]},
        {"key": "something_else", "kind": "scale",
         "text": {"de": "Wie gut?"},
         "options": [(str(n), {"de": str(n)}) for n in range(1, 4)]},
        {"key": "birth_year", "kind": "number",
         "text": {"de": "In welchem Jahr sind Sie geboren?"}},
        {"key": "wish", "kind": "text", "required": False,
         "text": {"de": "Was wünschen Sie sich?"}},
    ],
}


def _answer(client, base: str, position: int, **form) -> None:
    reply = client.post(f"{base}/frage/{position}", data=form)
    assert reply.status_code == 302, reply.get_data(as_text=True)[:500]


def test_scales_with_extras_a_year_and_a_nul_byte_are_stored(client, session):
    questionnaire = make_questionnaire(session, "aichtal", EXTRAS_ON_SCALE, status="open")
    # "other" on a scale is refused now, but an earlier import may have stored it
    questionnaire.questions[1].settings = {"other": True}
    session.commit()
    base = f"/de/umfrage/{questionnaire.id}"
    client.post(f"{base}/quartier", data={"answer": str(quartiere(session, "aichtal")[0].id)})
    _answer(client, base, 1, answer="prefer_not")
    _answer(client, base, 2, answer="other", answer_other="ganz\x00anders")
    _answer(client, base, 3, answer="1948")  # no range given: a year of birth fits
    _answer(client, base, 4, answer="Mehr\x00 Bänke\x07")
    submitted = client.post(f"{base}/pruefen")
    assert submitted.status_code == 302 and submitted.headers["Location"].endswith("/danke")
    session.rollback()
    response = session.scalar(select(Response).where(
        Response.questionnaire_id == questionnaire.id))
    stored = {(a.option_key, a.number_value, a.text_value) for a in response.answers}
    assert stored == {("prefer_not", None, None), ("other", None, "ganzanders"),
                      (None, 1948.0, None), (None, None, "Mehr Bänke")}


def test_a_nul_byte_on_a_paper_sheet_is_dropped(client, session):
    assert login(client, *AICHTAL).status_code == 302
    questionnaire = printed(session, demo_questionnaire(session, "aichtal"))
    form = demo_sheet(session, questionnaire, quartiere(session, "aichtal")[0], sheet=91)
    wishes = next(name for name, value in form.items() if value == "Mehr Sitzbänke am Marktplatz")
    form[wishes] = "Mehr\x00Bänke"
    reply = client.post(f"/de/verwaltung/papier/{questionnaire.id}/erfassen", data=form)
    assert reply.status_code == 302, reply.get_data(as_text=True)[:500]
    session.rollback()
    assert session.scalar(select(Answer.text_value).where(
        Answer.text_value.like("Mehr%Bänke"))) == "MehrBänke"


@pytest.mark.parametrize("number", ["2147483648", "9223372036854775808", "0",
                                    "99999999999999999999999999"])
def test_ids_out_of_range_are_not_found(client, number):
    for path in (f"/de/umfrage/{number}", f"/de/umfrage/{number}/frage/1",
                 f"/de/umfrage/1/frage/{number}", f"/q/{number}",
                 f"/de/umfrage/{number}/quartier/{number}"):
        assert client.get(path).status_code == 404, path
    assert login(client, *AICHTAL).status_code == 302
    for path in (f"/de/verwaltung/fragebogen/{number}", f"/de/verwaltung/ergebnisse/{number}",
                 f"/de/verwaltung/papier/{number}/druck", f"/de/verwaltung/post/{number}",
                 f"/de/verwaltung/fragebogen/1/fragen/{number}"):
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("target", ["/de/\r\nSet-Cookie: x=1", "/de/\nx", "/\\evil.example",
                                    "/de/\x00"])
def test_a_next_address_with_control_characters_leads_to_the_dashboard(client, target):
    reply = client.post("/de/verwaltung/anmelden", query_string={"next": target},
                        data={"email": AICHTAL[0], "password": AICHTAL[1]})
    assert reply.status_code == 302
    assert reply.headers["Location"].endswith("/de/verwaltung/")
