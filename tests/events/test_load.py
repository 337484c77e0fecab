"""Many residents signing up for one event at the same moment, on SQLite and PostgreSQL.

Each simulated resident is a thread with its own app context, so its own database session
and transaction, exactly as a request has; all are released together by a barrier and each
commits at the edge like a request does. Nothing is mocked: the row lock (PostgreSQL) and
the writer queue (SQLite) are what keep the places right.
"""

import secrets
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from flask import current_app
from sqlalchemy import select

from participation import db
from participation.events import services
from participation.events.models import (
    CHANNEL_ONLINE,
    CHANNEL_PHONE,
    HELD_BACK_CHANNELS,
    SIGNUP_CANCELLED,
    SIGNUP_CONFIRMED,
    SIGNUP_WAITING,
    Event,
    SignUp,
)
from participation.events.places import places_of
from tests.events.factories import make_event, person

RESIDENTS = 200
CAPACITY = 30
CANCELLATIONS = 10
TIMEOUT = 90


def _backend(database_url: str) -> str:
    return database_url.split(":", 1)[0]


def _together(app, calls) -> tuple[list, list[str], float]:
    """Run each call in its own thread and app context, all released at once; each commits
    like a request's edge, or rolls back. Returns (results, errors, seconds)."""
    released: list[float] = []
    barrier = threading.Barrier(len(calls), action=lambda: released.append(time.perf_counter()))

    def run(call):
        with app.app_context():
            barrier.wait(timeout=TIMEOUT)
            try:
                result = call(db.session())
                db.commit()
                return result, None
            except Exception as error:  # every failure counts, none is hidden
                db.rollback()
                return None, f"{type(error).__name__}: {error}"[:300]

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        outcomes = list(pool.map(run, calls, timeout=TIMEOUT))
    seconds = time.perf_counter() - released[0]
    return ([r for r, _ in outcomes], [e for _, e in outcomes if e], seconds)


def _sign_up_call(event_id: int, number: int, people: int = 1, channel: str = CHANNEL_ONLINE):
    def call(session):
        return services.sign_up(
            session, event_id, person(f"Person {number}", people=people), channel=channel,
            submission_key=secrets.token_urlsafe(16),
            secret=current_app.config["SECRET_KEY"]).outcome
    return call


def _cancel_call(signup_id: int):
    def call(session):
        return [s.id for s in services.cancel_signup(session, signup_id)]
    return call


def _rows(app, event_id: int) -> list[SignUp]:
    with app.app_context():
        session = db.get_db().new_session(read_only=True)
        try:
            return list(session.scalars(select(SignUp).where(SignUp.event_id == event_id)
                                        .order_by(SignUp.created_at, SignUp.id)))
        finally:
            session.close()


def _assert_counted_places_match(app, event_id: int) -> None:
    """The places kept counted on the event row (what pages show) equal the sign-ups."""
    rows = _rows(app, event_id)
    with app.app_context():
        session = db.get_db().new_session(read_only=True)
        try:
            event = session.get(Event, event_id)
            counted = (event.confirmed_people, event.held_people, event.waiting_people)
        finally:
            session.close()
    assert counted == (
        sum(r.people for r in rows if r.status == SIGNUP_CONFIRMED),
        sum(r.held_places for r in rows if r.status == SIGNUP_CONFIRMED),
        sum(r.people for r in rows if r.status == SIGNUP_WAITING))


def test_200_parallel_sign_ups_for_30_places_then_10_cancellations(app, database_url):
    with app.app_context():
        event_id = make_event(db.session(), capacity=CAPACITY, waiting_list=True).id

    outcomes, errors, burst = _together(
        app, [_sign_up_call(event_id, n) for n in range(RESIDENTS)])
    rows = _rows(app, event_id)
    statuses = Counter(r.status for r in rows)
    print(f"\n[{_backend(database_url)}] {RESIDENTS} parallel sign-ups for {CAPACITY} places: "
          f"{burst:.2f} s, outcomes {dict(Counter(outcomes))}, stored {dict(statuses)}")
    assert errors == []
    assert Counter(outcomes) == {"confirmed": CAPACITY, "waiting": RESIDENTS - CAPACITY}
    assert statuses == {SIGNUP_CONFIRMED: CAPACITY, SIGNUP_WAITING: RESIDENTS - CAPACITY}
    assert len({r.submission_key for r in rows}) == RESIDENTS
    waiting_order = [r.id for r in rows if r.status == SIGNUP_WAITING]
    confirmed = [r.id for r in rows if r.status == SIGNUP_CONFIRMED]
    _assert_counted_places_match(app, event_id)

    promoted_lists, errors, burst = _together(
        app, [_cancel_call(signup_id) for signup_id in confirmed[:CANCELLATIONS]])
    promoted = [signup_id for found in promoted_lists for signup_id in found]
    rows = {r.id: r for r in _rows(app, event_id)}
    statuses = Counter(r.status for r in rows.values())
    print(f"[{_backend(database_url)}] {CANCELLATIONS} parallel cancellations: {burst:.2f} s, "
          f"promoted {len(promoted)} ({len(set(promoted))} distinct), stored {dict(statuses)}")
    assert errors == []
    assert len(promoted) == len(set(promoted)) == CANCELLATIONS  # each promoted once
    assert sorted(promoted) == sorted(waiting_order[:CANCELLATIONS])  # the first ten waiting
    assert statuses == {SIGNUP_CONFIRMED: CAPACITY, SIGNUP_CANCELLED: CANCELLATIONS,
                        SIGNUP_WAITING: RESIDENTS - CAPACITY - CANCELLATIONS}
    promoted_rows = [r for r in rows.values() if r.promoted_at is not None]
    assert sorted(r.id for r in promoted_rows) == sorted(promoted)
    assert all(r.status == SIGNUP_CONFIRMED and r.to_call for r in promoted_rows)

    # the same cancellations again (double taps, a second organiser): nothing moves
    again, errors, _burst = _together(
        app, [_cancel_call(signup_id) for signup_id in confirmed[:CANCELLATIONS]])
    assert errors == [] and again == [[]] * CANCELLATIONS
    assert Counter(r.status for r in _rows(app, event_id)) == statuses
    _assert_counted_places_match(app, event_id)


def test_parallel_parties_never_exceed_capacity_nor_take_held_back_places_online(
        app, database_url):
    capacity, held_back = 30, 6
    with app.app_context():
        event_id = make_event(db.session(), capacity=capacity, held_back=held_back).id
    calls = [_sign_up_call(event_id, n, people=2 + n % 2,
                           channel=CHANNEL_PHONE if n % 5 == 0 else CHANNEL_ONLINE)
             for n in range(100)]

    _outcomes, errors, burst = _together(app, calls)
    rows = _rows(app, event_id)
    confirmed = [r for r in rows if r.status == SIGNUP_CONFIRMED]
    with app.app_context():
        places = places_of(db.session(), db.session().get(Event, event_id))
        db.rollback()
    print(f"\n[{_backend(database_url)}] 100 parallel parties of 2-3 (one in five by phone): "
          f"{burst:.2f} s, {sum(r.people for r in confirmed)} people confirmed, "
          f"{sum(r.held_places for r in confirmed)} on held-back places")
    assert errors == []
    assert sum(r.people for r in confirmed) <= capacity
    assert sum(r.held_places for r in confirmed) <= held_back
    assert all(r.held_places == 0 for r in confirmed if r.channel not in HELD_BACK_CHANNELS)
    assert sum(r.people for r in confirmed if r.channel == CHANNEL_ONLINE) <= capacity - held_back
    # places only ever shrink in a burst of sign-ups: whoever waits did not fit when they came
    # and does not fit now
    for waiting in (r for r in rows if r.status == SIGNUP_WAITING):
        assert places.seats_for(waiting.channel, waiting.people) is None, waiting.id

    # parties leave in parallel: the waiting list moves up, still within the places
    leaving = [r.id for r in confirmed][:8]
    _promoted, errors, _burst = _together(app, [_cancel_call(i) for i in leaving])
    rows = _rows(app, event_id)
    confirmed = [r for r in rows if r.status == SIGNUP_CONFIRMED]
    assert errors == []
    assert sum(r.people for r in confirmed) <= capacity
    assert sum(r.held_places for r in confirmed) <= held_back
    assert all(r.held_places == 0 for r in confirmed if r.channel not in HELD_BACK_CHANNELS)
    assert sum(r.people for r in confirmed if r.channel == CHANNEL_ONLINE) <= capacity - held_back
    # promotion stopped at the first party that does not fit, and moved nobody past it
    waiting = [r for r in rows if r.status == SIGNUP_WAITING]
    promoted = [r for r in rows if r.promoted_at is not None]
    with app.app_context():
        places = places_of(db.session(), db.session().get(Event, event_id))
        db.rollback()
    if waiting:
        assert places.seats_for(waiting[0].channel, waiting[0].people) is None
        assert all((r.created_at, r.id) < (waiting[0].created_at, waiting[0].id)
                   for r in promoted)
    assert len(rows) == 100
    _assert_counted_places_match(app, event_id)
