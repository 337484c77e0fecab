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
from participation.results.figures import line_counts
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
    figure_table,
    quartier_counts,
    table_from_line,
)
from participation.results.tallies import Tallies


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
    source = _Source(db, questionnaire_id, structure, upto, create)
    return structure, {quartier_id: source.quartier(structure, quartier_id)
                       for quartier_id in quartier_ids}


class _Source:
    """The counts of one questionnaire up to a day, and of each organiser who entered some."""

    def __init__(self, db: Session, questionnaire_id: int, structure, upto: date,
                 create: bool):
        self.db, self.questionnaire_id, self.create = db, questionnaire_id, create
        self.totals = queries.responses_by_quartier_channel(db, questionnaire_id, upto)
        self.tallies = Tallies(db, questionnaire_id, structure, upto)
        self.readers = [_Reader(db, questionnaire_id, structure, upto, organiser_id)
                        for organiser_id
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
            tally = self.tallies.tally(quartier_id, question)
            table = figure_table(question, tally, counts.total.count, salt=question.key)
            readers = [reader for reader in self.readers if reader.responses(quartier_id)]
            for reader in [None, *readers]:
                own = reader.known(quartier_id, question) if reader else NOTHING
                for link in question.links:
                    source = by_key.get(link.source)
                    own_source = reader.known(quartier_id, source) if reader and source \
                        else NOTHING
                    table = guard_follow_up(table, tables.get(link.source), list(link.keys),
                                            own, own_source, link.part)
                table = hold_against(table, own)
            tables[question.key] = table
            keys, values = line_counts(question.kind, question.settings, question.option_keys,
                                       tally, counts.total.count)
            shown = table.cells if question.kind == "multiple_choice" else table.rows
            lines[str(question.id)] = Line(
                question.kind, tuple(keys), tuple(values),
                None if table.withheld else tuple(c.hidden for c in shown),
                counts.total.count, table.rules.small, table.rules.min_responses,
                None if table.mean is None else str(table.mean),
                None if table.median is None else str(table.median),
                {reader.key: reader.line(quartier_id, question) for reader in readers})
        channels = self.totals.get(quartier_id, {})
        lines[CHANNELS_LINE] = Line(
            CHANNELS_LINE, tuple(queries.CHANNELS),
            tuple(channels.get(channel, 0) for channel in queries.CHANNELS),
            None if counts.channels is None else tuple(c.hidden for c in counts.channels),
            counts.total.count, STANDARD.small, STANDARD.min_responses, None, None,
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
                line.rules, line.mean_value, line.median_value)
    channels = lines[CHANNELS_LINE]
    shown = None
    if channels.marks is not None:
        shown = table_from_line("multiple_choice", list(channels.keys), list(channels.counts),
                                list(channels.marks), channels.responses, channels.rules,
                                None).cells
    return PublishedQuartier(replace(counts, channels=shown), tables, figures_from)


class _Reader:
    """What one organiser who keyed in or assisted with responses knows of them."""

    def __init__(self, db: Session, questionnaire_id: int, structure, upto: date,
                 organiser_id: int):
        self.key = str(organiser_id)
        self.channels = queries.responses_by_quartier_channel(db, questionnaire_id, upto,
                                                              organiser_id)
        self.tallies = Tallies(db, questionnaire_id, structure, upto, organiser_id)

    def responses(self, quartier_id: int) -> int:
        return sum(self.channels.get(quartier_id, {}).values())

    def line(self, quartier_id: int, question) -> tuple[int, tuple[int, ...]]:
        """(their responses, their part of each cell) of a question's line."""
        _keys, values = line_counts(question.kind, question.settings, question.option_keys,
                                    self.tallies.tally(quartier_id, question),
                                    self.responses(quartier_id))
        return self.responses(quartier_id), tuple(values)

    def channel_line(self, quartier_id: int) -> list[int]:
        mine = self.channels.get(quartier_id, {})
        return [mine.get(channel, 0) for channel in queries.CHANNELS]

    def known(self, quartier_id: int, question) -> Known:
        """What they know in one Quartier of an entry: their part of each of its cells."""
        tally = self.tallies.tally(quartier_id, question)
        keys, values = line_counts(question.kind, question.settings, question.option_keys,
                                   tally, self.responses(quartier_id))
        return Known(self.responses(quartier_id), tally.answered,
                     dict(zip(keys, values, strict=True)))
