"""A questionnaire's results for organisers: counts, shares and means with disclosure control.

Counting happens in SQL (`queries.result_*`); this module adds the Quartiere up and applies
disclosure control (disclosure.py, which the digests use too) unless the organiser may see
raw data:

- Responses per Quartier and channel: counts 1–4 are "< 5", and a lone hidden channel
  of a Quartier gets a partner (`hidden_cells`), exactly as in a digest.
- Per-question figures only for Quartiere with at least 10 responses; "all Quartiere" is
  the sum of those Quartiere, so a small Quartier cannot be recomputed as the difference
  between "all" and the others.
- Responses per day (the only time a response keeps): counts 1–4 are "< 5", and the days
  and the Quartiere, two lines that add up to the same number, hide together no count
  or at least two (`hidden_cells` with `hidden_elsewhere`).
- A question's figures form one table: options (and the number who answered) by Quartier,
  with the sum over the Quartiere as the last column. Counts 1–4 are hidden, then every
  line of that table that adds up to a shown total — a row, and for one-answer kinds a
  column — must hide none or at least two cells (`suppress`). Whichever Quartier the
  organiser looks at, the figures come from the same suppressed table, so comparing two
  views reveals nothing either.
- Shares and means are rounded half up from the integer counts (rounding.py), as in a digest.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from participation.results import queries
from participation.results.disclosure import (
    MIN_RESPONSES,
    ONE_ANSWER_KINDS,
    SMALL_COUNT,
    column_lines,
    hidden_cells,
    row_lines,
    suppress,
    with_total,
)
from participation.results.rounding import mean as rounded_mean
from participation.results.rounding import share as rounded_share
from participation.surveys import fields
from participation.surveys.content import LocalText, QuestionnaireView, QuestionView
from participation.surveys.models import CHANNELS
from participation.surveys.questions import FREE_TEXT_KINDS, KINDS

MEAN_KINDS = frozenset({"scale", "number"})


@dataclass(frozen=True)
class Figure:
    count: int
    hidden: str | None = None  # None, "small" (1–4) or "secondary"
    share: Decimal | None = None  # fraction answered, to whole percent; None: not shown


@dataclass(frozen=True)
class QuartierRow:
    quartier_id: int | None  # None: all Quartiere together
    name: str
    channels: tuple[Figure, ...]
    total: Figure
    enough: bool  # per-question figures may be shown for this Quartier


@dataclass(frozen=True)
class DayRow:
    day: date
    figure: Figure


@dataclass(frozen=True)
class OptionResult:
    key: str
    label: LocalText
    figure: Figure


@dataclass(frozen=True)
class QuestionResult:
    question: QuestionView
    answered: Figure
    options: tuple[OptionResult, ...] = ()
    mean: Decimal | None = None  # rounded to one decimal
    texts: tuple[tuple[str, str], ...] = ()  # (Quartier, text), for raw-data viewers only

    @property
    def free_text(self) -> bool:
        return self.question.kind in FREE_TEXT_KINDS


@dataclass(frozen=True)
class ResultGroup:
    label: str
    questions: tuple[QuestionResult, ...]


@dataclass(frozen=True)
class Results:
    raw: bool
    quartiere: tuple[QuartierRow, ...]
    total: QuartierRow | None  # every Quartier together: for raw-data viewers only
    scope_id: int | None  # the Quartier looked at, None for all
    scope_responses: int  # responses behind the per-question figures
    shown: bool  # per-question figures are shown for this scope
    left_out: tuple[str, ...]  # Quartiere with responses that "all" does not include
    days: tuple[DayRow, ...] = ()  # responses per day, oldest first (every Quartier)
    groups: tuple[ResultGroup, ...] = ()


def compile_results(db: Session, view: QuestionnaireView, quartiere: list[tuple[int, str]],
                    scope_id: int | None, raw: bool) -> Results:
    by_channel: dict[int, dict[str, int]] = {}
    for quartier_id, channel, count in db.execute(queries.result_channel_counts(view.id)):
        by_channel.setdefault(quartier_id, {})[channel] = count
    rows = tuple(_quartier_row(quartier_id, name, by_channel.get(quartier_id, {}), raw)
                 for quartier_id, name in quartiere)
    total = _total_row(rows) if raw else None
    days = _day_rows(db, view.id, rows, raw)
    members = [row for row in rows if row.total.count > 0 and row.enough]
    left_out = tuple(row.name for row in rows if row.total.count > 0 and not row.enough)
    if scope_id is None:
        column = len(members)
        scope_responses = sum(row.total.count for row in members)
    else:
        scope = next(row for row in rows if row.quartier_id == scope_id)
        column = next((i for i, row in enumerate(members) if row.quartier_id == scope_id), None)
        scope_responses = scope.total.count
    shown = column is not None and scope_responses > 0
    results = Results(raw, rows, total, scope_id, scope_responses, shown, left_out, days)
    if not shown:
        return results
    options = {(q, question, key): count for q, question, key, count
               in db.execute(queries.result_option_counts(view.id))}
    answered = {(q, question): (count, number_sum, number_count)
                for q, question, count, number_sum, number_count
                in db.execute(queries.result_answered(view.id))}
    texts: dict[int, list[tuple[str, str]]] = {}
    if raw:
        for question_id, quartier, text in db.execute(
                queries.result_text_answers(view.id, scope_id)):
            texts.setdefault(question_id, []).append((quartier, text))
    member_ids = [row.quartier_id for row in members]
    summaries = [
        _question_result(question, member_ids, column, options, answered, raw,
                         tuple(texts.get(question.id, ())))
        for question in view.questions
    ]
    return Results(raw, rows, total, scope_id, scope_responses, shown, left_out, days,
                   group_by_field(summaries))


def _quartier_row(quartier_id: int, name: str, channels: dict[str, int],
                  raw: bool) -> QuartierRow:
    counts = [channels.get(channel, 0) for channel in CHANNELS]
    responses = sum(counts)
    hidden = [None] * len(counts) if raw else hidden_cells(counts, total_shown=True)
    total_hidden = "small" if not raw and 0 < responses < SMALL_COUNT else None
    return QuartierRow(
        quartier_id, name,
        tuple(Figure(count, reason) for count, reason in zip(counts, hidden, strict=True)),
        Figure(responses, total_hidden), raw or responses >= MIN_RESPONSES,
    )


def _day_rows(db: Session, questionnaire_id: int, rows: tuple[QuartierRow, ...],
              raw: bool) -> tuple[DayRow, ...]:
    days = db.execute(queries.result_daily_counts(questionnaire_id)).all()
    counts = [count for _day, count in days]
    hidden = [None] * len(counts) if raw else hidden_cells(
        counts, total_shown=True,
        hidden_elsewhere=sum(row.total.hidden is not None for row in rows))
    return tuple(DayRow(day, Figure(count, reason))
                 for (day, count), reason in zip(days, hidden, strict=True))


def _total_row(rows: tuple[QuartierRow, ...]) -> QuartierRow:
    channels = tuple(Figure(sum(row.channels[i].count for row in rows))
                     for i in range(len(CHANNELS)))
    return QuartierRow(None, "", channels, Figure(sum(c.count for c in channels)), True)


def _question_result(question: QuestionView, member_ids: list[int], column: int,
                     option_counts: dict, answered: dict, raw: bool,
                     texts: tuple[tuple[str, str], ...]) -> QuestionResult:
    options = KINDS[question.kind].options(question)
    matrix = [with_total([option_counts.get((m, question.id, o.key), 0) for m in member_ids])
              for o in options]
    partials = [answered.get((m, question.id), (0, None, 0)) for m in member_ids]
    matrix.append(with_total([count for count, _sum, _n in partials]))
    if raw:
        hidden = [[None] * len(row) for row in matrix]
    else:
        lines = row_lines(matrix)
        if question.kind in ONE_ANSWER_KINDS:
            lines += column_lines(matrix)
        hidden = suppress(matrix, lines)
    answered_figure = Figure(matrix[-1][column], hidden[-1][column])
    base = answered_figure.count if answered_figure.hidden is None else 0
    cells = tuple(
        OptionResult(option.key, option.label, Figure(
            matrix[r][column], hidden[r][column],
            rounded_share(matrix[r][column], base)
            if base and hidden[r][column] is None else None))
        for r, option in enumerate(options)
    )
    return QuestionResult(question, answered_figure, cells,
                          _mean(question, partials, column, answered_figure, raw), texts)


def _mean(question: QuestionView, partials: list, column: int, answered: Figure,
          raw: bool) -> Decimal | None:
    if question.kind not in MEAN_KINDS:
        return None
    chosen = partials if column == len(partials) else [partials[column]]
    total = sum(number_sum or 0 for _count, number_sum, _n in chosen)
    numbers = sum(n for _count, _sum, n in chosen)
    if not numbers:
        return None
    if not raw and (answered.hidden is not None or answered.count < SMALL_COUNT):
        return None
    return rounded_mean(total, numbers)


def group_by_field(summaries: list[QuestionResult]) -> tuple[ResultGroup, ...]:
    """Questions grouped by field of action in the programme's order; the rest last."""
    return tuple(ResultGroup(label, members) for label, members in
                 fields.group_by_field(summaries, lambda s: s.question.field_of_action))
