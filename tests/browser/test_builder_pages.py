"""The questionnaire builder in a real browser: axe finds nothing in German and Arabic, and
"nach oben" works with the keyboard alone."""

import pytest
from sqlalchemy import func, select

from participation import db
from participation.surveys.models import Questionnaire
from tests.browser.conftest import assert_accessible
from tests.builder.test_builder import remove_questionnaires_after
from tests.factories import make_questionnaire


@pytest.fixture
def questionnaire_id(live_app):
    """A draft questionnaire of Kohlberg, removed afterwards."""
    with live_app.app_context():
        session = db.session()
        baseline = session.scalar(select(func.max(Questionnaire.id))) or 0
        questionnaire_id = make_questionnaire(session, "kohlberg", status="draft").id
        db.commit()
    yield questionnaire_id
    with live_app.app_context():
        remove_questionnaires_after(db.session(), baseline)
        db.commit()


def log_in(page, base: str, lang: str) -> None:
    page.goto(f"{base}/{lang}/verwaltung/anmelden")
    page.fill("#email", "organisation@kohlberg.demo.example")
    page.fill("#password", "demo-kohlberg")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/verwaltung/")


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_builder_pages_are_accessible(live_server, new_page, questionnaire_id, lang):
    page = new_page("tablet")
    log_in(page, live_server.url, lang)
    base = f"{live_server.url}/{lang}/verwaltung/fragebogen"
    page.goto(base)
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    assert_accessible(page, "questionnaire list")
    page.goto(f"{base}/{questionnaire_id}")
    assert_accessible(page, "settings")
    page.goto(f"{base}/{questionnaire_id}/fragen")
    assert_accessible(page, "questions")
    page.goto(f"{base}/{questionnaire_id}/fragen/neu")
    assert_accessible(page, "question kind")
    page.goto(f"{base}/{questionnaire_id}/fragen/neu?art=single_choice")
    page.locator("main form[method=post] .actions button[type=submit]").click()
    page.wait_for_load_state()
    page.wait_for_function("document.activeElement && document.activeElement.id === "
                           "'error-summary'", timeout=3000)
    assert page.locator("#text").get_attribute("aria-invalid") == "true"
    assert_accessible(page, "question editor with errors")
    page.goto(f"{base}/{questionnaire_id}/uebersetzungen")
    assert_accessible(page, "translations")
    page.goto(f"{base}/{questionnaire_id}/uebersetzungen/en")
    assert_accessible(page, "translate into English")
    page.goto(f"{base}/{questionnaire_id}/vorschau/{lang}")
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    assert_accessible(page, "preview")


def test_builder_pages_reflow_on_a_phone(live_server, new_page, questionnaire_id):
    page = new_page("phone")
    log_in(page, live_server.url, "de")
    base = f"{live_server.url}/de/verwaltung/fragebogen"
    for path in ("", f"/{questionnaire_id}/fragen", f"/{questionnaire_id}/uebersetzungen/tr"):
        page.goto(base + path)
        assert_accessible(page, path or "list")


def test_moving_a_question_up_with_the_keyboard(live_server, new_page, questionnaire_id):
    page = new_page("tablet")
    log_in(page, live_server.url, "de")
    page.goto(f"{live_server.url}/de/verwaltung/fragebogen/{questionnaire_id}/fragen")
    first = page.locator(".builder-questions > li h2").first
    assert "Welche Farbe?" in first.inner_text()
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused == "Nach oben: Frage 2":
            break
    else:
        pytest.fail("no 'Nach oben' button for question 2 reached by Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/fragen?verschoben=*")
    assert "Wie zufrieden?" in page.locator(".builder-questions > li h2").first.inner_text()
    assert "Die Frage steht jetzt an Stelle 1." in page.locator("[role=status]").inner_text()


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_builder_pages_of_the_new_structures_are_accessible(live_server, live_app, new_page,
                                                            lang):
    """The template as a draft: its section, matrix, a matrix row, an age question and a
    question with a condition from the import, each in its editor."""
    from participation.builder.services import TEMPLATE

    with live_app.app_context():
        session = db.session()
        baseline = session.scalar(select(func.max(Questionnaire.id))) or 0
        questionnaire = make_questionnaire(session, "kohlberg", TEMPLATE, status="draft")
        questionnaire_id = questionnaire.id
        first_of = {}
        for question in questionnaire.questions:
            kind = ("row" if (question.settings or {}).get("group") else
                    "kept" if "gt" in (question.settings or {}).get("show_if", {}) else
                    question.kind)
            first_of.setdefault(kind, question.id)
        db.commit()
    try:
        page = new_page("tablet")
        log_in(page, live_server.url, lang)
        base = f"{live_server.url}/{lang}/verwaltung/fragebogen/{questionnaire_id}"
        page.goto(f"{base}/fragen")
        assert_accessible(page, "questions with sections and a matrix")
        page.goto(f"{base}/vorschau/de")
        assert_accessible(page, "preview with sections and a matrix")
        for kind in ("section", "matrix", "row", "age", "kept"):
            page.goto(f"{base}/fragen/{first_of[kind]}")
            assert_accessible(page, f"editor: {kind}")
        page.goto(f"{base}/fragen/neu?art=month_year")
        assert_accessible(page, "new month-and-year question")
    finally:
        with live_app.app_context():
            remove_questionnaires_after(db.session(), baseline)
            db.commit()


def test_inserting_a_question_with_a_condition_by_keyboard_alone(live_server, live_app,
                                                                 new_page, questionnaire_id):
    """"Hier eine Frage einfügen" after question 1, the kind, the text, then the condition:
    the earlier question chosen, its answers shown and ticked; Enter in the text saves."""
    page = new_page("tablet")
    log_in(page, live_server.url, "de")
    page.goto(f"{live_server.url}/de/verwaltung/fragebogen/{questionnaire_id}/fragen")

    def tab_to(selector: str) -> None:
        for _ in range(120):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        pytest.fail(f"Tab never reached {selector}")

    tab_to("a[href*='/fragen/neu?nach=']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Die neue Frage kommt an Stelle 2." in page.locator("main").inner_text()
    tab_to("input[name=art]")  # a radio group is one tab stop: arrows choose in it
    for _ in range(12):
        if page.evaluate("document.activeElement.value") == "yes_no":
            break
        page.keyboard.press("ArrowDown")
    assert page.is_checked("input[name=art][value=yes_no]")
    tab_to("main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to("#text")
    page.keyboard.type("Haben Sie einen Balkon?")
    tab_to("input[name=field_of_action]")
    page.keyboard.press("Space")  # the first field of action
    tab_to("details.builder-details > summary")
    page.keyboard.press("Enter")  # opens "Nur unter einer Bedingung zeigen"
    tab_to("#bedingung_frage")
    page.keyboard.press("ArrowDown")  # the first earlier question with fixed answers
    tab_to("button[name=schritt]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.input_value("#text") == "Haben Sie einen Balkon?"
    assert_accessible(page, "condition: answers of the chosen question")
    tab_to("input[name^=show_if__]")
    page.keyboard.press("Space")
    tab_to("#text")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the form's default button saves
    assert "/fragen" in page.url and "Die Frage wurde gespeichert." in page.locator(
        "main").inner_text()
    with live_app.app_context():
        questionnaire = db.session().get(Questionnaire, questionnaire_id)
        second = questionnaire.questions[1]
        assert second.kind == "yes_no" and second.settings["show_if"]["question"] == \
            questionnaire.questions[0].key
        db.rollback()
