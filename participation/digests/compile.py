"""Compile a municipality's digest from the database, language-neutral and disclosure-safe.

Counting happens in SQL (queries.py); the figures are protected tables (results/tables.py,
by the rules of results/disclosure.py), exactly as the results pages show them: a band for
Quartiere below 10 responses and no per-question figures there; "< 5" and a partner "·"
where a count is small; a table withheld where no safe pattern exists; free text is only
counted, never quoted.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy.orm import Session

from participation.digests import queries
from participation.digests.releases import CHANNELS_LINE, Line, current_release, next_release_at
from participation.digests.schedule import is_interim, period_bounds
from participation.results.disclosure import STANDARD
from participation.results.knowledge import (
    NOTHING,
    Known,
    guard_follow_up,
    hold_against,
    hold_quartier_against,
)
from participation.results.tables import (
    QuartierCounts,
    QuestionTable,
    quartier_counts,
    question_table,
    table_from_line,
    table_line,
)


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
        structure = queries.question_structure(db, questionnaire_id)
        by_key = {question.key: question for question in structure}
        totals = queries.responses_by_quartier_channel(db, questionnaire_id, upto)
        new = queries.responses_by_quartier(db, questionnaire_id, first_day, upto)
        options = queries.option_counts(db, questionnaire_id, upto)
        answered = queries.answered_and_means(db, questionnaire_id, upto)
        # anyone who keyed in sheets or assisted may read the digest: protect against each
        readers = [_Reader(db, questionnaire_id, upto, organiser_id) for organiser_id
                   in queries.entering_organisers(db, questionnaire_id, upto)]
        sections = []
        for quartier_id, name in quartiere:
            counts = quartier_counts(totals.get(quartier_id, {}), queries.CHANNELS)
            for reader in readers:
                counts = hold_quartier_against(counts, reader.channel_line(quartier_id))
            responses = counts.total.count
            summaries: list[QuestionSummary] = []
            if counts.enough:
                tables: dict[str, QuestionTable] = {}
                for question in structure:
                    known = [reader.known(quartier_id, question, by_key) for reader in readers]
                    summary = _summarise(
                        question, options.get((quartier_id, question.id), {}),
                        answered.get((quartier_id, question.id), (0, None, 0)), responses,
                        tables, known)
                    tables[question.key] = summary.table
                    summaries.append(summary)
            figures_from = 0
            if counts.enough:
                candidate = _lines(structure, summaries, counts, totals.get(quartier_id, {}),
                                   options, answered, quartier_id)
                figures_from, lines = current_release(db, questionnaire_id, quartier_id,
                                                      responses, candidate)
                counts, summaries = _from_lines(lines, counts, structure)
            sections.append(QuartierDigest(quartier_id, name, counts, new.get(quartier_id, 0),
                                           tuple(summaries), figures_from))
        result.append(QuestionnaireDigest(questionnaire_id, tuple(sections)))
    return MunicipalityDigest(municipality_id, municipality, period, first_day, last_day,
                              tuple(result))


def _lines(structure, summaries: list[QuestionSummary], counts: QuartierCounts,
           channels: dict[str, int], options, answered, quartier_id: int) -> dict[str, Line]:
    """The figures of one Quartier as lines for a release: true counts and the marks."""
    lines = {}
    for question, summary in zip(structure, summaries, strict=True):
        table = summary.table
        done, number_sum, number_count = answered.get((quartier_id, question.id), (0, None, 0))
        keys, values = table_line(question.kind, question.option_keys,
                                  options.get((quartier_id, question.id), {}), done,
                                  table.responses)
        shown = table.cells if question.kind == "multiple_choice" else table.rows
        lines[str(question.id)] = Line(
            question.kind, tuple(keys), tuple(values),
            None if table.withheld else tuple(c.hidden for c in shown), table.responses,
            table.rules.small, table.rules.min_responses,
            None if table.mean is None else str(table.mean))
    lines[CHANNELS_LINE] = Line(
        CHANNELS_LINE, tuple(queries.CHANNELS),
        tuple(channels.get(channel, 0) for channel in queries.CHANNELS),
        None if counts.channels is None else tuple(c.hidden for c in counts.channels),
        counts.total.count, STANDARD.small, STANDARD.min_responses)
    return lines


def _from_lines(lines: dict[str, Line], counts: QuartierCounts,
                structure) -> tuple[QuartierCounts, list[QuestionSummary]]:
    """A release's lines as the digest shows them."""
    summaries = []
    for question in structure:
        line = lines.get(str(question.id))
        if line is None:  # cannot happen while the structure is locked by responses
            continue
        table = table_from_line(line.kind, list(line.keys), list(line.counts),
                                None if line.marks is None else list(line.marks),
                                line.responses, line.rules, line.mean_value)
        summaries.append(QuestionSummary(question.id, question.field_of_action, table))
    channels = lines[CHANNELS_LINE]
    shown = None
    if channels.marks is not None:
        shown = table_from_line("multiple_choice", list(channels.keys), list(channels.counts),
                                list(channels.marks), channels.responses, channels.rules,
                                None).cells
    return replace(counts, channels=shown), summaries


class _Reader:
    """What one organiser who entered responses knows of them."""

    def __init__(self, db: Session, questionnaire_id: int, upto: date, organiser_id: int):
        self.channels = queries.responses_by_quartier_channel(db, questionnaire_id, upto,
                                                              organiser_id)
        self.options = queries.option_counts(db, questionnaire_id, upto, organiser_id)
        self.answered = queries.answered_and_means(db, questionnaire_id, upto, organiser_id)

    def channel_line(self, quartier_id: int) -> list[int]:
        mine = self.channels.get(quartier_id, {})
        return [mine.get(channel, 0) for channel in queries.CHANNELS]

    def _of(self, quartier_id: int, question) -> Known:
        return Known(sum(self.channels.get(quartier_id, {}).values()),
                     self.answered.get((quartier_id, question.id), (0, None, 0))[0],
                     dict(self.options.get((quartier_id, question.id), {})))

    def known(self, quartier_id: int, question, by_key: dict) -> tuple[Known, Known]:
        """What they know in one Quartier of a question and of the one it follows."""
        condition = question.settings.get("show_if")
        source = by_key.get(condition["question"]) if condition else None
        return (self._of(quartier_id, question),
                NOTHING if source is None else self._of(quartier_id, source))


def _summarise(question, counts: dict[str, int], answered_mean, responses: int,
               earlier: dict[str, QuestionTable],
               readers: list[tuple[Known, Known]]) -> QuestionSummary:
    answered, number_sum, number_count = answered_mean
    table = question_table(question.kind, question.option_keys, question.settings, counts,
                           answered, responses, number_sum, number_count,
                           salt=question.key)
    condition = question.settings.get("show_if")
    for known, known_source in [(NOTHING, NOTHING), *readers]:
        if condition:
            table = guard_follow_up(table, earlier.get(condition["question"]),
                                    condition["any_of"], known, known_source)
        table = hold_against(table, known)
    return QuestionSummary(question.id, question.field_of_action, table)
