from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.rubrics.model import Item
from rcapp.scoring import Answer, FlagKind
from rcapp.scoring.items import band_level, number_for_level, score_item

from .builders import maturity, number, yes_no


def _item(data: dict[str, object]) -> Item:
    return Item.model_validate(data)


@pytest.mark.parametrize(
    ("claimed", "evidence", "counted"),
    [
        (0, (), 0),
        (1, (), 1),
        (2, (), 1),
        (3, (), 1),
        (4, (), 1),
        (3, ("letter.pdf",), 3),
        (4, ("note",), 4),
    ],
)
def test_levels_from_the_evidence_rule_up_need_evidence(
    claimed: int, evidence: tuple[str, ...], counted: int
) -> None:
    item = _item(maturity("A.1", evidence_from=2))
    scored = score_item(item, Answer(level=claimed, evidence=evidence))
    assert scored.claimed_level == claimed
    assert scored.effective_level == counted
    assert scored.fraction == Decimal(counted) / 4


def test_an_evidence_cap_is_flagged_with_the_hint() -> None:
    scored = score_item(_item(maturity("A.1", evidence_from=2)), Answer(level=3))
    (flag,) = scored.flags
    assert flag.kind is FlagKind.EVIDENCE_CAP
    assert flag.message == (
        "level capped for missing evidence: claimed 3, counted 1 — level 2 and up need: proof"
    )
    assert flag.hint is not None
    assert flag.hint.en == "proof"


def test_yes_counts_one_and_no_counts_zero() -> None:
    item = _item(yes_no("Y"))
    assert score_item(item, Answer(level=1)).fraction == 1
    assert score_item(item, Answer(level=0)).fraction == 0


def test_a_yes_without_required_evidence_counts_as_no() -> None:
    scored = score_item(_item(yes_no("Y", evidence_from=1)), Answer(level=1))
    assert scored.claimed_level == 1
    assert scored.effective_level == 0
    assert scored.fraction == 0


@pytest.mark.parametrize(
    ("value", "better", "level"),
    [
        ("0", "higher", 0),
        ("0.5", "higher", 0),
        ("1", "higher", 2),
        ("1.9", "higher", 2),
        ("2", "higher", 4),
        ("50", "higher", 4),
        ("5", "lower", 0),
        ("2", "lower", 2),
        ("1", "lower", 4),
        ("0", "lower", 4),
    ],
)
def test_numbers_reach_levels_through_bands(value: str, better: str, level: int) -> None:
    bands = ((0, 0), (1, 2), (2, 4)) if better == "higher" else ((2, 2), (1, 4))
    item = _item(number("N", bands, better=better))
    assert band_level(item, Decimal(value)) == level
    scored = score_item(item, Answer(number=Decimal(value)))
    assert scored.fraction == Decimal(level) / 4


def test_the_number_needed_for_a_level_is_the_least_demanding_band() -> None:
    higher = _item(number("N", ((0, 0), (1, 2), (2, 4))))
    lower = _item(number("M", ((2, 2), (1, 4)), better="lower"))
    assert number_for_level(higher, 2) == 1
    assert number_for_level(higher, 3) == 2
    assert number_for_level(lower, 2) == 2
    assert number_for_level(lower, 4) == 1


def test_a_band_outside_the_items_range_cannot_be_reached() -> None:
    item = _item(number("N", ((0, 0), (500, 4)), maximum=100))
    assert number_for_level(item, 4) is None


def test_unanswered_counts_zero_and_is_flagged() -> None:
    scored = score_item(_item(maturity("A.1")), None)
    assert scored.answered is False
    assert scored.fraction == 0
    assert scored.flags[0].kind is FlagKind.UNANSWERED


def test_a_comment_alone_is_still_unanswered() -> None:
    assert score_item(_item(maturity("A.1")), Answer(comment="later")).answered is False


def test_na_has_no_fraction() -> None:
    scored = score_item(_item(maturity("A.1", na_allowed=True)), Answer(na_reason="no sales"))
    assert scored.is_na
    assert scored.fraction is None
    assert scored.effective_level is None


def test_items_of_an_na_section_are_na_whatever_was_answered() -> None:
    scored = score_item(_item(maturity("A.1")), Answer(level=4), section_na="no products")
    assert scored.na_reason == "no products"
    assert scored.fraction is None
    assert scored.flags[0].kind is FlagKind.SECTION_NA
