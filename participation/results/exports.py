"""A questionnaire's raw answers as CSV and XLSX: one row per response, one column per question.

Columns: `response_id`, `quartier` (its name), `channel` (online | assisted | paper),
`language` (the resident's), `submitted_on` (the day, ISO 8601), then one column per
question key. Choices are written as their stable option keys, not labels, so files add
up across languages and stay valid when a label is reworded; multiple choice keys are
joined with "; " in the questionnaire's order. A question offering "other (please
specify)" gets a second column `<key>__other` with the text typed there. Scales and
numbers are numbers; free text and dates (ISO 8601) are verbatim text. The CSV has one
header row (the keys), for analysis tools; the XLSX file adds a second header row with
the question texts and a codebook sheet that names every option.

Formula injection: every text cell that starts with = + - @, a tab or a carriage return is
prefixed with a single quote, in both formats; XLSX cells are written as strings, never
as formulas. A CSV file is also split on what the reader takes for a separator: German
Excel opens it with ";", other readers with "," or tab, and a quote in the middle of such
a piece does not protect what follows. So in CSV every piece of a text after , ; tab or a
line break that starts (after any double quotes) with one of those characters gets the
quote too, and a cell holding any separator, a line break or a double quote is quoted.
"""

import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

import xlsxwriter

from participation.surveys.content import QuestionView
from participation.surveys.questions import KINDS, OTHER_KEY, answer_keys, extra_keys, other_key

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Where a spreadsheet may start a cell in CSV text: the start, and after , ; tab or a line
# break, even behind double quotes (a piece opening with a quote is read as a quoted cell).
CSV_CELL_START = re.compile(r'(?:^|(?<=[,;\t\r\n]))(?="*[=+\-@\t\r])')
CSV_NEEDS_QUOTES = re.compile(r'[,;\t\r\n"]')
CHOICE_SEPARATOR = "; "
FIXED_KEYS = ("response_id", "quartier", "channel", "language", "submitted_on")
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

Value = str | int | float | date | None


@dataclass(frozen=True)
class Export:
    keys: list[str]  # first header row: stable keys
    labels: list[str]  # second header row (XLSX): what the keys mean
    rows: Iterable[list[Value]]
    codebook: list[list[str]]  # question key, question, option key, option label


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading single quote."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def has_other(question: QuestionView) -> bool:
    return OTHER_KEY in extra_keys(question.settings or {})


def build_export(questions: Sequence[QuestionView], records: Iterable,
                 fixed_labels: Sequence[str], other_label: str) -> Export:
    """`records` come from `queries.export_records`: one per answer, ordered by response."""
    keys, labels = list(FIXED_KEYS), list(fixed_labels)
    for question in questions:
        keys.append(question.key)
        labels.append(question.text.text)
        if has_other(question):
            keys.append(other_key(question.key))
            labels.append(f"{question.text.text} – {other_label}")
    return Export(keys, labels, response_rows(records, questions), codebook(questions))


def response_rows(records: Iterable, questions: Sequence[QuestionView]) -> Iterator[list]:
    for _response_id, group in groupby(records, key=lambda record: record.response_id):
        answers = list(group)
        first = answers[0]
        by_question: dict[int, list] = {}
        for record in answers:
            if record.question_id is not None:
                by_question.setdefault(record.question_id, []).append(record)
        row = [first.response_id, first.quartier, first.channel, first.locale,
               first.submitted_on]
        for question in questions:
            given = by_question.get(question.id, [])
            row.append(answer_value(question, given))
            if has_other(question):
                row.append(other_text(given))
        yield row


def other_text(answers: list) -> str | None:
    return next((a.text_value for a in answers if a.option_key == OTHER_KEY), None)


def answer_value(question: QuestionView, answers: list) -> Value:
    """The cell of one question: option key(s), a number, or the text; None if unanswered."""
    if not answers:
        return None
    if question.kind == "multiple_choice":
        known = answer_keys(question.kind, question.settings or {},
                            tuple(option.key for option in question.options))
        order = {key: index for index, key in enumerate(known)}
        keys = sorted((a.option_key for a in answers if a.option_key is not None),
                      key=lambda key: order.get(key, len(order)))
        return CHOICE_SEPARATOR.join(keys)
    answer = answers[0]
    if answer.number_value is not None:
        number = float(answer.number_value)
        return int(number) if number.is_integer() else number
    if answer.option_key is not None:
        return answer.option_key
    return answer.text_value


def codebook(questions: Sequence[QuestionView]) -> list[list[str]]:
    rows = []
    for question in questions:
        options = KINDS[question.kind].options(question)
        if not options:
            rows.append([question.key, question.text.text, "", ""])
        for option in options:
            rows.append([question.key, question.text.text, option.key, option.label.text])
    return rows


def neutralise_csv(text: str) -> str:
    """`neutralise` for every piece a spreadsheet may read as a cell of its own."""
    return CSV_CELL_START.sub("'", text)


def csv_cell(value: Value) -> str:
    """One field as written: text neutralised, and quoted where any reader could split it."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return str(value)
    text = neutralise_csv(value)
    if CSV_NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def to_csv(export: Export) -> str:
    """RFC 4180 (comma, CRLF, quotes), with a byte-order mark so spreadsheets read UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    for row in (export.keys, *export.rows):
        buffer.write(",".join(csv_cell(value) for value in row) + "\r\n")
    return buffer.getvalue()


def sheet_name(name: str) -> str:
    return SHEET_NAME_FORBIDDEN.sub("", name).strip("'")[:31] or "Sheet"


def to_xlsx(export: Export, answers_sheet: str, codebook_sheet: str,
            codebook_labels: Sequence[str]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False,
    })
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet = workbook.add_worksheet(sheet_name(answers_sheet))
    for column, (key, label) in enumerate(zip(export.keys, export.labels, strict=True)):
        sheet.write_string(0, column, neutralise(key), bold)
        sheet.write_string(1, column, neutralise(label))
    sheet.set_column(0, len(FIXED_KEYS) - 1, 14)
    sheet.set_column(len(FIXED_KEYS), max(len(export.keys) - 1, len(FIXED_KEYS)), 24)
    sheet.freeze_panes(2, 1)
    for row_number, row in enumerate(export.rows, start=2):
        for column, value in enumerate(row):
            _write(sheet, row_number, column, value, day)
    book = workbook.add_worksheet(sheet_name(codebook_sheet))
    for column, label in enumerate(codebook_labels):
        book.write_string(0, column, neutralise(label), bold)
    book.set_column(0, len(codebook_labels) - 1, 30)
    for row_number, row in enumerate(export.codebook, start=1):
        for column, value in enumerate(row):
            book.write_string(row_number, column, neutralise(value))
    workbook.close()
    return buffer.getvalue()


def _write(sheet, row: int, column: int, value: Value, day_format) -> None:
    if value is None:
        return
    if isinstance(value, str):
        sheet.write_string(row, column, neutralise(value))
    elif isinstance(value, date):
        sheet.write_datetime(row, column, value, day_format)
    else:
        sheet.write_number(row, column, value)
