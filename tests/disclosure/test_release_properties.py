"""Releases against the attacker's solver, on random growth (pure functions, no database).

A Quartier's counts grow; at each doubling a release is made as `current_release` makes
it (the protected table of the counts, then `audited` against the earlier releases). The
attacker reads every release, knows that counts only grow, and solves for the answers of
the people between any two releases. No such count of 1..4, and no hidden count of 1..4 in
any release, may be narrowed to fewer than four values.
"""

import random

from participation.results.releases import Line, audited, next_release_at
from participation.results.tables import question_table, table_line
from tests.disclosure.attacker import Published, solve

KEYS = ("a", "b", "c", "d")


def _release_line(kind: str, counts: dict[str, int], responses: int) -> Line:
    answered = sum(counts.values()) if kind != "multiple_choice" else responses
    table = question_table(kind, KEYS, None, counts, answered, responses, None, 0, salt="q")
    keys, values = table_line(kind, KEYS, counts, answered, responses)
    shown = table.cells if kind == "multiple_choice" else table.rows
    return Line(kind, tuple(keys), tuple(values),
                None if table.withheld else tuple(c.hidden for c in shown), responses,
                table.rules.small, table.rules.min_responses)


def _grow(rng: random.Random, kind: str, counts: dict[str, int], new: int) -> dict[str, int]:
    grown = dict(counts)
    if kind == "multiple_choice":
        for key in KEYS:  # each new person ticks each option with its own chance
            grown[key] = grown.get(key, 0) + sum(rng.random() < 0.2 + 0.2 * KEYS.index(key)
                                                for _ in range(new))
        return grown
    weights = [rng.choice([0, 1, 1, 3, 8]) for _ in KEYS]
    if not any(weights):
        weights[0] = 1
    for _ in range(new):
        key = rng.choices(KEYS, weights)[0]
        grown[key] = grown.get(key, 0) + 1
    return grown


def _releases(rng: random.Random, kind: str) -> list[tuple[Line, dict[str, int]]]:
    responses = rng.randint(10, 16)
    counts = _grow(rng, kind, {}, responses)
    made: list[Line] = []
    result = []
    for _ in range(3):
        line = audited(_release_line(kind, counts, responses), made, "q")
        made.append(line)
        result.append((line, counts))
        new = next_release_at(responses) - responses + rng.randint(0, 3)
        counts = _grow(rng, kind, counts, new)
        responses += new
    return result


def _read(pub: Published, phase: int, line: Line) -> list[str]:
    """One release as the attacker's constraints; returns its cell names."""
    names = []
    lines = [(line.counts, line.marks)] if line.kind != "multiple_choice" else [
        ((count, line.responses - count),
         None if line.marks is None else (mark, {"small": "secondary",
                                                 "secondary": "small"}.get(mark)))
        for count, mark in zip(line.counts, line.marks or (None,) * len(line.counts),
                               strict=True)]
    for index, (counts, marks) in enumerate(lines):
        cells = []
        for cell, _count in enumerate(counts):
            name = f"r{phase}.{index}.{cell}"
            mark = None if marks is None else marks[cell]
            if marks is None:
                pub.cell(name, None)
            elif mark is None:
                pub.cell(name, counts[cell])
            elif mark == "small":
                pub.cell(name, f"< {line.small}")
            else:
                pub.cell(name, "·", low=line.small)
            cells.append(name)
        pub.total(cells, line.responses)
        names.extend(cells)
    return names


def test_random_growth_never_narrows_what_the_people_in_between_said():
    rng = random.Random(29)
    checked = 0
    for case in range(60):
        kind = ("single_choice", "multiple_choice")[case % 2]
        releases = _releases(rng, kind)
        pub = Published()
        names = [_read(pub, phase, line) for phase, (line, _counts) in enumerate(releases)]
        truth = [list(_truth(line)) for line, _counts in releases]
        small = [name for phase, cells in enumerate(names) for cell, name in enumerate(cells)
                 if name in pub.hidden and 0 < truth[phase][cell] < 5]
        for later in range(1, len(releases)):  # counts only grow, between any two releases
            for earlier in range(later):
                for cell, (before, after) in enumerate(zip(names[earlier], names[later],
                                                           strict=True)):
                    grown = pub.grows(before, after, f"g{earlier}{later}.{cell}")
                    if 0 < truth[later][cell] - truth[earlier][cell] < 5:
                        small.append(grown)
        for name, (lo, hi) in solve(pub, small).items():
            checked += 1
            assert hi is None or hi - lo + 1 >= 4, (case, kind, name, lo, hi)
    assert checked > 100  # the random cases did produce small counts to check


def _truth(line: Line):
    if line.kind != "multiple_choice":
        return line.counts
    return [value for count in line.counts for value in (count, line.responses - count)]
