"""The protected tables of a questionnaire as one sheet, for organisers to pass on.

One row per published figure: the Quartier (or all Quartiere together), the section (or
field of action), the matrix or number group it belongs to, the question's number, key
and text, the answer by stable key and by text (bands and codes too), the count as
published ("< 5", "·", or the number) and its share in whole percent; means and medians
as rows of their own. A withheld table is one row that says so. The XLSX file adds a sheet
with every matrix and number group as a block: a row per statement or field, the counts
and shares of its answers side by side. The figures are exactly those of the results page
for organisers without raw data and of the digests, so nothing in the file reveals more
than those do (README, "Disclosure control").
"""

from collections.abc import Iterator
from dataclasses import dataclass

from participation.results.exports import Export
from participation.results.layout import Block, QuestionResult
from participation.results.summaries import Results
from participation.results.tables import row_labels

KEYS = ["quartier", "section", "group", "group_text", "number", "question", "question_text",
        "answer", "answer_text", "count", "share_percent"]
SCOPE_TOTAL = ""  # the quartier column of rows for all Quartiere together


@dataclass(frozen=True)
class Scope:
    name: str
    results: Results


@dataclass(frozen=True)
class Wording:
    """The interface texts the file needs, in the organiser's language."""

    withheld: str
    total: str  # a number group's row of totals
    all_quartiere: str
    grid_labels: tuple[str, str, str, str]  # number, text, count, share


def build_aggregates(scopes: list[Scope], labels: list[str], wording: Wording,
                     grid_sheet: str) -> Export:
    grids = list(_grid_rows(scopes, wording))
    return Export(KEYS, labels, list(_rows(scopes, wording)), [],
                  sheets=((grid_sheet, grids),) if grids else ())


def _blocks(scopes: list[Scope]) -> Iterator[tuple[Scope, str, Block]]:
    for scope in scopes:
        if scope.results.shown:
            for group in scope.results.groups:
                for block in group.blocks:
                    yield scope, str(group.label or ""), block


def _rows(scopes: list[Scope], wording: Wording) -> Iterator[list]:
    for scope, section, block in _blocks(scopes):
        header = block.header
        group = [header.key, header.text.text] if header else ["", ""]
        for item in block.rows:
            question, table = item.question, item.table
            text = wording.total if item is block.total else question.text.text
            start = [scope.name, section, *group, question.number, question.key, text]
            if table.withheld:
                yield [*start, "", wording.withheld, None, None]
                continue
            labels = row_labels(question)
            for cell in item.rows:
                count = cell.count if cell.hidden is None else cell.shown
                yield [*start, cell.key, labels[cell.key].text, count, cell.percent]
            if table.mean is not None:
                yield [*start, "_mean", item.mean_label, float(table.mean), None]
            if table.median is not None:
                yield [*start, "_median", item.median_label, float(table.median), None]


def _grid_rows(scopes: list[Scope], wording: Wording) -> Iterator[list]:
    """Each matrix and number group of each scope as a block of rows."""
    number, text, count, share = wording.grid_labels
    for scope, _section, block in _blocks(scopes):
        if not block.grid:
            continue
        labels = row_labels(block.items[0].question)
        header = [number, text]
        for key in block.columns:
            header += [f"{labels[key].text}: {count}", f"{labels[key].text}: {share}"]
        stats = [item for item in block.rows if item.has_mean][:1]
        header += [stats[0].mean_label] if block.mean else []
        header += [stats[0].median_label] if block.median else []
        yield [scope.name or wording.all_quartiere,
               f"{block.header.number}. {block.header.text.text}"]
        yield header
        for item in block.rows:
            yield _grid_row(block, item, wording)
        yield []


def _grid_row(block: Block, item: QuestionResult, wording: Wording) -> list:
    table = item.table
    first = ["", wording.total] if item is block.total else [item.question.number,
                                                             item.question.text.text]
    if table.withheld:
        return [*first, wording.withheld]
    row = list(first)
    for key in block.columns:
        cell = table.cell(key)
        if cell is None:
            row += [None, None]
        else:
            row += [cell.count if cell.hidden is None else cell.shown, cell.percent]
    if block.mean:
        row.append(None if table.mean is None else float(table.mean))
    if block.median:
        row.append(None if table.median is None else float(table.median))
    return row
