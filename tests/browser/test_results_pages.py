"""The organiser results page in a real browser, raw and suppressed, German and Arabic; axe."""

import pytest

from participation import db
from tests.browser.conftest import assert_accessible
from tests.factories import quartiere
from tests.results.test_results import ADMIN, KOHLBERG, seed


def _login(page, base, account):
    email, password = account
    page.goto(f"{base}/verwaltung/anmelden")
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/verwaltung/")


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_results_pages_are_accessible(live_server, live_app, new_page, lang):
    with live_app.app_context():
        questionnaire_id = seed(db.session()).id
        edge = quartiere(db.session(), "kohlberg")[1].id
    base = f"{live_server.url}/{lang}"
    results = f"{base}/verwaltung/ergebnisse/{questionnaire_id}"

    for viewport in ("tablet", "phone"):
        page = new_page(viewport)
        _login(page, base, ADMIN)
        assert_accessible(page, f"dashboard with result links ({viewport})")
        page.goto(results)
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert page.locator("td.free-text").count() == 5  # four wishes, one "other"
        assert_accessible(page, f"results, raw data ({viewport})")
        page.select_option("#quartier", str(edge))
        page.locator("form.filter button[type=submit]").click()
        page.wait_for_url(f"**?quartier={edge}")
        assert_accessible(page, f"results for one Quartier, raw data ({viewport})")

        page = new_page(viewport)
        _login(page, base, KOHLBERG)
        assert_accessible(page, f"dashboard of a municipality ({viewport})")
        page.locator("main .questionnaire-links a").first.click()
        page.wait_for_load_state()
        assert "/verwaltung/ergebnisse/" in page.url
        page.goto(results)
        publish = page.locator("form[action$='/veroeffentlichen'] button")
        if viewport == "tablet":  # nothing published yet: the organiser publishes
            assert page.locator("caption", has_text="Welche Farbe?").count() == 0
            assert_accessible(page, f"results before publishing ({viewport})")
            publish.focus()
            with page.expect_navigation():
                page.keyboard.press("Enter")
        assert publish.count() == 0
        assert page.locator("caption", has_text="Welche Farbe?").count() == 1
        assert page.locator("td.free-text").count() == 0
        assert_accessible(page, f"results, suppressed ({viewport})")
        page.goto(f"{results}?quartier={edge}")
        assert_accessible(page, f"results for a small Quartier ({viewport})")


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_free_text_pages_are_accessible(live_server, live_app, new_page, lang):
    with live_app.app_context():
        questionnaire_id = seed(db.session()).id
    base = f"{live_server.url}/{lang}"
    results = f"{base}/verwaltung/ergebnisse/{questionnaire_id}"
    for viewport in ("tablet", "phone"):
        page = new_page(viewport)
        _login(page, base, KOHLBERG)
        page.goto(results)
        page.locator("main a[href$='/freitext']").first.click()
        page.wait_for_url("**/freitext")
        assert_accessible(page, f"free text, choice ({viewport})")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("td.free-text").count() == 1  # first: "other" of "ways"
        assert_accessible(page, f"free text, one question ({viewport})")

        page = new_page(viewport)
        _login(page, base, ADMIN)
        page.goto(f"{results}/freitext-protokoll")
        assert page.locator("tbody tr").count() >= 1
        assert_accessible(page, f"free-text log ({viewport})")
