"""A questionnaire's results for organisers: protected tables unless raw data may be seen.

Counting happens in SQL (`queries.result_*`); the figures are the protected tables of
tables.py, the same that a digest shows for the same counts:

- Responses per Quartier: a band ("< 10") below the whole-table threshold, and the channels
  only from 10 responses on, protected as one line.
- A question's table per Quartier: options plus "not answered" add up to the Quartier's
  responses; small counts "< 5", a partner "·", or the whole table withheld.
- "All Quartiere" adds up the Quartiere with enough responses; a combined count is shown
  only where each of its Quartiere's counts is shown (`combined_table`), so comparing the
  combined view with a Quartier's view reveals nothing.
- Responses per day count, for organisers without raw data, only the Quartiere with enough
  responses: their sum is published, so the days are one protected line, and a Quartier
  shown as "< 10" cannot be recomputed as all days minus the other Quartiere.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from participation.results import queries
from participation.results.disclosure import STANDARD, holds_against, protect_line
from participation.results.knowledge import (
    NOTHING,
    Known,
    guard_follow_up,
    hold_against,
    hold_quartier_against,
)
from participation.results.tables import (
    Count,
    QuartierCounts,
    QuestionTable,
    combined_table,
    quartier_counts,
    question_table,
)
from participation.surveys import fields
from participation.surveys.content import QuestionnaireView, QuestionView
from participation.surveys.models import CHANNELS
from participation.surveys.questions import FREE_TEXT_KINDS, KINDS


@dataclass(frozen=True)
class QuartierRow:
    quartier_id: int | None  # None: all Quartiere together
    name: str
    counts: QuartierCounts

    @property
    def enough(self) -> bool:
        return self.counts.enough


@dataclass(frozen=True)
class DayRow:
    day: date
    figure: Count


@dataclass(frozen=True)
class QuestionResult:
    question: QuestionView
    table: QuestionTable
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
    days: tuple[DayRow, ...] = ()  # responses per day, oldest first
    days_withheld: bool = False  # no safe pattern for the days: none is shown
    groups: tuple[ResultGroup, ...] = ()


def compile_results(db: Session, view: QuestionnaireView, quartiere: list[tuple[int, str]],
                    scope_id: int | None, raw: bool, viewer_id: int | None = None) -> Results:
    """The results as one organiser may see them; `viewer_id`: the organiser, whose own
    paper sheets and assisted answers must not be subtractable (results/knowledge.py)."""
    by_channel = _channel_counts(db, view.id)
    own = None if raw or viewer_id is None else _Counts(db, view.id, viewer_id)
    rows = tuple(QuartierRow(quartier_id, name, _quartier_counts(
        by_channel.get(quartier_id, {}), raw, own, quartier_id))
                 for quartier_id, name in quartiere)
    total = _total_row(by_channel) if raw else None
    members = [row for row in rows if row.counts.total.count > 0 and row.enough]
    days, days_withheld = _day_rows(db, view.id, members, raw, viewer_id if own else None)
    left_out = tuple(row.name for row in rows if row.counts.total.count > 0 and not row.enough)
    if scope_id is None:
        scope_members = members
    else:
        scope_members = [row for row in members if row.quartier_id == scope_id]
    scope_responses = sum(row.counts.total.count for row in scope_members)
    if scope_id is not None:
        scope_responses = next(row.counts.total.count for row in rows
                               if row.quartier_id == scope_id)
    shown = bool(scope_members) and scope_responses > 0
    results = Results(raw, rows, total, scope_id, scope_responses, shown, left_out, days,
                      days_withheld)
    if not shown:
        return results
    counts = _Counts(db, view.id)
    texts: dict[int, list[tuple[str, str]]] = {}
    if raw:
        for question_id, quartier, text in db.execute(
                queries.result_text_answers(view.id, scope_id)):
            texts.setdefault(question_id, []).append((quartier, text))
    member_tables = [counts.tables(view, row, raw, own) for row in scope_members]
    summaries = [
        QuestionResult(question, _scope_table(question, scope_members, member_tables,
                                              counts, raw, combine=scope_id is None),
                       tuple(texts.get(question.id, ())))
        for question in view.questions
    ]
    return Results(raw, rows, total, scope_id, scope_responses, shown, left_out, days,
                   days_withheld, group_by_field(summaries))


def _channel_counts(db: Session, questionnaire_id: int,
                    entered_by: int | None = None) -> dict[int, dict[str, int]]:
    by_channel: dict[int, dict[str, int]] = {}
    for quartier_id, channel, count in db.execute(
            queries.result_channel_counts(questionnaire_id, entered_by)):
        by_channel.setdefault(quartier_id, {})[channel] = count
    return by_channel


def _quartier_counts(channels: dict[str, int], raw: bool, own: "_Counts | None",
                     quartier_id: int) -> QuartierCounts:
    counts = quartier_counts(channels, CHANNELS, raw)
    if own is None:
        return counts
    mine = own.channels.get(quartier_id, {})
    return hold_quartier_against(counts, [mine.get(channel, 0) for channel in CHANNELS])


class _Counts:
    """The counts of one questionnaire per Quartier and question, read once; with
    `entered_by`, only those of the responses one organiser entered."""

    def __init__(self, db: Session, questionnaire_id: int, entered_by: int | None = None):
        self.options = {(q, question, key): count for q, question, key, count
                        in db.execute(queries.result_option_counts(questionnaire_id,
                                                                   entered_by))}
        self.answered = {(q, question): (count, number_sum, number_count)
                         for q, question, count, number_sum, number_count
                         in db.execute(queries.result_answered(questionnaire_id, entered_by))}
        self.channels = _channel_counts(db, questionnaire_id, entered_by) if entered_by else {}

    def known(self, question: QuestionView, quartier_id: int) -> Known:
        """What the organiser of these counts knows of one question in one Quartier."""
        return Known(sum(self.channels.get(quartier_id, {}).values()),
                     self.answered.get((quartier_id, question.id), (0, None, 0))[0],
                     {key: self.options.get((quartier_id, question.id, key), 0)
                      for key in _option_keys(question)})

    def tables(self, view: QuestionnaireView, row: QuartierRow, raw: bool,
               own: "_Counts | None" = None) -> dict[int, QuestionTable]:
        """Every question's table for one Quartier, follow-ups checked against the table
        of the question they follow, and all against what `own` knows."""
        by_key: dict[str, QuestionTable] = {}
        result: dict[int, QuestionTable] = {}
        known: dict[str, Known] = {}
        for question in view.questions:
            keys = _option_keys(question)
            answered, number_sum, number_count = self.answered.get(
                (row.quartier_id, question.id), (0, None, 0))
            options = {key: self.options.get((row.quartier_id, question.id, key), 0)
                       for key in keys}
            table = question_table(question.kind, keys, question.settings, options,
                                   answered, row.counts.total.count, number_sum,
                                   number_count, salt=question.key, raw=raw)
            known[question.key] = NOTHING if own is None else own.known(question,
                                                                         row.quartier_id)
            condition = question.settings.get("show_if")
            if condition and not raw:
                table = guard_follow_up(table, by_key.get(condition["question"]),
                                        condition["any_of"], known[question.key],
                                        known.get(condition["question"], NOTHING))
            if not raw:
                table = hold_against(table, known[question.key])
            by_key[question.key] = result[question.id] = table
        return result


def _option_keys(question: QuestionView) -> tuple[str, ...]:
    return tuple(option.key for option in KINDS[question.kind].options(question))


def _scope_table(question: QuestionView, members: list[QuartierRow],
                 member_tables: list[dict[int, QuestionTable]], counts: _Counts,
                 raw: bool, combine: bool) -> QuestionTable:
    tables = [by_question[question.id] for by_question in member_tables]
    if not combine:
        return tables[0]
    keys = _option_keys(question)
    sums = {key: sum(counts.options.get((row.quartier_id, question.id, key), 0)
                     for row in members) for key in keys}
    partials = [counts.answered.get((row.quartier_id, question.id), (0, None, 0))
                for row in members]
    answered = sum(count for count, _sum, _n in partials)
    number_sum = sum(number_sum or 0 for _count, number_sum, _n in partials)
    number_count = sum(n for _count, _sum, n in partials)
    responses = sum(row.counts.total.count for row in members)
    if raw:
        return question_table(question.kind, keys, question.settings, sums, answered,
                              responses, number_sum, number_count, "", raw=True)
    return combined_table(tables, question.kind, keys, sums, answered, responses,
                          number_sum, number_count)


def _day_rows(db: Session, questionnaire_id: int, members: list[QuartierRow],
              raw: bool, viewer_id: int | None) -> tuple[tuple[DayRow, ...], bool]:
    member_ids = None if raw else [row.quartier_id for row in members]
    days = db.execute(queries.result_daily_counts(questionnaire_id, member_ids)).all()
    counts = [count for _day, count in days]
    marks = [None] * len(days) if raw else protect_line(
        counts, [day.isoformat() for day, _count in days], "days")
    if marks is not None and viewer_id is not None:
        mine = dict(db.execute(queries.result_daily_counts(questionnaire_id, member_ids,
                                                           viewer_id)).all())
        if not holds_against(counts, marks, STANDARD, [mine.get(day, 0) for day, _c in days]):
            marks = None
    if marks is None:
        return (), True
    return tuple(DayRow(day, Count(day.isoformat(), count, mark))
                 for (day, count), mark in zip(days, marks, strict=True)), False


def _total_row(by_channel: dict[int, dict[str, int]]) -> QuartierRow:
    sums: dict[str, int] = {}
    for channels in by_channel.values():
        for channel, count in channels.items():
            sums[channel] = sums.get(channel, 0) + count
    return QuartierRow(None, "", quartier_counts(sums, CHANNELS, raw=True))


def group_by_field(summaries: list[QuestionResult]) -> tuple[ResultGroup, ...]:
    """Questions grouped by field of action in the programme's order; the rest last."""
    return tuple(ResultGroup(label, members) for label, members in
                 fields.group_by_field(summaries, lambda s: s.question.field_of_action))
