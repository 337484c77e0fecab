"""Disclosure control: which counts may be published (QUALITY.md §5).

The one place that decides what the results pages and the digests show:

- counts 1–4 are hidden ("< 5"); Quartiere with fewer than 10 responses get no
  per-question figures;
- a hidden count must not be recoverable from a published total: where a line of cells
  whose sum is shown (a row with its total, a column) hides exactly one cell, another is
  hidden too (secondary suppression).
"""

SMALL_COUNT = 5  # counts below this are shown as "< 5"
MIN_RESPONSES = 10  # no per-question figures below this many responses in a Quartier
ONE_ANSWER_KINDS = frozenset({"single_choice", "scale", "yes_no"})

Position = tuple[int, int]


def hidden_cells(counts: list[int], total_shown: bool,
                 hidden_elsewhere: int = 0) -> list[str | None]:
    """Primary suppression of 1–4, then secondary suppression against recomputation.

    If exactly one cell is hidden and the total is published, that cell equals the total
    minus the others; hiding the next-smallest non-zero cell as well prevents this. A line
    that adds up to the same number as another published line with `hidden_elsewhere`
    hidden cells (responses per day and per Quartier both add up to all responses) counts
    those too: together the two lines must hide no cell or at least two.
    """
    hidden: list[str | None] = ["small" if 0 < count < SMALL_COUNT else None
                                for count in counts]
    if total_shown and hidden_elsewhere + sum(reason is not None for reason in hidden) == 1:
        candidates = [
            (count, index) for index, count in enumerate(counts)
            if hidden[index] is None and count > 0
        ]
        if candidates:
            hidden[min(candidates)[1]] = "secondary"
    return hidden


def suppress(matrix: list[list[int]], lines: list[list[Position]]) -> list[list[str | None]]:
    """Hide counts 1–4, then hide more until no line has exactly one hidden cell.

    A line is a set of cells whose sum is published (a row with its total, for example):
    with one hidden cell in it, that cell could be recomputed from the others. Another
    non-zero cell of such a line is hidden too: the smallest, as `hidden_cells` does for
    one line, but preferring a cell whose other lines already hide one (hiding it there
    needs no further cell). Repeated until nothing changes.
    """
    hidden = [hidden_cells(row, total_shown=False) for row in matrix]
    lines_through: dict[Position, list[list[Position]]] = {}
    for line in lines:
        for position in line:
            lines_through.setdefault(position, []).append(line)

    def hidden_in(line: list[Position]) -> int:
        return sum(hidden[r][c] is not None for r, c in line)

    def new_lone_lines(position: Position) -> int:
        return sum(hidden_in(line) == 0 for line in lines_through[position])

    changed = True
    while changed:
        changed = False
        for line in lines:
            if hidden_in(line) != 1:
                continue
            candidates = [(new_lone_lines((r, c)), matrix[r][c], (r, c)) for r, c in line
                          if hidden[r][c] is None and matrix[r][c] > 0]
            if candidates:
                row, column = min(candidates)[2]
                hidden[row][column] = "secondary"
                changed = True
    return hidden


def row_lines(matrix: list[list[int]]) -> list[list[Position]]:
    return [[(r, c) for c in range(len(row))] for r, row in enumerate(matrix)]


def column_lines(matrix: list[list[int]]) -> list[list[Position]]:
    width = len(matrix[0]) if matrix else 0
    return [[(r, c) for r in range(len(matrix))] for c in range(width)]


def with_total(values: list[int]) -> list[int]:
    return [*values, sum(values)]
