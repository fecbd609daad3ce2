"""Unified social credit code checks: real codes, every kind of mistake, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcapp.organisations.credit_code import (
    ALPHABET,
    AUTHORITIES,
    CreditCodeProblem,
    Problem,
    check_character,
    describe_zh,
    find_problem,
    is_valid_credit_code,
    normalise_credit_code,
)

# Published codes of well-known companies (check character verified by hand).
REAL_CODES = [
    "914403001922038216",
    "9144030071526726XG",
    "91330100716105852F",
    "91110000802100433B",
    "91350100M000100Y43",
    "91370000163044841F",
]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_valid(code: str) -> None:
    assert find_problem(code) is None
    assert is_valid_credit_code(code)


def test_weights_follow_powers_of_three_mod_31() -> None:
    from rcapp.organisations.credit_code import WEIGHTS

    assert WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def test_alphabet_leaves_out_the_confusable_letters() -> None:
    assert len(ALPHABET) == 31
    assert not set("IOZSV") & set(ALPHABET)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("", CreditCodeProblem(Problem.EMPTY)),
        ("9144030019220382", CreditCodeProblem(Problem.LENGTH, length=16)),
        ("9144030019220382161", CreditCodeProblem(Problem.LENGTH, length=19)),
        ("91440300192203821I", CreditCodeProblem(Problem.CHARACTER, position=18, found="I")),
        ("9144030O1922038216", CreditCodeProblem(Problem.CHARACTER, position=8, found="O")),
        ("91440300192203821s", CreditCodeProblem(Problem.CHARACTER, position=18, found="s")),
        ("9144030019220382-6", CreditCodeProblem(Problem.CHARACTER, position=17, found="-")),
        ("B14403001922038216", CreditCodeProblem(Problem.AUTHORITY, position=1, found="B")),
        ("90440300192203821A", CreditCodeProblem(Problem.ENTITY_TYPE, position=2, found="0")),
        ("9A4403001922038216", CreditCodeProblem(Problem.ENTITY_TYPE, position=2, found="A")),
        ("9144A30019220382166", CreditCodeProblem(Problem.LENGTH, length=19)),
        ("914403A01922038216", CreditCodeProblem(Problem.DIVISION, position=7, found="A")),
        (
            "914403001922038217",
            CreditCodeProblem(Problem.CHECK, position=18, found="7", expected="6"),
        ),
    ],
)
def test_problems_name_what_is_wrong(code: str, expected: CreditCodeProblem) -> None:
    assert find_problem(code) == expected


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("", "请填写统一社会信用代码"),
        ("9144", "应为 18 位，当前为 4 位"),
        ("9144030O1922038216", "第 8 位字符“O”无效"),
        ("B14403001922038216", "第 1 位（登记管理部门代码）“B”无效"),
        ("90440300192203821A", "第 2 位（机构类别代码）“0”无效"),
        ("914403A01922038216", "第 7 位“A”无效"),
        ("914403001922038217", "第 18 位应为“6”，当前为“7”"),
    ],
)
def test_chinese_descriptions_name_position_and_character(code: str, fragment: str) -> None:
    problem = find_problem(code)
    assert problem is not None
    assert fragment in describe_zh(problem)


def test_normalising_removes_spaces_and_uppercases() -> None:
    assert normalise_credit_code(" 9144 0300 7152 6726xg ") == "9144030071526726XG"


def test_check_character_is_zero_when_the_sum_is_a_multiple_of_31() -> None:
    # 9*1 + 1*3 + 3*9 + 2*27 = 93 = 3 * 31, and 31 - 0 is written as 0, not as a 32nd character.
    assert check_character("91320000000000000") == "0"


_DIGITS = "0123456789"


@st.composite
def valid_codes(draw: st.DrawFn) -> str:
    authority = draw(st.sampled_from(sorted(AUTHORITIES)))
    entity_type = draw(st.sampled_from("123456789"))
    division = "".join(draw(st.lists(st.sampled_from(_DIGITS), min_size=6, max_size=6)))
    org_code = "".join(draw(st.lists(st.sampled_from(ALPHABET), min_size=9, max_size=9)))
    first17 = authority + entity_type + division + org_code
    return first17 + check_character(first17)


@given(valid_codes())
def test_codes_built_with_the_algorithm_are_valid(code: str) -> None:
    assert find_problem(code) is None


@given(valid_codes(), st.integers(min_value=0, max_value=17), st.characters())
def test_any_single_character_change_is_caught(code: str, index: int, new: str) -> None:
    changed = code[:index] + new + code[index + 1 :]
    if changed == code:
        return
    assert find_problem(changed) is not None


@given(valid_codes(), st.integers(min_value=0, max_value=17), st.sampled_from(ALPHABET))
def test_any_change_within_the_alphabet_is_caught(code: str, index: int, new: str) -> None:
    # A change of one character by d shifts the weighted sum by d * 3^i, never 0 mod 31.
    changed = code[:index] + new + code[index + 1 :]
    if changed != code:
        assert find_problem(changed) is not None
