"""Credit-code problems in the user's language, and the form validator that uses them."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from wtforms.validators import ValidationError

from rcapp.organisations.credit_code import CreditCodeProblem, Problem, find_problem


def credit_code_message(problem: CreditCodeProblem) -> str:
    """Say what is wrong with a unified social credit code, in the user's language."""
    return str(_credit_code_text(problem))


def _credit_code_text(p: CreditCodeProblem) -> Any:  # flask_babel's gettext is untyped
    match p.problem:
        case Problem.EMPTY:
            return _("请填写统一社会信用代码。")
        case Problem.LENGTH:
            return _("统一社会信用代码应为 18 位，当前为 %(length)d 位。", length=p.length)
        case Problem.CHARACTER:
            return _(
                "统一社会信用代码第 %(position)d 位字符“%(found)s”无效："
                "只能使用数字和除 I、O、Z、S、V 以外的大写字母。",
                position=p.position,
                found=p.found,
            )
        case Problem.AUTHORITY:
            return _(
                "统一社会信用代码第 1 位（登记管理部门代码）“%(found)s”无效，应为 1–9、A、N 或 Y。",
                found=p.found,
            )
        case Problem.ENTITY_TYPE:
            return _(
                "统一社会信用代码第 2 位（机构类别代码）“%(found)s”无效，应为数字 1–9。",
                found=p.found,
            )
        case Problem.DIVISION:
            return _(
                "统一社会信用代码第 %(position)d 位“%(found)s”无效："
                "第 3–8 位是行政区划码，只能是数字。",
                position=p.position,
                found=p.found,
            )
    return _(
        "统一社会信用代码校验码错误：第 18 位应为“%(expected)s”，当前为“%(found)s”。"
        "请核对前 17 位是否录入正确。",
        expected=p.expected,
        found=p.found,
    )


def check_credit_code(_form: Any, field: Any) -> None:
    """Validate a unified social credit code field; empty is left to other validators."""
    if field.data:
        problem = find_problem(field.data)
        if problem is not None:
            raise ValidationError(credit_code_message(problem))
