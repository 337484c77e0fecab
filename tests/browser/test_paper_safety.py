"""Paper safety nets in a real browser: printing records the range, every printed page of a
copy carries its sheet and page number (checked in Chromium's own PDF), keying in a number
never printed is refused, and the list, correction and deletion pages pass axe."""

import re

import pytest
from sqlalchemy import select

from participation.surveys.models import Response
from tests.browser.conftest import assert_accessible
from tests.browser.test_paper_pages import _log_in
from tests.factories import demo_questionnaire
from tests.paper.questionnaire_files import imported

# The pages are the same HTML on either database; both are tested below the browser.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF by its page objects (no PDF library in the environment)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_each_printed_page_carries_the_sheet_and_page_number(live_server, session, new_page):
    questionnaire_id = imported(session, "burscheid_hilgen").id  # long: several pages
    page = new_page("tablet")
    base = f"{live_server.url}/de"
    page.goto(f"{base}/verwaltung/anmelden")
    page.fill("#email", "organisation@kohlberg.demo.example")
    page.fill("#password", "demo-kohlberg")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/verwaltung/")
    page.goto(f"{base}/verwaltung/papier/{questionnaire_id}/druck?von=17&bis=18")
    copies = page.locator("article.paper-copy")
    assert copies.count() == 2
    pages_per_copy = copies.nth(0).locator(".paper-page").count()
    assert pages_per_copy > 1
    for index in range(pages_per_copy):
        head = copies.nth(0).locator(".paper-page-head").nth(index).inner_text()
        assert head == f"Bogen 17 · Seite {index + 1} von {pages_per_copy}"
    assert copies.nth(1).locator(".paper-page-head").nth(0).inner_text() == (
        f"Bogen 18 · Seite 1 von {pages_per_copy}")
    page.emulate_media(media="print")
    breaks = page.evaluate("[...document.querySelectorAll('.paper-page + .paper-page')]"
                           ".map(p => getComputedStyle(p).breakBefore)")
    assert breaks == ["page"] * (2 * (pages_per_copy - 1))  # each page of a copy anew
    pdf = page.pdf(format="A4")
    # every printed page is one of ours, so each starts with its header: no page of a copy
    # overflowed onto a page without "Bogen · Seite"
    assert _pdf_pages(pdf) == 2 * pages_per_copy


def test_printing_and_refusing_an_unprinted_sheet_are_accessible(live_server, session,
                                                                 new_page):
    questionnaire = demo_questionnaire(session, "aichtal")
    session.rollback()
    page = new_page("tablet")
    _log_in(page, live_server.url, "de")
    page.goto(f"{live_server.url}/de/verwaltung/papier/{questionnaire.id}/druck")
    assert page.input_value("#von") == "1"
    assert_accessible(page, "print form")
    page.fill("#bis", "20")
    page.locator("form.print-range button[type=submit]").click()
    page.wait_for_url("**/druck?von=1&bis=20")
    assert page.locator("article.paper-copy").count() == 20
    assert_accessible(page, "recorded copies")

    page.goto(f"{live_server.url}/de/verwaltung/papier/{questionnaire.id}/erfassen")
    assert "nächste noch nicht erfasste gedruckte Nummer ist 1" in page.inner_text("main")
    page.fill("#sheet", "21")
    page.locator("#quartier-1").check()
    page.locator("form.paper-entry button[type=submit]").click()
    page.wait_for_load_state()
    page.wait_for_function("document.activeElement && document.activeElement.id === "
                           "'error-summary'", timeout=3000)
    assert ("Bogen 21 wurde nie gedruckt. Gedruckt wurden die Nummern 1–20."
            in page.inner_text(".error-summary"))
    assert page.input_value("#sheet") == "21"
    assert_accessible(page, "entry refusing sheet 21")
    page.fill("#sheet", "20")
    page.locator("form.paper-entry button[type=submit]").click()
    page.wait_for_load_state()
    assert "Bogen 20 gespeichert" in page.locator(".paper-saved").inner_text()
    session.rollback()
    assert session.scalar(select(Response.sheet_number).where(
        Response.questionnaire_id == questionnaire.id)) == 20

    page.goto(f"{live_server.url}/de/verwaltung/papier/{questionnaire.id}/boegen")
    assert_accessible(page, "sheet list")
    page.locator("a[href$='/boegen/20/korrigieren']").click()
    page.wait_for_load_state()
    assert_accessible(page, "correction")
    page.locator("#quartier-2").check()
    page.locator("form.paper-entry button[type=submit]").click()
    page.wait_for_url("**/boegen")
    assert "Korrigiert: Quartier" in page.inner_text("main")
    assert_accessible(page, "sheet list with a change")
    page.locator("a[href$='/boegen/20/loeschen']").click()
    page.wait_for_load_state()
    assert_accessible(page, "delete confirmation")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/boegen")
    assert "Bogen 20 gelöscht." in page.inner_text("main")
