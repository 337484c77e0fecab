"""The starter template in German, Arabic and Leichte Sprache, and a matrix by keyboard alone.

Every page of "Gut älter werden im Quartier" (sections, a matrix, an age question, exclusive
options, conditions) is answered in a real browser and checked by axe; the page speaks the
resident's language, not German. The WHO-5 grid is completed with Tab, arrow keys and Enter.
"""

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from participation.builder.services import TEMPLATE
from participation.surveys.models import Answer, Response
from tests.browser.conftest import assert_accessible
from tests.browser.test_every_kind import next_button, tab_to
from tests.browser.test_real_questionnaires import WEITER, answer_page, tap_and_wait
from tests.factories import interface_text, make_questionnaire

WHO5 = Path(__file__).parents[1] / "fixtures" / "questionnaires" / "who5.json"


@pytest.mark.parametrize("lang", ["de", "ar", "de-x-ls"])
def test_every_page_of_the_template_in_the_residents_language(live_server, session,
                                                              new_page, lang):
    questionnaire = make_questionnaire(session, "kohlberg", TEMPLATE, status="open")
    questionnaire_id = questionnaire.id
    session.commit()
    words = {lang: [], "de": []}
    for question in TEMPLATE["questions"]:
        words[lang].append(question["text"][lang])
    page = new_page("tablet")
    page.goto(f"{live_server.url}/{lang}/umfrage/{questionnaire_id}/quartier")
    page.tap("label[for=answer-1]")
    tap_and_wait(page, WEITER)
    headings = []
    while "/frage/" in page.url:
        assert len(headings) < 60
        headings.append(page.locator("main h1").first.inner_text())
        answer_page(page, set())
        assert_accessible(page, f"template {lang}: {page.url}")
        tap_and_wait(page, WEITER)
        assert page.locator(".error-summary").count() == 0, page.locator("main").inner_text()
    assert page.url.endswith("/pruefen")
    assert_accessible(page, f"template {lang}: check page")
    # the residents read the template's own words in their language on every page
    assert [h for h in headings if not any(h.startswith(w) for w in words[lang])] == []
    if lang == "ar":
        assert page.get_attribute("html", "dir") == "rtl"
    tap_and_wait(page, "#submit")
    assert page.url.endswith("/danke")
    session.expire_all()
    assert session.scalar(select(Response.locale).where(
        Response.questionnaire_id == questionnaire_id)) == lang
    session.rollback()


def test_a_whole_matrix_page_by_keyboard_alone(live_server, live_app, session, new_page):
    questionnaire = make_questionnaire(session, "kohlberg", json.loads(WHO5.read_text()),
                                       status="open")
    questionnaire_id = questionnaire.id
    session.commit()
    weiter = interface_text(live_app, "de", "Weiter")
    page = new_page("tablet")
    page.goto(f"{live_server.url}/de/umfrage/{questionnaire_id}/quartier")
    tab_to(page, "input[name=answer]")
    page.keyboard.press("Space")
    next_button(page, weiter)
    names = page.eval_on_selector_all(
        "main input[type=radio]", "els => [...new Set(els.map(e => e.name))]")
    assert len(names) == 5
    # one row left out: the error names it and moves the focus to the summary
    for index, name in enumerate(names[:4]):
        tab_to(page, f"input[name={name}]")
        page.keyboard.press("Space")
        for _ in range(index):
            page.keyboard.press("ArrowDown")
    next_button(page, weiter)
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    assert_accessible(page, "matrix with a missing row")
    for index, name in enumerate(names[:4]):  # the rows already answered are kept
        assert page.is_checked(f"input[name={name}][value='{5 - index}']")
    tab_to(page, f"input[name={names[4]}]")
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    next_button(page, weiter)
    assert page.url.endswith("/pruefen")
    tab_to(page, "#submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/danke")
    session.expire_all()
    numbers = sorted(session.scalars(
        select(Answer.number_value).join(Response).where(
            Response.questionnaire_id == questionnaire_id)))
    assert numbers == [1.0, 2.0, 3.0, 4.0, 5.0, 60.0]  # five rows and the WHO-5 index
    session.rollback()
