"""`rcapp rubrics check` refuses the version-2 scheme mistakes with `file:line` and exit 1.

Blank or invisible texts, weights that leave nothing to score, section N/A the scheme forbids,
consistency rules and KPI gates naming what does not exist, absolute core KPIs where the
scheme compares intensities only, and an uploaded-file level below the evidence level.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from rcapp.rubrics.blank import is_blank
from rcapp.rubrics.cli import rubrics_cli

MINI = Path(__file__).resolve().parents[2] / "data" / "rubrics" / "mini-company" / "v1.yaml"
TEXT = MINI.read_text(encoding="utf-8")
RATING = "rating:\n  provisional: true\n"


def broken(old: str, new: str) -> str:
    assert old in TEXT, old
    return TEXT.replace(old, new, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            broken(
                "title: {zh: 迷你企业评价细则, en: Mini company rubric}",
                'title: {zh: "　", en: Mini}',
            ),
            ":6: title.zh: is only blanks or invisible characters",
        ),
        (
            broken("{zh: 未签署, en: Not signed}", '{zh: 未签署, en: "\\u200b\\u200d"}'),
            ":30: sections[0].elements[0].items[0].levels[0].en: is only blanks or invisible",
        ),
        (
            broken(
                "  - id: MS\n    kind: management\n",
                "  - id: MS\n    kind: management\n    weight: 0\n",
            )
            .replace("  - id: C1\n    kind: code\n", "  - id: C1\n    kind: code\n    weight: 0\n")
            .replace("  - id: C6\n    kind: code\n", "  - id: C6\n    kind: code\n    weight: 0\n"),
            ": sections: every section has weight 0: nothing would be scored",
        ),
        (
            broken(RATING, RATING + "  na_forbidden_sections: [C6]\n"),
            ": sections[2].na_allowed: section 'C6' may not be declared N/A: the rating scheme",
        ),
        (
            broken(RATING, RATING + "  na_forbidden_sections: [C7]\n"),
            ": rating.na_forbidden_sections[0]: unknown section 'C7'",
        ),
        (
            broken(
                RATING,
                RATING + "  consistency:\n    - id: K1\n      label: {zh: 死亡, en: deaths}\n"
                "      kpi_inputs: [deaths]\n      event_types: [accident]\n"
                "      figure: fatalities\n",
            ),
            ": rating.consistency[0].kpi_inputs[0]: unknown KPI input 'deaths'",
        ),
        (
            broken(RATING, RATING + "  kpi_performance: {intensities_only: true}\n"),
            ": kpis[1].core: core KPI 'CA-01' is an absolute figure",
        ),
        (
            broken(
                "              from_level: 2\n",
                "              from_level: 2\n              file_from_level: 1\n",
            ),
            ".items[0].evidence.file_from_level: file_from_level cannot be below from_level",
        ),
        (
            broken(
                "        - {type: prerequisites_met}\n",
                "        - {type: kpi_threshold, kpi: OHS-99, op: '<=', value: 0, "
                "label: {zh: 无, en: none}}\n",
            ),
            ":154: rating.bands[0].conditions[0].kpi: unknown KPI 'OHS-99'",
        ),
    ],
)
def test_check_refuses_with_file_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "mini-company" / "v1.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")

    result = CliRunner().invoke(rubrics_cli, ["check", str(path)])

    assert result.exit_code == 1, result.output
    assert message in result.stdout.replace(str(path), ""), result.stdout
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("text", "blank"),
    [
        ("", True),
        ("  \t", True),
        ("\u3000", True),
        ("\u200b\ufeff", True),
        ("\u3164", True),
        ("a", False),
        (" 中 ", False),
        ("0", False),
    ],
)
def test_is_blank(text: str, blank: bool) -> None:
    assert is_blank(text) is blank
