"""The write use cases of events against the real databases: places, deadline, double taps,
the code page's time, cancelling with erasure, the waiting list's order, cancelling an event.
"""

import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from participation import db
from participation.accounts.models import Organiser
from participation.clock import as_utc
from participation.digests.models import OutgoingEmail
from participation.events import services
from participation.events.models import (
    CHANNEL_ASSISTED,
    CHANNEL_IN_PERSON,
    CHANNEL_ONLINE,
    CHANNEL_PHONE,
    SIGNUP_CANCELLED,
    SIGNUP_CONFIRMED,
    SIGNUP_WAITING,
    NeedsView,
    SignUp,
)
from participation.events.places import Places, places_of
from tests.events.factories import make_event, person


def _sign_up(session, event_id, who=None, channel=CHANNEL_ONLINE, key=None, now=None):
    return services.sign_up(session, event_id, who or person(), channel=channel,
                            submission_key=key or secrets.token_urlsafe(16),
                            secret=current_app.config["SECRET_KEY"], now=now)


def test_seats_for_uses_held_back_places_first_for_phone_and_in_person():
    places = Places(capacity=10, held_back=3, general_taken=5, held_taken=1, waiting=0)
    assert (places.general_free, places.held_free, places.taken) == (2, 2, 6)
    assert places.free_online == 2
    assert places.seats_for(CHANNEL_PHONE, 3) == 2  # two held back, one general
    assert places.seats_for(CHANNEL_IN_PERSON, 4) == 2
    assert places.seats_for(CHANNEL_IN_PERSON, 5) is None  # 2 held + 2 general < 5
    assert places.seats_for(CHANNEL_ONLINE, 2) == 0
    assert places.seats_for(CHANNEL_ONLINE, 3) is None  # online never takes held-back places
    assert places.seats_for(CHANNEL_ASSISTED, 3) is None  # nor does an assisted sign-up
    full = Places(capacity=4, held_back=4, general_taken=0, held_taken=4, waiting=2)
    assert full.seats_for(CHANNEL_PHONE, 1) is None and full.general_free == 0
    overbooked = Places(capacity=3, held_back=1, general_taken=5, held_taken=2, waiting=0)
    assert (overbooked.general_free, overbooked.held_free) == (0, 0)


def test_sign_ups_fill_general_and_held_back_places_apart(session):
    event = make_event(session, capacity=4, held_back=2)
    outcomes = [
        _sign_up(session, event.id, person(people=3)).outcome,  # 3 > 2 general: waits
        _sign_up(session, event.id, person(people=2)).outcome,
        _sign_up(session, event.id, person(people=1)).outcome,  # general places gone
        _sign_up(session, event.id, person(people=2), channel=CHANNEL_PHONE).outcome,
        _sign_up(session, event.id, person(people=1), channel=CHANNEL_IN_PERSON).outcome,
    ]
    db.commit()
    assert outcomes == ["waiting", "confirmed", "waiting", "confirmed", "waiting"]
    places = places_of(session, event)
    assert (places.general_taken, places.held_taken, places.waiting) == (2, 2, 5)
    held = session.scalars(select(SignUp.held_places).where(
        SignUp.event_id == event.id, SignUp.status == SIGNUP_CONFIRMED)
        .order_by(SignUp.id)).all()
    assert held == [0, 2]


def test_without_waiting_list_a_full_event_refuses(session):
    event = make_event(session, capacity=1, waiting_list=False)
    assert _sign_up(session, event.id).outcome == "confirmed"
    assert _sign_up(session, event.id).outcome == services.OUTCOME_FULL
    db.commit()
    assert session.scalar(select(func.count()).where(SignUp.event_id == event.id)) == 1


def test_deadline_closes_online_sign_up_but_not_staff(session):
    now = datetime.now(UTC)
    event = make_event(session, signup_deadline=now - timedelta(hours=1))
    assert _sign_up(session, event.id).outcome == services.OUTCOME_CLOSED
    assert _sign_up(session, event.id, channel=CHANNEL_ASSISTED).outcome == "confirmed"
    assert _sign_up(session, event.id, channel=CHANNEL_PHONE).outcome == "confirmed"
    # before the deadline residents may; once the event has begun nobody may
    assert _sign_up(session, event.id, now=now - timedelta(hours=2)).outcome == "confirmed"
    begun = as_utc(event.starts_at) + timedelta(minutes=1)
    assert _sign_up(session, event.id, channel=CHANNEL_PHONE,
                    now=begun).outcome == services.OUTCOME_CLOSED
    db.commit()
    assert session.scalar(select(func.count()).where(SignUp.event_id == event.id)) == 3


def test_draft_and_cancelled_events_take_no_sign_ups(session):
    draft = make_event(session, status="draft")
    cancelled = make_event(session, status="cancelled")
    assert _sign_up(session, draft.id, channel=CHANNEL_PHONE).outcome == "closed"
    assert _sign_up(session, cancelled.id).outcome == "closed"
    assert _sign_up(session, 10**9).outcome == "closed"


def test_the_same_submission_key_signs_up_once(session):
    event = make_event(session)
    first = _sign_up(session, event.id, key="same-form-token")
    again = _sign_up(session, event.id, person(name="Doppelt"), key="same-form-token")
    db.commit()
    later = _sign_up(session, event.id, key="same-form-token")
    assert first.outcome == "confirmed" and first.code
    assert again.outcome == later.outcome == services.OUTCOME_REPEATED
    assert again.signup.id == later.signup.id == first.signup.id
    assert again.code is None  # the code is shown only to the first
    assert session.scalar(select(func.count()).where(SignUp.event_id == event.id)) == 1


def test_shown_code_lasts_thirty_minutes_and_matches_the_stored_hash(session):
    event = make_event(session)
    result = _sign_up(session, event.id)
    db.commit()
    created = result.signup.created_at
    signup, code = services.shown_code(session, result.ticket, now=created + timedelta(minutes=29))
    assert signup.id == result.signup.id and code == result.code
    assert services.shown_code(session, result.ticket,
                               now=created + timedelta(minutes=31)) is None
    assert services.shown_code(session, "not-a-ticket") is None
    assert services.shown_code(session, None) is None
    secret = current_app.config["SECRET_KEY"]
    assert services.signup_by_code(session, code, secret).id == signup.id
    assert code not in (signup.code_hash, signup.sealed_code, signup.ticket_hash)
    services.forget_tickets(session, [result.ticket])
    db.commit()
    assert services.shown_code(session, result.ticket) is None


def test_cancelling_with_erase_keeps_only_the_count(session):
    event = make_event(session)
    result = _sign_up(session, event.id, person(email="erika@example.org", people=2,
                                                needs=("wheelchair",)))
    db.commit()
    promoted = services.cancel_signup(session, result.signup.id, erase=True)
    db.commit()
    assert promoted == []
    signup = session.get(SignUp, result.signup.id)
    session.refresh(signup)
    assert signup.status == SIGNUP_CANCELLED and signup.cancelled_at is not None
    assert signup.people == 2 and signup.channel == CHANNEL_ONLINE
    for column in ("name", "phone", "email", "needs", "needs_consent_at", "code_hash",
                   "ticket_hash", "sealed_code"):
        assert getattr(signup, column) is None, column
    assert signup.needs_erased_at and signup.contact_erased_at
    assert services.signup_by_code(session, result.code, current_app.config["SECRET_KEY"]) \
        is None
    # a second cancel (a double tap) changes nothing and promotes nobody
    assert services.cancel_signup(session, signup.id, erase=True) == []
    assert places_of(session, event).taken == 0


def test_promotion_is_first_come_and_a_party_that_does_not_fit_keeps_its_turn(session):
    event = make_event(session, capacity=3)
    alone = _sign_up(session, event.id, person("A", people=1)).signup
    pair = _sign_up(session, event.id, person("B", people=2)).signup
    three = _sign_up(session, event.id, person("C", people=3)).signup
    fourth = _sign_up(session, event.id, person("D", email="d@example.org")).signup
    db.commit()
    assert (three.status, fourth.status) == (SIGNUP_WAITING, SIGNUP_WAITING)

    assert services.cancel_signup(session, alone.id) == []  # one place: C does not fit
    db.commit()
    session.refresh(fourth)
    assert fourth.status == SIGNUP_WAITING  # D is not moved past C

    promoted = services.cancel_signup(session, pair.id)
    db.commit()
    assert [s.id for s in promoted] == [three.id]
    session.refresh(three)
    session.refresh(fourth)
    assert three.status == SIGNUP_CONFIRMED and three.promoted_at is not None
    assert three.to_call  # no e-mail address: staff call
    assert fourth.status == SIGNUP_WAITING and not fourth.to_call

    promoted = services.cancel_signup(session, three.id)
    db.commit()
    assert [s.id for s in promoted] == [fourth.id]
    session.refresh(fourth)
    assert not fourth.to_call  # told by e-mail instead
    purposes = session.scalars(select(OutgoingEmail.purpose)
                               .where(OutgoingEmail.signup_id == fourth.id)).all()
    assert sorted(purposes) == [f"event-confirmation-{fourth.id}", f"event-promotion-{fourth.id}"]


def test_cancel_event_tells_by_e_mail_and_lists_the_rest_to_call(session):
    event = make_event(session, capacity=2)
    by_phone = _sign_up(session, event.id, person("Ohne E-Mail")).signup
    by_mail = _sign_up(session, event.id, person("Mit E-Mail", phone=None,
                                                 email="mit@example.org", locale="tr")).signup
    waiting = _sign_up(session, event.id, person("Wartet", people=2)).signup
    gone = _sign_up(session, event.id, person("Abgemeldet")).signup
    services.cancel_signup(session, gone.id)
    db.commit()

    to_call = services.cancel_event(session, event)
    db.commit()
    assert [s.id for s in to_call] == [by_phone.id, waiting.id]
    assert event.status == "cancelled" and event.cancelled_at is not None
    cancelled_mails = session.scalars(select(OutgoingEmail).where(
        OutgoingEmail.purpose.like("event-cancelled-%"))).all()
    assert [(m.signup_id, m.recipient, m.locale) for m in cancelled_mails] == [
        (by_mail.id, "mit@example.org", "tr")]
    # cancelling again sends nothing more and lists the same people
    assert [s.id for s in services.cancel_event(session, event)] == [by_phone.id, waiting.id]
    db.commit()
    assert session.scalar(select(func.count()).where(
        OutgoingEmail.purpose.like("event-cancelled-%"))) == 1
    services.mark_called(session, to_call[0])
    db.commit()
    assert [s.id for s in services.people_to_call(session, event.id)] == [waiting.id]
    # a cancelled event promotes nobody
    assert services.cancel_signup(session, by_phone.id) == []


def test_check_in_and_needs_views_are_recorded(session):
    event = make_event(session)
    signup = _sign_up(session, event.id).signup
    services.check_in(session, signup, True)
    assert signup.checked_in_at is not None
    services.check_in(session, signup, False)
    assert signup.checked_in_at is None
    organiser_id = session.scalar(select(Organiser.id).where(
        Organiser.email == "organisation@aichtal.demo.example"))
    services.record_needs_view(session, event.id, organiser_id, "list")
    db.commit()
    assert [(v.organiser_id, v.purpose) for v in session.scalars(
        select(NeedsView).where(NeedsView.event_id == event.id))] == [(organiser_id, "list")]
