"""Conflict-of-interest rules, the risk sample, discrepancy flags and final levels."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcapp.reviews.rules import (
    NA,
    Conflict,
    FinalRule,
    OrgFacts,
    ReviewKindRule,
    SampleItem,
    Verdict,
    conflicts,
    consolidated,
    final_rule,
    is_flagged,
    kpi_movers,
    must_check,
    review_is_complete,
    review_sample,
    too_few_reviewers,
    undecided,
)

REVIEWED = OrgFacts(1, parent_group="中化集团", park_id=100)


@pytest.mark.parametrize(
    ("reviewer", "kwargs", "expected"),
    [
        (OrgFacts(2, "万华集团", 200), {}, ()),
        (
            OrgFacts(1, "中化集团", 100),
            {},
            (Conflict.SAME_ORGANISATION,),
        ),
        (OrgFacts(2, " 中化集团 ", 200), {}, (Conflict.SAME_PARENT_GROUP,)),
        (OrgFacts(2, None, 100), {}, (Conflict.SAME_PARK,)),
        (OrgFacts(100, None, None), {}, (Conflict.PARK_OF_REVIEWED,)),  # the company's park
        (OrgFacts(2), {"pairs_in_cycle": {(1, 2)}}, (Conflict.RECIPROCAL,)),
        (OrgFacts(2), {"pairs_in_cycle": {(2, 1)}}, ()),  # the same direction again is no pair
        (OrgFacts(2), {"declared": {1}}, (Conflict.DECLARED,)),
        (OrgFacts(2), {"already_assigned": True}, (Conflict.ALREADY_ASSIGNED,)),
        (OrgFacts(2, "", None), {}, ()),  # blank groups are no group
    ],
)
def test_conflicts_list_every_reason(
    reviewer: OrgFacts, kwargs: dict[str, object], expected: tuple[Conflict, ...]
) -> None:
    assert conflicts(reviewer, REVIEWED, **kwargs) == expected  # type: ignore[arg-type]


def test_a_resident_reviewing_its_own_park_is_said_so() -> None:
    # qa51 S7: not "in the same park" (a park is in none), but a resident of the one reviewed
    park = OrgFacts(100)
    assert conflicts(OrgFacts(2, None, 100), park) == (Conflict.RESIDENT_OF_REVIEWED_PARK,)
    assert conflicts(OrgFacts(2, None, 101), park) == ()


def test_a_company_without_a_park_shares_none() -> None:
    assert conflicts(OrgFacts(2), OrgFacts(3)) == ()


@pytest.mark.parametrize(
    ("kind", "count", "refused"),
    [
        (ReviewKindRule.DESK, 0, True),
        (ReviewKindRule.DESK, 1, False),
        (ReviewKindRule.ONSITE, 1, True),
        (ReviewKindRule.ONSITE, 2, False),
    ],
)
def test_onsite_needs_two_reviewers(kind: ReviewKindRule, count: int, refused: bool) -> None:
    assert too_few_reviewers(kind, count) is refused


def test_sample_puts_the_path_first_then_high_levels_and_always_every_na() -> None:
    items = [
        SampleItem("A", 1, 4),
        SampleItem("B", 4, 4),
        SampleItem("C", 3, 4, weight=Decimal(2)),
        SampleItem("D", None, 4),
        SampleItem("E", 1, 1),  # yes on a yes/no item is its top level
        SampleItem("F", 2, 4),
        SampleItem("G", 0, 1),
    ]
    assert review_sample(items, path_items={"F"}) == ("F", "C", "B", "E", "D")
    assert review_sample(items, path_items={"F"}, cap=2) == ("F", "C", "D")


def test_sample_spreads_over_every_section_and_weights_the_groups_own_code() -> None:
    """Sections in rubric order each give their riskiest claims in turn; the focus section
    (the reviewing group's code) two at a turn. In rubric order alone MS filled it."""
    items = [SampleItem(f"MS.{i}", 4, 4, section="MS") for i in range(6)]
    items += [SampleItem(f"C1.{i}", 4, 4, section="C1") for i in range(6)]
    items += [SampleItem(f"C4.{i}", 4, 4, section="C4") for i in range(6)]
    items += [SampleItem("C6.0", 3, 4, section="C6"), SampleItem("C6.1", 1, 4, section="C6")]

    plain = review_sample(items, cap=8)
    assert {i.split(".")[0] for i in plain} == {"MS", "C1", "C4", "C6"}
    assert plain[:4] == ("MS.0", "C1.0", "C4.0", "C6.0")

    focused = review_sample(items, cap=10, focus={"C4"})
    counts = {s: sum(1 for i in focused if i.startswith(s + ".")) for s in ("MS", "C1", "C4")}
    assert counts == {"MS": 3, "C1": 2, "C4": 4}
    assert "C6.1" not in focused  # a low claim is no risk to check


def test_kpi_movers_rank_by_relative_change() -> None:
    current = {"A": Decimal(10), "B": Decimal(1), "C": Decimal(5), "D": None, "E": Decimal(3)}
    previous = {"A": Decimal(9), "B": Decimal(2), "C": Decimal(1), "D": Decimal(1), "E": Decimal(0)}
    assert kpi_movers(current, previous, top=2) == ("C", "B")


def test_submission_needs_every_sampled_item_decided() -> None:
    assert undecided(("A", "B", "C"), {"B"}) == ("A", "C")
    assert not review_is_complete(("A", "B"), {"A"})
    assert review_is_complete(("A", "B"), {"A", "B", "X"})


@pytest.mark.parametrize(
    ("own", "reviewers", "flagged", "final"),
    [
        (3, [3, 3], False, 3),
        (3, [2, 3], False, 2),
        (3, [2, 2], False, 2),
        (3, [1, 3], True, 1),  # more than one level below self
        (2, [4, 3], True, 3),  # more than one level above self
        (3, [4, 2], True, 2),  # reviewers two apart from each other
        (NA, [NA, NA], False, NA),
        (NA, [NA, 2], True, NA),  # a rejected N/A claim is always settled
        (2, [], False, 2),
        (3, [2, 3, 3], False, 3),  # lower median of three
    ],
)
def test_flags_and_final_levels(
    own: Verdict, reviewers: list[Verdict], flagged: bool, final: Verdict
) -> None:
    assert is_flagged(own, reviewers) is flagged
    assert consolidated(own, reviewers) == final


@pytest.mark.parametrize(
    ("reviewers", "rule"),
    [
        ([3, 3], None),  # agreed: nothing to say
        ([3], None),
        ([], None),
        ([3, 4], FinalRule.LOWER),  # qa66 #3: 林静 3, 黄磊 4 → 3
        ([4, 3], FinalRule.LOWER),
        ([2, 3, 3], FinalRule.MEDIAN),
        ([2, 3, 3, 2], FinalRule.LOWER_MEDIAN),
        ([NA, NA], None),
    ],
)
def test_final_rule_names_how_differing_reviewers_are_joined(
    reviewers: list[Verdict], rule: FinalRule | None
) -> None:
    assert final_rule(reviewers) is rule


@given(st.lists(st.integers(0, 4), min_size=2, max_size=5))
def test_final_rule_says_what_consolidated_does(reviewers: list[int]) -> None:
    """The words agree with the level taken: the lower one, the middle one."""
    rule = final_rule(reviewers)
    final = consolidated(0, reviewers)
    ordered = sorted(reviewers)
    if rule is None:
        assert len(set(reviewers)) == 1
    elif rule is FinalRule.LOWER:
        assert final == min(reviewers)
    elif rule is FinalRule.MEDIAN:
        assert final == ordered[len(ordered) // 2]
    else:
        assert final == ordered[len(ordered) // 2 - 1]


@given(st.integers(0, 4), st.lists(st.integers(0, 4), min_size=1, max_size=4))
def test_an_unflagged_final_level_is_within_one_of_self(own: int, reviewers: list[int]) -> None:
    if not is_flagged(own, list(reviewers)):
        final = consolidated(own, list(reviewers))
        assert isinstance(final, int)
        assert abs(final - own) <= 1
        assert min(reviewers) <= final <= max(reviewers)


@given(st.integers(0, 1), st.lists(st.integers(0, 1), min_size=1, max_size=4))
def test_any_change_of_a_yes_no_item_is_flagged(own: int, reviewers: list[int]) -> None:
    """qa10 S2: on a yes/no item one level is the whole scale, so yes → no is for the lead."""
    assert is_flagged(own, list(reviewers), binary=True) is any(r != own for r in reviewers)


@pytest.mark.parametrize(
    ("sample", "changed", "expected"),
    [
        ((), (), ()),
        (("A", "B"), (), ("A", "B")),
        (("A", "B"), ("C",), ("A", "B", "C")),  # beyond the sample (and its cap)
        (("A", "B"), ("B", "C", "D"), ("A", "B", "C", "D")),  # once, in the order given
        ((), ("C", "A"), ("C", "A")),
    ],
)
def test_changed_claims_are_checked_beside_the_sample(
    sample: tuple[str, ...], changed: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    assert must_check(sample, changed) == expected
