"""Attack 7 of issue 9: an organiser keys in paper sheets whose answers they know, then
subtracts them from the figures they see. On SQLite and PostgreSQL, through the real results
page (as that organiser) and the real digest (which they may read).

The attacker's model: every published figure, plus the exact answers of their own sheets.
Unknowns are the counts of everybody else ("real" below). A publication after the sheets
were keyed in must tell the organiser nothing about the real counts that the figures before
did not, and with only 2 real responses nothing at all.
"""

import pytest
from sqlalchemy import select

from participation.accounts.models import Organiser
from participation.clock import local_today
from participation.digests.compile import compile_municipality_digest
from participation.digests.schedule import period_of
from participation.results.disclosure import NOT_ANSWERED
from participation.results.summaries import compile_results
from participation.surveys.content import questionnaire_view
from tests.disclosure.attacker import Published, solve
from tests.factories import add_response, make_questionnaire, municipality, quartiere

KEYS = ("a", "b", "c", "prefer_not", NOT_ANSWERED)
SPEC = {
    "languages": ["de"],
    "title": {"de": "Polsterung"},
    "questions": [
        {"key": "choice", "kind": "single_choice", "required": False, "text": {"de": "Farbe?"},
         "settings": {"prefer_not": True},
         "options": [(key, {"de": key.upper()}) for key in "abc"]},
    ],
}
KNOWN_SHEETS = ["a"] * 5 + ["b"] * 5 + ["prefer_not"] * 5


def _keyer(session) -> int:
    return session.scalar(select(Organiser.id).where(
        Organiser.email == "organisation@kohlberg.demo.example"))


def _setup(session, real: list[str]):
    questionnaire = make_questionnaire(session, "kohlberg", SPEC)
    centre = quartiere(session, "kohlberg")[0]
    for choice in real:
        add_response(session, questionnaire, centre, {"choice": choice})
    session.flush()
    return questionnaire, centre


def _key_in_sheets(session, questionnaire, centre) -> int:
    keyer = _keyer(session)
    for choice in KNOWN_SHEETS:
        add_response(session, questionnaire, centre, {"choice": choice}, channel="paper",
                     entered_by_id=keyer)
    session.flush()
    return keyer


def _page_table(session, questionnaire, centre, viewer):
    view = questionnaire_view(questionnaire, "de")
    results = compile_results(session, view, [(centre.id, centre.name)], centre.id, raw=False,
                              viewer_id=viewer, publish_due=True)
    row = results.quartiere[0]
    table = results.groups[0].questions[0].table if results.shown else None
    return row.counts, table


def _digest_table(session, questionnaire, centre):
    digest = compile_municipality_digest(session, municipality(session, "kohlberg").id,
                                         period_of(local_today()))
    section = next(s for qd in digest.questionnaires if qd.questionnaire_id == questionnaire.id
                   for s in qd.quartiere if s.quartier_id == centre.id)
    return section.counts, section.questions[0].table if section.questions else None


def _read(pub: Published, table, own: dict[str, int]) -> None:
    """One published table as constraints on the real counts: published = real + own."""
    if table is None or table.withheld:
        return
    for cell in table.rows:
        known = own.get(cell.key, 0)
        if cell.hidden is None:
            pub.linear({f"real.{cell.key}": 1}, cell.count - known, cell.count - known)
        elif cell.hidden == "small":
            pub.linear({f"real.{cell.key}": 1}, 1 - known, cell.below - 1 - known)
        elif cell.hidden == "secondary":
            pub.linear({f"real.{cell.key}": 1}, table.rules.small - known)


def _real_intervals(tables_with_own, real_total: int) -> dict:
    pub = Published()
    for key in KEYS:
        pub.cell(f"real.{key}", None)
    pub.total([f"real.{key}" for key in KEYS], real_total)
    for table, own in tables_with_own:
        _read(pub, table, own)
    return solve(pub)


def test_sheets_keyed_into_a_quartier_of_two_reveal_nothing(session):
    questionnaire, centre = _setup(session, ["a", "b"])
    keyer = _key_in_sheets(session, questionnaire, centre)
    counts, table = _page_table(session, questionnaire, centre, keyer)
    # 17 responses, but only 2 that the keyer does not know: no figures, no channels
    assert counts.total.count == 17 and counts.channels is None
    assert table is None or table.withheld
    _counts, digest_table = _digest_table(session, questionnaire, centre)
    assert digest_table is None or digest_table.withheld
    # published figures are the same for every reader, so they hold against every organiser
    # who keyed in sheets: another organiser sees nothing more
    other_counts, other_table = _page_table(session, questionnaire, centre, None)
    assert other_counts.channels is None and (other_table is None or other_table.withheld)


def test_sheets_keyed_into_a_quartier_of_twelve_add_nothing_to_what_was_shown(session):
    real = ["a"] * 6 + ["b"] * 4 + ["c"] * 2
    questionnaire, centre = _setup(session, real)
    _counts, before = _page_table(session, questionnaire, centre, None)
    assert before is not None and not before.withheld
    assert any(cell.hidden for cell in before.rows)  # there is something to protect
    keyer = _key_in_sheets(session, questionnaire, centre)
    _counts, after = _page_table(session, questionnaire, centre, keyer)
    _counts, digest_after = _digest_table(session, questionnaire, centre)
    own = {key: KNOWN_SHEETS.count(key) for key in KEYS}
    nothing = {}
    alone = _real_intervals([(before, nothing)], len(real))
    combined = _real_intervals([(before, nothing), (after, own), (digest_after, own)],
                               len(real))
    assert combined == alone
    # and the hidden real counts keep their band: b (4) and c (2) are not narrowed
    assert all(hi - lo + 1 >= 4 for key, (lo, hi) in combined.items()
               if key in ("real.b", "real.c"))


def test_a_sheet_keyer_sees_what_others_see_where_their_sheets_change_nothing(session):
    """30 real responses and 15 known sheets: the keyer's view is withheld only where
    subtracting would expose something; a Quartier without their sheets is unaffected."""
    real = ["a"] * 12 + ["b"] * 10 + ["c"] * 8
    questionnaire, centre = _setup(session, real)
    keyer = _key_in_sheets(session, questionnaire, centre)
    _counts, table = _page_table(session, questionnaire, centre, keyer)
    own = {key: KNOWN_SHEETS.count(key) for key in KEYS}
    assert not table.withheld
    # every shown count minus the keyer's own leaves 0 or at least 5 of others
    assert all(cell.count - own.get(cell.key, 0) == 0 or cell.count - own.get(cell.key, 0) >= 5
               for cell in table.rows if cell.hidden is None)


def _growth_intervals(tables, totals: tuple[int, int]) -> dict:
    """The attacker's intervals of what the people between two releases said, from the
    releases they read (each with their own part of it) and the totals of others."""
    pub = Published()
    for phase in ("r1", "r2"):
        for key in KEYS:
            pub.cell(f"{phase}.{key}", None)
    pub.total([f"r1.{key}" for key in KEYS], totals[0])
    pub.total([f"r2.{key}" for key in KEYS], totals[1])
    for phase, table, known in tables:
        for cell in () if table is None or table.withheld else table.rows:
            mine = known.get(cell.key, 0)
            name = f"{phase}.{cell.key}"
            if cell.hidden is None:
                pub.linear({name: 1}, cell.count - mine, cell.count - mine)
            elif cell.hidden == "small":
                pub.linear({name: 1}, 1 - mine, cell.below - 1 - mine)
            else:
                pub.linear({name: 1}, table.rules.small - mine)
    names = [pub.grows(f"r1.{key}", f"r2.{key}", f"new.{key}") for key in KEYS]
    return solve(pub, names)


@pytest.mark.parametrize(("real", "sheets", "newcomer"), [
    # 9 known sheets and one resident: her table of others would be a 1 among 11
    (["a"] * 6 + ["b"] * 4, ["a"] * 5 + ["b"] * 4, "c"),
    # 20 known sheets lift every count far above 5, but others grew by one "a"
    (["a"] * 10 + ["b"] * 10, ["a"] * 15 + ["b"] * 5, "a"),
])
def test_a_keyer_comparing_releases_learns_nothing_of_the_one_person_in_between(
        session, real, sheets, newcomer):
    """Real responses are released; then the organiser keys in sheets they know and one
    more resident answers online. Knowing their sheets, they know that exactly one other
    person came in between; the new release must not tell them what she said."""
    questionnaire, centre = _setup(session, real)
    _counts, first = _page_table(session, questionnaire, centre, None)
    assert first is not None and not first.withheld
    keyer = _keyer(session)
    for choice in sheets:
        add_response(session, questionnaire, centre, {"choice": choice}, channel="paper",
                     entered_by_id=keyer)
    add_response(session, questionnaire, centre, {"choice": newcomer})
    session.flush()
    counts, second = _page_table(session, questionnaire, centre, keyer)
    assert counts.total.count == len(real) + len(sheets) + 1  # a new release is made
    own = {key: sheets.count(key) for key in KEYS}
    totals = (len(real), len(real) + 1)
    # what the first release and the totals tell equals what both releases tell
    assert _growth_intervals([("r1", first, {}), ("r2", second, own)], totals) \
        == _growth_intervals([("r1", first, {})], totals)
