"""The resident event pages in a real browser, by touch and by keyboard: axe finds nothing
on any of them, error states included, in German, Arabic and Leichte Sprache."""

import re

import pytest
from sqlalchemy import func, select

from participation.events.models import SIGNUP_CANCELLED, SignUp
from tests.browser.conftest import assert_accessible
from tests.events.factories import make_event


def _submit(page, act) -> None:
    """Tap or press, then wait for the next page (not the one being left)."""
    with page.expect_navigation():
        act()


@pytest.mark.parametrize(("lang", "viewport"), [
    ("de", "tablet"), ("de", "phone"), ("ar", "tablet"), ("de-x-ls", "portrait")])
def test_find_sign_up_with_a_phone_number_and_cancel_with_the_code(
        live_server, session, new_page, lang, viewport):
    event = make_event(session, title="Spaziergang am Bach", walk_distance_km=2.5,
                       walk_pace="slow", hearing_loop=True, held_back=2,
                       map_url="https://www.openstreetmap.org/")
    page = new_page(viewport)
    base = f"{live_server.url}/{lang}"
    page.goto(f"{base}/veranstaltungen")
    assert_accessible(page, "all events")
    page.goto(f"{base}/gemeinde/aichtal/veranstaltungen")
    assert_accessible(page, "events of a municipality")
    _submit(page, page.locator(f'a[href$="/veranstaltung/{event.id}"]').tap)
    assert_accessible(page, "event")
    _submit(page, page.locator(f'a[href$="/veranstaltung/{event.id}/anmelden"]').tap)
    assert_accessible(page, "sign-up form")

    _submit(page, page.locator("button[name=step]").tap)  # nothing filled in
    page.wait_for_function("document.activeElement && document.activeElement.id === "
                           "'error-summary'", timeout=3000)
    assert_accessible(page, "sign-up form with errors")
    page.fill("#name", "Erika Muster")
    page.fill("#phone", "0711 987654")
    page.locator("label[for=needs-2]").tap()  # ticked, but no consent
    _submit(page, page.locator("button[name=step]").tap)
    assert page.locator("#error-summary a[href='#consent-1']").count() == 1
    assert page.input_value("#name") == "Erika Muster"
    page.locator("label[for=consent-1]").tap()
    page.locator("label[for=people-2]").tap()
    _submit(page, page.locator("button[name=step]").tap)
    assert_accessible(page, "check the answers")
    _submit(page, page.locator("button[value=confirm]").tap)
    assert_accessible(page, "confirmation")
    code = page.locator(".events-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4} [A-Z0-9]{4} [A-Z0-9]{4}", code)

    page.goto(f"{base}/meine-anmeldung")
    assert_accessible(page, "code form")
    page.fill("#code", "ACD2 F4GH 7KMN")
    _submit(page, lambda: page.keyboard.press("Enter"))
    assert_accessible(page, "wrong code")
    page.fill("#code", code)
    _submit(page, lambda: page.keyboard.press("Enter"))
    assert_accessible(page, "the stored sign-up")
    assert page.locator("text=Erika Muster").count() >= 1
    _submit(page, page.locator("form[action$='/meine-anmeldung/absagen'] button").tap)
    assert_accessible(page, "cancelled")
    session.rollback()
    assert session.scalar(select(func.count(SignUp.id)).where(
        SignUp.status == SIGNUP_CANCELLED, SignUp.name.is_(None))) == 1
    # the tapped choice arrived: two people (the count stays after the erasure)
    assert session.scalar(select(SignUp.people).where(SignUp.event_id == event.id)) == 2


def test_the_whole_sign_up_works_by_keyboard(live_server, session, new_page):
    event = make_event(session, title="Bürgercafé", format="cafe")
    page = new_page("tablet")
    page.goto(f"{live_server.url}/de/veranstaltung/{event.id}/anmelden")
    page.focus("#name")
    page.keyboard.type("Erika Muster")
    page.keyboard.press("Tab")
    page.keyboard.type("0711 987654")
    _submit(page, lambda: page.keyboard.press("Enter"))  # submits with "Weiter"
    page.focus("button[value=confirm]")
    _submit(page, lambda: page.keyboard.press("Enter"))
    assert page.locator(".events-code").count() == 1
    session.rollback()
    assert session.scalar(select(SignUp.name)) == "Erika Muster"
