"""Paper entry, printable copies, links and posters in a real browser; axe finds nothing."""

import pytest
from sqlalchemy import select

from participation.surveys.models import Response
from tests.browser.conftest import assert_accessible
from tests.factories import demo_questionnaire, quartiere
from tests.paper.printing import printed


def _log_in(page, server_url: str, lang: str) -> None:
    page.goto(f"{server_url}/{lang}/verwaltung/anmelden")
    page.fill("#email", "organisation@aichtal.demo.example")
    page.fill("#password", "demo-aichtal")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/verwaltung/")


def _focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


@pytest.mark.parametrize("viewport", ["tablet", "phone"])
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_paper_and_distribution_pages_are_accessible(live_server, session, new_page, lang,
                                                     viewport):
    questionnaire = printed(session, demo_questionnaire(session, "aichtal"))
    aich = quartiere(session, "aichtal")[0].id
    session.rollback()
    page = new_page(viewport)
    _log_in(page, live_server.url, lang)
    page.locator(f"main a[href='/{lang}/verwaltung/papier']").click()
    page.wait_for_load_state()
    assert_accessible(page, "paper overview")

    entry = f"{live_server.url}/{lang}/verwaltung/papier/{questionnaire.id}/erfassen"
    page.goto(entry)
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'sheet'",
                           timeout=3000)  # autofocus: typing starts at the sheet number
    assert_accessible(page, "paper entry")
    first_field = page.evaluate(
        "document.querySelector('form.paper-entry').querySelector("
        "'input:not([type=hidden]), textarea, select, button').id")
    assert first_field == "sheet"

    page.fill(f"#q{questionnaire.questions[2].id}", "zwei")
    page.locator("form.paper-entry button[type=submit]").click()
    page.wait_for_load_state()
    page.wait_for_function("document.activeElement && document.activeElement.id === "
                           "'error-summary'", timeout=3000)
    assert page.input_value(f"#q{questionnaire.questions[2].id}") == "zwei"
    assert_accessible(page, "paper entry with errors")

    page.goto(f"{live_server.url}/{lang}/verwaltung/papier/{questionnaire.id}/druck?von=1&bis=2")
    assert page.locator("article.paper-copy").count() == 2
    assert_accessible(page, "printable copies")
    page.goto(f"{live_server.url}/{lang}/verwaltung/papier/{questionnaire.id}/druck?von=1&bis=999")
    assert_accessible(page, "printable copies, too many")

    page.goto(f"{live_server.url}/{lang}/verwaltung/verteilen/{questionnaire.id}")
    assert_accessible(page, "distribution")
    page.locator("main .link-list a").nth(3).click()  # the first Quartier's poster
    page.wait_for_load_state()
    assert page.locator(".poster-qr svg").count() == 1
    assert_accessible(page, "poster")

    page.goto(f"{live_server.url}/{lang}/q/{questionnaire.id}/{aich}")
    assert "/quartier/" in page.url
    assert_accessible(page, "start page of a Quartier")


def test_a_sheet_can_be_keyed_in_with_the_keyboard_only(live_server, session, new_page):
    questionnaire = printed(session, demo_questionnaire(session, "aichtal"))
    groetzingen = quartiere(session, "aichtal")[1].id
    session.rollback()
    page = new_page("tablet")
    _log_in(page, live_server.url, "de")
    page.goto(f"{live_server.url}/de/verwaltung/papier/{questionnaire.id}/erfassen")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'sheet'",
                           timeout=3000)
    page.keyboard.type("17")
    page.keyboard.press("Tab")
    assert _focused_id(page) == "quartier-1"
    page.keyboard.press("ArrowDown")  # the second Quartier: Grötzingen
    page.keyboard.press("Tab")
    assert _focused_id(page).startswith("sprache-")  # the chosen language stays ticked
    page.keyboard.press("Tab")
    assert _focused_id(page).startswith(f"q{questionnaire.questions[0].id}-")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert _focused_id(page) == "sheet"
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Bogen 17 gespeichert" in page.locator(".paper-saved").inner_text()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'sheet'",
                           timeout=3000)  # ready for the next sheet
    session.rollback()
    response = session.scalar(select(Response).where(Response.sheet_number == 17))
    assert (response.channel, response.quartier_id) == ("paper", groetzingen)
