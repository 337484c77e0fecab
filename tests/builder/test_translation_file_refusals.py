"""Translation files that are refused whole, and change nothing: hostile archives, broken
or foreign files, texts that break the plain-text rules, languages the questionnaire lacks."""

import io
import zipfile

import openpyxl
import pytest

from tests.builder.translation_file_helpers import (  # noqa: F401 (fixtures)
    BASE,
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


def _po_with_language(client, questionnaire_id, language: str) -> bytes:
    raw = download(client, f"{BASE}/{questionnaire_id}/uebersetzungen/tr/export.po")
    return fill_po(raw, turkish, language=language)


def _with_member(raw: bytes, name: str, content: bytes) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(
            output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item))
        target.writestr(name, content)
    return output.getvalue()


def _zip_bomb(raw: bytes) -> bytes:
    return _with_member(raw, "xl/media/bomb.xml", b" " * (20 * 1024 * 1024))


def _lying_zip(raw: bytes) -> bytes:
    """A member that declares 1000 bytes and unpacks to 20 MB."""
    bomb = bytearray(_with_member(raw, "xl/worksheets/sheet2.xml", b" " * (20 * 1024 * 1024)))
    name = b"xl/worksheets/sheet2.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := bomb.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if bomb[name_at:name_at + len(name)] == name:
                bomb[start + size_at:start + size_at + 4] = (1000).to_bytes(4, "little")
            start += 4
    return bytes(bomb)


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
          b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          b"<si><t>&lol2;</t></si></sst>")


def _cell(unit_id: str, text: str):
    return lambda found, german: text if found == unit_id else f"TR {german}"


HOSTILE_XLSX = {
    "zip bomb": (_zip_bomb, "Die Datei ist entpackt zu groß."),
    "zip that lies about its size": (_lying_zip, "keine lesbare Excel-Datei"),
    "entity expansion": (lambda raw: _with_member(raw, "xl/sharedStrings.xml", LAUGHS),
                         "keine lesbare Excel-Datei"),
    "zip without a workbook": (lambda raw: _with_member(b"PK\x05\x06" + b"\0" * 18, "a.txt",
                                                        b"Hallo"),
                               "keine lesbare Excel-Datei"),
    "markup": (lambda raw: fill_xlsx(raw, "tr", _cell("q:frei:text", "<script>x</script>")),
               "Zeile 10, tr: Bitte verwenden Sie nur reinen Text"),
    "too long a label": (lambda raw: fill_xlsx(raw, "tr", _cell("o:wohnen:miete", "x" * 501)),
                         "Zeile 6, tr: Bitte kürzen Sie den Text auf höchstens 500 Zeichen."),
    "line break in a title": (lambda raw: fill_xlsx(raw, "tr", _cell("title", "Bir\nİki")),
                              "Zeile 2, tr: Dieser Text muss in einer Zeile stehen"),
    "control character": (lambda raw: fill_xlsx(raw, "tr", _cell("intro", "Bir\x7fİki")),
                          "Zeile 3, tr: Der Text enthält unzulässige Steuerzeichen."),
}


def _duplicate_id(raw: bytes) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(fill_xlsx(raw, "tr", turkish)))
    sheet = workbook.worksheets[0]
    sheet.cell(3, 1).value, sheet.cell(3, 3).value = "title", "Leben am Marktplatz"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _formula(raw: bytes) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(fill_xlsx(raw, "tr", turkish)))
    workbook.worksheets[0].cell(5, 4).value = "=A1&B1"  # typed as a formula
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _unoffered_column(raw: bytes) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(fill_xlsx(raw, "tr", turkish)))
    workbook.worksheets[0].cell(1, 6).value = "en"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


HOSTILE_XLSX["duplicate ID"] = (_duplicate_id, "Zeile 3: Die ID „title“ steht schon in Zeile 2.")
HOSTILE_XLSX["formula"] = (_formula, "Zeile 5, tr: Die Zelle enthält eine Formel.")
HOSTILE_XLSX["language the questionnaire lacks"] = (
    _unoffered_column, "Die Datei enthält Übersetzungen für Englisch, aber dieser Fragebogen "
                       "wird nicht in dieser Sprache angeboten.")


def assert_refused(client, session, questionnaire_id, raw: bytes, expected: str,
                   name: str = "datei.xlsx", status: int = 400):
    before = stored(session, questionnaire_id, "tr"), changes(session, questionnaire_id)
    version = fresh(session, questionnaire_id).version
    response = upload(client, questionnaire_id, raw, name)
    assert response.status_code == status
    if status == 400:
        page = response.get_data(as_text=True)
        assert "Bitte prüfen Sie Ihre Eingabe" in page
        assert expected in page_text(response)
        assert 'aria-invalid="true"' in page and "<script>x" not in page
    assert (stored(session, questionnaire_id, "tr"), changes(session, questionnaire_id)) == before
    assert fresh(session, questionnaire_id).version == version


@pytest.mark.parametrize("case", HOSTILE_XLSX)
def test_hostile_xlsx_files_are_refused_whole(client, session, questionnaire_id, case):
    change, expected = HOSTILE_XLSX[case]
    login(client)
    raw = download(client, f"{BASE}/{questionnaire_id}/uebersetzungen/export.xlsx")
    assert_refused(client, session, questionnaire_id, change(raw), expected)


RAW_HOSTILE = {
    "empty": (b"", "Die Datei ist leer."),
    "not a zip, not a PO file": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
                                 "weder eine Excel-Datei (.xlsx) noch eine PO-Datei"),
    "old Excel": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "im alten Format (.xls)"),
    "broken PO": (b'msgid "a"\nmsgstr "b\nmsgid', "Die PO-Datei ist fehlerhaft"),
    "PO without a language": (b'msgctxt "title"\nmsgid "Leben am Marktplatz"\nmsgstr "x"\n',
                              "In der PO-Datei fehlt die Sprache"),
    "over 512 KB": (b"PK\x03\x04" + b"\0" * (512 * 1024), "Die Datei ist zu groß"),
}


@pytest.mark.parametrize("case", RAW_HOSTILE)
def test_broken_files_are_refused(client, session, questionnaire_id, case):
    raw, expected = RAW_HOSTILE[case]
    login(client)
    assert_refused(client, session, questionnaire_id, raw, expected, "datei.po")


@pytest.mark.parametrize(("language", "expected"), [
    ("fr", "Die Sprache „fr“ der Datei wird hier nicht angeboten."),
    ("en", "Die Datei enthält Übersetzungen für Englisch, aber dieser Fragebogen wird nicht"),
    ("de", "Die Datei ist auf Deutsch, in der Ausgangssprache."),
])
def test_a_po_file_in_a_language_the_questionnaire_lacks_is_refused(
        client, session, questionnaire_id, language, expected):
    login(client)
    raw = _po_with_language(client, questionnaire_id, language)
    assert_refused(client, session, questionnaire_id, raw, expected, "datei.po")


def test_a_request_over_the_upload_limit_is_refused(client, session, questionnaire_id):
    login(client)
    assert_refused(client, session, questionnaire_id, b"PK\x03\x04" * (300 * 1024), "",
                   status=413)


def test_no_file_chosen(client, questionnaire_id):
    login(client)
    response = client.post(f"{BASE}/{questionnaire_id}/uebersetzungen/import", data={},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<a href="#datei">Bitte wählen Sie eine Datei aus.</a>' in page
    assert 'aria-describedby="datei-hint datei-error" aria-invalid="true"' in page
