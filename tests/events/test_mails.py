"""The e-mails of events, received by a real SMTP server on loopback (aiosmtpd): confirmation
with a calendar file, reminder, moved up from the waiting list, event cancelled; in the
registrant's language; through RQ with a real worker; and kept while SMTP is down.
"""

import secrets
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from babel.dates import format_date
from flask import current_app
from icalendar import Calendar
from redis import Redis
from rq import Queue, SimpleWorker
from rq.serializers import JSONSerializer
from sqlalchemy import select

from participation import db
from participation.clock import LOCAL_ZONE, as_utc
from participation.digests.models import MAIL_QUEUED, MAIL_SENT, OutgoingEmail
from participation.events import jobs, mails, services
from participation.events.models import CHANNEL_ONLINE
from participation.queue import QUEUE_MAIL
from tests.conftest import free_port, make_test_app
from tests.events.factories import make_event, person
from tests.smtp import RecordingSMTPServer, _Recorder, html_part, text_part

TURKISH = {"tr": ("Mahalle yürüyüşü", "Birlikte mahallede yavaşça yürüyoruz.")}


class _EnvelopeRecorder(_Recorder):
    """Also records to whom each message was sent (the SMTP envelope)."""

    def __init__(self):
        super().__init__()
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        if reply.startswith("250"):
            self.recipients.append(list(envelope.rcpt_tos))
        return reply


class EnvelopeSMTPServer(RecordingSMTPServer):
    def __init__(self):
        super().__init__()
        self.recorder = _EnvelopeRecorder()
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)


@pytest.fixture
def smtp():
    server = EnvelopeSMTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(app, smtp):
    """The session's app, sending through the loopback SMTP server for one test."""
    previous = {key: app.config[key] for key in ("SMTP_HOST", "SMTP_PORT")}
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port)
    with app.app_context():
        yield app
    app.config.update(previous)


def _sign_up(event, who, channel=CHANNEL_ONLINE):
    result = services.sign_up(db.session(), event.id, who, channel=channel,
                              submission_key=secrets.token_urlsafe(16),
                              secret=current_app.config["SECRET_KEY"])
    db.commit()  # the confirmation goes out after the commit (in-process without Redis)
    return result


def _calendar_event(message):
    files = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert len(files) == 1 and files[0].get_filename().endswith(".ics")
    calendar = Calendar.from_ical(files[0].get_payload(decode=True))
    entries = list(calendar.walk("VEVENT"))
    assert len(entries) == 1
    return calendar, entries[0]


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _outbox(signup_id):
    return db.session().scalars(select(OutgoingEmail).where(
        OutgoingEmail.signup_id == signup_id).order_by(OutgoingEmail.id)).all()


def test_confirmation_in_german_carries_a_calendar_file_that_parses(mail_app, smtp):
    event = make_event(db.session(), title="Spaziergang durch Aich")
    result = _sign_up(event, person("Erika Muster", email="erika@example.org", people=2))

    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "erika@example.org"
    assert message["Content-Language"] == "de"
    assert _subject(message) == "Ihre Anmeldung: Spaziergang durch Aich"
    body = text_part(message)
    assert "Guten Tag Erika Muster," in body and "Ihr Platz ist reserviert" in body
    start = as_utc(event.starts_at).astimezone(LOCAL_ZONE)
    assert format_date(start, "full", locale="de") in body  # "Donnerstag, 10. Dezember 2026"
    assert f"{start:%H:%M}" in body  # local time, not UTC
    assert "Rathausplatz 1" in body and "0711 123456" in body
    assert f"/de/veranstaltung/{event.id}" in body
    assert result.code not in body + html_part(message)  # the code is never e-mailed
    assert "Spaziergang durch Aich" in html_part(message)
    calendar, entry = _calendar_event(message)
    assert entry.decoded("dtstart") == as_utc(event.starts_at)
    assert entry.decoded("dtend") == as_utc(event.ends_at)
    assert str(entry["summary"]) == "Spaziergang durch Aich"
    assert str(entry["location"]) == "Rathausplatz 1"
    assert str(calendar["method"]) == "PUBLISH" and str(entry["status"]) == "CONFIRMED"
    assert [m.status for m in _outbox(result.signup.id)] == [MAIL_SENT]


def test_confirmation_reminder_and_cancellation_in_turkish(mail_app, smtp):
    event = make_event(db.session(), title="Quartiersspaziergang", texts=TURKISH)
    result = _sign_up(event, person("Ayşe Yılmaz", phone=None, email="ayse@example.org",
                                    locale="tr"))
    start = as_utc(event.starts_at)
    jobs.run_sweep(now=start - timedelta(days=1))
    services.cancel_event(db.session(), event)
    db.commit()

    confirmation, reminder, cancelled = smtp.messages
    for message in (confirmation, reminder, cancelled):
        assert message["Content-Language"] == "tr"
        assert "Mahalle yürüyüşü" in _subject(message)
        assert "Quartiersspaziergang" not in _subject(message) + text_part(message)
        # the date in Turkish (Babel), whatever the catalog has
        assert format_date(start.astimezone(LOCAL_ZONE), "full", locale="tr") in \
            text_part(message)
    assert "Birlikte mahallede" in text_part(confirmation)
    _calendar, entry = _calendar_event(confirmation)
    assert str(entry["summary"]) == "Mahalle yürüyüşü"
    assert entry.decoded("dtstart") == start
    cancelled_calendar, cancelled_entry = _calendar_event(cancelled)
    assert str(cancelled_calendar["method"]) == "CANCEL"
    assert str(cancelled_entry["status"]) == "CANCELLED"
    # the interface in Turkish: the greeting of the catalog ("Guten Tag %(name)s,")
    assert "Sayın Ayşe Yılmaz," in text_part(confirmation)
    assert [m.purpose for m in _outbox(result.signup.id)] == [
        f"event-{kind}-{result.signup.id}" for kind in ("confirmation", "reminder",
                                                        "cancelled")]


def test_the_reminder_goes_once_and_only_when_due(mail_app, smtp):
    event = make_event(db.session(), starts_in=timedelta(days=6))
    confirmed = _sign_up(event, person("Erika", email="erika@example.org")).signup
    _sign_up(event, person("Nur Telefon"))  # no address: nothing to send
    start = as_utc(event.starts_at)
    assert len(smtp.messages) == 1  # the confirmation

    assert jobs.run_sweep(now=start - timedelta(days=3))["reminders"] == 0
    assert jobs.run_sweep(now=start - timedelta(days=2) + timedelta(minutes=5))["reminders"] == 1
    assert jobs.run_sweep(now=start - timedelta(days=1))["reminders"] == 0
    assert jobs.run_sweep(now=start - timedelta(hours=1))["reminders"] == 0
    assert len(smtp.messages) == 2
    reminder = smtp.messages[1]
    assert _subject(reminder).startswith("Erinnerung: Spaziergang")
    assert "wir erinnern Sie" in text_part(reminder)
    assert smtp.recorder.recipients[1] == ["erika@example.org"]
    _calendar_event(reminder)
    assert [m.purpose for m in _outbox(confirmed.id)] == [
        f"event-confirmation-{confirmed.id}", f"event-reminder-{confirmed.id}"]


def test_nobody_is_reminded_of_a_cancelled_sign_up_or_from_the_waiting_list(mail_app, smtp):
    event = make_event(db.session(), capacity=1)
    gone = _sign_up(event, person("Weg", email="weg@example.org")).signup
    _sign_up(event, person("Wartet", email="wartet@example.org", people=2))
    services.cancel_signup(db.session(), gone.id)
    db.commit()
    assert jobs.run_sweep(now=as_utc(event.starts_at) - timedelta(days=1))["reminders"] == 0
    assert [_subject(m) for m in smtp.messages] == [
        "Ihre Anmeldung: Spaziergang", "Warteliste: Spaziergang"]


def test_promotion_notice_goes_to_the_one_moved_up(mail_app, smtp):
    event = make_event(db.session(), capacity=1, texts=TURKISH)
    first = _sign_up(event, person("Erste")).signup
    waiting = _sign_up(event, person("Zweite", email="zweite@example.org")).signup
    _sign_up(event, person("Dritte", email="dritte@example.org", locale="tr"))
    services.cancel_signup(db.session(), first.id)
    db.commit()

    assert [m["To"] for m in smtp.messages] == [
        "zweite@example.org", "dritte@example.org", "zweite@example.org"]
    wait_notice, _third, promotion = smtp.messages
    assert "Warteliste" in text_part(wait_notice)
    assert _subject(promotion) == "Ein Platz ist frei geworden: Spaziergang"
    assert "Sie sind jetzt fest angemeldet" in text_part(promotion)
    assert [m.purpose for m in _outbox(waiting.id)][-1] == f"event-promotion-{waiting.id}"


def test_cancelling_the_event_writes_to_everyone_with_an_address_in_their_language(
        mail_app, smtp):
    event = make_event(db.session(), capacity=1, texts=TURKISH)
    _sign_up(event, person("Deutsch", email="de@example.org"))
    _sign_up(event, person("Türkçe", email="tr@example.org", locale="tr"))  # waiting
    _sign_up(event, person("Nur Telefon"))
    smtp.messages.clear()

    to_call = services.cancel_event(db.session(), event)
    db.commit()
    assert [s.name for s in to_call] == ["Nur Telefon"]
    by_recipient = {m["To"]: m for m in smtp.messages}
    assert set(by_recipient) == {"de@example.org", "tr@example.org"}
    assert _subject(by_recipient["de@example.org"]) == "Abgesagt: Spaziergang"
    assert "Veranstaltung absagen" in text_part(by_recipient["de@example.org"])
    assert by_recipient["tr@example.org"]["Content-Language"] == "tr"
    assert "Mahalle yürüyüşü" in _subject(by_recipient["tr@example.org"])


def test_a_name_or_title_with_line_breaks_adds_no_header(mail_app, smtp):
    event = make_event(db.session(), title="Spaziergang\r\nBcc: title@example.org")
    _sign_up(event, person("Anna\r\nBcc: evil@example.org", email="anna@example.org"))

    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["Bcc"] is None and message["Cc"] is None
    assert smtp.recorder.recipients == [["anna@example.org"]]
    assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
    headers = [name.lower() for name in message]
    assert headers.count("to") == 1 and "bcc" not in headers
    assert "evil@example.org" in text_part(message)  # stays text in the body, harmlessly


def test_smtp_down_keeps_the_mail_until_a_later_sweep_sends_it_once(mail_app, smtp):
    mail_app.config["SMTP_PORT"] = free_port()  # nobody listens there
    event = make_event(db.session())
    signup = _sign_up(event, person(email="erika@example.org")).signup
    (email,) = _outbox(signup.id)
    db.session().refresh(email)
    assert email.status == MAIL_QUEUED and email.attempts == 1 and email.last_error

    mail_app.config["SMTP_PORT"] = smtp.port  # SMTP is back
    created = as_utc(email.created_at)
    assert jobs.run_sweep(now=created + timedelta(minutes=1))["sent"] == 0  # too early
    assert smtp.messages == []
    assert jobs.run_sweep(now=created + jobs.RETRY_AFTER + timedelta(minutes=1))["sent"] == 1
    assert jobs.run_sweep(now=created + timedelta(hours=1))["sent"] == 0
    assert len(smtp.messages) == 1
    db.session().refresh(email)
    assert email.status == MAIL_SENT and email.attempts == 2


def test_through_rq_a_real_worker_sends_the_confirmation_once(app, database_url, tmp_path,
                                                              redis_url, smtp):
    worker_app = make_test_app(database_url, tmp_path, REDIS_URL=redis_url,
                               SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port)
    queue = Queue(QUEUE_MAIL, connection=Redis.from_url(redis_url), serializer=JSONSerializer)
    with worker_app.app_context():
        event = make_event(db.session())
        signup = _sign_up(event, person(email="erika@example.org")).signup
        assert queue.count == 1 and smtp.messages == []  # queued after the commit, not sent
        assert queue.jobs[0].id == f"event-confirm-{signup.id}"
        assert queue.jobs[0].args == [signup.id]  # an id, no personal data
        assert _outbox(signup.id) == []  # the job writes the e-mail, then queues its sending
        db.rollback()  # end this reading transaction before the worker writes
        SimpleWorker([queue], connection=queue.connection,
                     serializer=JSONSerializer).work(burst=True)
        assert len(smtp.messages) == 1
        (email,) = _outbox(signup.id)
        # both jobs once more (retries after a lost answer): nothing is written or sent twice
        queue.enqueue(services.CONFIRM_JOB, signup.id, job_id="again-confirm")
        queue.enqueue(mails.SEND_JOB, email.id, job_id="again")
        SimpleWorker([queue], connection=queue.connection,
                     serializer=JSONSerializer).work(burst=True)
        db.session().refresh(email)
        assert email.status == MAIL_SENT and email.attempts == 1
        db.rollback()
    assert len(smtp.messages) == 1
    assert _subject(smtp.messages[0]) == "Ihre Anmeldung: Spaziergang"
    worker_app.extensions["db"].engine.dispose()
