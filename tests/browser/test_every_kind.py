"""Every question kind in a real browser, by keyboard only and by touch, with pause and resume.

A tablet (1080×810): the resident answers all eight kinds (with "other", "prefer not to
say" and a conditional follow-up), triggers and fixes a validation error, goes back,
changes an answer from the check page, pauses with a code, resumes in a fresh browser
context and submits: once never touching the mouse (axe checks every page, in de and ar),
once with taps on the labels and buttons only.
"""

import pytest
from sqlalchemy import select

from participation.surveys.models import Response
from tests.browser.conftest import assert_accessible
from tests.factories import interface_text, make_questionnaire, quartiere

EVERY_KIND = {
    "languages": ["de"],
    "title": {"de": "Alles im Quartier"},
    "intro": {"de": "Eine kurze Befragung mit allen Fragearten."},
    "questions": [
        {"key": "walk", "kind": "yes_no", "field": "prevention",
         "text": {"de": "Gehen Sie täglich spazieren?"}},
        {"key": "where", "kind": "single_choice", "field": "infrastructure",
         "text": {"de": "Wo gehen Sie am liebsten?"},
         "settings": {"show_if": {"question": "walk", "any_of": ["yes"]}, "other": True},
         "options": [("park", {"de": "Im Park"}), ("river", {"de": "Am Neckar"})]},
        {"key": "helpers", "kind": "multiple_choice", "field": "support",
         "text": {"de": "Wer hilft Ihnen im Alltag?"}, "settings": {"prefer_not": True},
         "options": [("family", {"de": "Familie"}), ("neighbours", {"de": "Nachbarn"})]},
        {"key": "mood", "kind": "scale", "field": "participation",
         "text": {"de": "Wie wohl fühlen Sie sich im Quartier?"},
         "options": [("1", {"de": "1 – gar nicht"}), ("2", {"de": "2"}), ("3", {"de": "3"}),
                     ("4", {"de": "4"}), ("5", {"de": "5 – sehr"})]},
        {"key": "years", "kind": "number", "field": "housing", "settings": {"min": 0, "max": 100},
         "text": {"de": "Seit wie vielen Jahren wohnen Sie hier?"}},
        {"key": "street", "kind": "short_text", "required": False,
         "text": {"de": "In welcher Straße wohnen Sie?"}},
        {"key": "born", "kind": "date", "text": {"de": "Wann sind Sie geboren?"}},
        {"key": "wish", "kind": "text", "required": False,
         "text": {"de": "Was wünschen Sie sich?"}},
    ],
}


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def next_button(page, label: str) -> None:
    tab_to(page, "main form button[type=submit]:not([value=later])")
    assert page.evaluate("document.activeElement.textContent.trim()") == label
    press_enter_and_wait(page)


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_every_kind_by_keyboard_with_pause_and_resume(live_server, live_app, session, new_page,
                                                      lang):
    questionnaire = make_questionnaire(session, "kohlberg", EVERY_KIND, status="open")
    questionnaire_id, centre = questionnaire.id, quartiere(session, "kohlberg")[0].name
    session.commit()
    weiter = interface_text(live_app, lang, "Weiter")
    later = interface_text(live_app, lang, "Später weitermachen")
    base = f"{live_server.url}/{lang}/umfrage/{questionnaire_id}"

    page = new_page("tablet")
    page.goto(f"{base}/quartier")
    assert_accessible(page, "quartier")
    tab_to(page, "input[name=answer]")
    page.keyboard.press("Space")  # the first Quartier
    next_button(page, weiter)

    # 1 yes/no: "Ja" reveals the follow-up
    tab_to(page, "input[name=answer]")
    page.keyboard.press("Space")
    assert_accessible(page, "yes/no")
    next_button(page, weiter)
    assert page.url.endswith("/frage/2")
    # 2 single choice with "other": an empty "other" text is an error, then fixed
    tab_to(page, "input[name=answer]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # "Sonstiges (bitte angeben)"
    assert page.is_checked("#answer-3")
    next_button(page, weiter)
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    assert page.title().startswith(interface_text(live_app, lang, "Fehler:"))
    assert_accessible(page, "other missing")
    tab_to(page, "#answer_other")
    page.keyboard.type("Am Waldrand")
    next_button(page, weiter)
    # 3 multiple choice with "prefer not to say"
    tab_to(page, "#answer-1")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert_accessible(page, "multiple choice")
    next_button(page, weiter)
    # 4 scale
    tab_to(page, "input[name=answer]")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert page.is_checked("#answer-4")
    next_button(page, weiter)
    # 5 number: a wrong value first
    tab_to(page, "#answer")
    page.keyboard.type("zwölf")
    next_button(page, weiter)
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    assert page.input_value("#answer") == "zwölf"
    assert_accessible(page, "number error")
    tab_to(page, "#answer")
    page.keyboard.press("Control+A")
    page.keyboard.type("12")
    next_button(page, weiter)
    # 6 short text, optional: left empty; then pause on the date question
    assert_accessible(page, "short text")
    next_button(page, weiter)
    assert page.url.endswith("/frage/7")
    tab_to(page, "#answer")
    page.keyboard.type("17.03.1948")
    tab_to(page, "main form button[value=later]")
    assert page.evaluate("document.activeElement.textContent.trim()") == later
    press_enter_and_wait(page)
    code = page.locator(".resume-code").inner_text().replace(" ", "")
    assert_accessible(page, "later")

    # a fresh browser context (another day, another tablet) continues with the code
    other = new_page("tablet")
    other.goto(f"{live_server.url}/{lang}/weitermachen")
    tab_to(other, "#code")
    other.keyboard.type(code.lower())
    press_enter_and_wait(other)
    assert other.url.endswith("/frage/8")
    # back link to the date question: the paused answer was kept
    tab_to(other, "a.back-link")
    press_enter_and_wait(other)
    assert other.input_value("#answer") == "17.03.1948"
    next_button(other, weiter)
    tab_to(other, "#answer")
    other.keyboard.type("Eine Bank <b>vor dem Rathaus</b>")
    assert_accessible(other, "long text")
    next_button(other, weiter)

    # check answers: change the first answer; the follow-up disappears
    assert other.url.endswith("/pruefen")
    assert_accessible(other, "check answers")
    assert "Am Waldrand" in other.locator("main").inner_text()
    tab_to(other, "#row-1 .change a")
    press_enter_and_wait(other)
    tab_to(other, "input[name=answer]")  # a radio group is one tab stop: the checked "Ja"
    other.keyboard.press("ArrowDown")  # "Nein"
    assert other.is_checked("#answer-2")
    next_button(other, weiter)
    assert other.url.endswith("/pruefen")
    summary = other.locator("main").inner_text()
    assert "Am Waldrand" not in summary and "Wo gehen Sie am liebsten?" not in summary
    tab_to(other, "#submit")
    press_enter_and_wait(other)
    assert other.url.endswith("/danke")
    assert_accessible(other, "confirmation")

    session.expire_all()
    response = session.scalar(select(Response).where(Response.questionnaire_id ==
                                                     questionnaire_id))
    stored = {(a.option_key, a.number_value, a.text_value) for a in response.answers}
    assert stored == {("no", None, None), ("family", None, None), ("neighbours", None, None),
                      ("4", 4.0, None), (None, 12.0, None), (None, None, "1948-03-17"),
                      (None, None, "Eine Bank <b>vor dem Rathaus</b>")}
    assert centre
    session.rollback()


def tap_and_wait(page, selector: str) -> None:
    with page.expect_navigation():
        page.tap(selector)


def test_every_kind_by_touch_with_pause_and_resume(live_server, live_app, session, new_page):
    """The same journey with taps on the labels and the on-screen keyboard, as on a tablet."""
    questionnaire = make_questionnaire(session, "kohlberg", EVERY_KIND, status="open")
    questionnaire_id = questionnaire.id
    session.commit()
    base = f"{live_server.url}/de/umfrage/{questionnaire_id}"
    weiter = "main form button[type=submit]:not([value=later])"

    page = new_page("tablet")
    page.goto(f"{base}/quartier")
    page.tap("label[for=answer-1]")
    tap_and_wait(page, weiter)
    page.tap("label[for=answer-1]")  # 1 "Ja": the follow-up is asked
    tap_and_wait(page, weiter)
    assert page.url.endswith("/frage/2")
    page.tap("label[for=answer-2]")  # 2 "Am Neckar"
    tap_and_wait(page, weiter)
    page.tap("label[for=answer-1]")  # 3 "Familie"
    tap_and_wait(page, weiter)
    page.tap("label[for=answer-5]")  # 4 "5 – sehr"
    tap_and_wait(page, weiter)
    page.fill("#answer", "-3")  # 5 out of range: the error keeps the value
    tap_and_wait(page, weiter)
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    assert page.input_value("#answer") == "-3"
    page.tap("#error-summary a")  # the summary link moves to the field
    assert page.evaluate("document.activeElement.id") == "answer"
    page.fill("#answer", "40")
    tap_and_wait(page, weiter)
    page.fill("#answer", "Uhlandstraße")  # 6
    tap_and_wait(page, weiter)
    page.fill("#answer", "02.01.1940")  # 7, then pause
    tap_and_wait(page, "main form button[value=later]")
    code = page.locator(".resume-code").inner_text().replace(" ", "")

    other = new_page("tablet")
    other.goto(f"{live_server.url}/de/weitermachen")
    other.fill("#code", code)
    tap_and_wait(other, "main form button[type=submit]")
    assert other.url.endswith("/frage/8")
    tap_and_wait(other, "a.back-link")  # back: the paused date was kept
    assert other.input_value("#answer") == "02.01.1940"
    tap_and_wait(other, weiter)
    other.fill("#answer", "Mehr Bänke")
    tap_and_wait(other, weiter)
    assert other.url.endswith("/pruefen")
    tap_and_wait(other, "#row-3 .change a")  # "Ändern" the helpers: add the neighbours
    other.tap("label[for=answer-2]")
    tap_and_wait(other, weiter)
    assert other.url.endswith("/pruefen")
    assert "Nachbarn" in other.locator("#row-3").inner_text()
    tap_and_wait(other, "#submit")
    assert other.url.endswith("/danke")

    session.expire_all()
    response = session.scalar(select(Response).where(Response.questionnaire_id ==
                                                     questionnaire_id))
    stored = {(a.option_key, a.number_value, a.text_value) for a in response.answers}
    assert stored == {("yes", None, None), ("river", None, None), ("family", None, None),
                      ("neighbours", None, None), ("5", 5.0, None), (None, 40.0, None),
                      (None, None, "Uhlandstraße"), (None, None, "1940-01-02"),
                      (None, None, "Mehr Bänke")}
    session.rollback()
