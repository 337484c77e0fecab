"""Compile a municipality's digest from the database, language-neutral and disclosure-safe.

Counting happens in SQL (queries.py); the disclosure rules come from results/disclosure.py:
counts 1–4 are shown as "< 5", with secondary suppression where a total would reveal a
single hidden cell; no per-question figures for a Quartier below 10 responses; free text
is only counted, never quoted. Shares and means are rounded half up (results/rounding.py).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from participation.digests import queries
from participation.digests.schedule import is_interim, period_bounds
from participation.results.disclosure import (
    MIN_RESPONSES,
    ONE_ANSWER_KINDS,
    SMALL_COUNT,
    hidden_cells,
)
from participation.results.rounding import mean as rounded_mean
from participation.results.rounding import whole_percent

SECONDARY_MARK = "·"


@dataclass(frozen=True)
class Cell:
    key: str
    count: int
    hidden: str | None  # None, "small" (1–4) or "secondary" (hidden to protect a small one)
    share: Decimal | None  # whole percent of those who answered, None when hidden

    @property
    def shown(self) -> str:
        if self.hidden == "small":
            return f"< {SMALL_COUNT}"
        return SECONDARY_MARK if self.hidden else str(self.count)


@dataclass(frozen=True)
class QuestionSummary:
    question_id: int
    kind: str
    field_of_action: str | None
    answered: int
    answered_hidden: bool
    cells: tuple[Cell, ...]
    mean: Decimal | None  # rounded to one decimal


@dataclass(frozen=True)
class QuartierDigest:
    quartier_id: int
    name: str
    responses: int
    new_responses: int
    channels: tuple[Cell, ...]
    enough: bool
    questions: tuple[QuestionSummary, ...] = ()


@dataclass(frozen=True)
class QuestionnaireDigest:
    questionnaire_id: int
    quartiere: tuple[QuartierDigest, ...]


@dataclass(frozen=True)
class MunicipalityDigest:
    municipality_id: int
    municipality: str
    period: str
    first_day: date
    last_day: date
    questionnaires: tuple[QuestionnaireDigest, ...] = field(default=())

    @property
    def interim(self) -> bool:
        """Sent on demand (`digests run --now`) before its week is over."""
        return is_interim(self.period)

    @property
    def empty(self) -> bool:
        """No response at all up to `last_day`: there is nothing to report."""
        return not self.questionnaires


def _cells(keys: list[str], counts: dict[str, int], base: int, total_shown: bool) -> tuple:
    values = [counts.get(key, 0) for key in keys]
    hidden = hidden_cells(values, total_shown)
    return tuple(
        Cell(key, value, is_hidden,
             None if is_hidden or base == 0 else whole_percent(value, base))
        for key, value, is_hidden in zip(keys, values, hidden, strict=True)
    )


def compile_municipality_digest(db: Session, municipality_id: int, period: str,
                                upto: date | None = None) -> MunicipalityDigest:
    first_day, last_day = period_bounds(period)
    upto = upto or last_day
    municipality = queries.municipality_name(db, municipality_id)
    quartiere = queries.quartiere(db, municipality_id)
    result = []
    for questionnaire_id in queries.questionnaires_with_responses(db, municipality_id, upto):
        structure = queries.question_structure(db, questionnaire_id)
        totals = queries.responses_by_quartier_channel(db, questionnaire_id, upto)
        new = queries.responses_by_quartier(db, questionnaire_id, first_day, upto)
        options = queries.option_counts(db, questionnaire_id, upto)
        answered = queries.answered_and_means(db, questionnaire_id, upto)
        sections = []
        for quartier_id, name in quartiere:
            channels = totals.get(quartier_id, {})
            responses = sum(channels.values())
            enough = responses >= MIN_RESPONSES
            summaries = ()
            if enough:
                summaries = tuple(
                    _summarise(question, options.get((quartier_id, question.id), {}),
                               answered.get((quartier_id, question.id), (0, None, 0)))
                    for question in structure
                )
            sections.append(QuartierDigest(
                quartier_id=quartier_id, name=name, responses=responses,
                new_responses=new.get(quartier_id, 0),
                channels=_cells(list(queries.CHANNELS), channels, responses, True),
                enough=enough, questions=summaries,
            ))
        result.append(QuestionnaireDigest(questionnaire_id, tuple(sections)))
    return MunicipalityDigest(municipality_id, municipality, period, first_day, last_day,
                              tuple(result))


def _summarise(question, counts: dict[str, int], answered_mean) -> QuestionSummary:
    answered, number_sum, number_count = answered_mean
    answered_hidden = 0 < answered < SMALL_COUNT
    keys = list(question.option_keys)
    if answered_hidden:
        cells = tuple(Cell(key, counts.get(key, 0),
                           "small" if counts.get(key, 0) > 0 else None, None)
                      for key in keys)
    else:
        cells = _cells(keys, counts, answered, question.kind in ONE_ANSWER_KINDS)
    show_mean = question.kind in ("scale", "number") and answered >= SMALL_COUNT
    return QuestionSummary(
        question_id=question.id, kind=question.kind, field_of_action=question.field_of_action,
        answered=answered, answered_hidden=answered_hidden, cells=cells,
        mean=rounded_mean(number_sum, number_count) if show_mean and number_count else None,
    )
