"""The organiser's event pages in a real browser: axe finds nothing in German, Arabic and
Leichte Sprache, the error state included, and the check-in list works by touch."""

import pytest

from participation import db
from participation.events import services
from tests.browser.conftest import assert_accessible
from tests.events.factories import make_event, person


@pytest.fixture
def event_id(live_app):
    """A walk of Aichtal with a waiting list, needs and someone to call."""
    with live_app.app_context():
        session = db.session()
        event = make_event(session, capacity=3, held_back=1,
                           texts={"ar": ("جولة في الحي", "نمشي معا")})
        for n, who in enumerate((person("Rolf Rad", needs=["wheelchair"]),
                                 person("Paul Paar"), person("Wanda Warte"))):
            services.sign_up(session, event.id, who, channel="online", submission_key=f"b{n}",
                             secret="s")
        db.commit()
        event.id  # noqa: B018 - loaded before the context ends
        return event.id


def log_in(page, base: str, lang: str) -> None:
    page.goto(f"{base}/{lang}/verwaltung/anmelden")
    page.fill("#email", "organisation@aichtal.demo.example")
    page.fill("#password", "demo-aichtal")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/verwaltung/")


@pytest.mark.parametrize("lang", ["de", "ar", "de-x-ls"])
def test_organiser_event_pages_are_accessible(live_server, new_page, event_id, lang):
    page = new_page("tablet")
    log_in(page, live_server.url, lang)
    base = f"{live_server.url}/{lang}/verwaltung/veranstaltungen"
    for path, label in (("", "list"), (f"/{event_id}", "edit"), ("/neu", "create"),
                        (f"/{event_id}/texte", "texts"), (f"/{event_id}/texte/ar", "text ar"),
                        (f"/{event_id}/wiederholen", "repeat"), (f"/{event_id}/absagen", "cancel"),
                        (f"/{event_id}/teilnehmende", "attendees"),
                        (f"/{event_id}/anmelden", "sign up"), (f"/{event_id}/einlass", "check-in"),
                        (f"/{event_id}/anrufen", "to call"),
                        (f"/{event_id}/vorschau/{lang}", "preview")):
        page.goto(base + path)
        assert_accessible(page, label)
    page.goto(f"{base}/neu")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state("load")
    for _ in range(30):  # autofocus lands just after load; CSP forbids polling by string
        if page.evaluate("document.activeElement.id") == "error-summary":
            break
        page.wait_for_timeout(100)
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator("#title").get_attribute("aria-invalid") == "true"
    assert_accessible(page, "create with errors")
    page.goto(f"{base}/{event_id}/teilnehmende")
    with page.expect_navigation():
        page.locator("main button[name=needs]").click()
    assert_accessible(page, "attendees with needs")


def test_check_in_by_touch(live_server, new_page, event_id):
    page = new_page("portrait")
    log_in(page, live_server.url, "de")
    page.goto(f"{live_server.url}/de/verwaltung/veranstaltungen/{event_id}/einlass")
    assert "0 von 2 Personen angekommen" in page.inner_text(".check-in-counts")
    button = page.locator(".check-in button").first
    box = button.bounding_box()
    assert box["height"] >= 64 and box["width"] >= 200
    with page.expect_navigation():
        button.tap()
    assert "1 von 2 Personen angekommen" in page.inner_text(".check-in-counts")
    assert_accessible(page, "check-in after a tap")
