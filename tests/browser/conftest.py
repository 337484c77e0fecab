"""Playwright driving Debian's Chromium (never a downloaded browser) with axe-core."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--no-sandbox"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "rules": {"color-contrast-enhanced": {"enabled": True}, "target-size": {"enabled": True}},
    "resultTypes": ["violations"],
}
VIEWPORTS = {"tablet": {"width": 1080, "height": 810}, "portrait": {"width": 810, "height": 1080},
             "phone": {"width": 320, "height": 640}}

_axe = Axe()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(viewport: str = "tablet"):
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale="de-DE",
                                      has_touch=True)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def assert_accessible(page, label: str) -> None:
    """axe-core: zero violations; and no horizontal scrolling (reflow at 320 px)."""
    # a click returns once the next page has started; judge it only with its styles applied
    page.wait_for_load_state("load")
    results = _axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{label} ({page.url})\n{results.generate_report()}"
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{label}: {overflow}px horizontal scrolling"
