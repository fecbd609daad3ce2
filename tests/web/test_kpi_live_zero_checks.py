"""The KPI page's script doubts a core input typed to 0 by zero_doubts' own rules.

kpi_live hands the script each input's zero rules (the core KPI's formula, which rule, the
worded message) from zero_doubts.zero_rules; the script only evaluates and compares. These
tests hold the handed rules to the rule that decides the warning on saving.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale

from rcapp.assessments.messages import live_problem_text
from rcapp.assessments.views.kpi_live import live_checks
from rcapp.assessments.zero_doubts import zero_doubts, zero_rules
from tests.unit.assessments.test_zero_doubts import COMPANY, PLANT, _figures

LAST_YEAR = {name: Decimal(value) for name, value in PLANT.items()} | {"fresh_water_m3": Decimal(0)}


def _checks(app: Flask, lang: str) -> tuple[dict[str, Any], dict[str, str]]:
    with app.test_request_context(), force_locale(lang):
        labels = {i.id: i.label.get("en" if lang == "en" else "zh") for i in COMPANY.kpi_inputs}
        return live_checks(COMPANY, labels, LAST_YEAR), labels


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_each_inputs_zero_rules_are_zero_doubts_own(app: Flask, lang: str) -> None:
    checks, _labels = _checks(app, lang)
    for kpi_input in COMPANY.kpi_inputs:
        handed = [(c["formula"], c["code"]) for c in checks["inputs"][kpi_input.id].get("zero", [])]
        expected = [
            (rule.kpi.formula, rule.code)
            for rule in zero_rules(COMPANY, LAST_YEAR)
            if rule.subject == kpi_input.id
        ]
        assert handed == expected, kpi_input.id
    # last year's 3 Tier-1 events: a drop; last year's 0 m³ of water: beside the output
    assert checks["inputs"]["pse_tier1"]["zero"][0]["code"] == "dropped_to_zero"
    assert checks["inputs"]["fresh_water_m3"]["zero"][0]["code"] == "zero_with_output"
    assert "zero" not in checks["inputs"]["drills"]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("name", ["pse_tier1", "energy_tce", "fresh_water_m3", "so2_t"])
def test_the_script_says_what_saving_says(app: Flask, lang: str, name: str) -> None:
    checks, labels = _checks(app, lang)
    (problem,) = zero_doubts(COMPANY, _figures(**{name: "0"}), LAST_YEAR)
    with app.test_request_context(), force_locale(lang):
        saved = live_problem_text(problem, labels[name])
    check = checks["inputs"][name]["zero"][0]
    assert check["code"] == problem.code
    # the script's part: the non-zero others, quoted as given, joined as given
    said = check["say"]
    if "others" in check:
        others = [check["others"][other] for other in check["others"]]
        said = said.replace("{others}", check["joiner"].join(others))
    assert said == saved
    assert "{" not in said
