"""A questionnaire's figures per Quartier as they are published: in the digests, on the
results pages of organisers without raw data and in their table downloads.

- A Quartier's responses (a band below 10) and, from 10 responses on, its channels and one
  protected table per question (tables.py, by the rules of disclosure.py).
- Everything is checked against each organiser who keyed in or assisted with responses
  (knowledge.py), since any of them may read what is published.
- Per-question figures and channels come from the Quartier's last release (releases.py),
  so that two publications cannot be compared to read the answers of the people in between.
"""

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from participation.results import counts as queries
from participation.results.disclosure import STANDARD
from participation.results.knowledge import (
    NOTHING,
    Known,
    guard_follow_up,
    hold_against,
    hold_quartier_against,
)
from participation.results.releases import CHANNELS_LINE, Line, current_release
from participation.results.tables import (
    QuartierCounts,
    QuestionTable,
    quartier_counts,
    question_table,
    table_from_line,
    table_line,
)


@dataclass(frozen=True)
class PublishedQuartier:
    counts: QuartierCounts  # the total now; the channels of the release
    tables: dict[int, QuestionTable]  # by question id; empty below 10 responses
    figures_from: int  # responses behind the tables and channels (the release)
    due: bool = False  # enough new responses for a new release, not yet made

    @property
    def enough(self) -> bool:
        return bool(self.tables)


def publish(db: Session, questionnaire_id: int, quartier_ids: list[int], upto: date,
            create: bool = True
            ) -> tuple[list[queries.QuestionShape], dict[int, PublishedQuartier]]:
    """The questionnaire's questions and every Quartier's published figures up to `upto`;
    due releases are made only if `create` (a reading request must not write)."""
    structure = queries.question_structure(db, questionnaire_id)
    source = _Source(db, questionnaire_id, upto, create)
    return structure, {quartier_id: source.quartier(structure, quartier_id)
                       for quartier_id in quartier_ids}


class _Source:
    """The counts of one questionnaire up to a day, and of each organiser who entered some."""

    def __init__(self, db: Session, questionnaire_id: int, upto: date, create: bool):
        self.db, self.questionnaire_id, self.create = db, questionnaire_id, create
        self.totals = queries.responses_by_quartier_channel(db, questionnaire_id, upto)
        self.options = queries.option_counts(db, questionnaire_id, upto)
        self.answered = queries.answered_and_means(db, questionnaire_id, upto)
        self.readers = [_Reader(db, questionnaire_id, upto, organiser_id) for organiser_id
                        in queries.entering_organisers(db, questionnaire_id, upto)]

    def quartier(self, structure, quartier_id: int) -> PublishedQuartier:
        counts = quartier_counts(self.totals.get(quartier_id, {}), queries.CHANNELS)
        if not counts.enough:
            return PublishedQuartier(counts, {}, 0)
        figures_from, lines, due = current_release(
            self.db, self.questionnaire_id, quartier_id, counts.total.count,
            lambda: self._candidate(structure, quartier_id, counts), self.create)
        if not lines:
            return PublishedQuartier(replace(counts, channels=None), {}, 0, due)
        return replace(_from_lines(lines, counts, structure, figures_from), due=due)

    def _candidate(self, structure, quartier_id: int, counts: QuartierCounts) -> dict:
        """The current figures of one Quartier as lines for a new release."""
        for reader in self.readers:
            counts = hold_quartier_against(counts, reader.channel_line(quartier_id))
        by_key = {question.key: question for question in structure}
        tables: dict[str, QuestionTable] = {}
        lines = {}
        for question in structure:
            key = (quartier_id, question.id)
            done, number_sum, number_count = self.answered.get(key, (0, None, 0))
            options = self.options.get(key, {})
            table = question_table(question.kind, question.option_keys, question.settings,
                                   options, done, counts.total.count, number_sum,
                                   number_count, salt=question.key)
            condition = question.settings.get("show_if")
            known = [reader.known(quartier_id, question, by_key) for reader in self.readers]
            for mine, mine_source in [(NOTHING, NOTHING), *known]:
                if condition:
                    table = guard_follow_up(table, tables.get(condition["question"]),
                                            condition["any_of"], mine, mine_source)
                table = hold_against(table, mine)
            tables[question.key] = table
            keys, values = table_line(question.kind, question.option_keys, options, done,
                                      counts.total.count)
            shown = table.cells if question.kind == "multiple_choice" else table.rows
            lines[str(question.id)] = Line(
                question.kind, tuple(keys), tuple(values),
                None if table.withheld else tuple(c.hidden for c in shown),
                counts.total.count, table.rules.small, table.rules.min_responses,
                None if table.mean is None else str(table.mean),
                {reader.key: reader.line(quartier_id, question) for reader in self.readers
                 if reader.responses(quartier_id)})
        channels = self.totals.get(quartier_id, {})
        lines[CHANNELS_LINE] = Line(
            CHANNELS_LINE, tuple(queries.CHANNELS),
            tuple(channels.get(channel, 0) for channel in queries.CHANNELS),
            None if counts.channels is None else tuple(c.hidden for c in counts.channels),
            counts.total.count, STANDARD.small, STANDARD.min_responses, None,
            {reader.key: (reader.responses(quartier_id),
                          tuple(reader.channel_line(quartier_id)))
             for reader in self.readers if reader.responses(quartier_id)})
        return lines


def _from_lines(lines: dict[str, Line], counts: QuartierCounts, structure,
                figures_from: int) -> PublishedQuartier:
    """A release's lines as tables."""
    tables = {}
    for question in structure:
        line = lines.get(str(question.id))
        if line is not None:  # the structure is locked once there are responses
            tables[question.id] = table_from_line(
                line.kind, list(line.keys), list(line.counts),
                None if line.marks is None else list(line.marks), line.responses,
                line.rules, line.mean_value)
    channels = lines[CHANNELS_LINE]
    shown = None
    if channels.marks is not None:
        shown = table_from_line("multiple_choice", list(channels.keys), list(channels.counts),
                                list(channels.marks), channels.responses, channels.rules,
                                None).cells
    return PublishedQuartier(replace(counts, channels=shown), tables, figures_from)


class _Reader:
    """What one organiser who keyed in or assisted with responses knows of them."""

    def __init__(self, db: Session, questionnaire_id: int, upto: date, organiser_id: int):
        self.key = str(organiser_id)
        self.channels = queries.responses_by_quartier_channel(db, questionnaire_id, upto,
                                                              organiser_id)
        self.options = queries.option_counts(db, questionnaire_id, upto, organiser_id)
        self.answered = queries.answered_and_means(db, questionnaire_id, upto, organiser_id)

    def responses(self, quartier_id: int) -> int:
        return sum(self.channels.get(quartier_id, {}).values())

    def line(self, quartier_id: int, question) -> tuple[int, tuple[int, ...]]:
        """(their responses, their part of each cell) of a question's line."""
        done = self.answered.get((quartier_id, question.id), (0, None, 0))[0]
        _keys, values = table_line(question.kind, question.option_keys,
                                   self.options.get((quartier_id, question.id), {}), done,
                                   self.responses(quartier_id))
        return self.responses(quartier_id), tuple(values)

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
