"""A new organiser's first questionnaire, by keyboard alone at 1280×900 with the Aichtal
demo login: the template, a question inserted in the middle with a condition (question
first, then its answer), the Turkish translation through the XLSX they download and fill
in, the preview in Turkish while their own page stays German, and publishing through the
checklist. axe runs on the pages along the way."""

import io

import openpyxl
import pytest
from sqlalchemy import func, select

from participation import db
from participation.surveys.coverage import coverage
from participation.surveys.models import Questionnaire
from tests.browser.conftest import assert_accessible
from tests.builder.test_builder import remove_questionnaires_after

# The pages are the same HTML on either database; both are tested below the browser.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

TITLE = "Gut älter werden in Aichtal 2027"
NEW_QUESTION = "Nutzen Sie den Bürgerbus?"
NEW_QUESTION_TR = "Belediye otobüsünü kullanıyor musunuz?"


@pytest.fixture
def baseline(live_app):
    with live_app.app_context():
        first = db.session().scalar(select(func.max(Questionnaire.id))) or 0
        db.rollback()
    yield first
    with live_app.app_context():
        remove_questionnaires_after(db.session(), first)
        db.commit()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE",
                                  accept_downloads=True)
    yield context.new_page()
    context.close()


class Keyboard:
    """Tab to an element, then act on it with keys only."""

    def __init__(self, page):
        self.page = page

    def tab_to(self, selector: str, limit: int = 400) -> None:
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if self.page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        pytest.fail(f"Tab never reached {selector} on {self.page.url}")

    def follow(self, selector: str) -> None:
        self.tab_to(selector)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        self.page.wait_for_load_state("load")

    def type_into(self, selector: str, text: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.type(text)


def _fill_turkish(raw: bytes) -> tuple[bytes, int]:
    """The downloaded workbook with every empty Turkish cell filled, as a translator would."""
    workbook = openpyxl.load_workbook(io.BytesIO(raw))
    sheet = workbook.worksheets[0]
    column = [cell.value for cell in sheet[1]].index("tr") + 1
    filled = 0
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row, column)
        if not cell.value:
            german = sheet.cell(row, 3).value
            cell.value = NEW_QUESTION_TR if german == NEW_QUESTION else f"TR {german}"
            cell.data_type = "s"
            filled += 1
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue(), filled


def test_a_new_organiser_publishes_a_questionnaire_by_keyboard(live_server, live_app, page,
                                                               baseline, tmp_path):
    keys = Keyboard(page)
    base = live_server.url
    page.goto(f"{base}/de/verwaltung/anmelden")
    assert_accessible(page, "login")
    keys.type_into("#email", "organisation@aichtal.demo.example")
    keys.type_into("#password", "demo-aichtal")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/de/verwaltung/")

    # from the template
    keys.follow("nav a[href$='/verwaltung/fragebogen']")
    keys.follow("main a[href$='/fragebogen/neu']")
    assert_accessible(page, "new questionnaire")
    assert page.is_checked("input[name=start][value=vorlage]")
    keys.type_into("#title", TITLE)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Der Fragebogen wurde als Entwurf angelegt." in page.locator("main").inner_text()
    with live_app.app_context():
        questionnaire = db.session().scalar(select(Questionnaire).where(
            Questionnaire.id > baseline))
        questionnaire_id = questionnaire.id
        answerable = [q for q in questionnaire.questions
                      if q.kind in ("single_choice", "yes_no")]
        middle = answerable[len(answerable) // 2]
        middle_id, middle_key = middle.id, middle.key
        before = len(questionnaire.questions)
        db.rollback()

    # a question inserted in the middle, with a condition: question first, then answer
    keys.follow("nav.builder-nav a[href$='/fragen']")
    # (axe on the questions page: tests/browser/test_builder_pages.py; the template's
    # 60 questions take axe 13 s here)
    keys.follow(f"a[href$='/fragen/neu?nach={middle_id}']")
    keys.tab_to("input[name=art]")
    for _ in range(12):
        if page.evaluate("document.activeElement.value") == "yes_no":
            break
        page.keyboard.press("ArrowDown")
    keys.follow("main form button[type=submit]")
    keys.type_into("#text", NEW_QUESTION)
    keys.tab_to("input[name=field_of_action]")
    page.keyboard.press("Space")
    keys.tab_to("details.builder-details > summary")
    page.keyboard.press("Enter")
    keys.tab_to("#bedingung_frage")
    options = page.eval_on_selector_all("#bedingung_frage option", "els => els.map(e => e.value)")
    steps = options.index(middle_key) - options.index(page.input_value("#bedingung_frage"))
    for _ in range(steps):
        page.keyboard.press("ArrowDown")
    assert page.input_value("#bedingung_frage") == middle_key
    keys.follow("button[name=schritt]")
    assert page.input_value("#text") == NEW_QUESTION
    assert_accessible(page, "condition with the answers of the chosen question")
    keys.tab_to("input[name^=show_if__]")
    page.keyboard.press("Space")
    keys.tab_to("#text")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Die Frage wurde gespeichert." in page.locator("main").inner_text()
    with live_app.app_context():
        questions = db.session().get(Questionnaire, questionnaire_id).questions
        inserted = next(q for q in questions if q.kind == "yes_no"
                        and q.settings.get("show_if", {}).get("question") == middle_key)
        assert len(questions) == before + 1
        assert questions.index(inserted) == [q.id for q in questions].index(middle_id) + 1
        assert 0 < questions.index(inserted) < len(questions) - 1  # in the middle
        db.rollback()

    # Turkish through the XLSX they download, fill in and upload
    keys.follow("nav.builder-nav a[href$='/uebersetzungen']")
    assert_accessible(page, "translations")
    keys.tab_to("a[href*='export.xlsx'][href$='sprache=tr']")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    raw = download_info.value.path().read_bytes()
    filled, count = _fill_turkish(raw)
    assert count >= 1  # at least the new question's text was missing
    upload = tmp_path / "tuerkisch.xlsx"
    upload.write_bytes(filled)
    # the file field is reached by keyboard; the file itself is picked in the system's
    # dialog, which is not part of the page (its opening by key press is not reliable
    # headless), so the test hands the file to the focused field
    keys.tab_to("#datei")
    page.set_input_files("#datei", str(upload))
    assert page.evaluate("document.activeElement.id") == "datei"
    keys.tab_to("#datei ~ button, form[enctype] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Die Datei wurde übernommen" in page.locator("main").inner_text()
    assert_accessible(page, "translation file report")
    with live_app.app_context():
        assert coverage(db.session().get(Questionnaire, questionnaire_id), "tr").complete
        db.rollback()

    # the preview in Turkish, one page at a time, inside the German organiser page
    keys.follow("nav.builder-nav a[href*='/vorschau/']")
    keys.follow("nav[aria-label='Vorschau in einer anderen Sprache'] a[hreflang=tr]")
    assert page.get_attribute("html", "lang") == "de"
    assert page.get_attribute("section.preview-resident", "lang") == "tr"
    assert "Vorschau: Türkçe" in page.locator("h1").first.inner_text()
    assert_accessible(page, "preview start in Turkish")
    keys.follow("section.preview-resident a.button")
    assert "/vorschau/tr/frage/" in page.url
    first_page = page.url
    assert "Soru 1 /" in page.locator("section.preview-resident").inner_text()
    assert "Fragebögen" in page.locator("nav").first.inner_text()  # the organiser's own words
    assert_accessible(page, "preview question in Turkish")
    keys.tab_to("section.preview-resident input")
    if page.evaluate("document.activeElement.type") == "radio":
        page.keyboard.press("Space")
    else:
        page.keyboard.type("1950")
    keys.tab_to("section.preview-resident form .actions button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url != first_page and "/vorschau/tr/" in page.url
    assert page.get_attribute("html", "lang") == "de"

    # published through the checklist
    keys.follow("nav.builder-nav a[href$='/veroeffentlichen']")
    assert_accessible(page, "publishing checklist")
    keys.tab_to("main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#error-summary").count() == 1  # the open points need a "yes"
    assert_accessible(page, "publishing checklist with its error")
    keys.tab_to("input[name=confirm]")
    page.keyboard.press("Space")
    keys.tab_to("main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Der Fragebogen ist veröffentlicht." in page.locator("main").inner_text()
    assert_accessible(page, "published")
    with live_app.app_context():
        assert db.session().get(Questionnaire, questionnaire_id).status == "open"
        db.rollback()
    resident = page.context.new_page()
    resident.goto(f"{base}/tr/umfrage/{questionnaire_id}")
    assert resident.get_attribute("html", "lang") == "tr"
    assert resident.locator("h1").inner_text() != TITLE  # offered in Turkish now
