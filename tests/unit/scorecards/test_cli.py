from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask import Flask

from rcapp.scorecards.cli import default_rubrics_dir, score_command

ROOT = Path(__file__).parents[3]
RUBRICS = ROOT / "tests" / "data" / "rubrics"
EXAMPLE = ROOT / "examples" / "mini-company-2025.yaml"

VALID = """\
rubric: mini-company@1
organisation: 测试公司
year: 2025
answers:
  MS.G1.1: {value: 3, evidence: [letter.pdf]}
  MS.G1.2: yes
  C1.E1.1: 3
  C1.E1.2: 2
  C6.E1.1: {na: 不销售产品}
prerequisites: {P1: true}
kpi_inputs:
  hours_employees: 2400000
  lti_employees: 3
  drills: 2
context:
  assessment_date: 2026-03-01
  kpi_years_before: 1
"""


def _run(tmp_path: Path, text: str, *args: str, name: str = "answers.yaml") -> Result:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(score_command, [str(path), "--rubrics-dir", str(RUBRICS), *args])


def test_a_valid_file_prints_the_scorecard_with_stars_and_gates(tmp_path: Path) -> None:
    result = _run(tmp_path, VALID)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "评分卡 Scorecard — 测试公司 · 2025" in out
    assert "总分 Overall  56.9   ☆☆☆  0 of 3 stars" in out
    assert "✗ overall 56.9 < 60" in out
    assert "✓ all prerequisites met" in out
    assert "level 1/4 (claimed 3)" in out
    assert "! level capped for missing evidence: claimed 3, counted 1" in out
    assert "Why not ★ (the binding constraints):" in out
    assert "raise C1.E1.1" in out
    assert "with evidence" in out
    assert "per 1M h" in out
    assert "per 200k h" in out
    assert "1.25" in out
    assert "0.25" in out


def test_the_example_file_scores(tmp_path: Path) -> None:
    result = CliRunner().invoke(score_command, [str(EXAMPLE), "--rubrics-dir", str(RUBRICS)])
    assert result.exit_code == 0, result.output
    assert "★☆☆  1 of 3 stars" in result.output


def test_json_output_carries_the_whole_scorecard(tmp_path: Path) -> None:
    result = _run(tmp_path, VALID, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["codec_version"] == 1
    assert document["meta"] == {"organisation": "测试公司"}
    data = document["scorecard"]
    assert data["overall"] == "56.9"
    assert data["rating"]["stars"] == 0
    assert data["rating"]["bands"][0]["passed"] is False
    assert data["rating"]["binding"][0]["reason"] == "overall 56.9 < 60"
    ltif = next(k for k in data["kpis"] if k["kpi_id"] == "OHS-03")
    assert [b["value"] for b in ltif["by_basis"]] == ["1.25", "0.25"]
    assert data["path"]["steps"][0]["item_id"] == "C1.E1.1"
    assert data["complete"] is True


def test_a_json_answers_file_is_read(tmp_path: Path) -> None:
    text = json.dumps(
        {
            "rubric": "mini-company@1",
            "year": 2025,
            "answers": {"MS.G1.1": 2, "MS.G1.2": "no", "C1.E1.1": 1, "C1.E1.2": 1.5},
            "na_sections": {"C6": "no products"},
        }
    )
    result = _run(tmp_path, text, name="answers.json")
    assert result.exit_code == 0, result.output
    assert "1.5 drills → level 2/4" in result.output


def test_rubric_option_overrides_the_file(tmp_path: Path) -> None:
    result = _run(tmp_path, VALID, "--rubric", "mini-company@7")
    assert result.exit_code == 1
    assert "Error: --rubric: unknown rubric mini-company@7" in result.output
    assert "(known: mini-company@1)" in result.output


def _broken(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            _broken("  C1.E1.1: 3", "  C9.X: 3"),
            "answers.yaml:7: answers.C9.X: unknown item id 'C9.X'",
        ),
        (
            _broken("  C1.E1.1: 3", "  C1.E1.1: 5"),
            "answers.yaml:7: answers.C1.E1.1: level 5 is out of range 0-4",
        ),
        (
            _broken("  C1.E1.1: 3", "  C1.E1.1: 2.5"),
            "answers.yaml:7: answers.C1.E1.1: must be a level (a whole number), not 2.5",
        ),
        (
            _broken("  C1.E1.2: 2", "  C1.E1.2: 120"),
            "answers.yaml:8: answers.C1.E1.2: 120 is above the item's maximum 100",
        ),
        (
            _broken("  MS.G1.2: yes", "  MS.G1.2: maybe"),
            "answers.yaml:6: answers.MS.G1.2: must be a level (a whole number), not 'maybe'",
        ),
        (
            _broken("  C1.E1.1: 3", "  C1.E1.1: {na: no drills}"),
            "answers.yaml:7: answers.C1.E1.1: this item does not allow N/A",
        ),
        (
            _broken("{na: 不销售产品}", "{na: }"),
            "answers.yaml:9: answers.C6.E1.1: N/A needs a reason",
        ),
        (
            _broken("  drills: 2", "  drill: 2"),
            "answers.yaml:14: kpi_inputs.drill: unknown KPI input 'drill'",
        ),
        (
            _broken("  lti_employees: 3", "  lti_employees: -3"),
            "answers.yaml:13: kpi_inputs.lti_employees: -3 is below the minimum 0",
        ),
        (
            _broken("  lti_employees: 3", "  lti_employees: 2.5"),
            "answers.yaml:13: kpi_inputs.lti_employees: 2.5 must be a whole number (a count)",
        ),
        (
            _broken("  assessment_date: 2026-03-01", "  assessment_date: 2026-13-01"),
            "answers.yaml:16: context.assessment_date: bad date '2026-13-01': use a real date",
        ),
        (
            _broken("  assessment_date: 2026-03-01", "  assessment_date: soon"),
            "answers.yaml:16: context.assessment_date: bad date 'soon': use a real date",
        ),
        (
            VALID + "events:\n  - {type: fire, date: 2025-01-01}\n",
            "answers.yaml:19: events.0.type: unknown event type 'fire' "
            "(known: safety_accident, mass_incident)",
        ),
        (
            VALID + "events:\n  - {type: safety_accident, date: 2025-01-01, fatalities: 1.5}\n",
            "answers.yaml:19: events.0.fatalities: must be a whole number, not 1.5",
        ),
        (
            VALID + "events:\n  - {type: safety_accident, date: 2025-01-01, grade: huge}\n",
            "answers.yaml:19: events.0.grade: unknown grade 'huge'",
        ),
        (
            _broken("rubric: mini-company@1", "rubric: nothing@1"),
            "answers.yaml:1: rubric: unknown rubric nothing@1",
        ),
        (
            _broken("rubric: mini-company@1", "rubric: mini-company"),
            "answers.yaml:1: rubric: 'mini-company' is not a rubric reference like mini-company@1",
        ),
        (
            _broken("rubric: mini-company@1\n", ""),
            "answers.yaml:1: rubric: no rubric: add 'rubric: ID@VERSION' to the file or pass",
        ),
        (_broken("year: 2025", "yaer: 2025"), "answers.yaml:3: yaer: unknown key 'yaer'"),
        (
            _broken("  MS.G1.2: yes", "  MS.G1.2: yes\n  MS.G1.2: no"),
            "answers.yaml:7: answers.MS.G1.2: duplicate key (first used at line 6)",
        ),
        (_broken("answers:", "answers: ["), "answers.yaml:6: YAML syntax error"),
        (
            _broken("  kpi_years_before: 1", "  kpi_years_before: many"),
            "answers.yaml:17: context.kpi_years_before: must be a whole number, not 'many'",
        ),
        (
            VALID + "kpi_history:\n  2025: {drills: 1}\n",
            "answers.yaml:19: kpi_history.2025: history years must be before the reporting year",
        ),
    ],
)
def test_broken_files_exit_1_naming_the_problem_and_line(
    tmp_path: Path, text: str, message: str
) -> None:
    result = _run(tmp_path, text)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert message in result.output.replace(str(tmp_path) + "/", "")


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    text = _broken("  C1.E1.1: 3", "  C1.E1.1: 9").replace("  drills: 2", "  drills: -1")
    result = _run(tmp_path, text)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "answers.yaml:" in line]
    assert len(lines) == 2


def test_json_syntax_errors_are_reported(tmp_path: Path) -> None:
    result = _run(tmp_path, '{"rubric": "mini-company@1",\n "year": }', name="a.json")
    assert result.exit_code == 1
    assert "a.json:2: JSON syntax error" in result.output


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    result = CliRunner().invoke(score_command, [str(tmp_path / "none.yaml")])
    assert result.exit_code == 1
    assert "cannot read file" in result.output


def test_the_default_rubrics_dir_comes_from_the_app(tmp_path: Path) -> None:
    assert default_rubrics_dir() == Path("rubrics")
    app = Flask(__name__)
    app.config["RUBRICS_DIR"] = str(tmp_path)
    with app.app_context():
        assert default_rubrics_dir() == tmp_path


def test_vetoes_and_blockers_are_shown(tmp_path: Path) -> None:
    text = VALID.replace("  C1.E1.1: 3", "  C1.E1.1: {value: 4, evidence: [drill.pdf]}")
    text += "events:\n  - {type: mass_incident, date: 2025-12-01}\n"
    text = text.replace("  kpi_years_before: 1", "  kpi_years_before: 1\n  peer_reviewers: 2")
    result = _run(tmp_path, text)
    assert result.exit_code == 0, result.output
    veto = "✗ veto V2 (Mass incident): mass_incident on 2025-12-01 → at most 2 stars"
    assert "Vetoes 一票否决:" in result.output
    assert result.output.count(veto) == 3  # the band's gate, why not, and the blockers
    assert "Items cannot fix these; they must pass too:" in result.output


def test_an_na_section_is_shown_with_its_reason(tmp_path: Path) -> None:
    text = VALID.replace("  C6.E1.1: {na: 不销售产品}\n", "") + "na_sections: {C6: 不销售产品}\n"
    result = _run(tmp_path, text)
    assert result.exit_code == 0, result.output
    assert "N/A: 不销售产品" in result.output


def test_duplicate_keys_in_json_are_reported(tmp_path: Path) -> None:
    result = _run(tmp_path, '{"year": 2025, "year": 2026}', name="a.json")
    assert result.exit_code == 1
    assert "a.json: duplicate key 'year'" in result.output
