"""The questionnaire import pages in a real browser: form, error summary, confirmation; axe."""

import pytest

from participation import db
from participation.builder import transfer
from tests.browser.conftest import assert_accessible
from tests.browser.test_resident_journey import assert_error_summary_focused
from tests.factories import demo_questionnaire

ACCOUNTS = {
    "district admin": ("landkreis@demo.example", "demo-landkreis"),
    "organiser": ("organisation@kohlberg.demo.example", "demo-kohlberg"),
}


def _file(raw: bytes) -> dict:
    return {"name": "fragebogen.json", "mimeType": "application/json", "buffer": raw}


@pytest.mark.parametrize(("who", "viewport"), [("district admin", "tablet"),
                                               ("organiser", "phone")])
def test_import_pages_are_accessible(live_server, live_app, new_page, who, viewport):
    with live_app.app_context():
        document = transfer.export_questionnaire(db.session(),
                                                 demo_questionnaire(db.session()).id)
    page = new_page(viewport)
    page.goto(f"{live_server.url}/de/verwaltung/anmelden")
    email, password = ACCOUNTS[who]
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/verwaltung/")

    page.goto(f"{live_server.url}/de/verwaltung/import")
    assert_accessible(page, "import form")
    hostile = {**document, "title": {"de": "<script>alert(1)</script>"}, "version": "1"}
    page.set_input_files("#document", _file(transfer.to_json_bytes(hostile)))
    page.get_by_role("button", name="Importieren").click()
    page.wait_for_load_state()
    assert_error_summary_focused(page)
    summary = page.locator("#error-summary").inner_text()
    assert "title.de: Der Text enthält HTML-Auszeichnungen" in summary
    assert "Version des Dateiformats" in summary
    assert_accessible(page, "import errors")

    if who == "district admin":
        page.get_by_label("Kohlberg").check()
    page.set_input_files("#document", _file(transfer.to_json_bytes(document)))
    page.get_by_role("button", name="Importieren").click()
    page.wait_for_url("**/verwaltung/import/*")
    assert "Gut älter werden im Quartier" in page.locator("main").inner_text()
    assert_accessible(page, "import confirmation")
