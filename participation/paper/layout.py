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


# Printed pages are cut here, not by the browser, so that every page carries "Bogen 17 ·
# Seite 2 von 4": Chromium can count pages in page margins but neither per copy nor with
# the copy's number in them. Heights are estimated in CSS px of the printed copy (14pt
# text, A4 with 15 mm margins: about 1000 px a page; measured in Chromium for the fixtures),
# with room left for the page header and for wrapping. A matrix taller than a page is cut
# into parts of rows, each under its question.
PAGE_PX = 820
LINE_PX, LINE_CHARS = 28, 42


def _text_px(text, chars: int = LINE_CHARS) -> int:
    return -(-len(str(text or "")) // chars) * LINE_PX


def _note_px(note) -> int:
    return (_text_px(note.show) if note and note.show else 0) + (
        _text_px(note.end) if note and note.end else 0)


def _row_px(item, notes: dict, chars: int | None = None) -> int:
    """A matrix row (its statement wraps in a column beside the boxes, narrower the more
    boxes; measured: 2 boxes about 35 characters a line, from 4 boxes with long labels
    as few as 7) or, with `chars` a line, a field of a number group."""
    chars = chars or {1: 40, 2: 32, 3: 18}.get(len(item.options), 7)
    note = notes.get(item.question.id)
    hint = item.question.hint.text if item.question.hint else ""
    words = " ".join(str(part) for part in (item.question.text, hint, note and note.show,
                                            note and note.end) if part)
    return max(48, _text_px(words, chars) + 16)


def _px(block: Block, notes: dict) -> int:
    note = notes.get(block.entry.id)
    hint = _text_px(block.entry.hint.text) if block.entry.hint else 0
    head = 40 + _text_px(block.entry.text, 50) + hint + _note_px(note)
    if block.kind == SECTION:
        return head + 16 * (block.entry.hint.text.count("\n\n") if block.entry.hint else 0)
    if block.kind == "matrix":
        columns = max((_text_px(o.label, 10) for o in block.items[0].options), default=28)
        return head + 30 + columns + 16 + sum(_row_px(item, notes) for item in block.items)
    if block.kind == "number_group":
        return head + 30 + sum(_row_px(item, notes, 30) + 8 for item in block.items)
    item = block.items[0]
    longest = max((_text_px(o.label, 26) for o in (*item.options, *item.codes)), default=0)
    boxes = -(-(len(item.options) + len(item.codes)) // 2) * (max(longest, LINE_PX) + 10)
    field = {"textarea": 4 * 34, "date": 90, "month_year": 60}.get(item.widget, 60)
    return head + 30 + (boxes if item.widget in ("radio", "checkbox") else field + boxes)


def first_page_px(intro: str, quartiere: int) -> int:
    """The title, introduction, instructions and the Quartier question of a copy."""
    return 380 + _text_px(intro) + 20 * intro.count("\n\n") + 40 * (-(-quartiere // 2))


def _cut(block: Block, notes: dict) -> list[Block]:
    """A matrix taller than a page as parts of its rows (each part printed as the matrix)."""
    if block.kind != "matrix":
        return [block]
    parts, part, used = [], [], 0
    for item in block.items:
        if part and used + _row_px(item, notes) > PAGE_PX - 200:
            parts.append(part)
            part, used = [], 0
        part.append(item)
        used += _row_px(item, notes)
    return [Block(block.kind, block.entry, rows, block.level, block.rule)
            for rows in [*parts, part]]


def paged(found: list[Block], first_px: int, notes: dict) -> list[list[Block]]:
    """The blocks of one copy cut into printed pages (a section heading stays with what
    follows it)."""
    found = [part for block in found for part in _cut(block, notes)]
    pages: list[list[Block]] = [[]]
    used = first_px
    for index, block in enumerate(found):
        need = _px(block, notes)
        if block.kind == SECTION and index + 1 < len(found):
            need += _px(found[index + 1], notes)
        if (pages[-1] or len(pages) == 1) and used + need > PAGE_PX:
            pages.append([])
            used = 0
        pages[-1].append(block)
        used += _px(block, notes)
    if used + 200 > PAGE_PX:
        pages.append([])  # the thanks and the phone number on a page of their own
    return pages
