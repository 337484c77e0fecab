"""The overview's figures (read) and its targets (write).

The figures are the results page's own (results/summaries.py compile_results) for the same
organiser: the same protected count per Quartier ("< 10" below 10 responses for organisers
without raw data), the same protected responses per day and the same channels. So the
overview can never show more than the results page does; it only adds the organiser's
targets and the days without responses between the first and the last, which are zero.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from participation.overview import queries
from participation.results.rounding import share
from participation.results.summaries import DayRow, QuartierRow, compile_results
from participation.results.tables import Count
from participation.surveys.content import QuestionnaireView
from participation.surveys.models import ResponseTarget


@dataclass(frozen=True)
class QuartierProgress:
    quartier_id: int
    name: str
    responses: Count  # hidden "small" below 10 responses for organisers without raw data
    channels: tuple[Count, ...] | None  # None: not shown
    target: int | None
    covered: bool  # residents can choose it; only these have a target

    @property
    def shown(self) -> int | None:
        """The count as published, None if it is protected."""
        return None if self.responses.hidden else self.responses.count

    @property
    def share(self) -> Decimal | None:
        """Responses as a fraction of the target, in whole percent (None: no target or a
        protected count)."""
        if self.target is None or self.shown is None:
            return None
        return share(self.shown, self.target)


@dataclass(frozen=True)
class Overview:
    raw: bool
    quartiere: tuple[QuartierProgress, ...]
    total: QuartierRow | None  # all Quartiere together, raw-data viewers only
    days: tuple[DayRow, ...]  # oldest first, every day from the first to the last
    days_withheld: bool  # no safe pattern: none is shown (as on the results page)


def compile_overview(db: Session, view: QuestionnaireView, quartiere: list[tuple[int, str]],
                     covered_ids: set[int], raw: bool, viewer_id: int) -> Overview:
    """The overview of one questionnaire for one organiser. `quartiere`: all of the
    municipality, as the results page counts them; listed are those residents can choose
    and any other that has responses."""
    results = compile_results(db, view, quartiere, None, raw, viewer_id)
    targets = {quartier_id: target for quartier_id, target
               in db.execute(queries.targets_of(view.id))}
    rows = tuple(
        QuartierProgress(row.quartier_id, row.name, row.counts.total, row.counts.channels,
                         targets.get(row.quartier_id) if row.quartier_id in covered_ids
                         else None, row.quartier_id in covered_ids)
        for row in results.quartiere
        if row.quartier_id in covered_ids or row.counts.total.count > 0)
    return Overview(raw, rows, results.total, with_empty_days(results.days),
                    results.days_withheld)


def with_empty_days(days: tuple[DayRow, ...]) -> tuple[DayRow, ...]:
    """`days` with a zero for every day between them that has no responses (a day the
    results page leaves out: it has none, so zero is no new figure)."""
    if not days:
        return ()
    by_day = {row.day: row for row in days}
    first, last = days[0].day, days[-1].day
    every = (first + timedelta(n) for n in range((last - first).days + 1))
    return tuple(by_day.get(day) or DayRow(day, Count(day.isoformat(), 0)) for day in every)


def save_targets(db: Session, questionnaire_id: int, targets: dict[int, int | None]) -> None:
    """Set each Quartier's target; None removes it."""
    for quartier_id, target in targets.items():
        row = db.get(ResponseTarget, (questionnaire_id, quartier_id))
        if target is None:
            if row is not None:
                db.delete(row)
        elif row is None:
            db.add(ResponseTarget(questionnaire_id=questionnaire_id, quartier_id=quartier_id,
                                  target=target))
        else:
            row.target = target
    db.flush()

