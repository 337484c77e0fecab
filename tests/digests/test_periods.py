"""Digest periods: `--now` sends an interim digest and leaves the week's to come; weeks and
days follow Europe/Berlin; a municipality without responses gets no e-mail."""

from datetime import UTC, date, datetime
from email.header import decode_header, make_header

from sqlalchemy import select

from participation import db
from participation.clock import local_today
from participation.digests import jobs, queries, services
from participation.digests.models import DigestRun, OutgoingEmail
from participation.digests.schedule import (
    due_at,
    interim_period,
    is_due,
    period_bounds,
    period_of,
)
from tests.digests.test_digest_mail import seed_known_results
from tests.factories import add_response, make_questionnaire, municipality, quartiere
from tests.smtp import text_part

WEDNESDAY = "2026-12-02T10:45:00+00:00"
MONDAY_AFTER = "2026-12-07T05:00:00+00:00"  # 06:00 in Esslingen


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _runs() -> dict[str, str]:
    return {run.period: run.status for run in db.session().scalars(select(DigestRun))}


def seed_week_49(session) -> int:
    """Kohlberg's centre: 10 responses on Monday 30 November, 2 on Wednesday 2 December,
    5 on Friday 4 December, 1 on Monday 7 December (the next week). The week's ledger row
    exists, as the first submission of the week records it."""
    questionnaire = make_questionnaire(session, "kohlberg")
    centre, _edge = quartiere(session, "kohlberg")
    for day, count in ((date(2026, 11, 30), 10), (date(2026, 12, 2), 2),
                       (date(2026, 12, 4), 5), (date(2026, 12, 7), 1)):
        for _ in range(count):
            add_response(session, questionnaire, centre, {"choice": "a", "rating": "4"},
                         day=day)
    kohlberg = municipality(session, "kohlberg").id
    services.ensure_run(kohlberg, "2026-W49")
    return kohlberg


def test_now_on_wednesday_reports_up_to_wednesday_and_the_week_digest_follows(
        smtp_app, smtp_server):
    with smtp_app.app_context():
        kohlberg = seed_week_49(db.session())
        db.commit()
        assert jobs.deliver_digest(kohlberg, "2026-W49", force=True, now=WEDNESDAY) == "sent"
        assert _runs() == {"2026-12-02": "sent", "2026-W49": "pending"}
        db.rollback()
        assert jobs.deliver_digest(kohlberg, "2026-W49", force=True, now=WEDNESDAY) \
            == "already sent"
        # Sunday 23:59 in Esslingen: the week is not over
        assert jobs.deliver_digest(kohlberg, "2026-W49", now="2026-12-06T22:59:00+00:00") \
            == "not due yet"
        assert jobs.deliver_digest(kohlberg, "2026-W49", now=MONDAY_AFTER) == "sent"
        assert _runs() == {"2026-12-02": "sent", "2026-W49": "sent"}
        db.rollback()

    interim, week = smtp_server.messages
    assert _subject(interim) == "Quartiersbericht Kohlberg – 30.11.2026 bis 02.12.2026"
    text = text_part(interim)
    assert "Dies ist ein Zwischenbericht. Der Bericht für die ganze Woche bis 06.12.2026 " \
           "folgt, wenn die Woche vorüber ist." in text
    assert "Antworten insgesamt: 12 (neu in diesem Zeitraum: 12)" in text
    assert _subject(week) == "Quartiersbericht Kohlberg – 30.11.2026 bis 06.12.2026"
    text = text_part(week)
    assert "Zwischenbericht" not in text
    assert "Antworten insgesamt: 17 (neu in diesem Zeitraum: 17)" in text


def test_the_command_sends_an_interim_digest_and_keeps_the_week_pending(app):
    today = local_today()
    with app.app_context():
        seed_known_results(db.session())
        kohlberg = municipality(db.session(), "kohlberg").id
        services.ensure_run(kohlberg, period_of(today))
        db.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["digests", "run", "--now", "--municipality", "kohlberg"])
    assert f"{interim_period(today)}: sent" in first.output, first.output
    with app.app_context():
        assert _runs() == {interim_period(today): "sent", period_of(today): "pending"}
        subject = db.session().scalar(select(OutgoingEmail.subject))
        db.rollback()
    monday = period_bounds(period_of(today))[0]
    assert subject.endswith(f"{monday:%d.%m.%Y} bis {today:%d.%m.%Y}")
    # the regular run leaves the week alone until it is over
    regular = runner.invoke(args=["digests", "run", "--municipality", "kohlberg"])
    assert regular.exit_code == 0 and regular.output == ""


def test_a_municipality_without_responses_gets_no_email(app):
    with app.app_context():
        seed_known_results(db.session())  # Kohlberg only
        db.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["digests", "run", "--now"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 9
    assert sum(line.endswith(": sent") for line in lines) == 1
    assert sum(line.endswith(": nothing to send") for line in lines) == 8
    with app.app_context():
        emails = list(db.session().scalars(select(OutgoingEmail)))
        assert [email.recipient for email in emails] == ["quartiersbericht@kohlberg.demo.example"]
        statuses = [run.status for run in db.session().scalars(select(DigestRun))]
        assert sorted(statuses) == ["empty"] * 8 + ["sent"]
        assert queries.pending_runs(db.session()) == []  # "empty" is not retried
        db.rollback()


def test_a_municipality_asked_again_gets_its_first_responses(app):
    with app.app_context():
        kohlberg = municipality(db.session(), "kohlberg").id
        db.rollback()  # a job has its own session: on SQLite this one must not hold the lock
        assert jobs.deliver_digest(kohlberg, period_of(local_today()), force=True) \
            == "nothing to send"
        # a week whose digest comes due with nothing in it: recorded, not retried
        services.ensure_run(kohlberg, "2026-W40")
        db.commit()
        assert jobs.deliver_digest(kohlberg, "2026-W40") == "nothing to send"
        assert jobs.sweep_due_digests() == 0
        seed_known_results(db.session())
        db.commit()
        # `--now` again the same day: the responses that came in since are sent
        assert jobs.deliver_digest(kohlberg, period_of(local_today()), force=True) == "sent"
        assert db.session().scalar(select(OutgoingEmail.subject)).startswith(
            "Quartiersbericht Kohlberg")
        db.rollback()


def test_interim_digest_just_after_midnight_covers_the_new_local_day(smtp_app, smtp_server):
    """00:30 on Monday 7 December in Esslingen is 23:30 UTC on Sunday: `--now` then reports
    the new week (Monday only), not the week that ended."""
    with smtp_app.app_context():
        kohlberg = seed_week_49(db.session())
        db.commit()
        assert jobs.deliver_digest(kohlberg, "2026-W50", force=True,
                                   now="2026-12-06T23:30:00+00:00") == "sent"
        assert "2026-12-07" in _runs()
        db.rollback()
    message = smtp_server.messages[0]
    assert _subject(message) == "Quartiersbericht Kohlberg – 07.12.2026 bis 07.12.2026"
    assert "Antworten insgesamt: 18 (neu in diesem Zeitraum: < 5)" in text_part(message)


def test_days_and_weeks_follow_local_time_around_midnight_and_summer_time():
    def day(iso):
        return local_today(datetime.fromisoformat(iso))

    # winter (UTC+1)
    assert day("2026-12-06T22:59:00+00:00") == date(2026, 12, 6)
    assert day("2026-12-06T23:30:00+00:00") == date(2026, 12, 7)
    assert period_of(day("2026-12-06T23:30:00+00:00")) == "2026-W50"
    # summer time starts on Sunday 29 March 2026 (UTC+2 from then on)
    assert day("2026-03-28T23:30:00+00:00") == date(2026, 3, 29)
    assert day("2026-03-29T21:59:00+00:00") == date(2026, 3, 29)
    assert day("2026-03-29T22:30:00+00:00") == date(2026, 3, 30)
    # and ends on Sunday 25 October 2026
    assert day("2026-10-25T22:59:00+00:00") == date(2026, 10, 25)
    assert day("2026-10-25T23:00:00+00:00") == date(2026, 10, 26)
    # a week is due at 06:00 local time on the Monday after
    assert due_at("2026-W13") == datetime(2026, 3, 30, 4, 0, tzinfo=UTC)
    assert due_at("2026-W43") == datetime(2026, 10, 26, 5, 0, tzinfo=UTC)
    assert not is_due("2026-W13", datetime(2026, 3, 30, 3, 59, tzinfo=UTC))


def test_interim_periods_run_from_monday_to_their_day():
    assert interim_period(date(2026, 12, 2)) == "2026-12-02"
    assert period_bounds("2026-12-02") == (date(2026, 11, 30), date(2026, 12, 2))
    assert period_bounds("2026-11-30") == (date(2026, 11, 30), date(2026, 11, 30))
    assert due_at("2026-12-02") == datetime(2026, 12, 1, 23, 0, tzinfo=UTC)


def test_a_submission_is_stored_under_the_local_day(client, session):
    """The resident journey stores the day in Esslingen (differs from the UTC day between
    midnight and 01:00 or 02:00 local time)."""
    from participation.surveys.models import Response
    from tests.answering.test_journey import answer_everything
    from tests.factories import demo_questionnaire

    questionnaire = demo_questionnaire(session, "kohlberg")
    answer_everything(client, questionnaire, quartiere(session, "kohlberg")[0])
    assert client.post(f"/de/umfrage/{questionnaire.id}/pruefen").status_code == 302
    assert session.scalar(select(Response.submitted_on)) == local_today()
    week = session.scalar(select(DigestRun.period))
    assert week == period_of(local_today())
