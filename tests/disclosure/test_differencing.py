"""Attack 6 of issue 9: comparing two digests. On SQLite and PostgreSQL, through the real
digest compilation, as weekly digests would run it while responses come in.

The attacker holds every digest. A Quartier's figures change only in releases (when its
responses have doubled), each audited against the earlier ones; between two releases the
figures do not change at all, so one new respondent's answers cannot be read from them.
"""

from participation.clock import local_today
from participation.digests.compile import compile_municipality_digest
from participation.digests.render import render_digest
from participation.digests.schedule import period_of
from tests.disclosure.attacker import Published, solve
from tests.factories import add_response, make_questionnaire, municipality, quartiere

KEYS = ("a", "b", "c", "d", "_not_answered")
SPEC = {
    "languages": ["de"],
    "title": {"de": "Vergleich"},
    "questions": [
        {"key": "choice", "kind": "single_choice", "required": False, "text": {"de": "Was?"},
         "options": [(key, {"de": key.upper()}) for key in "abcd"]},
        {"key": "people", "kind": "number", "required": False, "text": {"de": "Wie viele?"}},
    ],
}


def _compiled(session):
    return compile_municipality_digest(session, municipality(session, "kohlberg").id,
                                       period_of(local_today()))


def _digest(session, questionnaire, centre):
    digest = _compiled(session)
    return next(s for qd in digest.questionnaires if qd.questionnaire_id == questionnaire.id
                for s in qd.quartiere if s.quartier_id == centre.id)


def _add(session, questionnaire, centre, choices: list[str], people: int = 2) -> None:
    for choice in choices:
        add_response(session, questionnaire, centre, {"choice": choice, "people": people})
    session.flush()


def _figures(section) -> list:
    return [(summary.table.withheld, [(c.key, c.shown) for c in summary.table.rows],
             summary.table.mean) for summary in section.questions]


def _read(pub: Published, name: str, table, total: int) -> list[str]:
    names = []
    for key in KEYS:
        cell = next((c for c in table.rows if c.key == key), None)
        if table.withheld or cell is None:
            names.append(pub.cell(f"{name}.{key}", None))
        elif cell.hidden is None:
            names.append(pub.cell(f"{name}.{key}", cell.count))
        elif cell.hidden == "small":
            names.append(pub.cell(f"{name}.{key}", f"< {cell.below}"))
        else:
            names.append(pub.cell(f"{name}.{key}", "·", low=table.rules.small))
    pub.total(names, total)
    return names


def test_one_new_respondent_changes_no_figure(session):
    questionnaire = make_questionnaire(session, "kohlberg", SPEC)
    centre = quartiere(session, "kohlberg")[0]
    _add(session, questionnaire, centre, ["a"] * 6 + ["b"] * 4)
    first = _digest(session, questionnaire, centre)
    assert first.figures_from == 10 and not first.figures_behind
    _add(session, questionnaire, centre, ["d"], people=9)  # one distinctive person
    second = _digest(session, questionnaire, centre)
    assert second.counts.total.count == 11 and second.figures_from == 10
    assert second.figures_behind and second.next_figures_at == 20
    assert _figures(second) == _figures(first)  # nothing of the new person shows
    text = render_digest(session, _compiled(session), "de").text
    assert "Ergebnisse je Frage: Stand bei 10 Antworten. Sie werden neu berechnet, sobald " \
           "20 Antworten vorliegen" in text


def test_a_new_release_hides_what_the_people_in_between_said(session):
    questionnaire = make_questionnaire(session, "kohlberg", SPEC)
    centre = quartiere(session, "kohlberg")[0]
    first_answers = ["a"] * 6 + ["b"] * 6 + ["c"] * 5
    _add(session, questionnaire, centre, first_answers)
    first = _digest(session, questionnaire, centre)
    # 17 more: a grows by 1 and d by 2 (small), b by 9, c by 5
    later = ["a"] + ["b"] * 9 + ["c"] * 5 + ["d"] * 2
    _add(session, questionnaire, centre, later)
    second = _digest(session, questionnaire, centre)
    assert second.figures_from == 34 and not second.figures_behind
    pub = Published()
    before = _read(pub, "r1", first.questions[0].table, 17)
    after = _read(pub, "r2", second.questions[0].table, 34)
    growth = [pub.grows(b, a, f"new.{key}") for b, a, key in zip(before, after, KEYS,
                                                                  strict=True)]
    intervals = solve(pub, growth)
    true_growth = {f"new.{key}": later.count(key) for key in KEYS}
    for name, (lo, hi) in intervals.items():
        assert lo <= true_growth[name] and (hi is None or true_growth[name] <= hi), name
        if 0 < true_growth[name] < 5:  # what 1..4 new people said stays in the band
            assert hi is None or hi - lo + 1 >= 4, (name, lo, hi)
    # and the second release is not simply withheld: it still shows something
    table = second.questions[0].table
    assert not table.withheld
    assert any(c.hidden is None and c.count > 0 for c in table.rows)


def test_compiling_the_same_digest_again_shows_the_same_release(session):
    questionnaire = make_questionnaire(session, "kohlberg", SPEC)
    centre = quartiere(session, "kohlberg")[0]
    _add(session, questionnaire, centre, ["a"] * 7 + ["c"] * 5)
    once = _digest(session, questionnaire, centre)
    again = _digest(session, questionnaire, centre)
    assert _figures(once) == _figures(again) and again.figures_from == 12
