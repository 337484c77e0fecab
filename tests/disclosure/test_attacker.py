"""The attacker's solver finds what the attackers of issue 9 found.

Each test writes down, as synthetic published figures, one of the seven ways in which the OLD
publication rules leaked hidden cells, and checks that the solver recovers exactly what the
attackers recovered. These tests document the solver; they do not test the application.
"""

import random
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.disclosure.attacker import Published, determined, enumerate_intervals, solve


def scale(pub: Published, prefix: str, shown: dict[int, object]) -> dict[str, int]:
    """A scale table with steps 1..k as keys; returns {cell name: step} for ``mean``."""
    names = pub.table(prefix, {str(step): value for step, value in shown.items()})
    return {name: int(name.rsplit(".", 1)[1]) for name in names}


def test_1_two_small_cells_with_the_total_shown():
    pub = Published()
    pub.table("q", {"ja": "< 5", "nein": "< 5", "weiss_nicht": 10}, total=18)

    assert solve(pub) == {"q.ja": (4, 4), "q.nein": (4, 4)}


def test_2_secondary_cell_lies_between_the_threshold_and_the_smallest_shown_cell():
    # The old rule hid as "·" a cell of at least 5 and at most the smallest non-zero cell shown.
    pub = Published()
    pub.cell("q.a", "·", low=5, high=7)
    pub.cell("q.b", 7)
    pub.cell("q.c", "< 5")
    pub.total(["q.a", "q.b", "q.c"], 18)

    assert solve(pub) == {"q.a": (7, 7), "q.c": (4, 4)}


def test_2_the_same_in_a_channel_line():
    pub = Published()
    pub.cell("channel.online", "·", low=5, high=7)
    pub.cell("channel.assisted", "< 5")
    pub.cell("channel.paper", 7)
    pub.total(["channel.online", "channel.assisted", "channel.paper"], 18)

    assert solve(pub) == {"channel.online": (7, 7), "channel.assisted": (4, 4)}


def test_2_without_knowing_the_rule_the_same_figures_protect():
    pub = Published()
    pub.table("q", {"a": "·", "b": 7, "c": "< 5"}, total=18)

    assert solve(pub) == {"q.a": (7, 10), "q.c": (1, 4)}
    assert determined(pub) == {}


def test_3_scale_mean_with_n_pins_the_first_option():
    pub = Published()
    steps = scale(pub, "q", {1: "< 5", 2: 5, 3: 6, 4: "< 5", 5: "< 5"})
    pub.mean(steps, n=19, shown_mean="2.6")

    # The issue names option 1 = 4; the solver also narrows 4 and 5 to two values each.
    assert solve(pub) == {"q.1": (4, 4), "q.4": (2, 3), "q.5": (1, 2)}


def test_3_all_five_cells_small_with_n_and_mean():
    pub = Published()
    steps = scale(pub, "q", {step: "< 5" for step in range(1, 6)})
    pub.mean(steps, n=18, shown_mean="3.2")

    # The three fours are options 3, 4 and 5; options 1 and 2 lose half their band.
    assert solve(pub) == {
        "q.1": (2, 3), "q.2": (3, 4), "q.3": (4, 4), "q.4": (4, 4), "q.5": (4, 4)}
    assert set(determined(pub)) == {"q.1", "q.2", "q.3", "q.4", "q.5"}


def test_4_answered_against_the_quartier_total_reveals_the_skips():
    pub = Published()
    answers = pub.table("q", {"ja": 9, "nein": 8}, total=17)  # "17 beantwortet"
    skipped = pub.cell("q.skipped", None)  # never printed
    pub.total([*answers, skipped], 19)  # the Quartier's 19 responses

    assert solve(pub) == {"q.skipped": (2, 2)}


def test_5_small_quartier_total_with_its_channel_lines():
    # Assumption: "·" was the secondary suppression, which was only ever applied to a cell of
    # at least 5; no cell was shown, so nothing caps it from above. The assisted line was not
    # printed: modelled as unknown, and it comes out as 0 anyway.
    pub = Published()
    pub.cell("channel.online", "·", low=5)
    pub.cell("channel.paper", "< 5")
    pub.cell("channel.assisted", None)
    pub.total(["channel.online", "channel.paper", "channel.assisted"], 6)

    assert solve(pub) == {
        "channel.online": (5, 5), "channel.paper": (1, 1), "channel.assisted": (0, 0)}


def test_6_differencing_two_consecutive_digests():
    pub = Published()
    for digest, total, paper, a, freetext, mean in (
        ("d1", 10, "< 5", 6, "< 5", "1.8"),
        ("d2", 11, 5, 7, 5, "2.0"),
    ):
        pub.table(f"{digest}.channel", {"online": 6, "paper": paper}, total=total)
        # Neither digest alone says how b and c split.
        pub.table(f"{digest}.q", {"a": a, "b": "< 5", "c": "< 5"}, total=total)
        sizes = scale(pub, f"{digest}.household", {size: None for size in range(1, 6)})
        pub.mean(sizes, n=total, shown_mean=mean)  # only the mean is printed
        pub.cell(f"{digest}.freetext", freetext)  # number of free-text answers
    new = pub.differences("d1", "d2", "new")
    pub.total([n for n in new if n.startswith("new.channel.")], "< 5")  # "neu: < 5"
    # One free-text answer per person at most.
    pub.linear({"new.freetext": 1, "new.channel.online": -1, "new.channel.paper": -1}, high=0)

    found = solve(pub, new)
    assert found["new.channel.online"] == (0, 0)
    assert found["new.channel.paper"] == (1, 1)  # exactly one person, on paper
    assert (found["new.q.a"], found["new.q.b"], found["new.q.c"]) == ((1, 1), (0, 0), (0, 0))
    assert found["new.household.4"] == (1, 1)  # from the change of the mean
    assert found["new.freetext"] == (1, 1)  # and they wrote free text
    # The one-digest view of the same question leaves b and c in a band of three values.
    assert solve(pub, ["d1.q.b", "d2.q.b"]) == {"d1.q.b": (1, 3), "d2.q.b": (1, 3)}


def test_7_padding_with_known_paper_sheets():
    pub = Published()
    pub.table("page.q", {"a": 6, "b": 6, "prefer_not": 5}, total=17)
    pub.table("page.channel", {"online": "< 5", "paper": 15}, total=17)
    for name, value in {"q.a": 5, "q.b": 5, "q.prefer_not": 5,
                        "channel.online": 0, "channel.paper": 15}.items():
        pub.known(f"sheets.{name}", value)  # what the organiser keyed in
    real = pub.differences("sheets", "page", "real")

    assert solve(pub, real) == {
        "real.q.a": (1, 1), "real.q.b": (1, 1), "real.q.prefer_not": (0, 0),
        "real.channel.online": (2, 2), "real.channel.paper": (0, 0),  # both came online
    }


def test_protection_holds_when_the_total_is_suppressed():
    pub = Published()
    pub.table("q", {"a": "< 5", "b": "< 5", "c": "< 5"})

    assert solve(pub) == {"q.a": (1, 4), "q.b": (1, 4), "q.c": (1, 4)}
    assert determined(pub) == {}


def test_protection_holds_with_a_complementary_cell_and_no_cap():
    pub = Published()
    pub.cell("q.a", "< 5")
    pub.cell("q.b", "< 5")
    pub.cell("q.c", "·", low=5)
    pub.total(["q.a", "q.b", "q.c"], 18)

    assert determined(pub) == {}


def test_mean_is_read_as_rounded_half_up():
    # Four answers of 1 or 2: a sum of 5 is a mean of 1.25, printed 1.3 when rounding half up
    # (half to even would have printed 1.2).
    pub = Published()
    steps = scale(pub, "q", {1: None, 2: None})
    pub.mean(steps, n=4, shown_mean="1.3")
    assert solve(pub) == {"q.1": (3, 3), "q.2": (1, 1)}

    pub = Published()
    pub.mean(scale(pub, "q", {1: None, 2: None}), n=4, shown_mean="1.2")
    with pytest.raises(ValueError, match="contradict"):
        solve(pub)


def test_a_cell_nothing_bounds_has_no_maximum():
    pub = Published()
    pub.cell("q.a", None)
    assert solve(pub) == {"q.a": (0, None)}
    assert determined(pub) == {}


def _old_rules(rng: random.Random, counts: list[int]) -> tuple[Published, int]:
    """Publish one scale table the old way; returns it with an enumeration cap."""
    shown: dict[int, object] = {
        step: "< 5" if 1 <= c <= 4 else c for step, c in enumerate(counts, 1)}
    big = [step for step, c in enumerate(counts, 1) if c >= 5]
    with_total = rng.random() < 0.7
    if with_total and big and rng.random() < 0.5:
        shown[rng.choice(big)] = "·"
    pub = Published()
    steps = scale(pub, "q", shown)
    n = sum(counts)
    if with_total:
        pub.total(steps, n)
        if n and rng.random() < 0.6:
            mean = (Decimal(sum(s * c for s, c in enumerate(counts, 1))) / n)
            pub.mean(steps, n, mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return pub, n


def test_enumeration_and_integer_programme_agree_on_small_tables():
    rng = random.Random(20261202)
    for _ in range(25):
        counts = [rng.choice([0, 1, 2, 3, 4, 5, 6, 8]) for _ in range(4)]
        pub, cap = _old_rules(rng, counts)
        found = solve(pub)
        assert found == enumerate_intervals(pub, cap)
        for name, (low, high) in found.items():
            truth = counts[int(name.rsplit(".", 1)[1]) - 1]
            assert low <= truth and (high is None or truth <= high)
