"""A questionnaire's overview in a real browser: charts and tables, the targets form with
errors, German and Arabic, tablet and phone; axe and reflow at 320 px."""

from datetime import date

import pytest
from sqlalchemy import delete

from participation import db
from participation.surveys.models import ResponseTarget
from tests.browser.conftest import assert_accessible
from tests.factories import make_questionnaire, quartiere
from tests.results.test_daily_counts import add_days
from tests.results.test_results import ADMIN, KOHLBERG

# The pages are the same HTML on either database; both are tested below the browser.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def questionnaire_id(live_app):
    """Kohlberg: the centre with 58 responses over four days (one protected), the edge 3."""
    with live_app.app_context():
        session = db.session()
        questionnaire = make_questionnaire(session, "kohlberg")
        centre, edge = quartiere(session, "kohlberg")
        add_days(session, questionnaire, centre,
                 {date(2026, 3, 2): 6, date(2026, 3, 3): 40, date(2026, 3, 5): 3,
                  date(2026, 3, 9): 9})
        add_days(session, questionnaire, edge, {date(2026, 3, 4): 3})
        session.add(ResponseTarget(questionnaire_id=questionnaire.id, quartier_id=centre.id,
                                   target=50))
        db.commit()
        found = questionnaire.id
    yield found
    with live_app.app_context():
        db.session().execute(delete(ResponseTarget))
        db.commit()


def _login(page, base, account):
    email, password = account
    page.goto(f"{base}/verwaltung/anmelden")
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/verwaltung/")


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_overview_pages_are_accessible(live_server, new_page, questionnaire_id, lang):
    base = f"{live_server.url}/{lang}"
    overview = f"{base}/verwaltung/fragebogen/{questionnaire_id}/uebersicht"
    for viewport in ("tablet", "phone"):
        for account, who in ((KOHLBERG, "municipality"), (ADMIN, "district")):
            page = new_page(viewport)
            _login(page, base, account)
            page.goto(overview)
            assert page.locator("html").get_attribute("dir") == (
                "rtl" if lang == "ar" else "ltr")
            charts = page.locator("svg.chart-svg[role=img]")
            assert charts.count() == 2
            for index in range(2):  # each chart is named and no wider than the page
                box = charts.nth(index).bounding_box()
                assert box["width"] > 0 and box["x"] >= 0
                assert box["x"] + box["width"] <= page.viewport_size["width"]
                assert charts.nth(index).get_attribute("aria-labelledby")
            assert page.locator("table caption").count() == 3
            assert_accessible(page, f"overview, {who} ({viewport})")

        # the error state: the summary takes focus, the wrong value is kept
        field = page.locator("input[name^=ziel-]").first
        field.fill("viele")
        page.locator("main form[action$='/ziele'] button[type=submit]").click()
        page.wait_for_load_state()
        assert page.title().startswith("Fehler:") or lang != "de"
        assert page.locator("#error-summary").count() == 1
        assert page.evaluate("document.activeElement.id") == "error-summary"
        assert page.locator("input[name^=ziel-]").first.input_value() == "viele"
        assert_accessible(page, f"overview with an error ({viewport})")

        # saved: back on the overview with a notice
        page.locator("input[name^=ziel-]").first.fill("60")
        page.locator("main form[action$='/ziele'] button[type=submit]").click()
        page.wait_for_url("**hinweis=ziele-gespeichert*")
        assert page.locator("p.status[role=status]").count() == 1
        assert_accessible(page, f"overview after saving ({viewport})")
