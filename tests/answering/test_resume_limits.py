"""Guessing resume codes and flooding submissions are bounded, with Redis and without.

Reproduces issue 8: 5,700 guesses at 170–260 a second were never refused, and one client
stored 315 complete responses in 10 seconds."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from limits import parse_many
from sqlalchemy import func, select

from participation.answering.services import RESUME_ALPHABET, RESUME_CODE_LENGTH
from participation.config import settings_from_env
from participation.surveys.models import Draft, Response
from tests.answering.test_resume import code_on, pause_after_two_answers
from tests.conftest import make_test_app
from tests.factories import complete_answers, demo_questionnaire, quartiere

WRONG = "ACD2F 4GH7K"


@pytest.fixture(params=["memory", "redis"])
def limited(request, app, database_url, tmp_path, redis_url):
    storage = {} if request.param == "memory" else {"REDIS_URL": redis_url}
    return make_test_app(database_url, tmp_path, LIMITS_ENABLED=True,
                         RESUME_LIMIT_PER_ADDRESS="5/hour", RESUME_LIMIT_TOTAL="8/hour",
                         SUBMIT_LIMIT_PER_ADDRESS="3/minute", **storage)


def _from(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_the_default_limits_make_a_hit_among_10000_drafts_unlikely():
    """README arithmetic: every wrong code counts against the whole site, so within the
    retention time at most (windows × allowance) guesses are made, whatever the number
    of addresses; each hits one of 10,000 paused drafts with 10,000 / 28¹⁰."""
    settings = settings_from_env("/tmp/instance-for-arithmetic", {})
    retention = timedelta(hours=settings["DRAFT_RETENTION_HOURS"])
    guesses = min(limit.amount * (retention // timedelta(seconds=limit.get_expiry()) + 1)
                  for limit in parse_many(settings["RESUME_LIMIT_TOTAL"]))
    codes = len(RESUME_ALPHABET) ** RESUME_CODE_LENGTH
    assert guesses * 10_000 / codes < 1e-6


def test_guessing_is_refused_per_address_and_on_the_whole_site(limited, session):
    questionnaire = demo_questionnaire(session)
    owner = limited.test_client()
    code = "".join(code_on(pause_after_two_answers(owner, session, questionnaire)))
    guesser = _from(limited, "203.0.113.7")
    answers = [guesser.post("/de/weitermachen", data={"code": WRONG}).status_code
               for _ in range(7)]
    assert answers == [400] * 5 + [429] * 2
    # refused before the code is looked at: even the right code waits at this address
    right = guesser.post("/de/weitermachen", data={"code": code})
    assert right.status_code == 429 and "einige Minuten" in right.get_data(as_text=True)
    # a botnet of other addresses meets the site-wide allowance (8 wrong codes in total)
    statuses = [_from(limited, f"198.51.100.{n}").post(
        "/de/weitermachen", data={"code": WRONG}).status_code for n in range(6)]
    assert statuses == [400] * 3 + [429] * 3
    assert _from(limited, "192.0.2.1").post("/de/weitermachen",
                                            data={"code": code}).status_code == 429
    session.rollback()  # a fresh snapshot (SQLite)
    assert session.scalar(select(Draft.resume_code_hash)) is not None  # still unused


def test_the_link_still_works_when_typed_codes_are_blocked(limited, session):
    questionnaire = demo_questionnaire(session)
    page = pause_after_two_answers(limited.test_client(), session, questionnaire)
    secret = re.search(r"/weitermachen#([\w-]+)", page).group(1)
    for n in range(8):
        _from(limited, f"198.51.100.{n}").post("/de/weitermachen", data={"code": WRONG})
    phone = _from(limited, "192.0.2.44")
    assert phone.post("/de/weitermachen", data={"code": WRONG}).status_code == 429
    assert phone.post("/de/weitermachen", data={"link": secret}).status_code == 302


def test_two_processes_share_the_counters_in_redis(app, database_url, tmp_path, redis_url,
                                                   session):
    settings = dict(LIMITS_ENABLED=True, RESUME_LIMIT_PER_ADDRESS="4/hour",
                    RESUME_LIMIT_TOTAL="100/hour", REDIS_URL=redis_url)
    first = make_test_app(database_url, tmp_path, **settings)
    second = make_test_app(database_url, tmp_path, **settings)
    for worker in (first, second, first, second):
        assert _from(worker, "203.0.113.9").post("/de/weitermachen",
                                                 data={"code": WRONG}).status_code == 400
    assert _from(second, "203.0.113.9").post("/de/weitermachen",
                                             data={"code": WRONG}).status_code == 429


def _answer_everything(client, session, questionnaire) -> int:
    base = f"/de/umfrage/{questionnaire.id}"
    client.post(f"{base}/quartier", data={"answer": str(quartiere(session, "aichtal")[0].id)})
    for position, value in complete_answers().items():
        client.post(f"{base}/frage/{position}", data={"answer": value})
    return client.post(f"{base}/pruefen").status_code


def test_a_flood_of_submissions_from_one_address_is_refused_and_nothing_is_lost(limited,
                                                                                 session):
    questionnaire = demo_questionnaire(session)
    statuses = [_answer_everything(_from(limited, "203.0.113.50"), session, questionnaire)
                for _ in range(5)]
    assert statuses == [302] * 3 + [429] * 2
    session.rollback()  # a fresh snapshot (SQLite)
    assert session.scalar(select(func.count(Response.id))) == 3
    # the refused residents' answers wait in their drafts, and the page says so
    assert session.scalar(select(func.count(Draft.id))) == 2
    session.rollback()
    refused = _from(limited, "203.0.113.50")
    _answer_everything(refused, session, questionnaire)
    page = refused.post(f"/de/umfrage/{questionnaire.id}/pruefen").get_data(as_text=True)
    assert "Ihre Antworten sind gespeichert" in page
    # another address (another community centre) is not affected
    assert _answer_everything(_from(limited, "198.51.100.3"), session, questionnaire) == 302


def test_the_default_submission_limit_lets_a_community_centre_through():
    """Dozens an hour from one tablet pass; hundreds a minute from a script do not."""
    limits = parse_many(settings_from_env("/tmp/instance-for-arithmetic", {})[
        "SUBMIT_LIMIT_PER_ADDRESS"])
    per_minute = min(limit.amount for limit in limits if limit.get_expiry() == 60)
    per_hour = min(limit.amount for limit in limits if limit.get_expiry() == 3600)
    assert per_hour >= 60 and per_minute >= 5
    assert per_minute < 100 and per_hour < 600


def test_stale_drafts_are_purged_by_requests_without_a_worker(app, database_url, tmp_path,
                                                               session):
    questionnaire = demo_questionnaire(session)
    old = datetime.now(UTC) - timedelta(hours=app.config["DRAFT_RETENTION_HOURS"] + 1)
    session.add(Draft(token_hash="f" * 64, questionnaire_id=questionnaire.id, locale="de",
                      channel="online", answers={"x": "secret"}, updated_at=old))
    session.commit()
    embedded = make_test_app(database_url, tmp_path)  # no Redis, no worker
    response = embedded.test_client().get("/de/")
    response.close()  # the purge runs once the response is sent
    session.rollback()
    assert session.scalar(select(func.count(Draft.id))) == 0
