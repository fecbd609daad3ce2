"""What the KPI page's script checks while the user types, worded here by the server.

The script (static/js/kpi-table.js) only compares figures: each input's bounds, last year's
value and the shares' formulas come with their messages already worded for the page, the
typed text or computed share left as a placeholder. Saving still checks everything again:
the server is the authority, the script only says it sooner.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rcapp.assessments.kpi_inputs import SHARE_LIMIT, hours_params
from rcapp.assessments.messages import live_problem_text, number_text
from rcapp.assessments.number_words import WORDED_CODES, refusal_reading, unit_params
from rcapp.assessments.validation import (
    DECIMAL_PLACES,
    IMPLAUSIBLE_JUMP,
    NUMBER_LIMIT,
    SMALL_COUNT,
    Problem,
    ceiling_code,
)
from rcapp.assessments.zero_doubts import (
    OTHERS_JOINER,
    ZeroRule,
    quoted,
    zero_rule_params,
    zero_rules,
)
from rcapp.i18n import current_lang
from rcapp.rubrics.formula import parse_formula
from rcapp.rubrics.model import KpiInput, Rubric
from rcapp.scoring.answer_rules import is_share
from rcapp.scoring.hours_per_person import HOURS_IN_A_YEAR, hours_pairs

TEXT = "{text}"  # the typed text, put in by the script
VALUE = "{value}"  # a share's computed value, put in by the script
OTHERS = "{others}"  # the non-zero inputs beside a 0, listed by the script


def _say(kpi_input: KpiInput, label: str, code: str, **params: Any) -> str:
    return live_problem_text(Problem(kpi_input.id, "value", code, params), label)


def _input_checks(kpi_input: KpiInput, label: str, last: Decimal | None) -> dict[str, Any]:
    # a refused number in saving's words: which of them, the script picks (refusal_reading)
    units = unit_params(kpi_input.unit)
    say: dict[str, str] = {
        **{code: _say(kpi_input, label, code, text=TEXT, **units) for code in WORDED_CODES},
        "too_large": _say(kpi_input, label, "too_large", limit=NUMBER_LIMIT),
        "too_many_decimals": _say(kpi_input, label, "too_many_decimals", places=DECIMAL_PLACES),
        "below_min": _say(kpi_input, label, "below_min", min=kpi_input.min),
    }
    checks: dict[str, Any] = {
        "min": number_text(kpi_input.min),
        "places": DECIMAL_PLACES,
        "limit": number_text(NUMBER_LIMIT),
        "say": say,
    }
    if kpi_input.max is not None:
        checks["max"] = number_text(kpi_input.max)
        say["above_max"] = _say(kpi_input, label, "above_max", max=kpi_input.max)
    if kpi_input.integer:
        checks["integer"] = True
        say["not_integer"] = _say(kpi_input, label, "not_integer")
    if kpi_input.plausible_max is not None:
        checks["plausible_max"] = number_text(kpi_input.plausible_max)
        say["implausible_max"] = _say(
            kpi_input, label, ceiling_code(kpi_input), max=kpi_input.plausible_max
        )
    if last is not None and last > 0:
        checks["last"] = number_text(last)
        checks["jump"] = number_text(IMPLAUSIBLE_JUMP)
        if kpi_input.integer:  # small counts in both years are not doubted (qa14 S3)
            checks["small"] = number_text(SMALL_COUNT)
        say["implausible_jump"] = _say(kpi_input, label, "implausible_jump", last=last)
    return checks


def live_checks(
    rubric: Rubric, labels: Mapping[str, str], last_year: Mapping[str, Decimal]
) -> dict[str, Any]:
    """Return the page's checks as plain data for JSON: per input, per share, per hours pair."""
    inputs = {
        kpi_input.id: _input_checks(kpi_input, labels[kpi_input.id], last_year.get(kpi_input.id))
        for kpi_input in rubric.kpi_inputs
        if kpi_input.id in labels
    }
    for rule in zero_rules(rubric, last_year):
        if rule.subject in inputs:
            inputs[rule.subject].setdefault("zero", []).append(_zero_check(rule, labels))
    by_id = {kpi_input.id: kpi_input for kpi_input in rubric.kpi_inputs}
    shares = []
    for kpi in rubric.kpis:
        if not is_share(kpi):
            continue
        names = sorted(parse_formula(kpi.formula).names & set(inputs))
        params = {"kpi_zh": kpi.name.zh, "kpi_en": kpi.name.en, "value": VALUE}
        shares.append(
            {
                "formula": kpi.formula,
                "limit": number_text(SHARE_LIMIT),
                "say": {
                    name: live_problem_text(
                        Problem(name, "value", "share_over_100", params), labels[name]
                    )
                    for name in names
                    if name in by_id
                },
            }
        )
    return {
        "inputs": inputs,
        "shares": shares,
        "hours": _hours_checks(rubric, labels),
        "refusal": refusal_reading(),
    }


def _zero_check(rule: ZeroRule, labels: Mapping[str, str]) -> dict[str, Any]:
    """Return zero_doubts' rule for one core input at 0; the script evaluates and compares.

    dropped_to_zero: said once the KPI has a figure. zero_with_output: said once the figure
    is 0 and one of `others` is not, listed with `joiner` in place of {others}.
    """
    params = zero_rule_params(rule, [])
    if rule.code == "zero_with_output":
        params.update({f"others_{lang}": OTHERS for lang in OTHERS_JOINER})
    problem = Problem(rule.subject, "value", rule.code, params)
    check: dict[str, Any] = {
        "formula": rule.kpi.formula,
        "code": rule.code,
        "say": live_problem_text(problem, labels[rule.subject]),
    }
    if rule.code == "zero_with_output":
        others = sorted(rule.formula.names - {rule.subject})
        check["others"] = {name: quoted(labels[name]) for name in others if name in labels}
        check["joiner"] = OTHERS_JOINER[current_lang()]
    return check


def _hours_checks(rubric: Rubric, labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """Hours worked per person above a year's hours: a warning on each edited input of the pair."""
    found = []
    for pair in hours_pairs(rubric):
        if not all(name in labels for name in pair.names):
            continue
        params = hours_params(pair.hours, pair.headcount, VALUE)
        found.append(
            {
                "hours": pair.hours.id,
                "headcount": pair.headcount.id,
                "limit": number_text(HOURS_IN_A_YEAR),
                "say": {
                    name: live_problem_text(
                        Problem(name, "value", "hours_over_a_year", params), labels[name]
                    )
                    for name in pair.names
                },
            }
        )
    return found
