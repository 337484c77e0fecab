"""Odd and hostile input on every event route, on SQLite and PostgreSQL: NUL bytes (which
PostgreSQL refuses in text), control characters, very long values, repeated fields, wrong
types and unknown ids. Each is answered with a page (never a 500), and nothing malformed
is stored."""

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from participation.events.models import Event, EventText, SignUp
from tests.events.factories import make_event
from tests.events.test_manage import BASE, event_form, login, organiser_routes

AICHTAL = ("organisation@aichtal.demo.example", "demo-aichtal")
ODD_VALUES = ["\x00", "a\x00b", "\x07\x1b[31m", "x" * 20_000, "‮evil", "=1+1", "😀" * 50,
              "-1", "1e9", "99999999999999999999", "0x10", " ", "１２", "\r\nBcc: a@b.de",
              "<script>alert(1)</script>", "../../etc/passwd", "javascript:alert(1)", "²", "٣",
              "1²"]
SIGNUP_FIELDS = ("name", "phone", "email", "people", "needs", "consent", "locale", "token",
                 "step", "website")
EVENT_FIELDS = ("format", "title", "description", "day", "starts", "ends", "meeting_point",
                "map_url", "step_free", "walk_distance", "walk_pace", "capacity", "held_back",
                "waiting_list", "deadline_day", "deadline_time", "contact_name",
                "contact_phone", "quartiere")


def _ok(response) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)[:300]


def _signup_form(**overrides) -> dict:
    form = {"name": "Erika Muster", "phone": "0711 987654", "email": "", "people": "1",
            "locale": "de", "token": "t" * 32, "step": "confirm"}
    form.update(overrides)
    return form


def test_resident_routes_answer_odd_input_with_a_page(client, session):
    event = make_event(session)
    for odd in ODD_VALUES:
        for path in (f"/de/veranstaltung/{event.id}", "/de/veranstaltungen",
                     "/de/gemeinde/aichtal/veranstaltungen", "/de/meine-anmeldung",
                     f"/de/veranstaltung/{event.id}/anmelden",
                     f"/de/veranstaltung/{event.id}/kalender.ics"):
            _ok(client.get(path, query_string={"quartier": odd, "seite": odd}))
        _ok(client.get(f"/de/gemeinde/{odd[:200]}/veranstaltungen"))
        _ok(client.post("/de/meine-anmeldung", data={"code": odd}))
        _ok(client.post("/de/meine-anmeldung/absagen", data={"code": odd}))
        for field in SIGNUP_FIELDS:
            _ok(client.post(f"/de/veranstaltung/{event.id}/anmelden",
                            data=_signup_form(**{field: odd, "token": f"{field}-{len(odd)}"
                                                 + "t" * 24})))
    # repeated fields, as a script sends them
    _ok(client.post(f"/de/veranstaltung/{event.id}/anmelden",
                    data=MultiDict([("name", "A"), ("name", "B"), ("people", "1"),
                                    ("people", "7"), ("phone", "0711 1"), ("step", "confirm"),
                                    ("step", "review")])))
    for missing in ("2147483647", "0", "-1", "abc"):
        assert client.get(f"/de/veranstaltung/{missing}").status_code == 404
        assert client.post(f"/de/veranstaltung/{missing}/anmelden",
                           data=_signup_form()).status_code in (400, 404, 405)
    session.rollback()
    stored = session.scalars(select(SignUp).where(SignUp.event_id == event.id)).all()
    for signup in stored:  # whatever got through is clean text in one line
        for text in (signup.name, signup.phone, signup.email or ""):
            assert text is not None or signup.name is None
            assert not any(ord(ch) < 32 for ch in (text or ""))
        assert 1 <= signup.people <= 6 and signup.locale in ("de", "en", "tr", "ar")


@pytest.mark.parametrize("field", EVENT_FIELDS)
def test_organiser_event_form_answers_odd_input_with_a_page(client, session, field):
    login(client, AICHTAL)
    before = session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1))
    for odd in ODD_VALUES:
        _ok(client.post(f"{BASE}/neu", data=event_form(**{field: odd})))
    session.rollback()
    made = session.scalars(select(EventText).join(Event, Event.id == EventText.event_id)
                           .where(Event.id > (before or 0))).all()
    assert all("\x00" not in text.title and "\x00" not in text.description for text in made)


def test_organiser_routes_answer_odd_ids_and_forms_with_a_page(client, session):
    event = make_event(session)
    login(client, AICHTAL)
    for method, url in organiser_routes(event.id, 2147483647):
        for odd in ("\x00", "x" * 5000, "-1"):
            data = {key: odd for key in ("format", "needs", "channel", "name", "title",
                                         "description", "count", "rule", "arrived",
                                         "signup", "status")}
            _ok(getattr(client, method)(url, data=data if method == "post" else None,
                                        query_string={"lang": odd}))
