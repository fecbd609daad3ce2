"""`rcapp score` refuses every hostile or absurd input with `file:line` and exit 1 (issue 7.6).

Each case names the message it must print; none may crash, write output or pass silently. An
event dated after the assessment date is the one warning: scored, listed and warned about.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rcapp.scorecards.cli import score_command

from .test_cli import RUBRICS, VALID, _broken


def run(tmp_path: Path, text: str, name: str = "answers.yaml") -> Result:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(score_command, [str(path), "--rubrics-dir", str(RUBRICS)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _alias_bomb() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(8):
        name, previous = chr(98 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


ALIAS_BOMB = _alias_bomb()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            _broken("  hours_employees: 2400000", "  hours_employees: 1.0e+40"),
            "answers.yaml:12: kpi_inputs.hours_employees: 1.0E+40 is too large",
        ),
        (
            _broken("  hours_employees: 2400000", "  hours_employees: 0.0000000000001"),
            "answers.yaml:12: kpi_inputs.hours_employees: 1E-13 is too small to be a real figure",
        ),
        (
            _broken("  hours_employees: 2400000", "  hours_employees: .nan"),
            "answers.yaml:12: kpi_inputs.hours_employees: .nan is not a number",
        ),
        (
            _broken("  hours_employees: 2400000", "  hours_employees: -.inf"),
            "answers.yaml:12: kpi_inputs.hours_employees: -.inf is not a number",
        ),
        (
            _broken("  C1.E1.2: 2", "  C1.E1.2: .inf"),
            "answers.yaml:8: answers.C1.E1.2: .inf is not a number",
        ),
        (
            _broken("year: 2025", "year: 2024"),
            "answers.yaml:3: year: 2024 is before mini-company@1",
        ),
        (
            _broken("year: 2025", "year: 20250"),
            "answers.yaml:3: year: 20250 is not a plausible year",
        ),
        (
            VALID + "kpi_history:\n  1850: {drills: 1}\n",
            "answers.yaml:19: kpi_history.1850: 1850 is not a plausible year (1990-2100)",
        ),
        (
            _broken("  assessment_date: 2026-03-01", "  assessment_date: 9999-03-01"),
            "answers.yaml:16: context.assessment_date: 9999-03-01 is not a plausible date",
        ),
        (
            _broken("{na: 不销售产品}", "{na: 不销售产品, value: 2}"),
            "answers.yaml:9: answers.C6.E1.1.value: an answer is either N/A or has a value",
        ),
        (
            _broken("{value: 3, evidence: [letter.pdf]}", "{value: 3, evidence: ['   ']}"),
            "answers.yaml:5: answers.MS.G1.1.evidence.0: is empty or only blanks",
        ),
        (
            _broken("{value: 3, evidence: [letter.pdf]}", '{value: 3, evidence: "\\u200b"}'),
            "answers.yaml:5: answers.MS.G1.1.evidence: is empty or only blanks",
        ),
        (
            _broken("organisation: 测试公司", 'organisation: "\\u3000 "'),
            "answers.yaml:2: organisation: is only blanks or invisible characters",
        ),
        (
            _broken("{na: 不销售产品}", '{na: "  "}'),
            "answers.yaml:9: answers.C6.E1.1: is only blanks or invisible characters",
        ),
        (
            VALID + "events:\n  - {type: safety_accident, date: 2025-01-01, direct_loss: .nan}\n",
            "answers.yaml:19: events.0.direct_loss: .nan is not a number",
        ),
        (
            VALID
            + "events:\n  - {type: safety_accident, date: 2025-01-01, serious_injuries: -2}\n",
            "answers.yaml:19: events.0.serious_injuries: serious injuries cannot be negative",
        ),
        (
            VALID + "targets:\n  - {kpi: OHS-03, deadline: 2027, change_pct: -10}\n",
            "answers.yaml:19: targets.0.base_year: a target needs 'base_year'",
        ),
        (
            VALID + "targets:\n  - {kpi: OHS-99, base_year: 2024, deadline: 2027, value: 1}\n",
            "answers.yaml:19: targets.0.kpi: unknown KPI id 'OHS-99'",
        ),
        (
            VALID + "targets:\n  - {kpi: OHS-03, base_year: 2024, deadline: 2024, value: 1}\n",
            "answers.yaml:19: targets.0.deadline: the deadline 2024 must be after the base year",
        ),
        (
            VALID + "answers2: " + "[" * 60 + "]" * 60 + "\n",
            "nested more than 40 levels deep",
        ),
        (
            ALIAS_BOMB,
            "expands too far",
        ),
    ],
)
def test_bad_input_exits_1_with_file_line_message(tmp_path: Path, text: str, message: str) -> None:
    result = run(tmp_path, text)

    assert result.exit_code == 1, result.output
    assert message in result.output.replace(str(tmp_path) + "/", "")
    assert "Traceback" not in result.output
    assert "Scorecard" not in result.output  # nothing half-written


def test_deeply_nested_json_is_refused(tmp_path: Path) -> None:
    result = run(tmp_path, "[" * 100_000 + "]" * 100_000, name="a.json")

    assert result.exit_code == 1
    assert "nested too deeply" in result.output or "nested more than" in result.output


def test_json_nan_is_refused(tmp_path: Path) -> None:
    data = {"rubric": "mini-company@1", "year": 2025, "kpi_inputs": {"drills": "x"}}
    text = json.dumps(data).replace('"x"', "NaN")
    result = run(tmp_path, text, name="a.json")

    assert result.exit_code == 1
    assert "a.json: NaN is not a number: write a finite number" in result.output


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    result = run(tmp_path, VALID + "#" * 4_100_000 + "\n")

    assert result.exit_code == 1
    assert "answers.yaml: the file is larger than 4000000 bytes" in result.output


def test_an_event_after_the_assessment_date_is_warned_and_listed(tmp_path: Path) -> None:
    # Assessed in October of the reporting year; the event is in November of that year.
    early = VALID.replace("assessment_date: 2026-03-01", "assessment_date: 2025-10-01")
    text = early + "events:\n  - {type: safety_accident, date: 2025-11-15, fatalities: 1}\n"
    result = run(tmp_path, text)

    assert result.exit_code == 0, result.output
    warning = (
        "Warning: answers.yaml:19: events.0: events[0] safety_accident on 2025-11-15 is dated "
        "after the assessment date 2025-10-01: not counted; check the date"
    )
    assert warning in result.stderr.replace(str(tmp_path) + "/", "")
    assert "数据问题 Data problems" in result.stdout
    # An event of a later year belongs to that year: no warning (qa9 D5).
    later = run(tmp_path, VALID + "events:\n  - {type: safety_accident, date: 2026-06-01}\n")
    assert "after the assessment date" not in later.stderr
