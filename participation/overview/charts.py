"""Geometry of the overview's two charts, as plain numbers for an inline SVG.

Pure functions, no Flask: the template draws what these return and writes every text.
Both charts live in a viewBox `WIDTH` units wide that the page scales to its width, so they
fit 320 CSS px without scrolling. Right to left (Arabic) mirrors the x axis here; texts are
anchored at their logical start or end, which the SVG's inherited direction resolves.

A protected count (None: shown only as "< 10", "< 5" or "·") gets no bar of its size: a
dashed placeholder of a fixed size stands in, so the drawing tells no more than the table.
"""

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 320
PAD = 4  # keeps strokes and the target mark inside the viewBox
PLOT = WIDTH - 2 * PAD
LINE = 19  # one line of chart text (15 units of font)
WRAP = 34  # characters of a Quartier's name per line at 15 units
PLACEHOLDER = 24  # length of a protected bar, height of a protected column

# the bar chart, per Quartier: name lines, then the bar, then a line of figures
BAR_TOP = 6  # from the last name line's baseline to the bar
BAR = 20
MARK_OVERHANG = 5  # the target mark reaches this far above and below its bar
ROW_GAP = 14

# the column chart
COLUMN_TOP = 28  # room above the plot for the label of its top line
COLUMN_PLOT = 140
COLUMN_BOTTOM = 26  # room below the baseline for the first and last day


@dataclass(frozen=True)
class QuartierBar:
    name_lines: tuple[tuple[str, float], ...]  # (text, baseline y)
    bar_x: float
    bar_y: float
    bar_width: float  # 0 for no responses
    hidden: bool  # protected: bar_x/bar_width are the placeholder's
    target_x: float | None  # the mark's centre; None: no target
    mark_top: float
    mark_bottom: float
    figures_y: float  # baseline of the line of figures


@dataclass(frozen=True)
class BarChart:
    width: int
    height: float
    scale: int  # the value at the far end of the plot
    start_x: float  # where texts anchored at their start stand
    end_x: float
    rows: tuple[QuartierBar, ...]


@dataclass(frozen=True)
class Column:
    x: float
    width: float
    y: float
    height: float
    hidden: bool


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: float
    scale: int
    start_x: float
    end_x: float
    top_y: float  # the plot's top line (the value `scale`)
    base_y: float  # the baseline (zero)
    scale_label_y: float
    day_label_y: float
    columns: tuple[Column, ...]


def nice_scale(largest: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, … that is at least `largest` (1 for nothing)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if factor * step >= largest:
                return factor * step
        step *= 10


def wrap(text: str, width: int = WRAP) -> list[str]:
    """`text` in lines of at most `width` characters, broken between words where it can."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > width:  # a compound longer than a line is cut
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current or not lines:
        lines.append(current)
    return lines


def _x(offset: float, length: float, rtl: bool) -> float:
    """The left edge of a span `offset` from the plot's start: mirrored right to left."""
    return WIDTH - PAD - offset - length if rtl else PAD + offset


def _ends(rtl: bool) -> tuple[float, float]:
    return (WIDTH - PAD, PAD) if rtl else (PAD, WIDTH - PAD)


def bar_chart(rows: Sequence[tuple[str, int | None, int | None]], rtl: bool = False
              ) -> BarChart:
    """One bar per (name, responses or None if protected, target or None)."""
    scale = nice_scale(max([n for _name, count, target in rows
                            for n in (count, target) if n is not None], default=0))
    bars = []
    y = 0.0
    for name, count, target in rows:
        lines = []
        for text in wrap(name):
            y += LINE
            lines.append((text, y))
        bar_y = y + BAR_TOP
        offset_length = PLACEHOLDER if count is None else PLOT * count / scale
        target_x = None
        if target is not None:
            target_x = _x(PLOT * target / scale, 0, rtl)
        figures_y = bar_y + BAR + MARK_OVERHANG + LINE - 4
        bars.append(QuartierBar(
            tuple(lines), _x(0, offset_length, rtl), bar_y, offset_length, count is None,
            target_x, bar_y - MARK_OVERHANG, bar_y + BAR + MARK_OVERHANG, figures_y))
        y = figures_y + ROW_GAP
    start_x, end_x = _ends(rtl)
    return BarChart(WIDTH, max(y, LINE), scale, start_x, end_x, tuple(bars))


def column_chart(counts: Sequence[int | None], rtl: bool = False) -> ColumnChart:
    """One column per day, oldest at the start; None is a protected count."""
    scale = nice_scale(max([c for c in counts if c is not None], default=0))
    base_y = COLUMN_TOP + COLUMN_PLOT
    slot = PLOT / max(len(counts), 1)
    width = slot * 0.7 if slot >= 3 else slot * 0.9  # keep a gap while columns are wide
    columns = []
    for index, count in enumerate(counts):
        height = PLACEHOLDER if count is None else COLUMN_PLOT * count / scale
        offset = index * slot + (slot - width) / 2
        columns.append(Column(_x(offset, width, rtl), width, base_y - height, height,
                              count is None))
    start_x, end_x = _ends(rtl)
    return ColumnChart(WIDTH, base_y + COLUMN_BOTTOM, scale, start_x, end_x, COLUMN_TOP,
                       base_y, COLUMN_TOP - 8, base_y + LINE + 2, tuple(columns))
