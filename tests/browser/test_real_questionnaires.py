"""Four questionnaires municipalities and researchers have used (tests/fixtures/questionnaires),
answered by touch on a tablet, sent, counted in the results and printed.

A resident taps labels and types on the on-screen keyboard; every page is checked by axe.
The answers follow a rule (the k-th radio group on a page takes its k-th own answer), so the
stored rows and the WHO-5 index can be worked out here independently.
"""

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from participation.surveys.models import Answer, Question, Response
from tests.browser.conftest import assert_accessible
from tests.factories import make_questionnaire, quartiere
from tests.paper.printing import printed as record_printed

FIXTURES = Path(__file__).parents[1] / "fixtures" / "questionnaires"
CODES = ("dont_know", "prefer_not", "other")
ADMIN = ("landkreis@demo.example", "demo-landkreis")
WEITER = "main form button[type=submit]:not([value=later])"


def load(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def tap_and_wait(page, selector: str) -> None:
    with page.expect_navigation():
        page.tap(selector)


def _tap_type(page, selector: str, text: str) -> None:
    page.tap(selector)
    page.keyboard.type(text)


def answer_page(page, prefer: set[str]) -> None:
    """Answer every field on the page by touch: radios by the rule (or a preferred answer),
    the first box of each checkbox group, numbers and texts typed in."""
    radios = page.eval_on_selector_all(
        "main input[type=radio]", "els => els.map(e => [e.name, e.id, e.value])")
    groups: dict[str, list] = {}
    for name, element_id, value in radios:
        groups.setdefault(name, []).append((element_id, value))
    for index, choices in enumerate(groups.values()):
        own = [choice for choice in choices if choice[1] not in CODES]
        picked = next((c for c in own if c[1] in prefer), own[index % len(own)])
        page.tap(f"label[for='{picked[0]}']")
    boxes = page.eval_on_selector_all(
        "main input[type=checkbox]", "els => els.map(e => [e.name, e.id, e.value])")
    ticked = set()
    for name, element_id, value in boxes:
        if name not in ticked and not name.endswith("_code") and value not in CODES:
            page.tap(f"label[for='{element_id}']")
            ticked.add(name)
    if page.locator("main select").count():
        page.select_option("main select", "3")  # the month of a month-and-year answer
    numbers = page.eval_on_selector_all(
        "main input[inputmode=numeric]",
        "els => els.map(e => [e.id, (document.getElementById(e.getAttribute('aria-describedby')"
        " || '') || {}).textContent || '', !!e.closest('.question-group')])")
    first_in_group = True
    for element_id, hint, grouped in numbers:
        if re.search(r"19\d\d", hint):  # a year of birth, "zum Beispiel 1948"
            value = "1948"
        elif "78" in hint:
            value = "78"
        elif page.locator("main select").count():
            value = "2010"
        elif grouped:
            value, first_in_group = ("1" if first_in_group else "0"), False
        else:
            value = "1"
        _tap_type(page, f"#{element_id}", value)
    for element_id in page.eval_on_selector_all(
            "main textarea, main input[type=text]:not([inputmode=numeric])",
            "els => els.filter(e => !e.value).map(e => e.id)"):
        _tap_type(page, f"#{element_id}", "Mehr Sitzbänke")


def answer_all_by_touch(page, base: str, prefer: set[str], label: str) -> int:
    """From the Quartier page to the confirmation; returns the number of question pages."""
    page.goto(f"{base}/quartier")
    page.tap("label[for=answer-1]")
    tap_and_wait(page, WEITER)
    pages = 0
    while "/frage/" in page.url:
        pages += 1
        assert pages < 60, page.url
        answer_page(page, prefer)
        assert_accessible(page, f"{label}: {page.url}")
        tap_and_wait(page, WEITER)
        assert page.locator(".error-summary").count() == 0, page.locator("main").inner_text()
    assert page.url.endswith("/pruefen")
    assert_accessible(page, f"{label}: check page")
    tap_and_wait(page, "#submit")
    assert page.url.endswith("/danke")
    return pages


def stored(session, questionnaire_id: int) -> dict[str, set]:
    session.expire_all()
    rows = session.execute(
        select(Question.key, Answer.option_key, Answer.number_value, Answer.text_value)
        .join(Answer, Answer.question_id == Question.id)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.questionnaire_id == questionnaire_id)).all()
    found: dict[str, set] = {}
    for key, option, number, text in rows:
        found.setdefault(key, set()).add((option, number, text))
    return found


def log_in(page, base: str) -> None:
    page.goto(f"{base}/verwaltung/anmelden")
    page.fill("#email", ADMIN[0])
    page.fill("#password", ADMIN[1])
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/verwaltung/")


CASES = {
    # name: (preferred answers, the number of question pages, expectations on stored rows)
    "who5": (set(), 1),
    "wohnumfeld_checkliste": (set(), None),
    "base_haushalt": ({"nein"}, 2),
    "burscheid_hilgen": (set(), None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_real_questionnaire_is_answered_by_touch_counted_and_printed(
        live_server, session, new_page, name):
    prefer, page_count = CASES[name]
    questionnaire = make_questionnaire(session, "kohlberg", load(name), status="open")
    questionnaire_id, first_quartier = questionnaire.id, quartiere(session, "kohlberg")[0].id
    session.commit()
    record_printed(session, questionnaire, 1, 1)  # only recorded numbers print
    page = new_page("tablet")
    pages = answer_all_by_touch(page, f"{live_server.url}/de/umfrage/{questionnaire_id}",
                                prefer, name)
    if page_count is not None:
        assert pages == page_count
    answers = stored(session, questionnaire_id)
    session.rollback()
    assert answers, name
    if name == "who5":
        # the k-th statement took the k-th answer: 5, 4, 3, 2, 1 points; index = 15 × 4
        rows = [question for question in load(name)["questions"]
                if question.get("settings", {}).get("group")]
        assert [answers[row["key"]] for row in rows] == [
            {(str(points), float(points), None)} for points in (5, 4, 3, 2, 1)]
        score = next(q["key"] for q in load(name)["questions"] if q["kind"] == "score")
        assert answers[score] == {(None, 60.0, None)}
    if name == "base_haushalt":
        assert answers["base_alleine"] == {("nein", None, None)}
        assert answers["base_partner"] == {(None, 1.0, None)}
        assert answers["base_sonstige"] == {(None, 0.0, None)}
    if name == "burscheid_hilgen":
        assert answers["alter"] == {(None, 78.0, None)}
        assert answers["wohnt_seit"] == {(None, None, "2010-03")}
        assert "haushalt_unter18" not in answers  # one person: the age groups were not asked

    organiser = new_page("tablet")
    base = f"{live_server.url}/de"
    log_in(organiser, base)
    organiser.goto(f"{base}/verwaltung/ergebnisse/{questionnaire_id}")
    shown = organiser.locator("main").inner_text()
    for question in load(name)["questions"]:
        if question["kind"] not in ("section", "number_group"):
            assert question["text"]["de"].split("\n")[0][:40] in shown, question["key"]
    assert_accessible(organiser, f"{name}: results")
    organiser.goto(f"{base}/verwaltung/papier/{questionnaire_id}/druck?von=1&bis=1")
    printed = organiser.locator("article.paper-copy")
    assert printed.count() == 1
    text = printed.inner_text()
    for question in load(name)["questions"]:
        if question["kind"] != "score":
            assert question["text"]["de"].split("\n")[0][:40] in text, question["key"]
    assert_accessible(organiser, f"{name}: printed copy")
    assert first_quartier
