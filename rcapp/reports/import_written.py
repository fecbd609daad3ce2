"""Check the answer an import will write, not only the file's row: the web's cells merged in.

A blank template's blank cell is "not given", so the web's value stays (import_merge). The
answer written can then join the file's level to the web's N/A: a pair the save refuses
(na_and_answer), which only the apply found (ImportRefused). The preview checks the merged
answer with the save's own rules, and names the web's side of the pair, apart from the
file's own "N/A 是 + level".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

from rcapp.assessments.validation import Checked, ItemInput, Problem

WEB_NA = "web_na_and_answer"  # the web marks the item N/A; the file gives a level
WEB_ANSWER = "web_answer_and_na"  # the web has a level; the file marks the item N/A
# A number item's answer is a value: the same pairs named so (import_messages).
WEB_NA_VALUE = "web_na_and_value"
WEB_VALUE = "web_value_and_na"
FILE_NA_VALUE = "na_and_value"  # the file's own N/A beside a value (importer)


def written_problems(
    check: Callable[[ItemInput], Checked], file_typed: ItemInput, written: Iterable[ItemInput]
) -> list[Problem]:
    """Return the save's refusals of the first answer in `written` it refuses (none: [])."""
    for answer in written:
        _values, found = check(answer)
        if found:
            return [_web_side_named(problem, file_typed, answer) for problem in found]
    return []


def _web_side_named(problem: Problem, file_typed: ItemInput, written: ItemInput) -> Problem:
    """Name which half of an "N/A and a level" pair the web holds (the file's is fine alone)."""
    if problem.code != "na_and_answer":
        return problem
    answer = {"answer": written.level or written.value or ""}
    if written.level is None and written.value is not None:
        code = WEB_VALUE if file_typed.is_na else WEB_NA_VALUE
    else:
        code = WEB_ANSWER if file_typed.is_na else WEB_NA
    return replace(problem, code=code, params=answer)


def answered_in_blank(merged: Mapping[str, Any], na_cell: str | None) -> dict[str, Any]:
    """Clear the web's N/A where a blank template's 不适用 cell says "否" (no) in so many words.

    A blank 不适用 cell leaves the web's N/A as it is; "否" typed in it is the user's answer
    that the item applies (the fix the preview's message names). Its reason goes with it,
    as the save keeps no reason without N/A.
    """
    if not merged.get("is_na") or not (na_cell or "").strip():
        return dict(merged)
    return {**merged, "is_na": False, "na_reason": None}
