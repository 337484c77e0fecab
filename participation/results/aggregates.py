"""The protected tables of a questionnaire as one sheet, for organisers to pass on.

One row per published count: the Quartier (or all Quartiere together), the question and
the answer by stable key and by text, the count as published ("< 5", "·", or the number)
and its share in whole percent. A withheld table is one row that says so. The figures
are exactly those of the results page for organisers without raw data and of the digests,
so nothing in the file reveals more than those do (README, "Disclosure control").
"""

from collections.abc import Iterator
from dataclasses import dataclass

from participation.results.exports import Export
from participation.results.summaries import Results
from participation.results.tables import row_labels

KEYS = ["quartier", "question", "question_text", "answer", "answer_text", "count",
        "share_percent"]
SCOPE_TOTAL = ""  # the quartier column of rows for all Quartiere together


@dataclass(frozen=True)
class Scope:
    name: str
    results: Results


def build_aggregates(scopes: list[Scope], labels: list[str], withheld: str,
                     mean_label: str) -> Export:
    return Export(KEYS, labels, list(_rows(scopes, withheld, mean_label)), [])


def _rows(scopes: list[Scope], withheld: str, mean_label: str) -> Iterator[list]:
    for scope in scopes:
        if not scope.results.shown:
            continue
        for group in scope.results.groups:
            for item in group.questions:
                question, table = item.question, item.table
                start = [scope.name, question.key, question.text.text]
                if table.withheld:
                    yield [*start, "", withheld, None, None]
                    continue
                labels = row_labels(question)
                for cell in table.rows:
                    count = cell.count if cell.hidden is None else cell.shown
                    yield [*start, cell.key, labels[cell.key].text, count, cell.percent]
                if table.mean is not None:
                    yield [*start, "_mean", mean_label, float(table.mean), None]
