"""The organisers' navigation: on every organiser page, the current place marked, with
"Abmelden"; never on resident pages or before logging in."""

import re

from tests.builder.test_builder import BASE, KOHLBERG, login


def _nav(page: str) -> list[tuple[str, bool]]:
    nav = page.split('<nav class="organiser-nav"', 1)[1].split("</nav>", 1)[0]
    return [(label, bool(current)) for current, label in re.findall(
        r'<a href="[^"]+"( aria-current="page")?>([^<]+)</a>', nav)]


def test_every_organiser_page_has_the_navigation_with_its_place_marked(client, session):
    assert "organiser-nav" not in client.get("/de/verwaltung/anmelden").get_data(as_text=True)
    login(client, KOHLBERG)
    places = ["Übersicht", "Fragebögen", "Papier und Verteilen", "Veranstaltungen",
              "Postausgang"]
    for path, current in (("/de/verwaltung/", "Übersicht"), (BASE, "Fragebögen"),
                          (f"{BASE}/neu", "Fragebögen"),
                          ("/de/verwaltung/papier", "Papier und Verteilen"),
                          ("/de/verwaltung/veranstaltungen", "Veranstaltungen"),
                          ("/de/verwaltung/post/", "Postausgang")):
        page = client.get(path).get_data(as_text=True)
        assert _nav(page) == [(place, place == current) for place in places], path
        assert 'aria-label="Verwaltung"' in page and ">Abmelden</button>" in page
    arabic = client.get("/ar/verwaltung/").get_data(as_text=True)
    assert "Übersicht" not in _nav(arabic)[0][0]  # in the interface's language
    # resident pages have none, even for a logged-in organiser
    assert "organiser-nav" not in client.get("/de/").get_data(as_text=True)
    assert "organiser-nav" not in client.get("/de/gemeinde/kohlberg").get_data(as_text=True)
