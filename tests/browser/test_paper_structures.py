"""The printed copy and the entry page of a questionnaire with sections, a matrix, a number
group and typed answers with codes, in a real browser: axe finds nothing, nothing scrolls
sideways, not even the grids on a phone (SQLite and PostgreSQL)."""

import pytest

from tests.browser.conftest import assert_accessible
from tests.paper.questionnaire_files import imported


def _log_in(page, base: str) -> None:
    page.goto(f"{base}/verwaltung/anmelden")
    page.fill("#email", "organisation@kohlberg.demo.example")
    page.fill("#password", "demo-kohlberg")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/verwaltung/")


@pytest.mark.parametrize("viewport", ["tablet", "phone"])
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_grids_groups_and_sections_are_accessible(live_server, session, new_page, lang,
                                                  viewport):
    questionnaire_id = imported(session, "burscheid_hilgen").id
    page = new_page(viewport)
    base = f"{live_server.url}/{lang}"
    _log_in(page, base)
    page.goto(f"{base}/verwaltung/papier/{questionnaire_id}/druck?von=1&bis=2")
    # the grid is printed in parts of rows when it is taller than the rest of a page
    assert page.locator("article.paper-copy table.paper-grid").count() % 2 == 0
    assert page.locator("article.paper-copy table.paper-grid tbody tr").count() == 2 * 6
    assert_accessible(page, "printed copies")
    page.goto(f"{base}/verwaltung/papier/{questionnaire_id}/erfassen")
    # five answers and "several ticked"
    assert page.locator("table.paper-entry-grid input[type=radio]").count() == 6 * 6
    assert_accessible(page, "entry page")
    page.locator("table.paper-entry-grid input[type=radio]").nth(7).check()
    page.locator("form.paper-entry button[type=submit]").click()  # no sheet number yet
    page.wait_for_load_state()
    assert page.locator("table.paper-entry-grid input:checked").count() == 1  # kept
    assert_accessible(page, "entry page with errors")
