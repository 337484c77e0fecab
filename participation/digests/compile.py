"""Compile a municipality's digest from the database, language-neutral and disclosure-safe.

The figures are those of results/published.py, exactly as the results pages of municipal
organisers show them: a band for Quartiere below 10 responses and no per-question figures
there; "< 5" and a partner "·" where a count is small; a table withheld where no safe
pattern exists; the Quartier's last release rather than this week's counts. Free text is
only counted, never quoted.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from participation.digests import queries
from participation.digests.schedule import is_interim, period_bounds
from participation.results.published import publish
from participation.results.releases import next_release_at
from participation.results.tables import QuartierCounts, QuestionTable


@dataclass(frozen=True)
class QuestionSummary:
    question_id: int
    field_of_action: str | None
    table: QuestionTable


@dataclass(frozen=True)
class QuartierDigest:
    quartier_id: int
    name: str
    counts: QuartierCounts
    new_responses: int
    questions: tuple[QuestionSummary, ...] = ()
    figures_from: int = 0  # responses behind the per-question figures (releases.py)

    @property
    def figures_behind(self) -> bool:
        """The figures are those of an earlier release: fewer responses than now."""
        return bool(self.questions) and self.figures_from < self.counts.total.count

    @property
    def next_figures_at(self) -> int:
        return next_release_at(self.figures_from)

    @property
    def enough(self) -> bool:
        return self.counts.enough


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


def compile_municipality_digest(db: Session, municipality_id: int, period: str,
                                upto: date | None = None) -> MunicipalityDigest:
    first_day, last_day = period_bounds(period)
    upto = upto or last_day
    municipality = queries.municipality_name(db, municipality_id)
    quartiere = queries.quartiere(db, municipality_id)
    result = []
    for questionnaire_id in queries.questionnaires_with_responses(db, municipality_id, upto):
        structure, published = publish(db, questionnaire_id,
                                       [quartier_id for quartier_id, _name in quartiere], upto)
        new = queries.responses_by_quartier(db, questionnaire_id, first_day, upto)
        sections = []
        for quartier_id, name in quartiere:
            figures = published[quartier_id]
            summaries = tuple(
                QuestionSummary(question.id, question.field_of_action,
                                figures.tables[question.id])
                for question in structure if question.id in figures.tables)
            sections.append(QuartierDigest(quartier_id, name, figures.counts,
                                           new.get(quartier_id, 0), summaries,
                                           figures.figures_from))
        result.append(QuestionnaireDigest(questionnaire_id, tuple(sections)))
    return MunicipalityDigest(municipality_id, municipality, period, first_day, last_day,
                              tuple(result))
