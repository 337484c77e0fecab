"""A questionnaire's raw answers as CSV and XLSX: one row per response, columns per question.

Columns: `response_id`, `quartier` (its name), `channel` (online | assisted | paper),
`sheet_number` (the printed number of a paper sheet), `language` (the resident's),
`submitted_on` (the day, ISO 8601), then per question:

- one-answer choices (single choice, scale, yes/no): `<key>` with the stable option key,
  so files add up across languages and stay valid when a label is reworded, and beside it
  `<key>__label` with the option's text, for people reading the file;
- multiple choice: one column `<key>.<option>` per option, 1 if ticked, 0 if not (empty
  when the question was not answered at all), so each option can be counted directly;
- "other (please specify)": `<key>__other` with the text typed there;
- numbers are numbers; free text and dates (ISO 8601) are verbatim text; a month and
  year is "YYYY-MM"; "Weiß nicht" and "Möchte ich nicht sagen" beside a typed answer are
  their keys `dont_know` and `prefer_not`;
- an age asked as a year of birth: `<key>__age` beside it, the age in that response's year;
- a matrix's statements and a number group's fields are columns of their own, labelled
  with their number and the header's text; a score is a number per response; sections
  and headers have no column.

The CSV has one header row (the keys), for analysis tools; the XLSX file adds a second
header row with the question and option texts and a codebook sheet that names every option.

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
from participation.surveys.parsers import age_in_years
from participation.surveys.questions import (
    BUILT_IN_LABELS,
    INVALID_KEY,
    KINDS,
    OTHER_KEY,
    extra_keys,
    other_key,
)

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Where a spreadsheet may start a cell in CSV text: the start, and after , ; tab or a line
# break, even behind double quotes (a piece opening with a quote is read as a quoted cell).
CSV_CELL_START = re.compile(r'(?:^|(?<=[,;\t\r\n]))(?="*[=+\-@\t\r])')
CSV_NEEDS_QUOTES = re.compile(r'[,;\t\r\n"]')
FIXED_KEYS = ("response_id", "quartier", "channel", "sheet_number", "language",
              "submitted_on")
LABEL_SUFFIX = "__label"
AGE_SUFFIX = "__age"
ONE_ANSWER_CHOICES = frozenset({"single_choice", "scale", "yes_no"})
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

Value = str | int | float | date | None


@dataclass(frozen=True)
class Export:
    keys: list[str]  # first header row: stable keys
    labels: list[str]  # second header row (XLSX): what the keys mean
    rows: Iterable[list[Value]]
    codebook: list[list[str]]  # question key, question, option key, option label
    sheets: tuple[tuple[str, list[list[Value]]], ...] = ()  # more sheets (XLSX): name, rows


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading single quote."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def has_other(question: QuestionView) -> bool:
    return OTHER_KEY in extra_keys(question.settings or {})


def exported(questions: Sequence[QuestionView]) -> list[QuestionView]:
    """The entries with a column: every answerable question and every score (a number per
    response); sections and the headers of matrices and number groups have none."""
    return [question for question in questions
            if question.kind in KINDS or question.kind == "score"]


def column_label(question: QuestionView) -> str:
    """A column's question as residents see it: its number, and a matrix's statement or a
    group's field after the header's text ("5b. In den letzten zwei Wochen … – …")."""
    number = f"{question.number}. " if question.number else ""
    if question.group_text is not None:
        return f"{number}{question.group_text.text} – {question.text.text}"
    return f"{number}{question.text.text}"


def build_export(questions: Sequence[QuestionView], records: Iterable,
                 fixed_labels: Sequence[str], other_label: str,
                 age_label: str = "Alter in Jahren") -> Export:
    """`records` come from `queries.export_records`: one per answer, ordered by response.

    Beside an age asked as a year of birth, `<key>__age` holds the age in years in the
    year of the response (as the results count it)."""
    questions = exported(questions)
    keys, labels = list(FIXED_KEYS), list(fixed_labels)
    for question in questions:
        text = column_label(question)
        if question.kind == "multiple_choice":
            for option in KINDS[question.kind].options(question):
                keys.append(f"{question.key}.{option.key}")
                labels.append(f"{text} – {option.label.text}")
        else:
            keys.append(question.key)
            labels.append(text)
        if question.kind in ONE_ANSWER_CHOICES:
            keys.append(question.key + LABEL_SUFFIX)
            labels.append(text)
        if has_other(question):
            keys.append(other_key(question.key))
            labels.append(f"{text} – {other_label}")
        if asks_year(question):
            keys.append(question.key + AGE_SUFFIX)
            labels.append(f"{text} – {age_label}")
    return Export(keys, labels, response_rows(records, questions), codebook(questions))


def asks_year(question: QuestionView) -> bool:
    return question.kind == "age" and question.settings.get("ask") == "year"


def response_rows(records: Iterable, questions: Sequence[QuestionView]) -> Iterator[list]:
    for _response_id, group in groupby(records, key=lambda record: record.response_id):
        answers = list(group)
        first = answers[0]
        by_question: dict[int, list] = {}
        for record in answers:
            if record.question_id is not None:
                by_question.setdefault(record.question_id, []).append(record)
        row = [first.response_id, first.quartier, first.channel, first.sheet_number,
               first.locale, first.submitted_on]
        for question in questions:
            given = by_question.get(question.id, [])
            if question.kind == "multiple_choice":
                row.extend(ticked(question, given))
            else:
                row.append(answer_value(question, given))
            if question.kind in ONE_ANSWER_CHOICES:
                row.append(option_label(question, given))
            if has_other(question):
                row.append(other_text(given))
            if asks_year(question):
                row.append(age_then(question, given, first.submitted_on))
        yield row


def age_then(question: QuestionView, answers: list, day: date) -> int | None:
    """The age in years a year of birth gives in the year of the response."""
    number = next((a.number_value for a in answers if a.number_value is not None), None)
    return None if number is None else age_in_years(question, int(number), day)


def other_text(answers: list) -> str | None:
    return next((a.text_value for a in answers if a.option_key == OTHER_KEY), None)


def ticked(question: QuestionView, answers: list) -> list[int | None]:
    """A multiple-choice question's cells: 1 or 0 per option, all empty if unanswered."""
    options = KINDS[question.kind].options(question)
    if not answers:
        return [None] * len(options)
    chosen = {a.option_key for a in answers}
    return [1 if option.key in chosen else 0 for option in options]


def option_label(question: QuestionView, answers: list) -> str | None:
    """The text of the chosen option, beside its key."""
    chosen = next((a.option_key for a in answers if a.option_key is not None), None)
    labels = {o.key: o.label.text for o in KINDS[question.kind].options(question)}
    labels[INVALID_KEY] = str(BUILT_IN_LABELS[INVALID_KEY])  # paper: several boxes ticked
    return labels.get(chosen, chosen)


def answer_value(question: QuestionView, answers: list) -> Value:
    """The cell of one question: its option key, a number, or the text; None if
    unanswered (multiple choice has a cell per option: `ticked`)."""
    if not answers:
        return None
    answer = answers[0]
    if answer.number_value is not None:
        number = float(answer.number_value)
        return int(number) if number.is_integer() else number
    if answer.option_key is not None:
        return answer.option_key
    return answer.text_value


def codebook(questions: Sequence[QuestionView]) -> list[list[str]]:
    """Every answer key of every column: options, built-in answers, the codes beside a
    typed answer ("dont_know", "prefer_not"); a matrix's statements name its options."""
    rows = []
    for question in questions:
        kind = KINDS.get(question.kind)
        options = kind.options(question) if kind else ()
        text = column_label(question)
        if not options:
            rows.append([question.key, text, "", ""])
        for option in options:
            rows.append([question.key, text, option.key, option.label.text])
        if kind and kind.widget == "radio":  # keyed in from paper with several boxes ticked
            rows.append([question.key, text, INVALID_KEY, str(BUILT_IN_LABELS[INVALID_KEY])])
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


def to_xlsx(export: Export, answers_sheet: str, codebook_sheet: str | None,
            codebook_labels: Sequence[str]) -> bytes:
    """The rows in a sheet of their own, under two header rows; then the codebook, if a
    sheet name is given for it."""
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
    for name, rows in export.sheets:
        extra = workbook.add_worksheet(sheet_name(name))
        extra.set_column(0, 0, 14)
        extra.set_column(1, 1, 40)
        for row_number, row in enumerate(rows):
            for column, value in enumerate(row):
                _write(extra, row_number, column, value, day)
    if codebook_sheet is None:
        workbook.close()
        return buffer.getvalue()
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
