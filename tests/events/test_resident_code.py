"""View or cancel a sign-up with its code, without logging in; guessing is bounded."""

import pytest
from sqlalchemy import select

from participation.events.models import SIGNUP_CANCELLED, SignUp
from tests.conftest import make_test_app
from tests.events.factories import make_event
from tests.events.test_resident_signup import code_on, sign_up

WRONG = "ACD2 F4GH 7KMN"


def _signed_up_code(client, event, **fields) -> str:
    confirm = sign_up(client, event.id, **fields)
    return code_on(client.get(confirm.headers["Location"]).get_data(as_text=True))


def test_the_code_shows_everything_stored_and_cancelling_frees_the_place(app, client, session):
    event = make_event(session, title="Bürgercafé", format="cafe", capacity=5)
    code = _signed_up_code(client, event, people="2", needs=["walking_aid"], consent="yes",
                           locale="tr", email="erika@example.org")
    detail = f"/de/veranstaltung/{event.id}"
    assert "Noch 3 Plätze frei" in client.get(detail).get_data(as_text=True)

    form = client.get("/de/meine-anmeldung")
    assert form.status_code == 200 and 'name="code"' in form.get_data(as_text=True)
    tablet = app.test_client()  # another device: the code is all it needs
    shown = tablet.post("/de/meine-anmeldung", data={"code": code.lower().replace(" ", "-")})
    assert shown.status_code == 200 and shown.headers["Cache-Control"] == "no-store"
    page = shown.get_data(as_text=True)
    for stored in ("Bürgercafé", "Erika Muster", "0711 987654", "erika@example.org",
                   "Rollator oder Gehhilfe", "Türkçe", "Sie sind angemeldet.", "Angemeldet am"):
        assert stored in page
    assert "Anmeldung absagen und Daten löschen" in page
    assert f'name="code" value="{code.replace(" ", "")}"' in page

    cancelled = tablet.post("/de/meine-anmeldung/absagen", data={"code": code})
    assert cancelled.status_code == 200
    assert "Sie sind abgemeldet. Ihre Daten wurden gelöscht." in cancelled.get_data(as_text=True)
    session.rollback()
    signup = session.scalar(select(SignUp))
    assert signup.status == SIGNUP_CANCELLED and signup.people == 2  # the count stays
    assert (signup.name, signup.phone, signup.email, signup.needs, signup.code_hash) == (
        None, None, None, None, None)
    assert "Noch 5 Plätze frei" in client.get(detail).get_data(as_text=True)
    again = tablet.post("/de/meine-anmeldung", data={"code": code})
    assert again.status_code == 400 and "keine Anmeldung gefunden" in again.get_data(as_text=True)


def test_cancelling_moves_the_first_waiting_person_up(client, session):
    event = make_event(session, capacity=1)
    code = _signed_up_code(client, event)
    waiting = client.application.test_client()
    waiting_code = _signed_up_code(waiting, event, name="Hans Warte")
    page = waiting.post("/de/meine-anmeldung", data={"code": waiting_code})
    assert "Warteliste (Platz 1)" in page.get_data(as_text=True)
    client.post("/de/meine-anmeldung/absagen", data={"code": code})
    page = waiting.post("/de/meine-anmeldung", data={"code": waiting_code})
    assert "Sie sind angemeldet." in page.get_data(as_text=True)


def test_a_malformed_or_wrong_code_is_explained(client, session):
    short = client.post("/de/meine-anmeldung", data={"code": "ABC"})
    assert short.status_code == 400 and "12 Zeichen" in short.get_data(as_text=True)
    wrong = client.post("/de/meine-anmeldung", data={"code": WRONG})
    page = wrong.get_data(as_text=True)
    assert wrong.status_code == 400 and "<title>Fehler:" in page and f'value="{WRONG}"' in page


def test_new_person_ends_the_confirmation_page_of_this_tablet(client, session):
    event = make_event(session)
    code = _signed_up_code(client, event)
    confirmation = f"/de/veranstaltung/{event.id}/angemeldet"
    assert code in client.get(confirmation).get_data(as_text=True)
    client.post("/de/neue-person")
    assert code not in client.get(confirmation).get_data(as_text=True)
    session.rollback()
    assert session.scalar(select(SignUp.sealed_code)) is None
    # the code itself still works, from anywhere
    found = client.post("/de/meine-anmeldung", data={"code": code})
    assert found.status_code == 200 and "Erika Muster" in found.get_data(as_text=True)


@pytest.fixture
def limited(app, database_url, tmp_path):
    return make_test_app(database_url, tmp_path, LIMITS_ENABLED=True,
                         SIGNUP_CODE_LIMIT_PER_ADDRESS="4/hour",
                         SIGNUP_CODE_LIMIT_TOTAL="6/hour", SIGNUP_LIMIT_PER_ADDRESS="2/hour")


def _from(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_guessing_codes_is_refused_per_address_and_on_the_whole_site(limited, session):
    event = make_event(session)
    code = _signed_up_code(_from(limited, "192.0.2.10"), event)
    guesser = _from(limited, "203.0.113.7")
    statuses = [guesser.post("/de/meine-anmeldung", data={"code": WRONG}).status_code
                for _ in range(6)]
    assert statuses == [400] * 4 + [429] * 2
    refused = guesser.post("/de/meine-anmeldung", data={"code": code})
    assert refused.status_code == 429 and "einige Minuten" in refused.get_data(as_text=True)
    assert guesser.post("/de/meine-anmeldung/absagen", data={"code": code}).status_code == 429
    # other addresses meet the allowance of the whole site (6 wrong codes)
    others = [_from(limited, f"198.51.100.{n}").post(
        "/de/meine-anmeldung", data={"code": WRONG}).status_code for n in range(4)]
    assert others == [400] * 2 + [429] * 2
    session.rollback()
    assert session.scalar(select(SignUp.status)) == "confirmed"  # never cancelled by a guess


def test_a_right_code_does_not_use_up_the_allowance(limited, session):
    event = make_event(session)
    owner = _from(limited, "192.0.2.20")
    code = _signed_up_code(owner, event)
    for _ in range(8):
        assert owner.post("/de/meine-anmeldung", data={"code": code}).status_code == 200


def test_sign_ups_from_one_address_are_limited_and_nothing_is_lost(limited, session):
    event = make_event(session)
    tablet = _from(limited, "192.0.2.30")
    assert sign_up(tablet, event.id).status_code == 302
    assert sign_up(tablet, event.id, name="Zweite Person").status_code == 302
    third = sign_up(tablet, event.id, name="Dritte Person")
    assert third.status_code == 429
    page = third.get_data(as_text=True)
    assert "einige Minuten" in page and 'name="name" value="Dritte Person"' in page
    session.rollback()
    assert len(session.scalars(select(SignUp)).all()) == 2
