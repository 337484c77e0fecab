"""The questionnaire as the paper shows it: sections, single questions, matrices and number
groups in order, each with what the reader ticks or writes. Scores are computed, not asked,
and are left out.

The printed copy and the entry page share the blocks; each fills them with its own items
(`Printed` for the copy, the answering pages' `PageItem` for the entry page).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from participation.surveys.content import GROUP_KINDS, OptionView, QuestionnaireView, QuestionView
from participation.surveys.pages import group_rule
from participation.surveys.questions import kind_of

SECTION, QUESTION = "section", "question"


@dataclass
class Block:
    """A section heading, one question, or a matrix or number group with its rows."""

    kind: str  # "section" | "question" | "matrix" | "number_group"
    entry: QuestionView  # the section, the question itself, or the matrix or group header
    items: list = field(default_factory=list)  # one per answerable question, in order
    level: int = 3  # the heading level of its title (4 inside a section)
    rule: str | None = None  # a number group's total, in words


def blocks(view: QuestionnaireView, item_of: Callable[[QuestionView], object]) -> list[Block]:
    """The entries of the questionnaire as blocks, each answerable question as its item."""
    found: list[Block] = []
    headers: dict[str, Block] = {}
    level = 3
    for question in view.questions:
        if question.kind == "score":
            continue
        if question.kind == SECTION:
            found.append(Block(SECTION, question))
            level = 4
            continue
        if question.kind in GROUP_KINDS:
            headers[question.key] = Block(question.kind, question, level=level,
                                          rule=group_rule(question, view.questions))
            found.append(headers[question.key])
            continue
        header = headers.get(question.settings.get("group"))
        if header is not None:
            header.items.append(item_of(question))
        else:
            found.append(Block(QUESTION, question, [item_of(question)], level))
    return [block for block in found if block.kind in (SECTION, QUESTION) or block.items]


@dataclass(frozen=True)
class Printed:
    """One question as printed: the boxes to tick, or where to write."""

    question: QuestionView
    widget: str  # radio | checkbox | number | age | date | month_year | text | textarea
    options: tuple[OptionView, ...]  # boxes to tick for a choice (or a matrix row)
    codes: tuple[OptionView, ...]  # "Weiß nicht" / "Möchte ich nicht sagen" beside a field

    @property
    def asks_year(self) -> bool:
        return self.question.settings.get("ask") == "year"


def printed(question: QuestionView) -> Printed:
    kind = kind_of(question)
    offered = kind.options(question)
    widget = "age" if question.kind == "age" else kind.widget
    return Printed(question, widget, () if kind.typed else offered,
                   offered if kind.typed else ())
