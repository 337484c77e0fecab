"""The event pages not on the main journeys, in a real browser with axe, in German, Arabic
and Leichte Sprache: a full event without a waiting list, a cancelled one, the waiting-list
confirmation, a confirmation page whose code is gone, the answer a bot gets, and for
organisers the code of a sign-up taken by phone and the error states of repeat and texts."""

import pytest

from participation import db
from participation.events import services
from tests.browser.conftest import assert_accessible
from tests.browser.test_event_manage_pages import log_in
from tests.events.factories import make_event, person

LANGS = ["de", "ar", "de-x-ls"]


@pytest.fixture
def events(live_app):
    """A full event without waiting list, a cancelled one, and one with a waiting list."""
    with live_app.app_context():
        session = db.session()
        full = make_event(session, capacity=1, waiting_list=False, title="Voll")
        cancelled = make_event(session, title="Abgesagt", status="cancelled")
        waiting = make_event(session, capacity=1, title="Mit Warteliste")
        for number, event in enumerate((full, waiting)):
            services.sign_up(session, event.id, person(f"Erste {number}"), channel="online",
                             submission_key=f"first-{number}", secret="s")
        db.commit()
        return full.id, cancelled.id, waiting.id


def _press(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).tap()


@pytest.mark.parametrize("lang", LANGS)
def test_resident_notices_and_the_waiting_list_confirmation(live_server, new_page, events,
                                                            lang):
    full, cancelled, waiting = events
    page = new_page("tablet")
    base = f"{live_server.url}/{lang}/veranstaltung"
    for event_id, label in ((full, "full: notice"), (cancelled, "cancelled: notice")):
        assert page.goto(f"{base}/{event_id}/anmelden").status == 200
        assert page.locator("#name").count() == 0  # a notice, not the form
        assert_accessible(page, label)
    assert page.goto(f"{base}/{cancelled}").status == 200
    assert_accessible(page, "cancelled event page")
    assert page.goto(f"{base}/{waiting}/angemeldet").status == 200
    assert page.locator(".events-code").count() == 0
    assert_accessible(page, "confirmation without a code")
    page.goto(f"{base}/{waiting}/anmelden")
    page.fill("#name", "Wanda Warte")
    page.fill("#phone", "0711 555666")
    _press(page, "button[name=step]")
    _press(page, "button[value=confirm]")
    assert page.locator(".events-code").count() == 1
    assert_accessible(page, "waiting-list confirmation")
    # what a bot gets when it fills the field people never see
    page.goto(f"{base}/{waiting}/anmelden")
    page.fill("#name", "Bot")
    page.fill("#phone", "0711 000000")
    page.evaluate("document.querySelector('[name=website]').value = 'https://spam.example'")
    _press(page, "button[name=step]")
    assert page.locator("#name").count() == 0 and page.locator(".events-code").count() == 0
    assert_accessible(page, "the page a bot gets")


@pytest.mark.parametrize("lang", LANGS)
def test_organiser_code_page_and_error_states(live_server, new_page, events, lang):
    _full, _cancelled, waiting = events
    page = new_page("tablet")
    log_in(page, live_server.url, lang)
    base = f"{live_server.url}/{lang}/verwaltung/veranstaltungen/{waiting}"
    page.goto(f"{base}/anmelden")
    page.locator("label[for=channel-1]").tap()
    page.fill("#name", "Theo Telefon")
    page.fill("#phone", "0711 777888")
    _press(page, "main form[method=post] button[type=submit]")
    assert page.locator(".signup-code").count() == 1
    assert_accessible(page, "sign-up taken by phone, with its code")
    page.goto(f"{base}/wiederholen")
    page.fill("#count", "99")
    _press(page, "main form[method=post] button[type=submit]")
    assert page.locator("#error-summary").count() == 1
    assert_accessible(page, "repeat with errors")
    page.goto(f"{base}/texte/en")
    page.fill("#title", "<b>bold</b>")
    _press(page, "main form[method=post] button[type=submit]")
    assert page.locator("#error-summary").count() == 1
    assert_accessible(page, "texts with errors")
