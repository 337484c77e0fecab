"""The answer option rows of the question editor in a real browser: axe finds nothing with
the rows, with a wrong key, and after "Weitere Antwortfelder"; all of it by keyboard."""

import pytest
from sqlalchemy import select

from participation import db
from participation.surveys.models import Question
from tests.browser.conftest import assert_accessible
from tests.browser.test_builder_pages import log_in, questionnaire_id  # noqa: F401 (fixture)

# The pages are the same HTML on either database; both are tested below the browser.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _tab_to(page, selector: str) -> None:
    for _ in range(150):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def _type_into(page, selector: str, text: str) -> None:
    _tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    if text:
        page.keyboard.type(text)


def test_option_rows_by_keyboard_with_an_error_and_more_rows(live_server, live_app, new_page,
                                                             questionnaire_id):  # noqa: F811
    page = new_page("tablet")
    log_in(page, live_server.url, "de")
    page.goto(f"{live_server.url}/de/verwaltung/fragebogen/{questionnaire_id}/fragen/neu"
              "?art=single_choice")
    assert page.locator("fieldset#options > ol > li > fieldset > legend").all_inner_texts() == [
        "Antwort 1", "Antwort 2", "Antwort 3"]
    assert_accessible(page, "editor with option rows")

    _type_into(page, "#text", "Wie oft gehen Sie einkaufen?")
    _type_into(page, "#option-1-label", "Täglich")
    _type_into(page, "#option-2-label", "Einmal pro Woche")
    _type_into(page, "#option-2-key", "Woche!")
    _type_into(page, "#option-3-label", "Seltener")
    _tab_to(page, "input[name=field_of_action]")
    page.keyboard.press("Space")  # the first field of action
    _tab_to(page, "#option-3-label")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a field saves, and finds the wrong key
    page.wait_for_function("() => document.activeElement && document.activeElement.id === "
                           "'error-summary'", timeout=3000)
    assert page.locator("#option-2-key").get_attribute("aria-invalid") == "true"
    assert "kein gültiger Schlüssel" in page.locator("#option-2-key-error").inner_text()
    assert page.input_value("#option-3-label") == "Seltener"
    assert_accessible(page, "option rows with an error")
    page.keyboard.press("Tab")  # the summary's link leads to the field
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#option-2-key"

    _tab_to(page, "button[name=schritt][value=antwortfelder]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    assert page.evaluate("document.activeElement.id") == "option-4-label"
    assert page.locator("#option-6-label").count() == 1
    assert page.locator(".error-summary").count() == 0
    assert page.input_value("#option-2-key") == "Woche!"  # kept, not yet checked
    assert_accessible(page, "option rows after more fields")
    page.keyboard.type("Nie")
    _type_into(page, "#option-2-key", "")
    _tab_to(page, "#text")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Die Frage wurde gespeichert." in page.locator("main").inner_text()
    with live_app.app_context():
        question = db.session().scalar(select(Question).where(
            Question.questionnaire_id == questionnaire_id).order_by(Question.id.desc()))
        assert [o.key for o in question.options] == [
            "taeglich", "einmal_pro_woche", "seltener", "nie"]
        question_id = question.id
        db.rollback()
    page.goto(f"{live_server.url}/de/verwaltung/fragebogen/{questionnaire_id}/fragen/"
              f"{question_id}")
    assert page.input_value("#option-2-key") == "einmal_pro_woche"  # the key formed is shown


@pytest.mark.parametrize("viewport", ["phone", "portrait"])
def test_option_rows_reflow(live_server, new_page, questionnaire_id, viewport):  # noqa: F811
    page = new_page(viewport)
    log_in(page, live_server.url, "ar" if viewport == "phone" else "de")
    lang = "ar" if viewport == "phone" else "de"
    page.goto(f"{live_server.url}/{lang}/verwaltung/fragebogen/{questionnaire_id}/fragen/neu"
              "?art=multiple_choice")
    assert page.locator("#option-3-key").count() == 1
    assert_accessible(page, f"option rows ({viewport}, {lang})")
