"""The sign-up as residents meet it under load: 200 browsers open the form (CSRF on), then
all press "Verbindlich anmelden" at the same moment, over TCP to a threaded server, on
SQLite and PostgreSQL. This is the path of the resident's request (direct statements on
one pooled connection), not the service called from a test."""

import re
from collections import Counter

from sqlalchemy import select

from participation import db
from participation.events.models import SIGNUP_CONFIRMED, SIGNUP_WAITING, Event, SignUp
from tests.answering.test_concurrency import CSRF_INPUT, Resident, _release_together
from tests.events.factories import make_event

RESIDENTS, CAPACITY = 200, 30
TOKEN_INPUT = re.compile(r'name="token" value="([^"]+)"')


def _opened_form(server_url: str, path: str) -> tuple[Resident, dict]:
    resident = Resident(server_url)
    page = resident.request("GET", path)
    assert page.status == 200, (page.status, page.problem, page.body[:300])
    return resident, {"csrf_token": CSRF_INPUT.search(page.body).group(1),
                      "token": TOKEN_INPUT.search(page.body).group(1)}


def test_200_residents_pressing_sign_up_at_once_get_30_places_and_170_waiting(
        app, live_server, database_url):
    with app.app_context():
        event_id = make_event(db.session(), capacity=CAPACITY).id
    path = f"/de/veranstaltung/{event_id}/anmelden"
    opened = [_opened_form(live_server.url, path) for _ in range(RESIDENTS)]

    def press(number: int, resident: Resident, hidden: dict):
        form = {**hidden, "step": "confirm", "name": f"Person {number}",
                "phone": f"0711 {100000 + number}", "people": "1", "locale": "de"}
        return lambda: resident.request("POST", path, form)

    replies, burst = _release_together(
        [press(n, resident, hidden) for n, (resident, hidden) in enumerate(opened)])
    done = f"/veranstaltung/{event_id}/angemeldet"
    print(f"\n[{database_url.split(':')[0]}] {RESIDENTS} sign-up POSTs at once: {burst:.2f} s")
    assert Counter(r.status for r in replies) == {302: RESIDENTS}
    assert all(r.location.endswith(done) for r in replies)
    with app.app_context():
        session = db.get_db().new_session(read_only=True)
        try:
            rows = session.scalars(select(SignUp).where(SignUp.event_id == event_id)).all()
            event = session.get(Event, event_id)
            counted = (event.confirmed_people, event.waiting_people)
        finally:
            session.close()
    assert Counter(r.status for r in rows) == {SIGNUP_CONFIRMED: CAPACITY,
                                               SIGNUP_WAITING: RESIDENTS - CAPACITY}
    assert counted == (CAPACITY, RESIDENTS - CAPACITY)
    assert len({r.phone for r in rows}) == RESIDENTS
