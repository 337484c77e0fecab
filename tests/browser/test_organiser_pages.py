"""Organiser pages in a real browser: login error, dashboard, outbox; axe finds nothing."""

from datetime import UTC, datetime

import pytest

from participation import db
from participation.digests import jobs
from participation.digests.schedule import period_of
from tests.browser.conftest import assert_accessible
from tests.digests.test_digest_mail import seed_known_results
from tests.factories import municipality


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_organiser_pages_are_accessible(live_server, live_app, new_page, lang):
    with live_app.app_context():
        seed_known_results(db.session())
        kohlberg = municipality(db.session(), "kohlberg").id
        db.commit()
        jobs.deliver_digest(kohlberg, period_of(datetime.now(UTC).date()), force=True)

    page = new_page("tablet")
    page.goto(f"{live_server.url}/{lang}/verwaltung/anmelden")
    assert_accessible(page, "login")
    page.fill("#email", "organisation@kohlberg.demo.example")
    page.fill("#password", "wrong")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page, "login error")
    page.fill("#password", "demo-kohlberg")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/verwaltung/")
    assert "Ortskern" in page.locator("main table").inner_text()
    assert_accessible(page, "dashboard")
    page.locator("main .link-list a").click()
    assert_accessible(page, "outbox")
    page.locator("main table a").first.click()
    assert "## Ortskern" in page.locator("pre.mail").inner_text()
    assert_accessible(page, "e-mail")
