"""Translation files in a real browser: download links, the upload's error summary and its
report; axe finds nothing on a tablet or a phone."""

import pytest
from sqlalchemy import func, select

from participation import db
from participation.builder.translation_files import po_bytes
from participation.surveys.models import Questionnaire
from tests.browser.conftest import assert_accessible
from tests.browser.test_builder_pages import log_in
from tests.browser.test_resident_journey import assert_error_summary_focused
from tests.builder.test_builder import remove_questionnaires_after
from tests.builder.translation_file_helpers import SPEC, fill_po, turkish
from tests.factories import make_questionnaire


@pytest.fixture
def questionnaire_id(live_app):
    """An open questionnaire of Kohlberg in Turkish and Leichte Sprache, removed afterwards."""
    with live_app.app_context():
        session = db.session()
        baseline = session.scalar(select(func.max(Questionnaire.id))) or 0
        questionnaire_id = make_questionnaire(session, "kohlberg", spec=SPEC, status="open").id
        db.commit()
    yield questionnaire_id
    with live_app.app_context():
        remove_questionnaires_after(db.session(), baseline)
        db.commit()


def _file(raw: bytes, name: str = "tr.po") -> dict:
    return {"name": name, "mimeType": "text/x-gettext-translation", "buffer": raw}


@pytest.mark.parametrize("viewport", ["tablet", "phone"])
def test_translation_file_pages_are_accessible(live_server, live_app, new_page,
                                               questionnaire_id, viewport):
    with live_app.app_context():
        po = po_bytes(db.session().get(Questionnaire, questionnaire_id), "tr")
    page = new_page(viewport)
    log_in(page, live_server.url, "de")
    page.goto(f"{live_server.url}/de/verwaltung/fragebogen/{questionnaire_id}/uebersetzungen")
    assert page.get_by_role("link", name="Als PO-Datei herunterladen").count() == 2
    assert_accessible(page, "translations with file links")

    hostile = fill_po(po, lambda unit_id, german: "<b>x</b>" if unit_id == "title" else None)
    page.set_input_files("#datei", _file(hostile))
    page.get_by_role("button", name="Datei hochladen und übernehmen").click()
    page.wait_for_load_state()
    assert_error_summary_focused(page)
    assert "Bitte verwenden Sie nur reinen Text" in page.locator("#error-summary").inner_text()
    assert_accessible(page, "translation file refused")

    page.set_input_files("#datei", _file(fill_po(po, turkish)))
    page.get_by_role("button", name="Datei hochladen und übernehmen").click()
    page.wait_for_load_state()
    assert "Türkisch: 9 Texte übernommen" in page.get_by_role("status").inner_text()
    assert_accessible(page, "translation file report")
