"""Releases: a Quartier's published figures change only in audited steps.

Two publications side by side (two weekly digests) show what the people who answered in
between said (issue 9, attack 6: one new response, and every table's change is that
person's answers). So a digest does not show a Quartier's current figures. It shows its
last release until the responses have doubled (at least 10 more), and then releases the
figures anew, after three steps:

1. every count that grew by 1..4 since the last release is hidden (with a partner where it
   would be the only hidden count of its line), since the growth is a count of the new
   people;
2. each line of the new release is audited together with all earlier releases of the same
   line (results/audit.py: exact integer programmes over the growing counts);
3. a line that still narrows a small count hides up to two more partners, in the fixed
   order of `partner_order`, and is withheld in this release if even that does not hold.

Paper sheets corrected or deleted since a release (paper/sheets.py) take responses out of
its cells: each release is audited knowing how many changes since the one before could
touch each line (`line_changes`, from the change records that readers see too).

A release stores the counts and the marks it showed, so later audits see exactly what
readers saw, and a digest shows the same figures however often it is compiled. A digest
for an earlier day uses the last release that its responses had reached.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.clock import as_utc
from participation.i18n import DEFAULT_LOCALE
from participation.paper.models import QUARTIER_CHANGED, SHEET_DELETED, SheetChange
from participation.results.audit import LineRelease, releases_hold
from participation.results.disclosure import MIN_RESPONSES, Rules, complement, partner_order
from participation.results.models import Release
from participation.surveys.content import questionnaire_view
from participation.surveys.queries import questionnaire_with_content

CHANNELS_LINE = "channels"


@dataclass(frozen=True)
class Line:
    """One published line of a release: a question's table or the channels."""

    kind: str
    keys: tuple[str, ...]
    counts: tuple[int, ...]
    marks: tuple[str | None, ...] | None  # None: withheld
    responses: int
    small: int
    min_responses: int
    mean: str | None = None
    median: str | None = None
    # per organiser who entered responses (id as text): (their responses, their part of
    # each count); they may compare releases knowing it
    known: dict[str, tuple[int, tuple[int, ...]]] = field(default_factory=dict)

    @property
    def rules(self) -> Rules:
        return Rules(self.small, self.min_responses)

    def as_json(self) -> dict:
        return {"kind": self.kind, "keys": list(self.keys), "counts": list(self.counts),
                "marks": None if self.marks is None else list(self.marks),
                "responses": self.responses, "small": self.small,
                "min_responses": self.min_responses, "mean": self.mean,
                "median": self.median,
                "known": {k: [n, list(counts)] for k, (n, counts) in self.known.items()}}

    @classmethod
    def from_json(cls, data: dict) -> "Line":
        marks = data["marks"]
        return cls(data["kind"], tuple(data["keys"]), tuple(data["counts"]),
                   None if marks is None else tuple(marks), data["responses"],
                   data["small"], data["min_responses"], data["mean"], data.get("median"),
                   {k: (n, tuple(counts)) for k, (n, counts) in data["known"].items()})

    def mine(self, reader: str | None) -> tuple[int, tuple[int, ...]]:
        """(responses, part of each count) that `reader` entered; nothing for None."""
        return self.known.get(reader, (0, (0,) * len(self.counts))) if reader else (
            0, (0,) * len(self.counts))

    @property
    def mean_value(self) -> Decimal | None:
        return None if self.mean is None else Decimal(self.mean)

    @property
    def median_value(self) -> Decimal | None:
        return None if self.median is None else Decimal(self.median)


def next_release_at(released: int) -> int:
    """The responses at which a Quartier's figures are released anew: double, at least
    MIN_RESPONSES more."""
    return released + max(MIN_RESPONSES, released)


def current_release(db: Session, questionnaire_id: int, quartier_id: int, responses: int,
                    candidate: Callable[[], dict[str, Line]],
                    create: bool = True) -> tuple[int, dict[str, Line], bool]:
    """(responses behind them, lines, whether a new release is due) of the figures shown
    for one Quartier with `responses` responses: the last release they reached, or a new
    one made from `candidate()` if it is due and `create` ((0, {}) before the first)."""
    history = list(db.scalars(
        select(Release).where(Release.questionnaire_id == questionnaire_id,
                              Release.quartier_id == quartier_id)
        .order_by(Release.responses)))
    earlier = [{name: Line.from_json(data) for name, data in release.figures.items()}
               for release in history]
    reached = [i for i, release in enumerate(history) if release.responses <= responses]
    due = not history or (len(reached) == len(history)
                          and responses >= next_release_at(history[-1].responses))
    if not (due and create):
        if not reached:
            return 0, {}, due
        return history[reached[-1]].responses, earlier[reached[-1]], due
    now = datetime.now(UTC)
    touching = line_changes(db, questionnaire_id, quartier_id,
                            [as_utc(release.created_at) for release in history] + [now])
    lines = {name: audited(line, [r[name] for r in earlier if name in r], name,
                           [touching(i, name) for i, r in enumerate(earlier) if name in r]
                           + [touching(len(earlier), name)])
             for name, line in candidate().items()}
    db.add(Release(questionnaire_id=questionnaire_id, quartier_id=quartier_id,
                   responses=responses, created_at=now,
                   figures={name: line.as_json() for name, line in lines.items()}))
    db.flush()
    return responses, lines, False


MORE_PARTNERS = 2


def line_changes(db: Session, questionnaire_id: int, quartier_id: int,
                 moments: list[datetime]) -> Callable[[int, str], int]:
    """(release index, line name) → the sheet changes after the release before it (up to
    its own moment) that can touch the line: a deletion or a move to another Quartier
    touches every line, a correction the lines of the questions it names."""
    changes = [(as_utc(row.changed_at), row) for row in db.scalars(
        select(SheetChange).where(SheetChange.questionnaire_id == questionnaire_id,
                                  SheetChange.quartier_id == quartier_id))]
    if not changes:
        return lambda _index, _name: 0
    numbers = _numbers_of_lines(db, questionnaire_id)

    def touching(index: int, name: str) -> int:
        if index == 0:
            return 0
        found = 0
        for moment, row in changes:
            if not moments[index - 1] < moment <= moments[index]:
                continue
            named = set(row.summary.split(", "))
            if row.action == SHEET_DELETED or QUARTIER_CHANGED in named or (
                    numbers.get(name, set()) & named):
                found += 1
        return found
    return touching


def _numbers_of_lines(db: Session, questionnaire_id: int) -> dict[str, set[str]]:
    """Per line (question id as text), the question numbers whose answers it counts."""
    view = questionnaire_view(db.scalar(questionnaire_with_content(questionnaire_id)),
                              DEFAULT_LOCALE)
    by_key = {question.key: question for question in view.questions}
    found = {}
    for question in view.questions:
        parts = [by_key[key] for key in question.settings.get("items", ()) if key in by_key]
        parts += [q for q in view.questions if q.settings.get("group") == question.key]
        found[str(question.id)] = {str(q.number) for q in [question, *parts]}
    return found


def audited(line: Line, earlier: list[Line], salt: str,
            changes: list[int] | None = None) -> Line:
    """`line` as it may be released after `earlier` (its releases, oldest first);
    `changes`: per release, the earlier ones and this, the sheet changes since the one
    before that touch the line.

    Releases of the line with other cells (made before its kind had bands) are not
    compared: the audit needs the same cells in every release."""
    if line.marks is None:
        return line
    changes = changes or [0] * (len(earlier) + 1)
    kept = [i for i, release in enumerate(earlier) if release.keys == line.keys]
    # a change before a release left out still lies between the releases compared
    changes = [sum(changes[(kept[j - 1] + 1 if j else 0):i + 1]) for j, i in
               enumerate([*kept, len(earlier)])]
    earlier = [earlier[i] for i in kept]
    readers = [None, *sorted({k for item in [*earlier, line] for k in item.known})]
    attempt: Line | None = line
    if earlier:
        for reader in readers:
            attempt = _hide_growth(attempt, earlier[-1], salt, reader)
    for _more in range(MORE_PARTNERS + 1):
        if attempt is None:
            break
        if all(releases_hold(history, attempt.rules) for reader in readers
               for history in _histories([*earlier, attempt], reader, changes)):
            return attempt
        attempt = _one_more_partner(attempt, salt)
    return replace(line, marks=None, mean=None, median=None)


def _one_more_partner(line: Line, salt: str) -> Line | None:
    """The line with the next shown non-zero count hidden as well, or None if none is left
    (multiple-choice lines have their complement as partner and get none)."""
    if line.kind == "multiple_choice":
        return None
    marks = list(line.marks)
    partner = next((i for i in partner_order(salt, line.keys)
                    if marks[i] is None and line.counts[i] > 0), None)
    if partner is None:
        return None
    marks[partner] = "secondary"
    return replace(line, marks=tuple(marks), mean=None, median=None)


def _hide_growth(line: Line, previous: Line, salt: str, reader: str | None) -> Line:
    """Hide every count of others than `reader` that grew by 1..small-1 since `previous`,
    and a partner where a line would otherwise hide just one count."""
    marks = list(line.marks)
    mine_now, part_now = line.mine(reader)
    mine_before, part_before = previous.mine(reader)
    grown = [(count - own) - (before - own_before) for count, own, before, own_before
             in zip(line.counts, part_now, previous.counts, part_before, strict=True)]
    if line.kind == "multiple_choice":  # the complement grew by the rest of the new people
        new = (line.responses - mine_now) - (previous.responses - mine_before)
        small = [0 < g < line.small or 0 < new - g < line.small for g in grown]
    else:
        small = [0 < g < line.small for g in grown]
    for i, is_small in enumerate(small):
        if is_small and marks[i] is None:
            marks[i] = "small" if 0 < line.counts[i] < line.small else "secondary"
    if tuple(marks) == line.marks:
        return line
    hidden = replace(line, marks=tuple(marks), mean=None, median=None)
    if sum(mark is not None for mark in marks) == 1:
        return _one_more_partner(hidden, salt) or hidden
    return hidden


def _histories(lines: list[Line], reader: str | None,
               changes: list[int]) -> list[list[LineRelease]]:
    """The releases of a line as the audit reads them, for a reader who knows what they
    entered: a multiple-choice question is one (chosen, not chosen) line per option."""
    at = {id(line): k for line, k in zip(lines, changes, strict=True)}

    def release(line: Line, counts, marks, known) -> LineRelease:
        return LineRelease(line.responses, tuple(counts),
                           tuple(marks) if line.marks is not None else (None,) * len(counts),
                           line.marks is None, tuple(known), at[id(line)])
    if lines[-1].kind != "multiple_choice":
        return [[release(line, line.counts, line.marks or (), line.mine(reader)[1])
                 for line in lines]]
    result = []
    for i in range(len(lines[-1].keys)):
        history = []
        for line in lines:
            responses, part = line.mine(reader)
            history.append(release(
                line, (line.counts[i], line.responses - line.counts[i]),
                (line.marks[i], complement(line.marks[i])) if line.marks else (),
                (part[i], responses - part[i])))
        result.append(history)
    return result
