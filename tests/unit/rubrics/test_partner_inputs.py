"""The "1+3" partner inputs are named by the rubric (`partner_register`), not in code.

rcapp checked the typed partner counts against its register for two input ids written in
rcapp (partners_signed_year, partners_signed_total): a rubric naming its partner inputs
otherwise went unchecked, and the rubric never said which inputs the register counts.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from rcapp.assessments.partner_check import Register, mismatches
from rcapp.rubrics.loader import RubricFileError, load_rubric_text
from rcapp.rubrics.model import PartnerCount
from rcapp.rubrics.partner_inputs import partner_inputs
from rcapp.rubrics.registry import RubricRegistry

ROOT = Path(__file__).resolve().parents[3]
MINI_TEXT = (ROOT / "tests" / "data" / "rubrics" / "mini-company" / "v1.yaml").read_text(
    encoding="utf-8"
)
DRILLS = "  - id: drills\n    label: {zh: 应急演练次数, en: Emergency drills}\n"


def _mini(*edits: tuple[str, str]) -> str:
    text = MINI_TEXT
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _problems(text: str) -> list[str]:
    with pytest.raises(RubricFileError) as caught:
        load_rubric_text(text, "x.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_a_rubric_names_its_partner_inputs_and_the_check_reads_them() -> None:
    signed = (
        "  - id: vc_signed\n    label: {zh: 本年签约伙伴数, en: Partners signed}\n"
        "    unit: {zh: 家, en: companies}\n    integer: true\n    partner_register: year\n"
    )
    text = _mini(
        (DRILLS, signed + DRILLS),
        ("  - id: drills\n", "  - id: drills\n    partner_register: total\n"),
    )
    rubric = load_rubric_text(text, "x.yaml").rubric
    assert next(i for i in rubric.kpi_inputs if i.id == "vc_signed").partner_register is (
        PartnerCount.YEAR
    )
    assert partner_inputs(rubric) == {"vc_signed": False, "drills": True}
    register = Register(in_year=1, by_year_end=5, undated=0)
    found = mismatches(
        register, {"vc_signed": Decimal(4), "drills": Decimal(5)}, {**partner_inputs(rubric)}
    )
    assert [(m.input_id, m.typed, m.registered) for m in found] == [("vc_signed", Decimal(4), 1)]


def test_a_rubric_without_partner_inputs_has_none() -> None:
    rubric = load_rubric_text(MINI_TEXT, "x.yaml").rubric
    assert partner_inputs(rubric) == {}


def test_the_pinned_company_rubric_keeps_its_two_partner_inputs() -> None:
    """rc-company@2 is pinned by hash and never edited: same behaviour as before."""
    registry = RubricRegistry(ROOT / "rubrics")
    v2 = registry.get("rc-company", 2).rubric
    assert partner_inputs(v2) == {"partners_signed_year": False, "partners_signed_total": True}
    assert partner_inputs(registry.get("rc-company", 1).rubric) == {}
    assert partner_inputs(registry.get("rc-park", 2).rubric) == {}


def test_a_partner_input_must_be_a_whole_number_given_once() -> None:
    drills_line = MINI_TEXT[: MINI_TEXT.index("  - id: drills\n")].count("\n") + 1
    problems = _problems(
        _mini(
            (
                "    unit: {zh: 小时, en: h}\n",
                "    unit: {zh: 小时, en: h}\n    partner_register: year\n",
            ),
            ("  - id: drills\n", "  - id: drills\n    partner_register: year\n"),
        )
    )
    assert problems == [
        "x.yaml:94: kpi_inputs[0].partner_register: a partner count must be a whole number: "
        "add 'integer: true'",
        # one line added above it, the key below its id
        f"x.yaml:{drills_line + 2}: kpi_inputs[2].partner_register: partner_register 'year' is "
        "given twice (first used at line 94)",
    ]
    assert _problems(_mini(("  - id: drills\n", "  - id: drills\n    partner_register: some\n")))
