"""Check unified social credit codes (统一社会信用代码) against GB 32100-2015; pure, no I/O.

Layout of the 18 characters:
  1      registration authority (登记管理部门代码): 1-9, A, N or Y
  2      entity type within that authority (机构类别代码): a digit 1-9
  3-8    administrative division of the registering office (GB/T 2260): digits
  9-17   organisation code (GB 11714 主体标识码)
  18     check character: 31 - (sum of value(c_i) * 3^(i-1) mod 31 for i = 1..17) mod 31,
         reduced mod 31 and written with the 31-character alphabet below.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

LENGTH = 18
# The standard's alphabet: digits and capitals without I, O, Z, S, V; a character's value
# is its position here (0-30).
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {char: value for value, char in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(LENGTH - 1))
AUTHORITIES = frozenset("123456789ANY")
ENTITY_TYPES = frozenset("123456789")
DIVISION = range(2, 8)  # 0-based positions 3-8


class Problem(enum.StrEnum):
    EMPTY = "empty"
    LENGTH = "length"
    CHARACTER = "character"
    AUTHORITY = "authority"
    ENTITY_TYPE = "entity_type"
    DIVISION = "division"
    CHECK = "check"


@dataclass(frozen=True)
class CreditCodeProblem:
    """What is wrong with a code; `position` is 1-based, as people count characters."""

    problem: Problem
    position: int | None = None
    found: str | None = None
    expected: str | None = None
    length: int | None = None


def normalise_credit_code(text: str) -> str:
    """Drop spaces and make letters upper case: people copy codes from scans and letters."""
    return "".join(text.split()).upper()


def check_character(first17: str) -> str:
    """Return the check character for the first 17 characters (all from ALPHABET)."""
    total = sum(_VALUE[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def find_problem(code: str) -> CreditCodeProblem | None:
    """Return the first thing wrong with `code` (taken as typed), or None if it is valid."""
    if not code:
        return CreditCodeProblem(Problem.EMPTY)
    if len(code) != LENGTH:
        return CreditCodeProblem(Problem.LENGTH, length=len(code))
    for index, char in enumerate(code):
        if char not in _VALUE:
            return CreditCodeProblem(Problem.CHARACTER, position=index + 1, found=char)
    return _structure_problem(code) or _check_problem(code)


def is_valid_credit_code(code: str) -> bool:
    return find_problem(code) is None


def _structure_problem(code: str) -> CreditCodeProblem | None:
    if code[0] not in AUTHORITIES:
        return CreditCodeProblem(Problem.AUTHORITY, position=1, found=code[0])
    if code[1] not in ENTITY_TYPES:
        return CreditCodeProblem(Problem.ENTITY_TYPE, position=2, found=code[1])
    for index in DIVISION:
        if not code[index].isdigit():
            return CreditCodeProblem(Problem.DIVISION, position=index + 1, found=code[index])
    return None


def _check_problem(code: str) -> CreditCodeProblem | None:
    expected = check_character(code[:17])
    if code[17] != expected:
        return CreditCodeProblem(Problem.CHECK, position=18, found=code[17], expected=expected)
    return None


def describe_zh(problem: CreditCodeProblem) -> str:
    """Say in Chinese what is wrong (for the CLI and logs; pages translate their own)."""
    messages = {
        Problem.EMPTY: "请填写统一社会信用代码。",
        Problem.LENGTH: "统一社会信用代码应为 18 位，当前为 {length} 位。",
        Problem.CHARACTER: "第 {position} 位字符“{found}”无效：只能使用数字和除 I、O、Z、S、V "
        "以外的大写字母。",
        Problem.AUTHORITY: "第 1 位（登记管理部门代码）“{found}”无效，应为 1–9、A、N 或 Y。",
        Problem.ENTITY_TYPE: "第 2 位（机构类别代码）“{found}”无效，应为数字 1–9。",
        Problem.DIVISION: "第 {position} 位“{found}”无效：第 3–8 位是行政区划码，只能是数字。",
        Problem.CHECK: "校验码错误：第 18 位应为“{expected}”，当前为“{found}”。"
        "请核对前 17 位是否录入正确。",
    }
    return messages[problem.problem].format(
        length=problem.length,
        position=problem.position,
        found=problem.found,
        expected=problem.expected,
    )
