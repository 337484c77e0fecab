"""Deletion of what sign-ups hold: needs 7 days after the event, contact data 30 days after,
the count of participation kept; by the service, and by the commands cron calls.

The clock is moved by `now=` / `--now`, never by waiting.
"""

import secrets
from collections import Counter
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from participation import db
from participation.clock import as_utc
from participation.digests.models import OutgoingEmail
from participation.events import services
from participation.events.models import CHANNEL_PHONE, SignUp
from tests.events.factories import make_event, person

CONTACT_COLUMNS = ("name", "phone", "email", "code_hash", "ticket_hash", "sealed_code")


def _arrange(app) -> tuple[int, int, dict]:
    """An event (5 days ahead) with confirmed, waiting, cancelled and checked-in sign-ups
    that gave needs and e-mail addresses, and a later event (60 days ahead) with one sign-up.
    Returns their ids and the first event's counts."""
    with app.app_context():
        session = db.session()
        secret = current_app.config["SECRET_KEY"]
        soon = make_event(session, capacity=3)
        later = make_event(session, starts_in=timedelta(days=60), title="Später")
        signups = []
        for number, (people, needs) in enumerate(
                [(1, ("wheelchair",)), (2, ("hearing", "transport")), (1, ()), (2, ("other",))]):
            signups.append(services.sign_up(
                session, soon.id, person(f"Person {number}", email=f"p{number}@example.org",
                                         people=people, needs=needs),
                channel=CHANNEL_PHONE if number == 2 else "online",
                submission_key=secrets.token_urlsafe(16), secret=secret).signup)
        services.sign_up(session, later.id, person("Später", email="spaet@example.org",
                                                   needs=("large_print",)),
                         channel="online", submission_key=secrets.token_urlsafe(16),
                         secret=secret)
        services.check_in(session, signups[0], True, now=as_utc(soon.starts_at))
        services.cancel_signup(session, signups[2].id)
        db.commit()
        counts = _counts(session, soon.id)
        assert counts["statuses"] == {"confirmed": 2, "waiting": 1, "cancelled": 1}
        db.rollback()
        return soon.id, later.id, counts


def _counts(session, event_id: int) -> dict:
    rows = session.scalars(select(SignUp).where(SignUp.event_id == event_id)
                           .order_by(SignUp.id)).all()
    return {"signups": len(rows), "people": sum(r.people for r in rows),
            "statuses": Counter(r.status for r in rows),
            "channels": [r.channel for r in rows],
            "checked_in": [as_utc(r.checked_in_at) for r in rows]}


def _state(app, event_id: int) -> dict:
    with app.app_context():
        session = db.get_db().new_session(read_only=True)
        try:
            rows = session.scalars(select(SignUp).where(SignUp.event_id == event_id)).all()
            mails = session.scalar(select(func.count()).select_from(OutgoingEmail).join(
                SignUp, SignUp.id == OutgoingEmail.signup_id).where(SignUp.event_id == event_id))
            return {"needs": [r.needs for r in rows],
                    "consents": [r.needs_consent_at for r in rows],
                    "contact": [tuple(getattr(r, c) for c in CONTACT_COLUMNS) for r in rows],
                    "mails": mails, "counts": _counts(session, event_id)}
        finally:
            session.close()


def _ends_at(app, event_id: int):
    with app.app_context():
        session = db.get_db().new_session(read_only=True)
        try:
            return as_utc(session.get(services.Event, event_id).ends_at)
        finally:
            session.close()


def _has_contact(contact: tuple) -> bool:
    name, phone, email, *_codes = contact
    return bool(name and phone and email)


def _assert_untouched(state: dict) -> None:
    assert any(state["needs"]) and any(state["consents"])
    assert all(_has_contact(contact) for contact in state["contact"])


def _erase(app, now) -> tuple[int, int]:
    with app.app_context():
        done = services.erase_expired(db.session(), now)
        db.commit()
        return done


def test_needs_go_after_7_days_and_contact_data_after_30_while_counts_stay(app):
    soon, later, counts = _arrange(app)
    end = _ends_at(app, soon)
    before = _state(app, soon)
    assert sum(1 for needs in before["needs"] if needs) == 3  # the cancelled one gave none
    # confirmations (one of them "Warteliste"); the sign-up cancelled before its commit
    # never got one: the confirmation is written after the commit
    assert before["mails"] == 3

    assert _erase(app, end + timedelta(days=6, hours=23)) == (0, 0)
    _assert_untouched(_state(app, soon))

    assert _erase(app, end + timedelta(days=7, minutes=1)) == (4, 0)
    state = _state(app, soon)
    assert state["needs"] == [None] * 4 and state["consents"] == [None] * 4
    assert all(_has_contact(contact) for contact in state["contact"])  # contact data stays
    assert state["mails"] == 3 and state["counts"] == counts
    _assert_untouched(_state(app, later))

    assert _erase(app, end + timedelta(days=30, minutes=1)) == (0, 4)
    state = _state(app, soon)
    assert state["contact"] == [(None,) * len(CONTACT_COLUMNS)] * 4
    assert state["needs"] == [None] * 4
    assert state["mails"] == 0  # the e-mails written to them are gone too
    assert state["counts"] == counts  # sign-ups, people, statuses, channels, check-ins
    assert state["counts"]["checked_in"][0] is not None
    later_state = _state(app, later)
    _assert_untouched(later_state)
    assert later_state["mails"] == 1

    assert _erase(app, end + timedelta(days=31)) == (0, 0)  # nothing twice


def test_a_code_stops_working_once_contact_data_is_erased(app):
    with app.app_context():
        event = make_event(db.session())
        result = services.sign_up(db.session(), event.id, person(), channel="online",
                                  submission_key=secrets.token_urlsafe(16),
                                  secret=current_app.config["SECRET_KEY"])
        db.commit()
        end, code, signup_id = as_utc(event.ends_at), result.code, result.signup.id
    _erase(app, end + timedelta(days=31))
    with app.app_context():
        session = db.session()
        assert services.signup_by_code(session, code, current_app.config["SECRET_KEY"]) is None
        signup = session.get(SignUp, signup_id)
        assert signup.status == "confirmed" and signup.contact_erased_at is not None
        assert signup.to_call is False
        db.rollback()


def test_the_erase_expired_command_moves_the_clock(app):
    soon, later, counts = _arrange(app)
    end = _ends_at(app, soon)
    runner = app.test_cli_runner()

    week = runner.invoke(args=["events", "erase-expired", "--now",
                               (end + timedelta(days=8)).isoformat()])
    assert week.exit_code == 0, week.output
    assert "Needs erased from 4 sign-ups, contact data from 0" in week.output
    state = _state(app, soon)
    assert state["needs"] == [None] * 4 and all(_has_contact(c) for c in state["contact"])

    month = runner.invoke(args=["events", "erase-expired", "--now",
                                (end + timedelta(days=30, hours=1)).isoformat()])
    assert month.exit_code == 0, month.output
    assert "contact data from 4" in month.output
    state = _state(app, soon)
    assert state["contact"] == [(None,) * len(CONTACT_COLUMNS)] * 4
    assert state["mails"] == 0 and state["counts"] == counts
    _assert_untouched(_state(app, later))


def test_jobs_run_erases_with_the_rest_of_the_periodic_work(app):
    soon, later, counts = _arrange(app)
    end = _ends_at(app, soon)
    runner = app.test_cli_runner()
    # a naive ISO time is taken as UTC
    naive = (end + timedelta(days=7, minutes=5)).replace(tzinfo=None).isoformat()

    week = runner.invoke(args=["jobs", "run", "--now", naive])
    assert week.exit_code == 0, week.output
    assert "needs_erased 4" in week.output and "contact_erased 0" in week.output
    assert _state(app, soon)["needs"] == [None] * 4

    month = runner.invoke(args=["jobs", "run", "--now",
                                (end + timedelta(days=45)).isoformat()])
    assert month.exit_code == 0, month.output
    assert "contact_erased 4" in month.output
    state = _state(app, soon)
    assert state["contact"] == [(None,) * len(CONTACT_COLUMNS)] * 4
    assert state["counts"] == counts
    _assert_untouched(_state(app, later))
