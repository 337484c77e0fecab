"""Many residents submitting at once, against a real threaded server with CSRF on.

Runs on SQLite and PostgreSQL (the parametrized `app` fixture). Complete drafts are arranged
with the app's own services, exactly as the answering pages save them; each simulated
resident then has its own cookie jar holding its draft token, fetches the check page for its
CSRF token like a browser, and all final POSTs are released together by a barrier. Nothing is
mocked: the requests go over TCP to werkzeug's threaded server and the app's real database.
"""

import http.client
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from sqlalchemy import distinct, func, select

from participation import codes, db
from participation.answering import services
from participation.surveys.content import questionnaire_view
from participation.surveys.models import CHANNEL_ONLINE, Answer, Draft, Response
from tests.factories import demo_questionnaire, parsed_answers, quartiere

RESIDENTS = 200
SAME_SUBMISSION_POSTS = 50
PREPARATION_THREADS = 20
# Longer than the app's own waits (SQLite busy timeout, PostgreSQL pool timeout: 30 s), so a
# struggling server answers with its error page instead of the client giving up first.
TIMEOUT = 45
ANSWER_ROWS_PER_RESPONSE = 12  # 11 questions, one of them multiple choice with two keys
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Reply:
    status: int  # 0: no HTTP answer at all (connection refused/reset, timeout)
    location: str = ""
    body: str = ""
    problem: str = ""


class Resident:
    """One browser: its own cookie jar, a fresh connection per request, no redirects."""

    def __init__(self, server_url: str, cookies: dict[str, str] | None = None):
        parts = urlsplit(server_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = dict(cookies or {})

    def request(self, method: str, path: str, form: dict | None = None) -> Reply:
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return Reply(response.status, response.getheader("Location") or "", text)
        except (OSError, http.client.HTTPException) as error:
            return Reply(0, problem=repr(error))
        finally:
            connection.close()


def _backend(database_url: str) -> str:
    return database_url.split(":", 1)[0]


def _complete_drafts(app, count: int) -> tuple[int, list[str]]:
    """`count` complete drafts (Quartier and every question), committed; their tokens."""
    with app.test_request_context("/de/", method="POST"):
        session = db.session()
        questionnaire = demo_questionnaire(session, "aichtal")
        view = questionnaire_view(questionnaire, "de")
        quartier_ids = [q.id for q in quartiere(session, "aichtal")]
        values = parsed_answers(view)
        assert all(values.get(q.key) is not None for q in view.questions if q.required)
        tokens = []
        for number in range(count):
            token = codes.new_token()
            draft = services.start_draft(session, token, view.id, "de", CHANNEL_ONLINE)
            services.save_quartier(session, draft, quartier_ids[number % len(quartier_ids)])
            for key, value in values.items():
                services.save_answer(session, draft, key, value, "de")
            tokens.append(token)
        db.commit()
        return view.id, tokens


def _resident_with_draft(live_app, server_url: str, questionnaire_id: int,
                         token: str) -> Resident:
    """A browser whose signed session cookie holds this draft token, as the app sets it."""
    serializer = live_app.session_interface.get_signing_serializer(live_app)
    cookie = serializer.dumps({"drafts": {str(questionnaire_id): token}})
    return Resident(server_url, {live_app.config["SESSION_COOKIE_NAME"]: cookie})


def _open_check_page(resident: Resident, check_path: str) -> str:
    """GET the check page like a browser; returns the form's CSRF token."""
    page = resident.request("GET", check_path)
    assert page.status == 200, (page.status, page.problem, page.body[:300])
    assert "Noch nicht beantwortet" not in page.body  # the draft was found and is complete
    match = CSRF_INPUT.search(page.body)
    assert match, page.body[:300]
    return match.group(1)


def _release_together(calls: list[Callable[[], Reply]]) -> tuple[list[Reply], float]:
    """Start every call at the same moment (one thread each); replies and wall time."""
    released = []
    barrier = threading.Barrier(len(calls), action=lambda: released.append(time.perf_counter()))

    def run(call):
        barrier.wait(timeout=TIMEOUT)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(run, call) for call in calls]
        replies = [future.result(timeout=2 * TIMEOUT) for future in futures]
    return replies, time.perf_counter() - released[0]


def _failures(replies: list[Reply], done_path: str) -> list[Reply]:
    return [r for r in replies
            if r.status != 302 or not r.location.endswith(done_path) or "Fehler" in r.body]


def _describe(replies: list[Reply], done_path: str) -> str:
    bad = _failures(replies, done_path)
    statuses = Counter(r.status for r in replies)
    samples = [(r.status, r.location, r.problem, r.body[:200]) for r in bad[:3]]
    return f"statuses {dict(statuses)}, {len(bad)} failed, e.g. {samples}"


def _stored(app, questionnaire_id: int) -> dict[str, int | set[str]]:
    with app.app_context():
        session = db.get_db().new_session(read_only=True)
        try:
            responses = select(Response).where(Response.questionnaire_id == questionnaire_id)
            return {
                "responses": session.scalar(
                    select(func.count()).select_from(responses.subquery())),
                "distinct_keys": session.scalar(
                    select(func.count(distinct(Response.submission_key)))
                    .where(Response.questionnaire_id == questionnaire_id)),
                "keys": set(session.scalars(
                    select(Response.submission_key)
                    .where(Response.questionnaire_id == questionnaire_id))),
                "answers": session.scalar(
                    select(func.count(Answer.id)).join(Response)
                    .where(Response.questionnaire_id == questionnaire_id)),
                "drafts": session.scalar(select(func.count()).select_from(Draft)),
            }
        finally:
            session.close()


def test_200_residents_submitting_at_once_are_all_stored_once(app, live_app, live_server,
                                                              database_url):
    started = time.perf_counter()
    questionnaire_id, tokens = _complete_drafts(app, RESIDENTS)
    base = f"/de/umfrage/{questionnaire_id}"
    residents = [_resident_with_draft(live_app, live_server.url, questionnaire_id, token)
                 for token in tokens]
    with ThreadPoolExecutor(max_workers=PREPARATION_THREADS) as pool:
        csrf_tokens = list(pool.map(lambda r: _open_check_page(r, f"{base}/pruefen"),
                                    residents, timeout=2 * TIMEOUT))
    prepared = time.perf_counter() - started

    replies, burst = _release_together([
        lambda r=resident, t=csrf: r.request("POST", f"{base}/pruefen", {"csrf_token": t})
        for resident, csrf in zip(residents, csrf_tokens, strict=True)
    ])

    stored = _stored(app, questionnaire_id)
    print(f"\n[{_backend(database_url)}] {RESIDENTS} final submits released together: "
          f"preparation {prepared:.2f} s, burst {burst:.2f} s, "
          f"{_describe(replies, f'{base}/danke')}, responses {stored['responses']}, "
          f"distinct keys {stored['distinct_keys']}, answers {stored['answers']}, "
          f"drafts left {stored['drafts']}")
    assert not _failures(replies, f"{base}/danke"), _describe(replies, f"{base}/danke")
    assert stored["responses"] == RESIDENTS
    assert stored["distinct_keys"] == RESIDENTS
    assert stored["keys"] == {codes.hash_token(token) for token in tokens}
    assert stored["answers"] == RESIDENTS * ANSWER_ROWS_PER_RESPONSE
    assert stored["drafts"] == 0


def test_50_parallel_posts_of_one_submission_store_one_response(app, live_app, live_server,
                                                                database_url):
    questionnaire_id, (token,) = _complete_drafts(app, 1)
    base = f"/de/umfrage/{questionnaire_id}"
    browser = _resident_with_draft(live_app, live_server.url, questionnaire_id, token)
    csrf = _open_check_page(browser, f"{base}/pruefen")
    # the same cookie and CSRF token, as from one browser tapping "Absenden" over and over
    tabs = [Resident(live_server.url, browser.cookies) for _ in range(SAME_SUBMISSION_POSTS)]

    replies, burst = _release_together([
        lambda tab=tab: tab.request("POST", f"{base}/pruefen", {"csrf_token": csrf})
        for tab in tabs
    ])

    stored = _stored(app, questionnaire_id)
    print(f"\n[{_backend(database_url)}] {SAME_SUBMISSION_POSTS} parallel POSTs of one "
          f"submission: burst {burst:.2f} s, {_describe(replies, f'{base}/danke')}, "
          f"responses {stored['responses']}, answers {stored['answers']}")
    assert not _failures(replies, f"{base}/danke"), _describe(replies, f"{base}/danke")
    assert stored["responses"] == 1
    assert stored["keys"] == {codes.hash_token(token)}
    assert stored["answers"] == ANSWER_ROWS_PER_RESPONSE
    assert stored["drafts"] == 0
    thanks = tabs[0].request("GET", f"{base}/danke")
    assert thanks.status == 200 and "Vielen Dank" in thanks.body
