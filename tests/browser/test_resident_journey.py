"""A resident answers the whole questionnaire in a real browser; axe checks every page."""

import pytest
from sqlalchemy import func, select

from participation.i18n import html_lang
from participation.surveys.models import Response
from tests.browser.conftest import assert_accessible
from tests.factories import demo_questionnaire, interface_text

GERMAN = {"start": "Jetzt beginnen", "next": "Weiter", "send": "Antworten absenden",
          "error_title": "Fehler:", "thanks": "Vielen Dank! Ihre Antworten sind gespeichert."}


def interface_texts(app, lang: str) -> dict[str, str]:
    """The button and title texts in `lang`, taken from the catalogs."""
    from flask_babel import gettext

    from participation.i18n import in_locale

    with app.app_context(), in_locale(lang):
        return {key: gettext(text) for key, text in GERMAN.items()}


def assert_error_summary_focused(page):
    """Autofocus runs when the page is first rendered; give it that moment."""
    page.wait_for_function("document.activeElement && document.activeElement.id === "
                           "'error-summary'", timeout=3000)


def _click_button(page, label):
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()


def answer_current_question(page) -> None:
    radios = page.locator("input[type=radio][name=answer]")
    boxes = page.locator("input[type=checkbox][name=answer]")
    if radios.count():
        page.locator(f"label[for={radios.nth(radios.count() - 2).get_attribute('id')}]").click()
    elif boxes.count():
        boxes.nth(0).check()
        boxes.nth(2).check()
    elif page.locator("textarea#answer").count():
        page.fill("textarea#answer", "Mehr Sitzbänke <b>bitte</b>")
    else:
        page.fill("input#answer", "2")


@pytest.mark.parametrize(("lang", "viewport"), [
    ("de", "tablet"), ("de", "portrait"), ("de", "phone"), ("ar", "tablet"), ("ar", "phone"),
    ("tr", "tablet"), ("uk", "portrait"), ("de-x-ls", "phone")])
def test_resident_journey_is_accessible(live_server, live_app, session, new_page, viewport,
                                        lang):
    texts = interface_texts(live_app, lang)
    if lang == "de-x-ls":  # its own catalog is really used (it keeps "Weiter" as it is)
        assert interface_text(live_app, lang, "(optional)") == "(freiwillig)"
    elif lang != "de":
        assert texts["next"] != GERMAN["next"]
    page = new_page(viewport)
    page.goto(f"{live_server.url}/{lang}/")
    assert page.get_attribute("html", "lang") == html_lang(lang)  # Leichte Sprache is "de"
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    assert_accessible(page, "start")
    # the header's language link: every language, then back to this page
    page.locator(".language-link a").click()
    assert "/sprache" in page.url
    assert_accessible(page, "language choice")
    page.locator(f'.language-list a[href="/{lang}/"]').click()
    assert page.url == f"{live_server.url}/{lang}/"

    page.get_by_role("link", name="Aichtal").click()
    assert_accessible(page, "municipality")
    page.locator("main .link-list a").first.click()
    assert_accessible(page, "questionnaire start")
    page.get_by_role("link", name=texts["start"]).click()

    # the Quartier page: an empty submit gives an error state with focus on the summary
    _click_button(page, texts["next"])
    assert page.title().startswith(texts["error_title"])
    assert_error_summary_focused(page)
    assert_accessible(page, "quartier error")
    page.locator("label[for=answer-2]").click()
    _click_button(page, texts["next"])

    questionnaire = demo_questionnaire(session)
    total = len(questionnaire.questions)
    session.rollback()
    for position in range(1, total + 1):
        assert f"/frage/{position}" in page.url
        if position == 3:  # a wrong number first: the message, then the fix
            page.fill("input#answer", "viele")
            _click_button(page, texts["next"])
            assert_error_summary_focused(page)
            assert page.input_value("input#answer") == "viele"
            assert_accessible(page, "number error")
        assert_accessible(page, f"question {position}")
        answer_current_question(page)
        _click_button(page, texts["next"])

    assert "/pruefen" in page.url
    assert_accessible(page, "check answers")
    # change one answer through its "Ändern" link and come back
    page.locator("#row-5 .change a").click()
    page.locator("label[for=answer-1]").click()
    _click_button(page, texts["next"])
    assert "/pruefen" in page.url
    _click_button(page, texts["send"])
    assert "/danke" in page.url
    assert texts["thanks"] in page.locator("h1").inner_text()
    assert_accessible(page, "confirmation")
    assert session.scalar(select(func.count()).select_from(Response)) == 1
    session.rollback()


def test_back_link_and_keyboard_only_answering(live_server, session, new_page):
    page = new_page("tablet")
    questionnaire_id = demo_questionnaire(session).id
    session.rollback()  # SQLite: an open read transaction would hold the write lock
    page.goto(f"{live_server.url}/de/umfrage/{questionnaire_id}/quartier")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.focus("#answer-1")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # a radio group is one tab stop: next is "Weiter"
    assert page.evaluate("document.activeElement.textContent.trim()") == "Weiter"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/frage/1")
    page.get_by_role("link", name="Zurück").click()
    assert page.url.endswith("/quartier")
    assert page.is_checked("#answer-1")


@pytest.mark.parametrize("viewport", ["tablet", "phone"])
def test_senior_profile_sizes(live_server, session, new_page, viewport):
    """22 px text, answer rows and buttons at least 64 px high with 16 px gaps, a visible
    focus ring of at least 3 px."""
    questionnaire_id = demo_questionnaire(session).id
    session.rollback()
    page = new_page(viewport)
    page.goto(f"{live_server.url}/de/umfrage/{questionnaire_id}/frage/5")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 22
    rows = page.locator(".choice")
    boxes = [rows.nth(i).bounding_box() for i in range(rows.count())]
    assert len(boxes) == 5
    for upper, lower in zip(boxes, boxes[1:], strict=False):
        assert upper["height"] >= 64
        assert lower["y"] - (upper["y"] + upper["height"]) >= 16
    button = page.get_by_role("button", name="Weiter", exact=True).bounding_box()
    assert button["height"] >= 64
    radio = page.locator("#answer-1").bounding_box()
    assert radio["width"] >= 40 and radio["height"] >= 40
    page.focus("#answer-1")
    page.keyboard.press("ArrowDown")  # keyboard focus, so :focus-visible applies
    outline = page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
    assert outline >= 3


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_continue_later_in_a_fresh_browser(live_server, live_app, session, new_page, lang):
    """Pause with "Später weitermachen", resume by code in another browser context."""
    from flask_babel import gettext

    from participation.i18n import in_locale

    with live_app.app_context(), in_locale(lang):
        later_label, resume_label = gettext("Später weitermachen"), gettext("Weitermachen")
    questionnaire_id = demo_questionnaire(session).id
    session.rollback()
    page = new_page("phone")
    page.goto(f"{live_server.url}/{lang}/umfrage/{questionnaire_id}/quartier")
    page.locator("label[for=answer-1]").click()
    page.locator("main form button").first.click()
    page.locator("label[for=answer-4]").click()
    page.locator("main form").first.get_by_role("button", name=later_label, exact=True).click()
    page.wait_for_url("**/spaeter")
    code = page.locator(".resume-code").inner_text().replace(" ", "")
    assert len(code) == 10
    assert_accessible(page, "later")

    other = new_page("tablet")
    other.goto(f"{live_server.url}/{lang}/weitermachen")
    assert_accessible(other, "resume")
    other.fill("#code", "AAAAA AAAAA")
    other.get_by_role("button", name=resume_label, exact=True).click()
    other.wait_for_load_state()
    assert_error_summary_focused(other)
    assert_accessible(other, "resume error")
    other.fill("#code", code.lower())
    other.get_by_role("button", name=resume_label, exact=True).click()
    other.wait_for_url("**/frage/2")
    other.goto(f"{live_server.url}/{lang}/umfrage/{questionnaire_id}/frage/1")
    assert other.is_checked("#answer-4")


def test_the_qr_link_resumes_in_a_fresh_browser_without_leaving_its_secret(live_server,
                                                                            live_app, session,
                                                                            new_page):
    """The link after "#" is posted by resume.js; the address bar keeps no secret."""
    questionnaire_id = demo_questionnaire(session).id
    session.rollback()
    page = new_page("tablet")
    page.goto(f"{live_server.url}/de/umfrage/{questionnaire_id}/quartier")
    page.locator("label[for=answer-1]").click()
    page.locator("main form button").first.click()
    page.locator("label[for=answer-3]").click()
    page.locator("main form").first.get_by_role("button", name="Später weitermachen",
                                                exact=True).click()
    page.wait_for_url("**/spaeter")
    link = page.locator("main a[href*='/weitermachen#']").get_attribute("href")
    secret = link.split("#", 1)[1]
    phone = new_page("phone")
    phone.goto(link.replace("http://127.0.0.1", live_server.url))
    phone.wait_for_url("**/frage/2")
    assert secret not in phone.url
    phone.goto(f"{live_server.url}/de/umfrage/{questionnaire_id}/frage/1")
    assert phone.is_checked("#answer-3")

