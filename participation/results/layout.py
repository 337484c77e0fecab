"""How figures are laid out, the same on the results page, in the digests and the table
downloads:

- a questionnaire with sections shows its figures under the section headings, in its
  order; one without sections groups them by field of action, as before;
- a matrix is one block: its header text and one row per statement, with the count and
  share of every answer (scale steps, "Weiß nicht", "Keine Angabe", not answered);
- a number group is one block: its header, a row per field and a last row for the total
  of each response;
- every other entry (a question, a score) is a block of its own.

Questions are named by the number residents see ("5", a matrix's statement "5b").
"""

from dataclasses import dataclass
from decimal import Decimal

from participation.results.figures import LATER, MEAN_KINDS, MEDIAN_KINDS, stat_labels
from participation.results.tables import Count, QuestionTable
from participation.surveys import fields
from participation.surveys.content import LocalText, QuestionnaireView, QuestionView
from participation.surveys.questions import FREE_TEXT_KINDS

GRID_KINDS = frozenset({"matrix", "number_group"})


@dataclass(frozen=True)
class QuestionResult:
    question: QuestionView
    table: QuestionTable
    texts: tuple[tuple[str, str], ...] = ()  # (Quartier, text), for raw-data viewers only
    means: tuple[tuple[str, Decimal | None], ...] = ()  # a score's mean per Quartier

    @property
    def free_text(self) -> bool:
        """Answers read as text (a month and year is counted in years instead)."""
        return self.question.kind in FREE_TEXT_KINDS and self.question.kind != "month_year"

    @property
    def has_mean(self) -> bool:
        return self.question.kind in MEAN_KINDS

    @property
    def has_median(self) -> bool:
        return self.question.kind in MEDIAN_KINDS

    @property
    def mean_label(self) -> str:
        return stat_labels(self.question.kind)[0]

    @property
    def median_label(self) -> str:
        return stat_labels(self.question.kind)[1]

    @property
    def rows(self) -> tuple[Count, ...]:
        """The table's rows to list: a month after the response's only where there is one
        (leaving out a 0 shows as much as printing it)."""
        return tuple(cell for cell in self.table.rows
                     if not (cell.key == LATER and cell.hidden is None and not cell.count))


@dataclass(frozen=True)
class Block:
    header: QuestionView | None  # a matrix or number group; None for an entry of its own
    items: tuple[QuestionResult, ...]  # the entry, or the statements or fields
    total: QuestionResult | None = None  # a number group's totals per response
    columns: tuple[str, ...] = ()  # cells every row shows: then one table with a row each

    @property
    def grid(self) -> bool:
        return bool(self.columns)

    @property
    def mean(self) -> bool:
        return any(item.has_mean for item in self.rows)

    @property
    def median(self) -> bool:
        return any(item.has_median for item in self.rows)

    @property
    def rows(self) -> tuple[QuestionResult, ...]:
        return (*self.items, *((self.total,) if self.total else ()))


@dataclass(frozen=True)
class ResultGroup:
    label: str | LocalText | None  # a section's title, a field of action, or none
    blocks: tuple[Block, ...]

    @property
    def questions(self) -> tuple[QuestionResult, ...]:
        """Every entry with figures in the group, in order (a group's total last)."""
        return tuple(item for block in self.blocks for item in block.rows)


def arrange(view: QuestionnaireView, results: dict[int, QuestionResult]
            ) -> tuple[ResultGroup, ...]:
    """The figures `results` (by question id) in the questionnaire's layout."""
    sections: list[tuple[QuestionView | None, list[Block]]] = [(None, [])]
    headers: dict[str, tuple[QuestionView, list[QuestionResult]]] = {}
    for question in view.questions:
        if question.kind == "section":
            sections.append((question, []))
        elif question.kind in GRID_KINDS:
            headers[question.key] = (question, [])
            sections[-1][1].append(question.key)  # placeholder, filled in below
        elif question.settings.get("group") in headers and question.id in results:
            headers[question.settings["group"]][1].append(results[question.id])
        elif question.id in results:
            sections[-1][1].append(Block(None, (results[question.id],)))
    laid_out = [(section, [_grid(*headers[b], results) if isinstance(b, str) else b
                           for b in blocks]) for section, blocks in sections]
    laid_out = [(section, [b for b in blocks if b.rows]) for section, blocks in laid_out]
    if len(laid_out) == 1:  # no sections: by field of action, as before
        by_key = {question.key: question for question in view.questions}
        return tuple(ResultGroup(label, members) for label, members in fields.group_by_field(
            laid_out[0][1], lambda block: _field(block.rows[0].question, by_key)))
    return tuple(ResultGroup(section.text if section else None, tuple(blocks))
                 for section, blocks in laid_out if blocks)


def _field(question: QuestionView, by_key: dict[str, QuestionView]) -> str | None:
    """A question's field of action; a score without one is in its first item's."""
    if question.field_of_action is None and question.kind == "score":
        items = [by_key[key] for key in question.settings.get("items", ()) if key in by_key]
        return items[0].field_of_action if items else None
    return question.field_of_action


def _grid(header: QuestionView, rows: list[QuestionResult],
          results: dict[int, QuestionResult]) -> Block:
    """A matrix or number group: one table if every shown row has the same cells."""
    total = results.get(header.id) if header.kind == "number_group" else None
    layouts = {tuple(c.key for c in row.table.rows) for row in rows if not row.table.withheld}
    columns = next(iter(layouts)) if len(layouts) == 1 else ()
    return Block(header, tuple(rows), total, columns)
