"""A questionnaire's results for organisers: raw for the district, else the published figures.

Organisers without raw data see exactly what a digest shows (published.py): every
Quartier's protected tables from its last release, channels only from 10 responses on. New
releases are made on request (a POST), never by looking. "All Quartiere" adds up the
published tables of the Quartiere with enough responses; a combined count is shown only
where each of its Quartiere's counts is shown (`combined_table`), so comparing the combined
view with a Quartier's reveals nothing. Responses per day count, for them, only the
Quartiere with at least 10 responses: their sum is published, so the days are one protected
line, and a Quartier shown as "< 10" cannot be recomputed as all days minus the others. The
district admin sees the live counts.
"""

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from participation.clock import local_today
from participation.results import counts as counting
from participation.results import queries
from participation.results.disclosure import STANDARD, holds_against, protect_line
from participation.results.layout import QuestionResult, ResultGroup, arrange
from participation.results.published import PublishedQuartier, publish
from participation.results.shapes import QuestionShape, shapes_of
from participation.results.tables import (
    Count,
    QuartierCounts,
    QuestionTable,
    combined_table,
    figure_table,
    quartier_counts,
)
from participation.results.tallies import Tallies
from participation.surveys.content import QuestionnaireView
from participation.surveys.models import CHANNELS

__all__ = ["QuestionResult", "ResultGroup", "Results", "compile_results", "compile_scopes"]


@dataclass(frozen=True)
class QuartierRow:
    quartier_id: int | None  # None: all Quartiere together
    name: str
    counts: QuartierCounts
    figures_from: int = 0  # responses behind the published figures (their release)

    @property
    def enough(self) -> bool:
        return self.counts.enough


@dataclass(frozen=True)
class DayRow:
    day: date
    figure: Count


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
    due: tuple[str, ...] = ()  # Quartiere with enough new responses for new figures


def compile_results(db: Session, view: QuestionnaireView, quartiere: list[tuple[int, str]],
                    scope_id: int | None, raw: bool, viewer_id: int | None = None,
                    publish_due: bool = False) -> Results:
    """The results as one organiser may see them: the live counts for raw-data viewers,
    else the published figures (published.py, as in the digests), making due releases
    only if `publish_due`. `viewer_id`: the organiser, whose own paper sheets and assisted
    answers must not make the days subtractable (knowledge.py)."""
    return compile_scopes(db, view, quartiere, [scope_id], raw, viewer_id, publish_due)[0]


def compile_scopes(db: Session, view: QuestionnaireView, quartiere: list[tuple[int, str]],
                   scope_ids: list[int | None], raw: bool, viewer_id: int | None = None,
                   publish_due: bool = False) -> list[Results]:
    """`compile_results` for several scopes, counting and publishing once."""
    by_channel = counting.responses_by_quartier_channel(db, view.id, None)
    if raw:
        figures = {quartier_id: PublishedQuartier(
            quartier_counts(by_channel.get(quartier_id, {}), CHANNELS, raw=True), {}, 0)
            for quartier_id, _name in quartiere}
    else:
        _structure, figures = publish(db, view.id, [q for q, _name in quartiere],
                                      local_today(), create=publish_due)
    rows = tuple(QuartierRow(quartier_id, name, figures[quartier_id].counts,
                             figures[quartier_id].figures_from)
                 for quartier_id, name in quartiere)
    due = tuple(row.name for row in rows if figures[row.quartier_id].due)
    total = _total_row(by_channel) if raw else None
    days, days_withheld = _day_rows(db, view.id, [row for row in rows if row.enough], raw,
                                    viewer_id)
    members = [row for row in rows if row.counts.total.count > 0 and row.enough
               and (raw or figures[row.quartier_id].enough)]
    left_out = tuple(row.name for row in rows
                     if row.counts.total.count > 0 and row not in members)
    counts = _Counts(db, view) if raw else None
    results = []
    for scope_id in scope_ids:
        if scope_id is None:
            scope_members = members
        else:
            scope_members = [row for row in members if row.quartier_id == scope_id]
        scope_responses = sum(_behind(row, raw) for row in scope_members)
        shown = bool(scope_members) and scope_responses > 0
        if scope_id is not None and not shown:
            scope_responses = next(row.counts.total.count for row in rows
                                   if row.quartier_id == scope_id)
        scoped = Results(raw, rows, total, scope_id, scope_responses, shown, left_out, days,
                         days_withheld, due=due)
        if shown:
            scoped = replace(scoped, groups=_groups(db, view, scope_id, scope_members,
                                                    figures, counts))
        results.append(scoped)
    return results


def _groups(db: Session, view: QuestionnaireView, scope_id: int | None,
            scope_members: list[QuartierRow], figures: dict[int, PublishedQuartier],
            counts: "_Counts | None") -> tuple[ResultGroup, ...]:
    """The figures of one scope in the questionnaire's layout, with free text beside them
    for raw data, and each Quartier's mean of a score when all are looked at together."""
    texts: dict[int, list[tuple[str, str]]] = {}
    if counts is not None:
        for question_id, quartier, text in db.execute(
                queries.result_text_answers(view.id, scope_id)):
            texts.setdefault(question_id, []).append((quartier, text))
        member_tables = [counts.tables(row) for row in scope_members]
    else:
        member_tables = [figures[row.quartier_id].tables for row in scope_members]
    combine = scope_id is None
    by_id = {question.id: question for question in view.questions}
    results = {}
    for shape in shapes_of(view):
        question = by_id[shape.id]
        means = ()
        if question.kind == "score" and combine and len(scope_members) > 1:
            means = tuple((row.name, getattr(tables.get(shape.id), "mean", None))
                          for row, tables in zip(scope_members, member_tables, strict=True))
        results[shape.id] = QuestionResult(
            question, _scope_table(shape, scope_members, member_tables, counts, combine),
            tuple(texts.get(shape.id, ())), means)
    return arrange(view, results)


def _behind(row: QuartierRow, raw: bool) -> int:
    """The responses behind a Quartier's per-question figures: all, or its release's."""
    return row.counts.total.count if raw else row.figures_from


class _Counts:
    """The raw counts of one questionnaire per Quartier and entry, read once."""

    def __init__(self, db: Session, view: QuestionnaireView):
        self.structure = shapes_of(view)
        self.tallies = Tallies(db, view.id, self.structure, None)

    def tables(self, row: QuartierRow) -> dict[int, QuestionTable]:
        """Every entry's raw table for one Quartier."""
        return {shape.id: figure_table(shape, self.tallies.tally(row.quartier_id, shape),
                                       row.counts.total.count, salt=shape.key, raw=True)
                for shape in self.structure}

    def combined(self, shape: QuestionShape, members: list[QuartierRow],
                 responses: int) -> QuestionTable:
        tally = self.tallies.combined([row.quartier_id for row in members], shape)
        return figure_table(shape, tally, responses, "", raw=True)


def _scope_table(shape: QuestionShape, members: list[QuartierRow],
                 member_tables: list[dict[int, QuestionTable]], counts: "_Counts | None",
                 combine: bool) -> QuestionTable:
    """The table of the scope: one Quartier's, or all Quartiere's together (raw: from the
    counts; published: from the Quartiere's published tables)."""
    tables = [by_question.get(shape.id) for by_question in member_tables]
    if None in tables:  # a release made before the entry had figures of its own
        return QuestionTable(shape.kind, 0, STANDARD, withheld=True)
    if not combine:
        return tables[0]
    responses = sum(table.responses for table in tables)
    if counts is not None:
        return counts.combined(shape, members, responses)
    # the published tables' counts (their releases'), added up; no mean across releases
    return combined_table(tables, shape.kind, responses)


def _day_rows(db: Session, questionnaire_id: int, members: list[QuartierRow],
              raw: bool, viewer_id: int | None) -> tuple[tuple[DayRow, ...], bool]:
    member_ids = None if raw else [row.quartier_id for row in members]
    days = counting.daily_counts(db, questionnaire_id, member_ids)
    counts = [count for _day, count in days]
    marks = [None] * len(days) if raw else protect_line(
        counts, [day.isoformat() for day, _count in days], "days")
    if marks is not None and viewer_id is not None:
        mine = dict(counting.daily_counts(db, questionnaire_id, member_ids, viewer_id))
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
