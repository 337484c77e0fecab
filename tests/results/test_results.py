"""Organiser results on SQLite and PostgreSQL: figures, disclosure, languages, tenants."""

import re
from html.parser import HTMLParser

from tests.factories import (
    add_response,
    demo_questionnaire,
    make_questionnaire,
    quartiere,
)

ADMIN = ("landkreis@demo.example", "demo-landkreis")
KOHLBERG = ("organisation@kohlberg.demo.example", "demo-kohlberg")
AICHTAL = ("organisation@aichtal.demo.example", "demo-aichtal")

SPEC = {
    "languages": ["de", "en"],
    "title": {"de": "Ergebnistest", "en": "Results test"},
    "questions": [
        {"key": "choice", "kind": "single_choice", "field": "housing",
         "text": {"de": "Welche Farbe?", "en": "Which colour?"},
         "options": [("a", {"de": "Rot", "en": "Red"}), ("b", {"de": "Grün", "en": "Green"}),
                     ("c", {"de": "Blau"})]},
        {"key": "rating", "kind": "scale", "field": "health",
         "text": {"de": "Wie zufrieden?"},
         "options": [(str(n), {"de": str(n)}) for n in range(1, 6)]},
        {"key": "ways", "kind": "multiple_choice", "field": "infrastructure", "required": False,
         "settings": {"other": True}, "text": {"de": "Was erreichen Sie?"},
         "options": [("x", {"de": "Bus"}), ("y", {"de": "Bank"}), ("z", {"de": "Arzt"})]},
        {"key": "people", "kind": "number", "field": "housing", "text": {"de": "Wie viele?"}},
        {"key": "free", "kind": "text", "required": False, "text": {"de": "Was noch?"}},
    ],
}

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{7*7}}",
    "</textarea><svg onload=alert(1)>",
    "'><script>alert(document.cookie)</script>",
    "<img src=x onerror=\"alert('XSS')\">",
    "<svg/onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">klick</a>',
    "${7*7}",
    "{% print 7*7 %}",
    "<body onload=alert(1)>",
    "<math><mtext></p><script>alert(1)</script>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<!--<script>alert(1)//-->",
    '"onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "<details open ontoggle=alert(1)>",
    "\u202egnp.exe<b>fett</b>",
    '=HYPERLINK("http://evil.example","klick")',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    "</td></tr></table><script>alert(1)</script>",
    "<style>*{display:none}</style>",
    "'; DROP TABLE responses; --",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "<base href=//evil.example/>",
]


NUMBERED = re.compile(r"(?<![^ ])\d+[a-z]?\. ")  # a question's number in a caption


class Page(HTMLParser):
    """Tables (caption → rows of cell texts), free-text cells, and every tag with attributes."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self.free_texts: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self._caption = self._cell = self._rows = None
        self._free = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "table":
            self._rows = []
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []
            self._free = "free-text" in (attributes.get("class") or "")

    def handle_endtag(self, tag):
        if tag == "caption":
            self._caption = " ".join("".join(self._caption).split())
        elif tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell)
            if self._free:
                self.free_texts.append(text)
            self._rows[-1].append(" ".join(text.replace("\xa0", " ").split()))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables[self._caption] = self._rows
            self._rows = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif isinstance(self._caption, list):
            self._caption.append(data)

    def table(self, starts: str) -> list[list[str]]:
        """The table whose caption starts with `starts`, before or after the question's
        number ("3. Wie viele?", "Freitext-Antworten: 5. Was noch?")."""
        return next(rows for caption, rows in self.tables.items()
                    if caption.startswith(starts) or NUMBERED.sub("", caption).startswith(starts))


def login(client, account):
    email, password = account
    response = client.post("/de/verwaltung/anmelden", data={"email": email, "password": password})
    assert response.status_code == 302


def seed(session):
    """Kohlberg: 12 responses in the old centre, 3 at the edge of the village.

    Centre: colour a 7, b 3, c 2; rating 5×5, 4×4, 3×3; ways x 10, y 7, other 1 of 11;
    people 1 (six times) and 2 (six times); free text 4 times; online 9, paper 3.
    Edge: colour a, rating 2, ways x, people 3, online, three times.
    """
    questionnaire = make_questionnaire(session, "kohlberg", SPEC)
    centre, edge = quartiere(session, "kohlberg")
    for i in range(12):
        ways = ["x", "y"] if i < 6 else ["x"] if i < 10 else ["y", "other"] if i == 10 else None
        add_response(session, questionnaire, centre, {
            "choice": "a" if i < 7 else "b" if i < 10 else "c",
            "rating": "5" if i < 5 else "4" if i < 9 else "3",
            "ways": ways, "ways__other": "Ein Café <i>am Markt</i>" if i == 10 else None,
            "people": 1 if i < 6 else 2,
            "free": "Eine Bank <b>am See</b>" if i < 4 else None,
        }, channel="online" if i < 9 else "paper")
    for _ in range(3):
        add_response(session, questionnaire, edge,
                     {"choice": "a", "rating": "2", "ways": ["x"], "people": 3})
    session.commit()
    return questionnaire


def publish_figures(client, questionnaire) -> None:
    """Make the due releases, as the button on the results page does (looking never does)."""
    response = client.post(f"/de/verwaltung/ergebnisse/{questionnaire.id}/veroeffentlichen")
    assert response.status_code == 302


def results_page(client, questionnaire, query="", lang="de") -> Page:
    response = client.get(f"/{lang}/verwaltung/ergebnisse/{questionnaire.id}{query}")
    assert response.status_code == 200
    return Page(response.get_data(as_text=True))


def test_municipal_organiser_sees_small_counts_suppressed(client, session):
    questionnaire = seed(session)
    login(client, KOHLBERG)
    before = client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}").get_data(as_text=True)
    assert "Neue Zahlen liegen bereit für: Ortskern." in before  # nothing published yet
    assert "Welche Farbe?" not in before
    publish_figures(client, questionnaire)
    page = results_page(client, questionnaire)
    # paper 3 is small; online 9 is its partner, else 12 - 9 would reveal it; the edge has
    # only 3 responses: a band, and no channels
    assert page.table("Antworten je Quartier und Weg") == [
        ["Quartier", "Online", "Mit Unterstützung", "Papier", "Insgesamt"],
        ["Ortskern", "·", "0", "< 5", "12"],
        ["Wohngebiete am Ortsrand", "–", "–", "–", "< 10"],
    ]
    # "all Quartiere" holds only Quartiere with at least 10 responses: here the centre.
    # Every table adds up to the 12 responses, "not answered" included; the partner of
    # the small cells is chosen by a hash of the option key, never by its size
    assert page.table("Welche Farbe?")[1:] == [
        ["Rot", "·", "–"], ["Grün", "< 5", "–"], ["Blau", "< 5", "–"],
        ["Nicht beantwortet", "0", "0 %"]]
    assert page.table("Wie zufrieden?")[1:] == [
        ["1", "0", "0 %"], ["2", "0", "0 %"], ["3", "< 5", "–"], ["4", "< 5", "–"],
        ["5", "·", "–"], ["Nicht beantwortet", "0", "0 %"], ["Mittelwert", "–", "–"]]
    # multiple choice: one line per option (chosen, not chosen); Bus was left out by 2
    assert page.table("Was erreichen Sie?")[1:] == [
        ["Bus", "·", "–"], ["Bank", "7", "58 %"], ["Arzt", "0", "0 %"],
        ["Sonstiges (bitte angeben)", "< 5", "–"]]
    assert page.table("Wie viele?")[1:] == [
        ["Beantwortet", "12", "100 %"], ["Nicht beantwortet", "0", "0 %"],
        ["Mittelwert", "1,5", "–"], ["Median", "1,5", "–"]]  # 1 six times, 2 six times
    assert page.table("Was noch?")[1:] == [
        ["Beantwortet", "< 5", "–"], ["Nicht beantwortet", "·", "–"]]
    html = client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}").get_data(as_text=True)
    assert "am See" not in html and "am Markt" not in html
    assert "Nicht enthalten sind Quartiere mit weniger als 10 Antworten: " \
           "Wohngebiete am Ortsrand." in html
    assert "Grundlage: 12 Antworten." in html
    assert 'lang="de"' not in html.split("<main")[1]  # German page: nothing falls back
    # the headings group the questions by field of action
    assert html.index("<h3>Wohnen</h3>") < html.index("Welche Farbe?") \
        < html.index("<h3>Infrastruktur</h3>") < html.index("<h3>Gesundheitliche Versorgung")
    assert html.index("<h3>Weitere Fragen</h3>") < html.index("Was noch?")


def test_a_small_quartier_gets_no_figures_of_its_own(client, session):
    questionnaire = seed(session)
    _centre, edge = quartiere(session, "kohlberg")
    login(client, KOHLBERG)
    html = client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}?quartier={edge.id}") \
        .get_data(as_text=True)
    assert "weil weniger als 10 Antworten vorliegen" in html
    assert "Welche Farbe?" not in html and "Grundlage:" not in html
    assert f'<option value="{edge.id}" selected>' in html


def test_district_admin_sees_raw_numbers_and_free_text(client, session):
    questionnaire = seed(session)
    login(client, ADMIN)
    page = results_page(client, questionnaire)
    assert page.table("Antworten je Quartier und Weg")[1:] == [
        ["Ortskern", "9", "0", "3", "12"], ["Wohngebiete am Ortsrand", "3", "0", "0", "3"],
        ["Alle Quartiere", "12", "0", "3", "15"]]
    assert page.table("Welche Farbe?")[1:] == [
        ["Rot", "10", "67 %"], ["Grün", "3", "20 %"], ["Blau", "2", "13 %"],
        ["Nicht beantwortet", "0", "0 %"]]
    assert page.table("Wie zufrieden?")[1:] == [
        ["1", "0", "0 %"], ["2", "3", "20 %"], ["3", "3", "20 %"], ["4", "4", "27 %"],
        ["5", "5", "33 %"], ["Nicht beantwortet", "0", "0 %"],
        ["Mittelwert", "3,7", "–"]]  # 56 / 15
    assert page.table("Was erreichen Sie?")[1:] == [
        ["Bus", "13", "87 %"], ["Bank", "7", "47 %"], ["Arzt", "0", "0 %"],
        ["Sonstiges (bitte angeben)", "1", "7 %"]]
    assert page.table("Wie viele?")[1:] == [
        ["Beantwortet", "15", "100 %"], ["Nicht beantwortet", "0", "0 %"],
        ["Mittelwert", "1,8", "–"], ["Median", "2", "–"]]  # 27 / 15; the 8th of 15
    assert page.table("Was noch?")[1:] == [
        ["Beantwortet", "4", "27 %"], ["Nicht beantwortet", "11", "73 %"]]
    assert page.table("Freitext-Antworten: Was noch?") == [
        ["Quartier", "Antwort"], *[["Ortskern", "Eine Bank <b>am See</b>"]] * 4]
    assert page.table("Angaben zu „Sonstiges“: Was erreichen Sie?") == [
        ["Quartier", "Antwort"], ["Ortskern", "Ein Café <i>am Markt</i>"]]
    html = client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}").get_data(as_text=True)
    assert "Eine Bank &lt;b&gt;am See&lt;/b&gt;" in html and "<b>am See" not in html
    assert 'dir="auto">Eine Bank' in html
    assert "weil die Kreisverwaltung Rohdaten einsehen darf" in html
    assert f"/de/verwaltung/ergebnisse/{questionnaire.id}/antworten.csv" in html
    # one Quartier: the same figures, for it alone
    _centre, edge = quartiere(session, "kohlberg")
    page = results_page(client, questionnaire, f"?quartier={edge.id}")
    assert page.table("Welche Farbe?")[1] == ["Rot", "3", "100 %"]
    assert page.table("Wie viele?")[-2:] == [["Mittelwert", "3,0", "–"], ["Median", "3", "–"]]
    assert page.table("Was noch?")[1] == ["Beantwortet", "0", "0 %"]


def test_secondary_suppression_spans_quartiere_and_their_sum(client, session):
    """Aich: a 6, b 4; Grötzingen: a 10. b in Aich is small, so a in Aich is hidden too
    (10 - 6 = 4). "All Quartiere" shows a count only where every Quartier shows it, so a
    and b are hidden there too (16 - 10 = 6 would give a in Aich away)."""
    questionnaire = make_questionnaire(session, "aichtal", SPEC)
    aich, groetzingen, _neuenhaus = quartiere(session, "aichtal")
    for choice in ["a"] * 6 + ["b"] * 4:
        add_response(session, questionnaire, aich, {"choice": choice, "rating": "3"})
    for _ in range(10):
        add_response(session, questionnaire, groetzingen, {"choice": "a", "rating": "3"})
    session.commit()
    login(client, AICHTAL)
    publish_figures(client, questionnaire)
    expected = {"": ["·", "·", "0", "0"], f"?quartier={aich.id}": ["·", "< 5", "0", "0"],
                f"?quartier={groetzingen.id}": ["10", "0", "0", "0"]}
    for query, counts in expected.items():
        page = results_page(client, questionnaire, query)
        rows = page.table("Welche Farbe?")[1:]
        assert [row[1] for row in rows] == counts, query


def test_results_are_in_the_page_language_with_german_fallback_marked(client, session):
    questionnaire = seed(session)
    login(client, ADMIN)
    html = client.get(f"/en/verwaltung/ergebnisse/{questionnaire.id}").get_data(as_text=True)
    assert "<span>Which colour?</span>" in html and "<span>Red</span>" in html
    assert '<span lang="de" dir="ltr">Blau</span>' in html
    assert '<span lang="de" dir="ltr">Wie zufrieden?</span>' in html
    arabic = client.get(f"/ar/verwaltung/ergebnisse/{questionnaire.id}").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<span lang="de" dir="ltr">Ergebnistest</span>' in arabic


def test_other_municipalities_and_strangers_get_nothing(app, client, session):
    questionnaire = seed(session)  # Kohlberg's
    base = f"/de/verwaltung/ergebnisse/{questionnaire.id}"
    urls = (base, f"{base}/antworten.csv", f"{base}/antworten.xlsx")
    for url in urls:
        assert client.get(url).status_code == 302  # not logged in: to the login page
    login(client, AICHTAL)
    for url in (*urls, "/de/verwaltung/ergebnisse/999999",
                "/de/verwaltung/ergebnisse/999999/antworten.csv"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Ortskern" not in response.get_data(as_text=True)
    dashboard = client.get("/de/verwaltung/").get_data(as_text=True)
    assert f'/verwaltung/ergebnisse/{demo_questionnaire(session, "aichtal").id}"' in dashboard
    assert f'/verwaltung/ergebnisse/{demo_questionnaire(session, "kohlberg").id}"' \
        not in dashboard
    assert "antworten.csv" not in dashboard  # no raw data for a municipal organiser

    own = app.test_client()
    login(own, KOHLBERG)
    assert own.get(base).status_code == 200
    assert client.post(f"{base}/veroeffentlichen").status_code == 404  # not Aichtal's
    publish_figures(own, questionnaire)
    for url in urls[1:]:
        assert own.get(url).status_code == 403, url
    # a Quartier of another municipality is no filter: the page shows its own Quartiere
    aich = quartiere(session, "aichtal")[0]
    page = own.get(f"{base}?quartier={aich.id}").get_data(as_text=True)
    assert "Grundlage: 12 Antworten." in page and "Aich<" not in page


def test_dashboard_links_every_open_questionnaire_for_the_district_admin(client, session):
    login(client, ADMIN)
    page = client.get("/de/verwaltung/").get_data(as_text=True)
    for slug in ("aichtal", "kohlberg", "wendlingen"):
        questionnaire_id = demo_questionnaire(session, slug).id
        for suffix in ("", "/antworten.csv", "/antworten.xlsx"):
            assert f'href="/de/verwaltung/ergebnisse/{questionnaire_id}{suffix}"' in page
