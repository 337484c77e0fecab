"""Corrected and deleted paper sheets in the release audit: counts no longer only grow, so
a correction between two releases must not let the second disclose the people between."""

from participation.results.audit import LineRelease, releases_hold
from participation.results.disclosure import STANDARD
from participation.results.releases import Line, audited

KEYS = ("yes", "no", "_not_answered")


def line(counts: tuple[int, ...]) -> Line:
    return Line("yes_no", KEYS, counts, (None, None, None), sum(counts), STANDARD.small,
                STANDARD.min_responses)


def shown(counts: tuple[int, ...], changes: int = 0) -> LineRelease:
    return LineRelease(sum(counts), counts, (None, None, None), changes=changes)


def test_a_correction_between_releases_makes_a_disclosing_release_refused():
    # 10 sheets (6 yes, 4 no); one "yes" sheet corrected to "no"; 10 more people, one of
    # them says yes: "yes" stays at 6, so the reader knows at most one newcomer said yes
    before, after = (6, 4, 0), (6, 14, 0)
    assert releases_hold([shown(before), shown(after)], STANDARD)  # blind to the change
    assert not releases_hold([shown(before), shown(after, changes=1)], STANDARD)
    released = audited(line(after), [line(before)], "q1", [0, 1])
    assert released.marks is None or released.marks[0] is not None  # "yes" not shown
    assert released != line(after)


def test_ordinary_releases_still_go_through():
    before, after = (6, 4, 0), (12, 10, 0)
    assert audited(line(after), [line(before)], "q1") == line(after)
    # after a correction the release is still made: what might have lost the corrected
    # sheet ("not answered" could have gone 1 → 0) is covered by hidden partners
    released = audited(line(after), [line(before)], "q1", [0, 1])
    assert released.marks is not None and released.counts == after
    assert releases_hold([shown(before), LineRelease(22, after, released.marks, changes=1)],
                         STANDARD)


def test_a_deletion_is_a_loss_the_audit_allows_for():
    # a sheet deleted: "no" went down by one, which "counts only grow" calls inconsistent
    before, after = (6, 4, 0), (16, 3, 1)
    assert not releases_hold([shown(before), shown(after)], STANDARD)
    history = [shown(before), LineRelease(20, after, (None, "small", "small"), changes=1)]
    assert releases_hold(history, STANDARD) in (True, False)  # solvable, no error
    released = audited(line(after), [line(before)], "q1", [0, 1])
    assert released.marks is None or released.marks[2] is not None
