"""Every organiser page in a real browser: a crawler logs in, follows every link under
/verwaltung/ breadth first and runs axe on each page; then the organiser forms with invalid
input, each error page checked the same way."""

import re
import time
from collections import deque
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urldefrag, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import func, select, text

from participation import db
from participation.digests import jobs
from participation.digests.schedule import period_of
from participation.events import services as event_services
from participation.events.models import SignUp
from participation.i18n import PAGE_LANGUAGES, RTL_LOCALES
from participation.surveys.models import Questionnaire
from tests.browser.conftest import assert_accessible
from tests.builder.test_builder import remove_questionnaires_after
from tests.events.factories import make_event, person
from tests.factories import add_response, make_questionnaire, municipality, quartiere

# The pages are the same HTML on either database: to keep the crawl's time in bounds it runs
# on SQLite only (the database tests of these pages run on both).
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

ADMIN = ("landkreis@demo.example", "demo-landkreis")
AICHTAL = ("organisation@aichtal.demo.example", "demo-aichtal")
DOWNLOADS = (".csv", ".xlsx", ".json", ".lss", ".ics", ".pdf", ".po", ".png", ".svg", ".zip",
             ".txt")


@pytest.fixture
def organiser_data(live_app):
    """Aichtal: an open questionnaire with answers, a draft, an event with sign-ups (one to
    call back) and a Quartiersbericht in the outbox; removed afterwards (events, answers and
    e-mails by the suite's own clean-up)."""
    with live_app.app_context():
        session = db.session()
        baseline = session.scalar(select(func.max(Questionnaire.id))) or 0
        open_one = make_questionnaire(session, "aichtal", status="open")
        centre = quartiere(session, "aichtal")[0]
        for index in range(12):
            add_response(session, open_one, centre, {
                "choice": "abc"[index % 3], "rating": str(1 + index % 5),
                "free": "Eine Bank am See" if index < 4 else None},
                channel="online" if index < 9 else "paper")
        draft = make_questionnaire(session, "aichtal", status="draft")
        ids = {"open": open_one.id, "draft": draft.id,
               "question": draft.questions[0].id}
        db.commit()
        event = make_event(session, capacity=3, held_back=1)
        signups = [event_services.sign_up(session, event.id, who, channel="online",
                                          submission_key=f"axe{n}", secret="s").signup_id
                   for n, who in enumerate((person("Rolf Rad", needs=["wheelchair"]),
                                            person("Paul Paar"), person("Wanda Warte")))]
        session.get(SignUp, signups[-1]).to_call = True  # as if moved up from the waiting list
        db.commit()
        ids["event"] = event.id
        aichtal = municipality(session, "aichtal").id
        db.commit()
        jobs.deliver_digest(aichtal, period_of(datetime.now(UTC).date()), force=True)
    yield ids
    with live_app.app_context():
        session = db.session()
        for table in ("releases", "free_text_views"):  # the digest's, before the suite's clean-up
            session.execute(text(f"DELETE FROM {table} WHERE questionnaire_id > :baseline"),
                            {"baseline": baseline})
        remove_questionnaires_after(session, baseline)
        db.commit()


def log_in(page, base: str, lang: str, account: tuple[str, str]) -> None:
    page.goto(f"{base}/{lang}/verwaltung/anmelden")
    page.fill("#email", account[0])
    page.fill("#password", account[1])
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/verwaltung/")


def pattern_of(url: str) -> str:
    """The path with every run of digits as N and, after /verwaltung/, a page language as L
    (left to right) or R (right to left); then the names (not values) of the query."""
    parts = urlsplit(url)
    head, _, tail = parts.path.partition("/verwaltung/")
    tail = "/".join("R" if segment in RTL_LOCALES else "L" if segment in PAGE_LANGUAGES
                    else segment for segment in tail.split("/"))
    names = sorted({name for name, _value in parse_qsl(parts.query, keep_blank_values=True)})
    return (re.sub(r"\d+", "N", f"{head}/verwaltung/{tail}")
            + ("?" + "&".join(names) if names else ""))


def crawl(page, base: str, lang: str, cap: int,
          per_pattern_cap: int) -> tuple[list[str], list[str], list[str]]:
    """Breadth first from the dashboard through every link under /{lang}/verwaltung/ (GET
    only: every change here is a form), at most `per_pattern_cap` pages of one pattern and
    `cap` pages in all. Returns (patterns, pages visited, problems found)."""
    prefix = f"/{lang}/verwaltung/"
    start = f"{base}{prefix}"
    queue, seen = deque([start]), {start}
    per_pattern: dict[str, int] = {}
    visited: list[str] = []
    problems: list[str] = []
    while queue and len(visited) < cap:
        url = queue.popleft()
        pattern = pattern_of(url)
        if per_pattern.get(pattern, 0) >= per_pattern_cap:
            continue
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a download that has no telling suffix
            problems.append(f"{url}: {error.message.splitlines()[0]}")
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        per_pattern[pattern] = per_pattern.get(pattern, 0) + 1
        visited.append(url)
        if response.status != 200:
            problems.append(f"{url}: HTTP {response.status}")
            continue
        try:
            assert_accessible(page, pattern)
        except AssertionError as error:
            problems.append(str(error))
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            link = urldefrag(href).url
            path = urlsplit(link).path
            if (not link.startswith(base + prefix) or link in seen
                    or path.lower().endswith(DOWNLOADS) or path.endswith("/abmelden")):
                continue
            seen.add(link)
            if per_pattern.get(pattern_of(link), 0) < per_pattern_cap:
                queue.append(link)
    return sorted(per_pattern), visited, problems


# The district admin sees every page an organiser can reach (one of each pattern, in German
# and in Arabic); the municipal organiser once more each, as pages differ by role.
@pytest.mark.parametrize(("account", "lang", "cap", "per_pattern_cap", "least"), [
    (ADMIN, "de", 120, 1, 40), (AICHTAL, "de", 80, 1, 35), (ADMIN, "ar", 80, 1, 40)],
    ids=["district-de", "aichtal-de", "district-ar"])
def test_every_organiser_page_is_accessible(live_server, new_page, organiser_data, account,
                                            lang, cap, per_pattern_cap, least):
    started = time.monotonic()
    page = new_page("tablet")
    log_in(page, live_server.url, lang, account)
    patterns, visited, problems = crawl(page, live_server.url, lang, cap, per_pattern_cap)
    listing = "\n".join(patterns)
    print(f"\n{account[0]}, {lang}: {len(visited)} pages, {len(patterns)} patterns in "
          f"{time.monotonic() - started:.0f} s:\n{listing}")
    assert len(patterns) >= least, f"only {len(patterns)} patterns reached:\n{listing}"
    assert problems == [], "\n\n".join(problems) + f"\n\npatterns visited:\n{listing}"


# (label, path under /verwaltung/ with {open}, {draft}, {question}, {event}, steps, the field
# an error marks or None): a step fills ("fill", selector, text), ticks ("check", selector),
# presses Enter in a field ("enter", selector) or clicks a button ("click", selector).
SUBMIT = "main form[method=post] button[type=submit]:not(.visually-hidden)"
ERROR_STATES = [
    ("new questionnaire, empty title", "fragebogen/neu",
     [("check", "input[name=start][value=leer]"), ("click", SUBMIT)], "#title"),
    ("settings, impossible date", "fragebogen/{draft}",
     [("fill", "#opens_on", "31.02.2027"), ("enter", "#opens_on")], "#opens_on"),
    ("question editor, empty text", "fragebogen/{draft}/fragen/{question}",
     [("fill", "#text", ""), ("enter", "#text")], "#text"),
    ("new question, nothing filled in", "fragebogen/{draft}/fragen/neu?art=single_choice",
     [("click", "main form[method=post] .actions button[type=submit]")], "#text"),
    ("import without a file", "import", [("click", SUBMIT)], "#document"),
    ("new event, nothing filled in", "veranstaltungen/neu", [("click", SUBMIT)], "#title"),
    ("event, sign-up by the organiser without a name", "veranstaltungen/{event}/anmelden",
     [("click", SUBMIT)], "#name"),
    ("event, repeat zero times", "veranstaltungen/{event}/wiederholen",
     [("fill", "#count", "0"), ("enter", "#count")], "#count"),
    ("paper entry, no sheet number", "papier/{open}/erfassen",
     [("click", "main form.paper-entry button[type=submit]")], "#sheet"),
    ("paper print, no first number", "papier/{open}/druck",
     [("fill", "#von", "eins"), ("enter", "#von")], "#von"),
]


def show_error_state(page, steps) -> None:
    for action, selector, *value in steps:
        if action == "fill":
            page.fill(selector, value[0])
        elif action == "check":
            page.check(selector)
        else:
            with page.expect_navigation():
                if action == "enter":
                    page.press(selector, "Enter")
                else:
                    page.click(selector)
    page.wait_for_load_state("load")


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_organiser_error_states_are_accessible(live_server, new_page, organiser_data, lang):
    page = new_page("tablet")
    page.goto(f"{live_server.url}/{lang}/verwaltung/anmelden")
    page.fill("#email", AICHTAL[0])
    page.fill("#password", "falsch")
    show_error_state(page, [("enter", "#password")])
    assert page.locator("#error-summary").is_visible(), "login, wrong password"
    assert_accessible(page, "login, wrong password")
    log_in(page, live_server.url, lang, AICHTAL)
    problems = []
    for label, path, steps, invalid in ERROR_STATES:
        page.goto(f"{live_server.url}/{lang}/verwaltung/{path.format(**organiser_data)}")
        try:
            show_error_state(page, steps)
            assert page.locator("#error-summary").is_visible(), "no error summary"
            if invalid:
                assert page.get_attribute(invalid, "aria-invalid") == "true", \
                    f"{invalid} not marked invalid"
            assert_accessible(page, label)
        except (AssertionError, PlaywrightError) as error:
            problems.append(f"{label} ({page.url}): {error}")
    assert problems == [], "\n\n".join(problems)
