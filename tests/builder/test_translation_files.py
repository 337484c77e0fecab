"""Translations as files (builder/translation_files.py): XLSX and PO round trips through the
real app, formula-looking texts, stale and unknown lines, the pages, tenants and CSRF.
Files that are refused whole: test_translation_file_refusals.py."""

import io
import zipfile

import openpyxl
from babel.messages.pofile import read_po, write_po
from sqlalchemy import select

from participation.accounts.models import Organiser
from participation.builder.translation_files import text_units
from participation.surveys.coverage import coverage
from participation.surveys.models import ContentChange, Question
from tests.builder.option_form import option_fields
from tests.builder.translation_file_helpers import (  # noqa: F401 (fixtures)
    AICHTAL,
    BASE,
    IDS,
    KOHLBERG,
    STALE,
    _forget_new_questionnaires,
    changes,
    download,
    fill_po,
    fill_xlsx,
    fresh,
    login,
    page_text,
    questionnaire_id_fixture,
    stored,
    turkish,
    upload,
)
from tests.factories import make_questionnaire

# --- round trips ------------------------------------------------------------------------------


def test_xlsx_round_trip_offers_turkish_to_residents(client, session, questionnaire_id):
    login(client)
    version, recorded = fresh(session, questionnaire_id).version, changes(session,
                                                                          questionnaire_id)
    raw = download(client, f"{BASE}/{questionnaire_id}/uebersetzungen/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(raw)).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["ID", "Art", "de", "tr", "de-x-ls"]
    assert [row[0] for row in rows[1:]] == IDS
    assert rows[2][1:3] == ["Einleitung", "Zeile eins\nZeile zwei"]
    assert rows[4][1] == "Frage 1: Hinweis" and rows[5][1] == "Frage 1: Antwort 1"
    assert all(row[3] is None and row[4] is None for row in rows[1:])

    response = upload(client, questionnaire_id, fill_xlsx(raw, "tr", turkish))
    assert response.status_code == 200
    report = page_text(response)
    assert "Die Datei wurde übernommen" in report
    assert "Türkisch: 9 Texte übernommen" in report
    assert "Zeile wurde übersprungen" not in report and "Zeilen wurden" not in report
    assert "Türkisch: 9 von 9 Texten übersetzt" in report

    assert stored(session, questionnaire_id, "tr") == {
        unit_id: f"TR {german}" for unit_id, german in zip(IDS, (
            "Leben am Marktplatz", "Zeile eins\nZeile zwei", "Wie wohnen Sie?",
            "Bitte eine Antwort.", "Zur Miete", "=1+2 (keine Formel)", "-5 Grad oder kälter",
            "@Marktplatz: Wie gut gefällt er Ihnen?", "+ Was noch?"), strict=True)}
    questionnaire = fresh(session, questionnaire_id)
    assert coverage(questionnaire, "tr").complete
    assert questionnaire.version == version + 1
    assert changes(session, questionnaire_id) == recorded + 1
    last = session.scalar(select(ContentChange.summary).where(
        ContentChange.questionnaire_id == questionnaire_id).order_by(ContentChange.id.desc()))
    assert last == "Übersetzung Türkisch aus einer Datei: 9 Texte geändert"

    resident = client.application.test_client()
    start = resident.get(f"/tr/umfrage/{questionnaire_id}").get_data(as_text=True)
    assert "TR Leben am Marktplatz" in start

    again = upload(client, questionnaire_id, fill_xlsx(raw, "tr", turkish))
    assert "Türkisch: 0 Texte übernommen" in page_text(again)
    assert changes(session, questionnaire_id) == recorded + 1


def test_po_round_trip(client, session, questionnaire_id):
    login(client)
    raw = download(client, f"{BASE}/{questionnaire_id}/uebersetzungen/tr/export.po")
    catalog = read_po(io.BytesIO(raw))
    assert catalog.locale_identifier == "tr"
    entries = {m.context: (m.id, m.string) for m in catalog if m.id}
    assert list(entries) == IDS
    assert entries["intro"] == ("Zeile eins\nZeile zwei", "")
    assert not any("python-format" in m.flags for m in catalog)

    response = upload(client, questionnaire_id, fill_po(raw, turkish), "tr.po")
    assert response.status_code == 200
    assert "Türkisch: 9 Texte übernommen" in page_text(response)
    assert stored(session, questionnaire_id, "tr")["o:wohnen:formel"] == "TR =1+2 (keine Formel)"

    exported = read_po(io.BytesIO(download(
        client, f"{BASE}/{questionnaire_id}/uebersetzungen/tr/export.po")))
    assert {m.context: m.string for m in exported if m.id}["intro"] == "TR Zeile eins\nZeile zwei"


def test_formula_looking_texts_survive_the_round_trip_unchanged(client, session,
                                                                 questionnaire_id):
    hostile = {"o:wohnen:formel": "=HYPERLINK(\"http://x.example\";\"klick\")",
               "o:wohnen:minus": "-5 °C", "q:note:text": "@SUM(A1)", "q:frei:text": "+49 711"}
    login(client)
    raw = download(client, f"{BASE}/{questionnaire_id}/uebersetzungen/export.xlsx?sprache=tr")
    filled = fill_xlsx(raw, "tr", lambda unit_id, _german: hostile.get(unit_id))
    assert "Türkisch: 4 Texte übernommen" in page_text(upload(client, questionnaire_id, filled))
    assert {k: v for k, v in stored(session, questionnaire_id, "tr").items()
            if k in hostile} == hostile

    exported = download(client, f"{BASE}/{questionnaire_id}/uebersetzungen/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(exported)).worksheets[0]
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for unit_id, text in hostile.items():
        cell = cells[unit_id][3]
        assert (cell.value, cell.data_type) == (text, "s")  # text, never a formula
        assert cell.quotePrefix  # shown and edited as text
    assert (cells["o:wohnen:formel"][2].value, cells["o:wohnen:formel"][2].data_type) == (
        "=1+2 (keine Formel)", "s")
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()

    recorded = changes(session, questionnaire_id)
    again = upload(client, questionnaire_id, exported)
    assert "Türkisch: 0 Texte übernommen" in page_text(again)
    po = download(client, f"{BASE}/{questionnaire_id}/uebersetzungen/tr/export.po")
    assert "Türkisch: 0 Texte übernommen" in page_text(upload(client, questionnaire_id, po,
                                                              "tr.po"))
    assert changes(session, questionnaire_id) == recorded


def test_the_sheet_is_made_for_a_volunteer(client, questionnaire_id):
    login(client)
    raw = download(client, f"{BASE}/{questionnaire_id}/uebersetzungen/export.xlsx?sprache=tr")
    sheet = openpyxl.load_workbook(io.BytesIO(raw)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == ["ID", "Art", "de", "tr"]
    assert sheet.freeze_panes == "A2"
    assert sheet.protection.sheet and not sheet.protection.password
    german, translation = sheet.cell(2, 3), sheet.cell(2, 4)
    assert german.protection.locked and not translation.protection.locked
    assert german.alignment.wrap_text and translation.alignment.wrap_text
    assert sheet.column_dimensions["C"].width >= 60
    assert sheet.column_dimensions["D"].width >= 60
    assert sheet.cell(1, 1).font.bold
    limits = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert "500" in limits.values() and "300" in limits.values()


def test_leichte_sprache_as_xlsx_column_and_po(client, session, questionnaire_id):
    login(client)
    raw = download(client, f"{BASE}/{questionnaire_id}/uebersetzungen/export.xlsx")
    easy = fill_xlsx(raw, "de-x-ls", lambda _id, german: f"LS {german}")
    response = upload(client, questionnaire_id, easy)
    assert "Leichte Sprache: 9 Texte übernommen" in page_text(response)
    assert stored(session, questionnaire_id, "de-x-ls")["title"] == "LS Leben am Marktplatz"
    assert stored(session, questionnaire_id, "tr") == {}
    start = client.application.test_client().get(f"/de-x-ls/umfrage/{questionnaire_id}")
    assert "LS Leben am Marktplatz" in start.get_data(as_text=True)

    po = download(client, f"{BASE}/{questionnaire_id}/uebersetzungen/de-x-ls/export.po")
    assert read_po(io.BytesIO(po)).locale_identifier == "de@ls"
    for header in ("de@ls", "de_x_ls", "de-x-ls"):
        filled = fill_po(po, lambda _id, german, h=header: f"{h} {german}", language=header)
        assert "Leichte Sprache: 9 Texte übernommen" in page_text(
            upload(client, questionnaire_id, filled, "ls.po"))
    assert stored(session, questionnaire_id, "de-x-ls")["title"] == "de-x-ls Leben am Marktplatz"


# --- lines that are skipped -------------------------------------------------------------------


def test_a_changed_german_text_skips_its_line_and_the_rest_is_taken(client, session,
                                                                    questionnaire_id):
    login(client)
    raw = download(client, f"{BASE}/{questionnaire_id}/uebersetzungen/export.xlsx")
    question = session.scalar(select(Question).where(
        Question.questionnaire_id == questionnaire_id, Question.key == "wohnen"))
    edited = client.post(f"{BASE}/{questionnaire_id}/fragen/{question.id}", data={
        "text": "Wie wohnen Sie heute?", "hint": "Bitte eine Antwort.",
        **option_fields(("miete", "Zur Miete"), ("formel", "=1+2 (keine Formel)"),
                        ("minus", "-5 Grad oder kälter")),
        "field_of_action": "housing"})
    assert edited.status_code == 302, edited.get_data(as_text=True)

    report = page_text(upload(client, questionnaire_id, fill_xlsx(raw, "tr", turkish)))
    assert "Türkisch: 7 Texte übernommen" in report
    assert "Leichte Sprache: 0 Texte" not in report  # its column was empty
    assert "2 Zeilen wurden übersprungen:" in report
    assert f"Zeile 4 (q:wohnen:text): {STALE}" in report
    # its hint waits for the question, as in the on-screen editor
    assert "Zeile 5 (q:wohnen:hint): Türkisch: Ein Hinweis oder eine Einleitung" in report
    texts = stored(session, questionnaire_id, "tr")
    assert "q:wohnen:text" not in texts and "q:wohnen:hint" not in texts
    assert texts["o:wohnen:miete"] == "TR Zur Miete"


def test_unknown_ids_and_a_hint_without_its_question_are_reported(client, session,
                                                                  questionnaire_id):
    login(client)
    raw = download(client, f"{BASE}/{questionnaire_id}/uebersetzungen/tr/export.po")

    def fill(unit_id, german):
        return None if unit_id == "q:wohnen:text" else f"TR {german}"

    catalog = read_po(io.BytesIO(fill_po(raw, fill)))
    catalog.add("Gibt es nicht", "Yok", context="q:gibtsnicht:text")
    catalog.add("Ohne ID", "Kimliksiz")
    output = io.BytesIO()
    write_po(output, catalog)
    report = page_text(upload(client, questionnaire_id, output.getvalue(), "tr.po"))
    assert "Türkisch: 7 Texte übernommen" in report
    assert "3 Zeilen wurden übersprungen:" in report
    assert "(q:gibtsnicht:text): Diesen Text gibt es im Fragebogen nicht (mehr)." in report
    assert ": Die Zeile hat keine ID." in report
    assert "(q:wohnen:hint): Türkisch: Ein Hinweis oder eine Einleitung wird erst übernommen" \
        in report
    assert "q:wohnen:hint" not in stored(session, questionnaire_id, "tr")


def test_empty_cells_keep_what_is_stored(client, session, questionnaire_id):
    login(client)
    raw = download(client, f"{BASE}/{questionnaire_id}/uebersetzungen/export.xlsx")
    upload(client, questionnaire_id, fill_xlsx(raw, "tr", turkish))
    partial = fill_xlsx(raw, "tr", lambda unit_id, g: "Yeni başlık" if unit_id == "title" else None)
    assert "Türkisch: 1 Text übernommen" in page_text(upload(client, questionnaire_id, partial))
    texts = stored(session, questionnaire_id, "tr")
    assert texts["title"] == "Yeni başlık" and texts["q:frei:text"] == "TR + Was noch?"
    assert len(texts) == len(IDS)



# --- pages, tenants, CSRF ---------------------------------------------------------------------


def test_the_pages_link_the_files_and_label_the_upload(client, questionnaire_id):
    login(client)
    page = client.get(f"{BASE}/{questionnaire_id}/uebersetzungen").get_data(as_text=True)
    assert f'href="{BASE}/{questionnaire_id}/uebersetzungen/export.xlsx"' in page
    assert f'href="{BASE}/{questionnaire_id}/uebersetzungen/tr/export.po"' in page
    assert f'href="{BASE}/{questionnaire_id}/uebersetzungen/export.xlsx?sprache=de-x-ls"' in page
    assert 'enctype="multipart/form-data"' in page and 'name="csrf_token"' in page
    assert '<label class="label" for="datei">' in page
    assert 'type="file" accept=".xlsx,.po' in page
    one = client.get(f"{BASE}/{questionnaire_id}/uebersetzungen/tr").get_data(as_text=True)
    assert "Als Excel-Datei herunterladen" in one and "Als PO-Datei herunterladen" in one
    assert f'href="{BASE}/{questionnaire_id}/uebersetzungen/export.xlsx?sprache=tr"' in one
    not_chosen = client.get(f"{BASE}/{questionnaire_id}/uebersetzungen/en")
    assert "Als PO-Datei herunterladen" not in not_chosen.get_data(as_text=True)
    assert client.get(f"{BASE}/{questionnaire_id}/uebersetzungen/en/export.po").status_code == 404
    assert client.get(f"{BASE}/{questionnaire_id}/uebersetzungen/export.xlsx?sprache=en"
                      ).status_code == 404
    assert client.get(f"{BASE}/{questionnaire_id}/uebersetzungen/de/export.po").status_code == 404


def test_another_municipality_gets_404(client, session, questionnaire_id):
    paths = (f"{BASE}/{questionnaire_id}/uebersetzungen/export.xlsx",
             f"{BASE}/{questionnaire_id}/uebersetzungen/tr/export.po")
    assert client.get(paths[0]).status_code == 302  # to the login page
    login(client)
    po = download(client, paths[1])
    other = client.application.test_client()
    login(other, AICHTAL)
    assert [other.get(path).status_code for path in paths] == [404, 404]
    before = changes(session, questionnaire_id)
    assert upload(other, questionnaire_id, fill_po(po, turkish), "tr.po").status_code == 404
    assert changes(session, questionnaire_id) == before
    assert stored(session, questionnaire_id, "tr") == {}


def test_an_upload_without_csrf_token_is_refused(database_url, tmp_path, client, session,
                                                 questionnaire_id):
    from tests.conftest import make_test_app

    login(client)
    po = fill_po(download(client, f"{BASE}/{questionnaire_id}/uebersetzungen/tr/export.po"),
                 turkish)
    organiser = session.scalar(select(Organiser).where(Organiser.email == KOHLBERG[0]))
    csrf_client = make_test_app(database_url, tmp_path, WTF_CSRF_ENABLED=True).test_client()
    with csrf_client.session_transaction() as browser_session:
        browser_session["organiser_id"] = organiser.id
        browser_session["organiser_session_version"] = organiser.session_version
    assert csrf_client.get(f"{BASE}/{questionnaire_id}/uebersetzungen").status_code == 200
    response = upload(csrf_client, questionnaire_id, po, "tr.po")
    assert response.status_code == 400
    assert "zu lange geöffnet" in response.get_data(as_text=True)
    assert stored(session, questionnaire_id, "tr") == {}


def test_a_section_is_translated_like_a_question(session):
    spec = {"languages": ["de", "tr"], "title": {"de": "Mit Abschnitt"}, "questions": [
        {"key": "teil_eins", "kind": "section", "text": {"de": "Wohnen"},
         "hint": {"de": "Zuerst zum Wohnen."}},
        {"key": "zimmer", "kind": "number", "text": {"de": "Wie viele Zimmer?"}}]}
    units = text_units(make_questionnaire(session, "kohlberg", spec=spec))
    assert [(u.id, u.label, u.one_line) for u in units] == [
        ("title", "Titel", True),
        ("q:teil_eins:text", "Abschnitt 1: Überschrift", True),
        ("q:teil_eins:hint", "Abschnitt 1: Einleitung", False),
        ("q:zimmer:text", "Frage 2: Fragetext", False)]
    session.rollback()
