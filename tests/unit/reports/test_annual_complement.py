"""QA46 D1: no published pair of group figures lets one organisation's value be recovered.

6 companies in all, 5 of them in a working group: 6 x 77.7 - 5 x 79.3 is the sixth's score.
annual_complement hides a group figure whose complement within a larger figure shown is
1 .. least-1 organisations; the larger figure stays.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcapp.reports.annual_complement import complement_hidden

LEAST = 5


def _sets(**members: range | set[int]) -> dict[str, frozenset[int]]:
    return {key: frozenset(value) for key, value in members.items()}


def test_all_but_one_is_hidden_and_the_total_stays() -> None:
    assert complement_hidden(_sets(all=range(6), group=range(5)), LEAST) == {"group"}


def test_all_but_the_minimum_or_more_is_shown() -> None:
    assert complement_hidden(_sets(all=range(10), group=range(5)), LEAST) == set()


def test_the_same_members_give_nothing_away() -> None:
    assert complement_hidden(_sets(all=range(5), group=range(5)), LEAST) == set()


def test_a_group_inside_a_larger_group_is_hidden_by_it() -> None:
    published = _sets(all=range(20), large=range(8), small=range(6))
    assert complement_hidden(published, LEAST) == {"small"}


def test_a_group_is_judged_only_against_figures_still_shown() -> None:
    # "middle" is hidden by "all" (1 outside it); then "small" (6 of middle's 7) no longer
    # meets a published larger figure but "all" (5 outside it): shown.
    published = _sets(all=range(12), middle=range(11), small=range(7))
    assert complement_hidden(published, LEAST) == {"middle"}


def test_overlapping_groups_are_no_pair() -> None:
    published = _sets(all=range(20), a={*range(6)}, b={*range(1, 7)})
    assert complement_hidden(published, LEAST) == set()


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=1, max_value=12).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.sets(st.integers(0, n - 1), min_size=1), max_size=5),
            st.lists(st.integers(-1000, 1000), min_size=n, max_size=n),
        )
    )
)
def test_no_published_pair_recovers_one_organisation_by_subtraction(
    case: tuple[int, list[set[int]], list[int]],
) -> None:
    n, groups, values = case
    published: dict[str, frozenset[int]] = {"all": frozenset(range(n))}
    published.update({f"g{i}": frozenset(g) for i, g in enumerate(groups)})
    hidden = complement_hidden(published, LEAST)
    assert "all" not in hidden  # the total is never the one hidden
    shown = {k: v for k, v in published.items() if k not in hidden}
    for larger in shown.values():
        for smaller in shown.values():
            if smaller < larger:
                outside = larger - smaller
                # the sums' difference is the sum over `outside`: never one organisation's
                # value, nor a few that could each subtract their own
                assert len(outside) >= LEAST
                difference = sum(values[o] for o in larger) - sum(values[o] for o in smaller)
                assert difference == sum(values[o] for o in outside)
    for key in hidden:  # hidden only for a reason: a larger figure shown 1..LEAST-1 beyond it
        assert any(
            published[key] < other and len(other - published[key]) < LEAST
            for other in shown.values()
        )
