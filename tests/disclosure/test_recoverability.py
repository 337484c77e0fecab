"""What an attacker recovers from everything the application publishes about a questionnaire.

The attacker of attacker.py reads this week's digest, last week's digest and every results
page a municipal organiser may open (each Quartier and "all Quartiere"), writes every figure
down with its published meaning and solves exactly for the hidden cells:

- a shown figure is exact; "< 5" is 1..4, a Quartier's "< 10" is 1..9; "·" is at least 5;
  a withheld table publishes nothing;
- a table's cells (options and "not answered", or "answered" and "not answered") add up to
  the Quartier's responses; a multiple-choice option is chosen at most by every response;
- the channels add up to the Quartier's responses; "all Quartiere" adds up the Quartiere
  with at least 10 responses, cell by cell;
- a mean is rounded half up to one decimal over the answers it averages;
- "new in this period" is this week's total less last week's (no digest listed the
  questionnaire last week: nothing was counted before);
- a follow-up question (show_if) is answered only by those who gave an answer it follows.

A hidden cell narrowed to fewer values than the band behind "< 5" (four) is disclosed.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from participation.clock import local_today
from participation.digests.compile import compile_municipality_digest
from participation.digests.schedule import period_of
from participation.results.disclosure import NOT_ANSWERED, ONE_ANSWER_KINDS, intervals
from participation.results.summaries import compile_results
from participation.results.tables import SMALL_COUNT, QuartierCounts, QuestionTable, question_table
from participation.surveys.content import questionnaire_view
from tests.disclosure.attacker import Published, determined, solve
from tests.factories import add_response, make_questionnaire, municipality, quartiere

TOWN = "leinfelden-echterdingen"  # four Quartiere


@dataclass
class Reading(Published):
    """Figures read from several publications. A figure read again with the same mark is
    the same cell; with another mark it becomes a second cell bound to equal the first."""

    truth: dict[str, int] = field(default_factory=dict)  # the real counts, for `untrue`
    marks: dict[str, list] = field(default_factory=dict)

    def read(self, name: str, shown, truth: int, low: int | None = None) -> str:
        if self.truth.setdefault(name, truth) != truth:
            raise AssertionError(f"{name} is published as {truth} and {self.truth[name]}")
        seen = self.marks.setdefault(name, [])
        if (shown, low) not in seen:
            alias = f"{name}~{len(seen)}" if seen else name
            self.cell(alias, shown, low=low)
            self.truth[alias] = truth
            if seen:
                self.linear({name: 1, alias: -1}, 0, 0)
            seen.append((shown, low))
        return name

    def linear(self, coeffs, low=None, high=None) -> None:
        if (dict(coeffs), low, high) not in self.rows:
            super().linear(coeffs, low, high)

    def untrue(self) -> list[str]:
        """Figures the real counts contradict: the marks were modelled wrongly."""
        wrong = [name for name, (lo, hi) in self.bounds.items()
                 if self.truth[name] < lo or (hi is not None and self.truth[name] > hi)]
        for coeffs, lo, hi in self.rows:
            value = sum(coeff * self.truth[name] for name, coeff in coeffs.items())
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                wrong.append(f"{coeffs} = {value} not in [{lo}, {hi}]")
        return wrong


def read_count(pub: Reading, name: str, count, dot_low: int | None) -> str:
    if count.hidden is None:
        return pub.read(name, count.count, count.count)
    if count.hidden == "small":
        return pub.read(name, f"< {count.below}", count.count)
    return pub.read(name, "·", count.count, low=dot_low)


def add_line(pub: Reading, names, total: str) -> None:
    """The cells `names` add up to the figure `total`."""
    pub.linear({**dict.fromkeys(names, 1), total: -1}, 0, 0)


def add_mean(pub: Reading, values: dict[str, int], mean) -> None:
    """Published.mean with n the sum of the cells, which need not be shown:
    (2M - 1) * n <= 20 * S <= (2M + 1) * n - 1, with M the mean times ten."""
    m = int(mean.scaleb(1))
    pub.linear({name: 20 * v - (2 * m - 1) for name, v in values.items()}, low=0)
    pub.linear({name: 20 * v - (2 * m + 1) for name, v in values.items()}, high=-1)


def add_table(pub: Reading, prefix: str, table: QuestionTable, total: str,
              combined: bool = False) -> dict[str, str]:
    """One question's table as constraints; returns {cell key: cell name}.

    `total` names the scope's responses. In "all Quartiere" (`combined`) a "·" stands for
    a sum with a hidden Quartier cell in it, which the rows added by `read_page` describe
    exactly; whether it is also at least 5, as the note says, is checked on its own."""
    if table.withheld:
        return {}
    dot_low = None if combined else table.rules.small
    names = {c.key: read_count(pub, f"{prefix}.{c.key}", c, dot_low) for c in table.rows}
    if table.kind == "multiple_choice":
        for name in names.values():
            pub.linear({name: 1, total: -1}, high=0)
    else:
        add_line(pub, names.values(), total)
    if table.mean is not None and table.kind == "scale":
        add_mean(pub, {names[k]: int(k) for k in names if k.isdigit()}, table.mean)
    return names


def add_quartier(pub: Reading, prefix: str, counts: QuartierCounts) -> str:
    """A Quartier's responses ("< 10" below 10) and its channel line when shown."""
    total = read_count(pub, f"{prefix}.total", counts.total, None)
    if counts.channels is not None:
        add_line(pub, [read_count(pub, f"{prefix}.channel.{c.key}", c, SMALL_COUNT)
                       for c in counts.channels], total)
    return total


def read_digest(pub: Reading, digest, earlier, questionnaire_id: int, keys: dict) -> None:
    assert all(qd.questionnaire_id != questionnaire_id for qd in earlier.questionnaires)
    sections = next(qd.quartiere for qd in digest.questionnaires
                    if qd.questionnaire_id == questionnaire_id)
    for section in sections:
        prefix = str(section.quartier_id)
        total = add_quartier(pub, prefix, section.counts)
        new = section.new_responses  # as the e-mail templates print it: not beside a band
        if section.counts.total.hidden is None:
            shown_new = f"< {SMALL_COUNT}" if 0 < new < SMALL_COUNT else new
            add_line(pub, [pub.read(f"{prefix}.new", shown_new, new)], total)
        for summary in section.questions:
            add_table(pub, f"{prefix}.{keys[summary.question_id]}", summary.table, total)


def read_page(pub: Reading, results) -> None:
    totals = {row.quartier_id: add_quartier(pub, str(row.quartier_id), row.counts)
              for row in results.quartiere}
    if not results.shown:
        return
    items = [item for group in results.groups for item in group.questions]
    if results.scope_id is not None:
        for item in items:
            add_table(pub, f"{results.scope_id}.{item.question.key}", item.table,
                      totals[results.scope_id])
        return
    members = [row.quartier_id for row in results.quartiere if row.enough]
    scope = pub.read("all.total", results.scope_responses, results.scope_responses)
    add_line(pub, [totals[m] for m in members], scope)
    for item in items:
        key = item.question.key
        cells = add_table(pub, f"all.{key}", item.table, scope, combined=True)
        for cell, name in cells.items():
            add_line(pub, [f"{m}.{key}.{cell}" for m in members], name)


def add_follow_ups(pub: Reading, view, places) -> None:
    """A question shown only after some answers is answered at most by those who gave them."""
    for question in view.questions:
        condition = question.settings.get("show_if")
        for quartier_id, _name in places if condition else ():
            given = [f"{quartier_id}.{condition['question']}.{k}" for k in condition["any_of"]]
            prefix = f"{quartier_id}.{question.key}."
            answers = [n for n in pub.bounds if n.startswith(prefix) and "~" not in n
                       and not n.endswith(NOT_ANSWERED)]
            if answers and all(name in pub.bounds for name in given):
                groups = [[a] for a in answers] if question.kind == "multiple_choice" else [
                    answers]
                for group in groups:
                    pub.linear({**dict.fromkeys(given, -1), **dict.fromkeys(group, 1)}, high=0)


def options(keys) -> list:
    return [(key, {"de": key.upper()}) for key in keys]


SPEC = {
    "languages": ["de"],
    "title": {"de": "Rückrechnung"},
    "questions": [
        {"key": "yn", "kind": "yes_no", "required": False, "text": {"de": "Ja?"}},
        {"key": "choice", "kind": "single_choice", "required": False, "text": {"de": "Farbe?"},
         "options": options("abc")},
        {"key": "rating", "kind": "scale", "required": False, "text": {"de": "Zufrieden?"},
         "options": options("12345")},
        {"key": "ways", "kind": "multiple_choice", "required": False, "text": {"de": "Wohin?"},
         "options": options("xyz")},
        {"key": "people", "kind": "number", "required": False, "text": {"de": "Wie viele?"}},
        {"key": "free", "kind": "text", "required": False, "text": {"de": "Was noch?"}},
        {"key": "why", "kind": "single_choice", "required": False, "text": {"de": "Warum nicht?"},
         "settings": {"show_if": {"question": "yn", "any_of": ["no"]}},
         "options": options("abcd")},
    ],
}
# Quartier (by position) -> (responses, {question key: {answer: how many}, or answers in
# order}); "channel" likewise (all online when left out); the others skip.
DISTINCT = (10, {"choice": {"a": 9, "c": 1}, "rating": {"3": 9, "1": 1},
                 "yn": {"yes": 9, "dont_know": 1}, "ways": {("x",): 9, ("x", "z"): 1},
                 "people": {2: 9, 7: 1}, "free": {"Nur ich": 1},
                 "channel": {"online": 9, "paper": 1}})
TWO_SMALL = (18, {"yn": {"yes": 4, "no": 4, "dont_know": 10}})
SCALE = (19, {"rating": {"1": 4, "2": 5, "3": 6, "4": 2, "5": 2}})
SCENARIOS = {
    "two small cells with the total shown": {0: TWO_SMALL},
    "a small cell next to a cell of 7": {0: (18, {
        "choice": {"a": 7, "b": 7, "c": 4}, "channel": {"online": 7, "assisted": 7, "paper": 4}})},
    "a scale with small cells and a mean": {0: SCALE, 1: (18, {
        "rating": {"1": 3, "2": 3, "3": 4, "4": 4, "5": 4}})},  # the issue's mean of 3.2
    "skips: 17 of 19 answered": {0: (19, {
        "yn": {"yes": 9, "no": 8}, "choice": {"a": 10, "b": 7}, "people": {2: 9, 3: 8}})},
    "a Quartier with 6 responses": {0: (6, {
        "yn": {"yes": 5, "no": 1}, "channel": {"online": 5, "paper": 1}}), 1: TWO_SMALL},
    "one distinctive respondent in 10": {0: DISTINCT},
    "a follow-up shown to a small group": {0: (18, {
        "yn": {"yes": 10, "no": 4, "dont_know": 4}, "why": [None] * 10 + list("abcd")})},
}
ALL_QUARTIERE = {0: TWO_SMALL, 1: SCALE, 2: DISTINCT}


def build(session, scenario: dict):
    questionnaire = make_questionnaire(session, TOWN, SPEC)
    places = quartiere(session, TOWN)
    for index, (n, columns) in scenario.items():
        filled = {}
        for key, values in {"channel": {"online": n}, **columns}.items():
            if isinstance(values, dict):
                values = [v for v, times in values.items() for _ in range(times)]
            assert len(values) <= n
            filled[key] = values + [None] * (n - len(values))
        channels = filled.pop("channel")
        for i in range(n):
            add_response(session, questionnaire, places[index],
                         {key: values[i] for key, values in filled.items()}, channel=channels[i])
    session.commit()
    return questionnaire


def publications(session, scenario: dict):
    """The questionnaire's digests and every results page an organiser may open."""
    questionnaire = build(session, scenario)
    view = questionnaire_view(questionnaire, "de")
    town = municipality(session, TOWN).id
    places = [(q.id, q.name) for q in quartiere(session, TOWN)]
    today = local_today()
    digests = [compile_municipality_digest(session, town, period_of(day))
               for day in (today, today - timedelta(days=7))]
    pages = [compile_results(session, view, places, scope, raw=False)
             for scope in [*(q for q, _name in places), None]]  # "all Quartiere" last
    return questionnaire, view, places, digests, pages


def publish(session, scenario: dict) -> Reading:
    questionnaire, view, places, (digest, earlier), pages = publications(session, scenario)
    pub = Reading()
    read_digest(pub, digest, earlier, questionnaire.id, {q.id: q.key for q in view.questions})
    for page in pages:
        read_page(pub, page)
    add_follow_ups(pub, view, places)
    assert pub.untrue() == []
    return pub


@pytest.mark.parametrize("name", SCENARIOS)
def test_nothing_hidden_can_be_worked_out(session, name):
    pub = publish(session, SCENARIOS[name])

    assert pub.hidden, "nothing was hidden: the case tests nothing"
    assert not [n for n in pub.bounds if ".channel." in n
                and pub.truth[f"{n.split('.')[0]}.total"] < 10], "channels below 10 responses"
    assert determined(pub) == {}


def test_all_quartiere_together_adds_nothing(session):
    pub = publish(session, ALL_QUARTIERE)

    combined = [name for name in pub.hidden if name.startswith("all.")]
    assert len(combined) >= 5 and len(pub.hidden) > len(combined)
    assert determined(pub) == {}


def test_every_mark_means_what_the_protection_note_says(session):
    """ "< 5" is 1..4 and a partner "·" at least 5, on every page ("·" in "all Quartiere"
    is a sum with a hidden part, of any size: the note promises nothing more)."""
    _q, _view, _places, digests, pages = publications(session, ALL_QUARTIERE)
    tables = [s.table for d in digests for qd in d.questionnaires for sec in qd.quartiere
              for s in sec.questions]
    tables += [item.table for page in pages for g in page.groups for item in g.questions]
    figures = [(t.kind, t.rules.small, c) for t in tables for c in t.rows]
    figures += [("channel", SMALL_COUNT, c) for page in pages for row in page.quartiere
                for c in (row.counts.total, *(row.counts.channels or ()))]
    wrong = [(kind, c.key, c.count, c.shown) for kind, small, c in figures
             if (c.hidden == "small" and not 0 < c.count < c.below)
             or (c.hidden == "secondary" and c.count < small)]
    assert not wrong, wrong


KEYS = {"single_choice": tuple("abc"), "scale": tuple("12345"),
        "multiple_choice": tuple("xyz"), "number": ()}


def random_table(rng: random.Random, kind: str) -> QuestionTable:
    settings = {"sensitive": True} if rng.random() < 0.2 else {}
    small = [0, 0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 20]
    if kind == "multiple_choice":
        responses = rng.randint(8, 40)
        counts = {key: min(responses, rng.choice(small + [responses - rng.randint(0, 6)]))
                  for key in KEYS[kind]}
        answered, number_sum = responses, None
    elif kind == "number":
        answered = rng.choice(small + [rng.randint(10, 40)])
        responses = answered + rng.choice(small)
        counts, number_sum = {}, answered * rng.randint(1, 5)
    else:
        counts = {key: rng.choice(small) for key in KEYS[kind]}
        answered = sum(counts.values())
        responses = answered + rng.choice(small)
        number_sum = sum(int(k) * c for k, c in counts.items()) if kind == "scale" else None
    return question_table(kind, KEYS[kind], settings, counts, answered, responses,
                          number_sum, answered if number_sum is not None else 0,
                          salt=str(rng.getrandbits(32)))


def random_cases(seed: int, cases: int):
    """(table, its constraints) for every published table with a hidden cell."""
    rng = random.Random(seed)
    published = 0
    for case in range(cases):
        kind = list(KEYS)[case % len(KEYS)]
        table = random_table(rng, kind)
        if table.withheld:
            continue
        published += 1
        pub = Reading()
        add_table(pub, "q", table, pub.read("total", table.responses, table.responses))
        assert pub.untrue() == []
        if pub.hidden:
            yield table, pub
    assert published >= cases // 2, published


def test_random_tables_keep_every_hidden_cell_in_its_band():
    protected = 0
    for table, pub in random_cases(20261203, 1200):
        protected += 1
        assert determined(pub, band=table.rules.band) == {}, (table.kind, table.rows)
    assert protected >= 400, protected


def test_closed_form_intervals_are_the_attackers():
    """disclosure.intervals, which decides whether a table is withheld, is exact."""
    lines = 0
    for table, pub in random_cases(20261204, 1200):
        if table.kind in ONE_ANSWER_KINDS or table.kind == "number":
            lines += 1
            rows = table.rows
            closed = intervals([c.count for c in rows], [c.hidden for c in rows], table.rules)
            assert {f"q.{rows[i].key}": span for i, span in closed.items()} == solve(pub), rows
    assert lines >= 300, lines
