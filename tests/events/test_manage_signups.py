"""Organisers and the people who come: sign-ups on a resident's behalf use the held-back
places, needs only on request and every view logged, staff cancel a sign-up, CSV/XLSX with
formula injection neutralised, check-in, and staff training with organiser accounts."""

import re

from sqlalchemy import func, select

from participation.events import queries, services
from participation.events.models import (
    EVENT_CANCELLED,
    SIGNUP_CANCELLED,
    SIGNUP_CONFIRMED,
    SIGNUP_WAITING,
    NeedsView,
    SignUp,
)
from participation.events.services import now_utc
from tests.events.factories import make_event, person
from tests.events.test_manage import ADMIN, AICHTAL, BASE, KOHLBERG, login
from tests.xlsx import read_xlsx

INJECTION = '=HYPERLINK("https://evil.example","klick")'


def sign_up(session, event_id, who=None, channel="online", key=None):
    result = services.sign_up(session, event_id, who or person(), channel=channel,
                              submission_key=key or f"k-{now_utc().timestamp()}-{id(who)}",
                              secret="test-secret")
    session.commit()
    return result


def signups(session, event_id):
    session.rollback()
    return session.scalars(select(SignUp).where(SignUp.event_id == event_id)
                           .order_by(SignUp.id)).all()


def behalf_form(**overrides):
    form = {"channel": "phone", "name": "Anna Anruf", "phone": "0711 222333", "email": "",
            "people": "1", "locale": "de", "token": "tok"}
    form.update(overrides)
    return form


def test_on_behalf_sign_up_uses_the_held_back_places(client, session):
    event = make_event(session, capacity=10, held_back=2)
    for n in range(8):
        assert sign_up(session, event.id, key=f"o{n}").outcome == services.OUTCOME_CONFIRMED
    assert sign_up(session, event.id, key="o9").outcome == services.OUTCOME_WAITING
    login(client, AICHTAL)
    assert "Zurückgehaltene Plätze frei" in client.get(
        f"{BASE}/{event.id}/anmelden").get_data(as_text=True)
    response = client.post(f"{BASE}/{event.id}/anmelden", data=behalf_form(token="p1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Die Person ist angemeldet" in page
    code = re.search(r'class="signup-code">([A-Z0-9 ]+)<', page).group(1)
    assert services.normalise_signup_code(code) == code.replace(" ", "")
    latest = signups(session, event.id)[-1]
    assert (latest.status, latest.channel, latest.held_places) == (SIGNUP_CONFIRMED, "phone", 1)
    assert latest.entered_by_id is not None
    # the same form twice: one sign-up, and the code is not shown again
    again = client.post(f"{BASE}/{event.id}/anmelden", data=behalf_form(token="p1"))
    assert "schon gespeichert" in again.get_data(as_text=True)
    assert len(signups(session, event.id)) == 10
    # in person, without any contact
    response = client.post(f"{BASE}/{event.id}/anmelden",
                           data=behalf_form(channel="in_person", phone="", token="p2"))
    assert "Die Person ist angemeldet" in response.get_data(as_text=True)
    assert services.places_of(session, event).held_free == 0


def test_on_behalf_by_phone_needs_a_way_to_reach_the_person(client, session):
    event = make_event(session)
    login(client, AICHTAL)
    response = client.post(f"{BASE}/{event.id}/anmelden", data=behalf_form(phone=""))
    assert response.status_code == 400 and 'value="Anna Anruf"' in response.get_data(as_text=True)
    response = client.post(f"{BASE}/{event.id}/anmelden", data=behalf_form(channel="online"))
    assert response.status_code == 400
    assert signups(session, event.id) == []


def needs_views(session, event_id, purpose=None):
    session.rollback()
    query = select(func.count(NeedsView.id)).where(NeedsView.event_id == event_id)
    if purpose:
        query = query.where(NeedsView.purpose == purpose)
    return session.scalar(query)


def test_attendee_list_shows_needs_only_after_post_and_logs_each_view(client, session):
    event = make_event(session, capacity=3)
    sign_up(session, event.id, person("Rolf Rad", needs=["wheelchair", "transport"]), key="n1")
    sign_up(session, event.id, person("Hanna Hör", needs=["hearing", "transport"]), key="n2")
    sign_up(session, event.id, person("Paul Paar", people=2), key="n3")
    login(client, AICHTAL)
    page = client.get(f"{BASE}/{event.id}/teilnehmende").get_data(as_text=True)
    assert "Rolf Rad" in page and "Paul Paar" in page and "Bedürfnisse anzeigen" in page
    assert "Rollstuhl" not in page and "Abholung" not in page
    assert needs_views(session, event.id) == 0
    for expected in (1, 2):
        page = client.post(f"{BASE}/{event.id}/teilnehmende").get_data(as_text=True)
        assert "1 × Rollstuhl, 1 × Hörschleife oder Hörhilfe, 2 × Abholung" in page
        assert needs_views(session, event.id, "list") == expected
    waiting = [s for s in signups(session, event.id) if s.status == SIGNUP_WAITING]
    assert [s.name for s in waiting] == ["Paul Paar"]  # a party of two did not fit


def test_needs_stay_hidden_from_a_district_admin_and_other_municipalities(client, session):
    event = make_event(session)
    sign_up(session, event.id, person("Rolf Rad", needs=["wheelchair"]), key="d1")
    login(client, ADMIN)
    page = client.get(f"{BASE}/{event.id}/teilnehmende").get_data(as_text=True)
    assert "Rolf Rad" in page and "Bedürfnisse anzeigen" not in page
    assert client.post(f"{BASE}/{event.id}/teilnehmende").status_code == 403
    response = client.post(f"{BASE}/{event.id}/teilnehmende/export",
                           data={"format": "csv", "needs": "yes"})
    assert response.status_code == 403
    assert needs_views(session, event.id) == 0
    # a district event (staff training): the district admin is its organiser
    training = make_event(session, None, format="training")
    sign_up(session, training.id, person("Tina Team", needs=["large_print"]), key="d2",
            channel="phone")  # staff take a colleague's sign-up down
    page = client.post(f"{BASE}/{training.id}/teilnehmende").get_data(as_text=True)
    assert "1 × Großdruck" in page and needs_views(session, training.id) == 1
    client.post("/de/verwaltung/abmelden")
    login(client, KOHLBERG)
    assert client.post(f"{BASE}/{event.id}/teilnehmende").status_code == 404


def test_staff_cancel_moves_up_a_person_to_call(client, session):
    event = make_event(session, capacity=1)
    first = sign_up(session, event.id, person("Erste"), key="s1").signup
    sign_up(session, event.id, person("Wartende", phone="0711 4444"), key="s2")
    login(client, AICHTAL)
    response = client.post(f"{BASE}/{event.id}/teilnehmende/{first.id}/stornieren")
    assert response.status_code == 302
    found = {s.name: s for s in signups(session, event.id)}
    assert found["Erste"].status == SIGNUP_CANCELLED
    assert (found["Wartende"].status, found["Wartende"].to_call) == (SIGNUP_CONFIRMED, True)
    page = client.get(f"{BASE}/{event.id}/teilnehmende").get_data(as_text=True)
    assert "anzurufen" in page and "1 Anmeldung" in page  # cancelled count


def test_exports_neutralise_formulas_and_add_needs_only_when_ticked(client, session):
    event = make_event(session)
    sign_up(session, event.id, person(INJECTION, needs=["wheelchair"]), key="x1")
    sign_up(session, event.id, person("@SUM(A1)", phone="+49 711 1"), key="x2")
    login(client, AICHTAL)
    response = client.post(f"{BASE}/{event.id}/teilnehmende/export", data={"format": "csv"})
    text = response.get_data().decode("utf-8-sig")
    assert response.mimetype == "text/csv" and "attachment" in response.headers[
        "Content-Disposition"]
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and "'+49 711 1" in text
    assert not re.search(r'(^|[,;\r\n])"*[=+@-]', text)
    assert "Rollstuhl" not in text and needs_views(session, event.id) == 0
    response = client.post(f"{BASE}/{event.id}/teilnehmende/export",
                           data={"format": "xlsx", "needs": "yes"})
    sheet = next(iter(read_xlsx(response.get_data()).values()))
    cells = [cell for row in sheet for cell in row if cell is not None]
    assert not any(cell.formula for cell in cells)
    assert "'" + INJECTION in [cell.value for cell in cells]
    assert "Rollstuhl" in [cell.value for cell in sheet[0] if cell]
    assert needs_views(session, event.id, "export") == 1


def test_check_in_toggles(client, session):
    event = make_event(session)
    signup = sign_up(session, event.id, person("Karl Komm", people=2), key="c1").signup
    sign_up(session, event.id, person("Nora Nicht"), key="c2")
    login(client, AICHTAL)
    page = client.get(f"{BASE}/{event.id}/einlass").get_data(as_text=True)
    assert "0 von 3 Personen angekommen" in page and "Karl Komm" in page
    response = client.post(f"{BASE}/{event.id}/einlass",
                           data={"signup": str(signup.id), "arrived": "yes"})
    assert response.headers["Location"].endswith(f"#anmeldung-{signup.id}")
    session.rollback()
    assert session.get(SignUp, signup.id).checked_in_at is not None
    page = client.get(f"{BASE}/{event.id}/einlass").get_data(as_text=True)
    assert "2 von 3 Personen angekommen" in page and "Nicht angekommen" in page
    client.post(f"{BASE}/{event.id}/einlass", data={"signup": str(signup.id), "arrived": "no"})
    session.rollback()
    assert session.get(SignUp, signup.id).checked_in_at is None


def test_organisers_sign_up_for_training_once_and_cancel(client, session):
    training = make_event(session, None, format="training", title="Schulung Quartiersarbeit")
    login(client, AICHTAL)
    page = client.get(BASE).get_data(as_text=True)
    assert "Schulung Quartiersarbeit" in page
    url = f"/de/verwaltung/schulungen/{training.id}/anmelden"
    assert "hinweis=angemeldet" in client.post(url).headers["Location"]
    assert "hinweis=schon-angemeldet" in client.post(url).headers["Location"]
    rows = signups(session, training.id)
    assert len(rows) == 1 and rows[0].organiser_id is not None
    assert rows[0].email == AICHTAL[0] and rows[0].status == SIGNUP_CONFIRMED
    assert "Abmelden" in client.get(BASE).get_data(as_text=True)
    client.post(f"/de/verwaltung/schulungen/{training.id}/abmelden")
    assert signups(session, training.id)[0].status == SIGNUP_CANCELLED
    client.post(url)  # after cancelling, signing up again works
    assert [s.status for s in signups(session, training.id)] == [SIGNUP_CANCELLED,
                                                                  SIGNUP_CONFIRMED]
    # a municipal event or a cancelled training is no training to sign up for
    walk = make_event(session)
    assert client.post(f"/de/verwaltung/schulungen/{walk.id}/anmelden").status_code == 404


def test_training_never_reaches_residents(session):
    training = make_event(session, None, format="training")
    municipal_training = make_event(session, format="training")
    walk = make_event(session)
    shown = {e.id for e in session.scalars(queries.upcoming_public(now_utc()))}
    assert training.id not in shown and municipal_training.id not in shown
    assert walk.id in shown
    training.status = EVENT_CANCELLED
    session.commit()
    assert training.id not in {e.id for e in session.scalars(queries.upcoming_public(now_utc()))}
