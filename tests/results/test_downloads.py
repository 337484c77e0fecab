"""Raw-data downloads (CSV, XLSX) on SQLite and PostgreSQL: one row per response with stable
keys, formulas neutralised (also where German Excel splits a cell on ";"), and the XSS corpus
escaped on the page but verbatim in files."""

import csv
import io

import pytest
from markupsafe import escape

from participation.results.exports import FORMULA_TRIGGERS, neutralise, neutralise_csv
from tests.factories import add_response, make_questionnaire, quartiere
from tests.results.test_results import ADMIN, AICHTAL, SPEC, XSS, Page, login, seed
from tests.xlsx import read_xlsx, unescape_xlsx


def _csv_text(client, questionnaire) -> str:
    response = client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}/antworten.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # charset once
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return text[1:]


def _csv_rows(client, questionnaire, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(_csv_text(client, questionnaire), newline=""),
                           delimiter=delimiter))


def _xlsx(client, questionnaire):
    response = client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}/antworten.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return read_xlsx(response.get_data())


def test_exports_hold_one_row_per_response_with_stable_keys(client, session):
    questionnaire = seed(session)
    login(client, ADMIN)
    rows = _csv_rows(client, questionnaire)
    keys = ["response_id", "quartier", "channel", "sheet_number", "language", "submitted_on",
            "choice", "choice__label", "rating", "rating__label", "ways.x", "ways.y", "ways.z",
            "ways.other", "ways__other", "people", "free"]
    assert rows[0] == keys
    assert len(rows) == 16
    assert rows[1][1:5] == ["Ortskern", "online", "", "de"]
    assert rows[1][6:] == ["a", "Rot", "5", "5", "1", "1", "0", "0", "", "1",
                           "Eine Bank <b>am See</b>"]
    assert rows[11][6:] == ["c", "Blau", "3", "3", "0", "1", "0", "1",
                            "Ein Café <i>am Markt</i>", "2", ""]
    assert rows[12][6:] == ["c", "Blau", "3", "3", "", "", "", "", "", "2", ""]
    assert rows[15][1:3] == ["Wohngebiete am Ortsrand", "online"]
    assert [int(row[0]) for row in rows[1:]] == sorted(int(row[0]) for row in rows[1:])

    sheets = _xlsx(client, questionnaire)
    answers = sheets["Antworten"]
    assert [cell.value for cell in answers[0]] == keys
    assert [cell.value for cell in answers[1]] == [
        "Antwort-Nr.", "Quartier", "Weg", "Bogennummer", "Sprache", "Eingangstag",
        "1. Welche Farbe?", "1. Welche Farbe?", "2. Wie zufrieden?", "2. Wie zufrieden?",
        "3. Was erreichen Sie? – Bus", "3. Was erreichen Sie? – Bank",
        "3. Was erreichen Sie? – Arzt", "3. Was erreichen Sie? – Sonstiges (bitte angeben)",
        "3. Was erreichen Sie? – Sonstiges (bitte angeben)", "4. Wie viele?", "5. Was noch?"]
    first = answers[2]
    # id, day, scale, the ticks and the number are numbers
    assert [first[i].kind for i in (0, 5, 8, 10, 11, 15)] == ["n"] * 6
    assert [first[i].value for i in (8, 10, 12, 15)] == ["5", "1", "0", "1"]
    assert [first[i].value for i in (1, 6, 7, 16)] == [
        "Ortskern", "a", "Rot", "Eine Bank <b>am See</b>"]
    assert len(answers) == 17
    codebook = sheets["Codebuch"]
    assert ["choice", "1. Welche Farbe?", "c", "Blau"] in [[c.value for c in r] for r in codebook]
    assert ["ways", "3. Was erreichen Sie?", "other", "Sonstiges (bitte angeben)"] in [
        [c.value for c in r] for r in codebook]


def test_exports_neutralise_formulas(client, session):
    questionnaire = make_questionnaire(session, "kohlberg", SPEC)
    centre = quartiere(session, "kohlberg")[0]
    formulas = ["=1+1", "+49 711", "-5", "@SUM(A1)", "\t=1+1", "\r=1+1"]
    for text in formulas:
        add_response(session, questionnaire, centre, {"choice": "a", "rating": "1",
                                                      "people": 1, "free": text})
    session.commit()
    login(client, ADMIN)
    rows = _csv_rows(client, questionnaire)
    # a tab or line break also starts a cell in some readers: what follows it is guarded too
    assert [row[-1] for row in rows[1:]] == [
        "'=1+1", "'+49 711", "'-5", "'@SUM(A1)", "'\t'=1+1", "'\r'=1+1"]
    answers = _xlsx(client, questionnaire)["Antworten"]
    cells = [row[16] for row in answers[2:]]
    assert [unescape_xlsx(cell.value) for cell in cells] == ["'" + text for text in formulas]
    assert all(cell.kind == "s" and not cell.formula for cell in cells)


SPLIT_FORMULAS = [
    "x;=1+1", "Bank;+49 711", "a;-5", "b;@SUM(A1)", 'x;"=1+1"', "c;\t=1", "a,=1+1",
    "a\t=1+1", "Zeile\n=1+1", "Zeile\r\n+1", 'x;=HYPERLINK("http://evil.example";"klick")',
]


def test_csv_pieces_after_a_separator_never_start_a_formula(client, session):
    """German Excel opens a .csv with ";" as the separator and honours a double quote only at
    the start of a cell: `x;=1+1` must not become the formula cell `=1+1`."""
    questionnaire = make_questionnaire(session, "kohlberg", SPEC)
    centre = quartiere(session, "kohlberg")[0]
    for text in SPLIT_FORMULAS:
        add_response(session, questionnaire, centre, {"choice": "a", "rating": "1",
                                                      "people": 1, "free": text})
    session.commit()
    login(client, ADMIN)
    for delimiter in (";", ",", "\t"):  # German Excel, RFC 4180, a tab-separated import
        for row in _csv_rows(client, questionnaire, delimiter):
            for cell in row:
                assert not cell.lstrip('"').startswith(FORMULA_TRIGGERS), (delimiter, cell)
    rows = _csv_rows(client, questionnaire)
    assert [row[-1] for row in rows[1:]] == [neutralise_csv(text) for text in SPLIT_FORMULAS]
    assert rows[1][-1] == "x;'=1+1" and rows[5][-1] == "x;'\"=1+1\""
    assert rows[9][-1] == "Zeile\n'=1+1"
    # one cell per text for a reader that splits on ";" too, as German Excel's import does
    raw = _csv_text(client, questionnaire)
    assert '"x;\'=1+1"' in raw and '"Bank;\'+49 711"' in raw


XSS_SPEC = {
    "languages": ["de"],
    "title": {"de": "Texte"},
    "questions": [
        {"key": "where", "kind": "single_choice", "settings": {"other": True},
         "text": {"de": "Wo?"}, "options": [("home", {"de": "Zu Hause"})]},
        {"key": "name", "kind": "short_text", "text": {"de": "Wie heißt Ihr Treffpunkt?"}},
        {"key": "wish", "kind": "text", "text": {"de": "Was wünschen Sie sich?"}},
    ],
}
TEXT_COLUMNS = ("where__other", "name", "wish")


def _submit_through_the_journey(app, questionnaire, quartier, text):
    """Every field a resident can type into: "other (please specify)", short and long text."""
    resident = app.test_client()
    base = f"/de/umfrage/{questionnaire.id}"
    pages = [("quartier", {"answer": str(quartier.id)}),
             ("frage/1", {"answer": "other", "answer_other": text}),
             ("frage/2", {"answer": text}), ("frage/3", {"answer": text})]
    for path, data in pages:
        response = resident.post(f"{base}/{path}", data=data)
        assert response.status_code == 302, (path, text, response.data[-2000:])
    assert resident.post(f"{base}/pruefen").status_code == 302


@pytest.fixture
def hostile_answers(app, session):
    """The XSS corpus typed by residents into an open questionnaire of Aichtal."""
    questionnaire = make_questionnaire(session, "aichtal", XSS_SPEC, status="open")
    session.commit()
    try:
        for payload in XSS:
            _submit_through_the_journey(app, questionnaire, quartiere(session, "aichtal")[0],
                                        payload)
    finally:
        questionnaire.status = "closed"  # other tests count the open questionnaires
        session.commit()
    return questionnaire


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_xss_corpus_is_escaped_on_the_page_and_verbatim_in_the_exports(client, hostile_answers,
                                                                       lang):
    questionnaire = hostile_answers
    login(client, ADMIN)
    response = client.get(f"/{lang}/verwaltung/ergebnisse/{questionnaire.id}")
    html = response.get_data(as_text=True)
    page = Page(html)
    # every payload arrives as text, unchanged, once per text field
    assert sorted(page.free_texts) == sorted(XSS * 3)
    for payload in XSS:
        assert str(escape(payload)) in html
        if "<" in payload:  # would open a tag if it were not escaped
            assert payload not in html, payload
    for tag, attributes in page.tags:
        assert tag not in ("script", "iframe", "object", "svg", "img", "base", "style"), tag
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
        for name in ("href", "src", "action"):
            assert not (attributes.get(name) or "").startswith("javascript:"), attributes
    assert "49" not in " ".join(page.free_texts)  # {{7*7}} and ${7*7} are never evaluated

    expected = sorted(neutralise(payload) for payload in XSS)
    assert expected.count("'-2+3+cmd|' /C calc'!A0") == 1
    rows = _csv_rows(client, questionnaire)
    sheet = _xlsx(client, questionnaire)["Antworten"]
    assert len(rows) == len(sheet) - 1 == len(XSS) + 1
    in_csv = sorted(neutralise_csv(payload) for payload in XSS)
    for key in TEXT_COLUMNS:
        column = rows[0].index(key)
        assert sorted(row[column] for row in rows[1:]) == in_csv, key
        cells = [row[column] for row in sheet[2:]]
        assert sorted(cell.value for cell in cells) == expected, key
        assert all(cell.kind == "s" and not cell.formula for cell in cells)

    organiser = client.application.test_client()
    login(organiser, AICHTAL)
    html = organiser.get(f"/{lang}/verwaltung/ergebnisse/{questionnaire.id}").get_data(
        as_text=True)
    assert "alert" not in html and "calc" not in html  # only the count, never the text
