"""Unit tests of the export builders (pure functions, no database)."""

import csv
import io
from datetime import date
from types import SimpleNamespace

import pytest

from participation.results import exports
from participation.surveys.content import LocalText, OptionView, QuestionView
from tests.xlsx import read_xlsx, unescape_xlsx

FORMULAS = ["=1+1", "+49 711", "-5", "@SUM(A1)", "\t=1+1", "\r=1+1",
            '=HYPERLINK("http://evil.example","klick")', "-2+3+cmd|' /C calc'!A0"]


def _question(id, key, kind, options=(), settings=None):
    return QuestionView(
        id=id, key=key, position=id, kind=kind, required=False, field_of_action=None,
        settings=settings or {}, text=LocalText(f"Frage {key}"), hint=None,
        options=tuple(OptionView(k, LocalText(k.upper())) for k in options))


QUESTIONS = [
    _question(1, "colour", "single_choice", ("a", "b")),
    _question(2, "ways", "multiple_choice", ("bus", "bank", "doctor"), {"other": True}),
    _question(3, "rating", "scale", ("1", "2", "3")),
    _question(4, "people", "number"),
    _question(5, "note", "text"),
]


def _record(response_id, question_id=None, option_key=None, number=None, text=None,
            quartier="Aich"):
    return SimpleNamespace(response_id=response_id, quartier=quartier, channel="paper",
                           sheet_number=response_id + 100, locale="tr",
                           submitted_on=date(2026, 11, 27),
                           question_id=question_id, option_key=option_key,
                           number_value=number, text_value=text)


LABELS = ["Nr.", "Q", "W", "B", "S", "T"]
RECORDS = [
    _record(7, 1, "b"),
    _record(7, 2, "doctor"), _record(7, 2, "other", text="=Taxi"), _record(7, 2, "bus"),
    _record(7, 3, "2", 2.0),
    _record(7, 4, None, 3.0),
    _record(7, 5, text="@SUM(A1)"),
    _record(9, quartier="-Neuenhaus"),  # a response without answers: one row of blanks
]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_a_spreadsheet_would_run_gets_a_quote(text):
    assert exports.neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Mehr Bänke", "5", "1-2", "a=b", " =1", "", "'=x",
                                  "<script>alert(1)</script>"])
def test_other_text_is_kept_as_it_is(text):
    assert exports.neutralise(text) == text


def test_one_row_per_response_with_keys_numbers_and_other_text():
    export = exports.build_export(QUESTIONS, RECORDS, LABELS, "Sonst")
    assert export.keys == [
        "response_id", "quartier", "channel", "sheet_number", "language", "submitted_on",
        "colour", "colour__label", "ways.bus", "ways.bank", "ways.doctor", "ways.other",
        "ways__other", "rating", "rating__label", "people", "note"]
    assert export.labels[6:13] == [
        "Frage colour", "Frage colour", "Frage ways – BUS", "Frage ways – BANK",
        "Frage ways – DOCTOR", "Frage ways – Sonstiges (bitte angeben)",
        "Frage ways – Sonst"]
    rows = list(export.rows)
    assert rows == [
        [7, "Aich", "paper", 107, "tr", date(2026, 11, 27), "b", "B", 1, 0, 1, 1, "=Taxi",
         2, "2", 3, "@SUM(A1)"],
        [9, "-Neuenhaus", "paper", 109, "tr", date(2026, 11, 27), None, None, None, None,
         None, None, None, None, None, None, None],
    ]


def test_csv_neutralises_every_text_cell_but_not_numbers():
    export = exports.build_export(QUESTIONS, RECORDS, LABELS, "Sonst")
    text = exports.to_csv(export)
    assert text.startswith("\ufeffresponse_id,quartier,")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[1] == ["7", "Aich", "paper", "107", "tr", "2026-11-27", "b", "B", "1", "0",
                       "1", "1", "'=Taxi", "2", "2", "3", "'@SUM(A1)"]
    assert rows[2][:2] == ["9", "'-Neuenhaus"] and rows[2][6:] == [""] * 11


def test_xlsx_writes_strings_as_strings_and_never_formulas():
    rows = [[index, "Aich", "online", None, "de", date(2026, 11, 27), text]
            for index, text in enumerate(FORMULAS, start=1)]
    export = exports.Export(
        keys=[*exports.FIXED_KEYS, "=note"], labels=[*LABELS, "+Frage"],
        rows=rows, codebook=[["note", "@Frage", "", ""]])
    sheets = read_xlsx(exports.to_xlsx(export, "Antworten", "Code[buch]", ["Frage", "Text",
                                                                         "Schlüssel", "Label"]))
    assert list(sheets) == ["Antworten", "Codebuch"]
    answers = sheets["Antworten"]
    assert answers[0][6].value == "'=note" and answers[1][6].value == "'+Frage"
    for cells, text in zip(answers[2:], FORMULAS, strict=True):
        assert cells[0].kind == "n" and cells[0].value == str(cells[0].value)
        assert cells[5].kind == "n"  # the day is a real date (a serial number with a format)
        assert cells[6].kind == "s"
        assert unescape_xlsx(cells[6].value) == "'" + text
    assert not any(cell and cell.formula for row in answers for cell in row)
    assert sheets["Codebuch"][1][1].value == "'@Frage"


def test_sheet_names_lose_characters_excel_refuses():
    assert exports.sheet_name("Antworten: [alle]/2026?") == "Antworten alle2026"
    assert len(exports.sheet_name("x" * 40)) == 31
    assert exports.sheet_name("***") == "Sheet"
