"""Say how to fix a number cell Excel users fill the way they would write it on paper.

"约120", "1,610,000 小时" and "85%" were all refused with "不是有效数字" alone (qa65 #3).
A refused number is given a code that says what to do instead; the value stays refused.
"""

from __future__ import annotations

from dataclasses import replace

from rcapp.assessments.validation import Problem
from rcapp.rubrics.model import Text

# What Chinese statistics forms write for "none" (qa34 S12): refused as a number, with a word
# on what to type instead (a KPI input not left blank is 0 when nothing happened).
NONE_WORDS = frozenset({"无", "没有", "/", "／", "-", "－", "—", "——", "–"})
PERCENT_SIGNS = ("%", "％")


def worded_number_problem(problem: Problem, unit: Text | None) -> Problem:
    """Turn a bare "not a number" into the problem that says how to fill the cell.

    `unit` is the cell's unit (a KPI input's, a number item's): the message names it, since
    a unit typed after the number is the commonest reason a cell is not read. A percent sign
    in a cell whose unit is not a percentage is a share typed for a quantity.
    """
    if problem.code != "not_a_number":
        return problem
    text = " ".join(str(problem.params.get("text") or "").split())  # as the cell shows it
    if text in NONE_WORDS:
        return replace(problem, code="none_word")
    if unit is None:
        return problem
    units = {"unit_zh": unit.zh, "unit_en": unit.en}
    percent = any(sign in text for sign in PERCENT_SIGNS)
    code = "percent_for_quantity" if percent else "number_with_words"
    return replace(problem, code=code, params={**problem.params, **units})
