"""What an outside review of the events found, each as a test (on both databases): no one
moves up once an event has begun, a form token is bound to its event, a repeated tap whose
first answer was lost still shows the code, cancelling with the code deletes the e-mails
written to the person (and their outbox files), and the edit form shows local times."""

import os
import re
import secrets
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from participation import db
from participation.clock import LOCAL_ZONE, as_utc
from participation.digests.models import OutgoingEmail
from participation.events import services
from participation.events.models import SIGNUP_WAITING, SignUp
from tests.events.factories import make_event, person
from tests.events.test_manage import AICHTAL, BASE, event_form, login


def _sign_up(session, event_id, who=None, key=None, now=None):
    return services.sign_up(session, event_id, who or person(), channel="online",
                            submission_key=key or secrets.token_urlsafe(16),
                            secret=current_app.config["SECRET_KEY"], now=now)


def test_nobody_moves_up_once_the_event_has_begun(session):
    event = make_event(session, capacity=1)
    first = _sign_up(session, event.id).signup_id
    second = _sign_up(session, event.id, person("Zweite", email="z@example.org")).signup_id
    db.commit()
    after_start = as_utc(event.starts_at) + timedelta(minutes=5)
    assert services.cancel_signup(session, first, now=after_start, erase=True) == []
    db.commit()
    assert session.get(SignUp, second).status == SIGNUP_WAITING
    assert session.scalar(select(func.count(OutgoingEmail.id)).where(
        OutgoingEmail.purpose.like("event-promotion-%"))) == 0


def test_one_form_token_at_two_events_is_two_sign_ups(session):
    walk, cafe = make_event(session), make_event(session, title="Café")
    at_walk = _sign_up(session, walk.id, key="the-same-token-" + "x" * 16)
    at_cafe = _sign_up(session, cafe.id, key="the-same-token-" + "x" * 16)
    db.commit()
    assert at_walk.outcome == at_cafe.outcome == services.OUTCOME_CONFIRMED
    assert at_walk.signup_id != at_cafe.signup_id
    assert _sign_up(session, walk.id, key="the-same-token-" + "x" * 16).signup_id == \
        at_walk.signup_id


def test_a_repeated_tap_shows_the_code_even_when_the_first_answer_got_lost(client, session):
    event = make_event(session)
    form = {"step": "confirm", "token": secrets.token_urlsafe(24), "name": "Erika Muster",
            "phone": "0711 987654", "people": "1", "locale": "de"}
    url = f"/de/veranstaltung/{event.id}/anmelden"
    first = client.post(url, data=form)
    assert first.status_code == 302
    client.delete_cookie("session")  # the first answer never reached the browser
    again = client.post(url, data=form)
    assert again.status_code == 302
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Bitte schreiben Sie sich diesen Code auf." in page
    session.rollback()
    assert session.scalar(select(func.count(SignUp.id)).where(SignUp.event_id == event.id)) == 1


def test_cancelling_with_the_code_deletes_the_e_mails_and_their_files(client, session, app):
    event = make_event(session)
    result = _sign_up(session, event.id, person(email="erika@example.org"))
    db.commit()  # the confirmation is written and sent after the commit (outbox folder here)
    (email,) = session.scalars(select(OutgoingEmail).where(
        OutgoingEmail.signup_id == result.signup_id)).all()
    outbox = Path(app.config["MAIL_OUTBOX_DIR"])
    safe_id = "".join(ch for ch in email.message_id if ch.isalnum() or ch in "-.")
    files = [path for path in outbox.glob("*.eml") if path.stem == safe_id]
    assert len(files) == 1 and b"erika@example.org" in files[0].read_bytes()
    services.cancel_signup(session, result.signup_id, erase=True)
    db.commit()
    assert session.scalars(select(OutgoingEmail).where(
        OutgoingEmail.signup_id == result.signup_id)).all() == []
    assert not any(path.exists() for path in files)
    assert email.recipient == "erika@example.org"  # what was there before


def test_the_edit_form_shows_local_times_whatever_the_host_zone(client, session):
    """SQLite gives back naive datetimes; the form must read them as UTC, not as host time."""
    event = make_event(session, status="draft")
    local = as_utc(event.starts_at).astimezone(LOCAL_ZONE)
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        login(client, AICHTAL)
        page = client.get(f"{BASE}/{event.id}").get_data(as_text=True)
    finally:
        if before is None:
            os.environ.pop("TZ")
        else:
            os.environ["TZ"] = before
        time.tzset()
    assert f'value="{local:%H:%M}"' in page and f'value="{local:%d.%m.%Y}"' in page


def test_places_never_exceed_the_capacity_when_fewer_are_held_back_later(session):
    from participation.events.places import Places

    # staff filled 3 held-back places, then the organiser held back only 1
    places = Places(capacity=10, held_back=1, general_taken=7, held_taken=3, waiting=0)
    assert places.general_free == 0 and places.seats_for("online", 1) is None
    assert places.taken + places.general_free + places.held_free <= 10


def test_the_capacity_cannot_be_set_below_the_people_already_confirmed(client, session):
    day = (datetime.now(LOCAL_ZONE) + timedelta(days=5)).date()
    starts = datetime.combine(day, datetime.min.time().replace(hour=10), tzinfo=LOCAL_ZONE)
    event = make_event(session, capacity=5, starts_at=starts.astimezone(UTC),
                       ends_at=(starts + timedelta(hours=2)).astimezone(UTC))
    for number in range(3):
        _sign_up(session, event.id, person(f"Person {number}"))
    db.commit()
    login(client, AICHTAL)
    starts = as_utc(event.starts_at).astimezone(LOCAL_ZONE)
    ends = as_utc(event.ends_at).astimezone(LOCAL_ZONE)
    form = event_form(capacity="2", held_back="0", day=f"{starts:%d.%m.%Y}",
                      starts=f"{starts:%H:%M}", ends=f"{ends:%H:%M}")
    response = client.post(f"{BASE}/{event.id}", data=form)
    text = response.get_data(as_text=True)
    assert response.status_code == 400, text
    assert "Es sind schon 3 Plätze vergeben." in text, re.findall(r'error-message[^\n]*', text)
    session.rollback()
    assert session.get(type(event), event.id).capacity == 5


def test_the_log_of_who_saw_the_needs_is_on_the_attendee_page(client, session):
    event = make_event(session)
    _sign_up(session, event.id, person("Rolf Rad", needs=["wheelchair"]))
    db.commit()
    login(client, AICHTAL)
    assert "Bisher hat niemand die Angaben angesehen." in client.get(
        f"{BASE}/{event.id}/teilnehmende").get_data(as_text=True)
    client.post(f"{BASE}/{event.id}/teilnehmende")
    client.post(f"{BASE}/{event.id}/teilnehmende/export", data={"format": "csv", "needs": "yes"})
    page = client.get(f"{BASE}/{event.id}/teilnehmende").get_data(as_text=True)
    log = page[page.index("Protokoll: Wer hat"):page.index("</section>", page.index("Protokoll"))]
    assert log.count("Liste angezeigt") == 1 and log.count("Liste heruntergeladen") == 1
    assert log.count("<time datetime=") == 2
    assert "Rolf Rad" not in log and "Rollstuhl" not in page  # the GET shows no needs
