"""Unit tests of the export builders and the table suppression (pure functions, no database)."""

import csv
import io
import random
from datetime import date
from types import SimpleNamespace

import pytest

from participation.results import exports
from participation.results.disclosure import (
    column_lines,
    hidden_cells,
    row_lines,
    suppress,
    with_total,
)
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
                           locale="tr", submitted_on=date(2026, 11, 27),
                           question_id=question_id, option_key=option_key,
                           number_value=number, text_value=text)


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
    export = exports.build_export(QUESTIONS, RECORDS, ["Nr.", "Q", "W", "S", "T"], "Sonst")
    assert export.keys == ["response_id", "quartier", "channel", "language", "submitted_on",
                           "colour", "ways", "ways__other", "rating", "people", "note"]
    assert export.labels[5:8] == ["Frage colour", "Frage ways", "Frage ways – Sonst"]
    rows = list(export.rows)
    assert rows == [
        [7, "Aich", "paper", "tr", date(2026, 11, 27), "b", "bus; doctor; other", "=Taxi",
         2, 3, "@SUM(A1)"],
        [9, "-Neuenhaus", "paper", "tr", date(2026, 11, 27), None, None, None, None, None,
         None],
    ]


def test_csv_neutralises_every_text_cell_but_not_numbers():
    export = exports.build_export(QUESTIONS, RECORDS, ["Nr.", "Q", "W", "S", "T"], "Sonst")
    text = exports.to_csv(export)
    assert text.startswith("\ufeffresponse_id,quartier,")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[1] == ["7", "Aich", "paper", "tr", "2026-11-27", "b", "bus; doctor; other",
                       "'=Taxi", "2", "3", "'@SUM(A1)"]
    assert rows[2][:2] == ["9", "'-Neuenhaus"] and rows[2][5:] == [""] * 6


def test_xlsx_writes_strings_as_strings_and_never_formulas():
    rows = [[index, "Aich", "online", "de", date(2026, 11, 27), text]
            for index, text in enumerate(FORMULAS, start=1)]
    export = exports.Export(
        keys=[*exports.FIXED_KEYS, "=note"], labels=["Nr.", "Q", "W", "S", "T", "+Frage"],
        rows=rows, codebook=[["note", "@Frage", "", ""]])
    sheets = read_xlsx(exports.to_xlsx(export, "Antworten", "Code[buch]", ["Frage", "Text",
                                                                         "Schlüssel", "Label"]))
    assert list(sheets) == ["Antworten", "Codebuch"]
    answers = sheets["Antworten"]
    assert answers[0][5].value == "'=note" and answers[1][5].value == "'+Frage"
    for cells, text in zip(answers[2:], FORMULAS, strict=True):
        assert cells[0].kind == "n" and cells[0].value == str(cells[0].value)
        assert cells[4].kind == "n"  # the day is a real date (a serial number with a format)
        assert cells[5].kind == "s"
        assert unescape_xlsx(cells[5].value) == "'" + text
    assert not any(cell and cell.formula for row in answers for cell in row)
    assert sheets["Codebuch"][1][1].value == "'@Frage"


def test_sheet_names_lose_characters_excel_refuses():
    assert exports.sheet_name("Antworten: [alle]/2026?") == "Antworten alle2026"
    assert len(exports.sheet_name("x" * 40)) == 31
    assert exports.sheet_name("***") == "Sheet"


def test_suppression_of_one_line_is_the_digest_rule():
    rng = random.Random(5)
    for _ in range(500):
        parts = [rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 12, 30]) for _ in range(rng.randint(1, 6))]
        matrix = [with_total(parts)]
        hidden = suppress(matrix, row_lines(matrix))[0]
        assert hidden[:-1] == hidden_cells(parts, total_shown=True), parts
        assert hidden[-1] == ("small" if 0 < sum(parts) < 5 else None)


def test_suppression_of_a_table_leaves_no_line_with_a_lone_hidden_cell():
    # options a, b, c (rows) by Quartier A, B and all (columns); last row: who answered
    matrix = [with_total([6, 10]), with_total([4, 0]), with_total([0, 0]),
              with_total([10, 10])]
    hidden = suppress(matrix, row_lines(matrix) + column_lines(matrix))
    # b in A is small; a in A must go too (10 - 6); then a in "all" rather than a in B,
    # which would cascade through B's column
    assert hidden == [["secondary", None, "secondary"], ["small", None, "small"],
                      [None, None, None], [None, None, None]]


def test_random_tables_never_leave_a_recomputable_cell():
    rng = random.Random(11)
    for _ in range(300):
        width = rng.randint(1, 4)
        body = [[rng.choice([0, 0, 1, 2, 3, 4, 5, 7, 10, 20]) for _ in range(width)]
                for _ in range(rng.randint(1, 5))]
        matrix = [with_total(row) for row in body]
        matrix.append(with_total([sum(column) for column in zip(*body, strict=True)]))
        lines = row_lines(matrix) + column_lines(matrix)
        hidden = suppress(matrix, lines)
        for line in lines:
            assert sum(hidden[r][c] is not None for r, c in line) != 1, (matrix, hidden)
        for r, row in enumerate(matrix):
            for c, value in enumerate(row):
                assert (hidden[r][c] == "small") == (0 < value < 5)
