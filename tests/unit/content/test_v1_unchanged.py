"""Version-1 assessments score exactly as before version 2 existed.

The text scorecards in tests/data/v1_baseline/ were captured with `rcapp score` before the
version-2 rules entered the engine; every v1 answers file must still print them byte for byte.
Only display texts in them have changed since, by the reviewed errata in rubrics/errata/
(star labels, the KPI component's label, the LTIF names, the park LTIF's "resident
companies", the veto titles' "of larger grade or above"); every score and star is as captured.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from rcapp.scorecards.cli import score_command

ROOT = Path(__file__).resolve().parents[3]
BASELINE = ROOT / "tests" / "data" / "v1_baseline"
CASES = {
    "rc-company-five-star.txt": (ROOT / "examples/v1/rc-company-five-star.yaml", "rubrics"),
    "rc-company-two-star.txt": (ROOT / "examples/v1/rc-company-two-star.yaml", "rubrics"),
    "rc-company-veto.txt": (ROOT / "examples/v1/rc-company-veto.yaml", "rubrics"),
    "rc-park-three-star.txt": (ROOT / "examples/v1/rc-park-three-star.yaml", "rubrics"),
    "mini-company-2025.txt": (ROOT / "examples/mini-company-2025.yaml", "tests/data/rubrics"),
    "worked-example-rc-company-2025.txt": (
        ROOT / "tests/data/worked_example/rc-company-2025.yaml",
        "rubrics",
    ),
}


def test_every_baseline_has_a_case() -> None:
    assert {path.name for path in BASELINE.glob("*.txt")} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_v1_file_scores_exactly_as_before(name: str) -> None:
    answers, rubrics = CASES[name]
    result = CliRunner().invoke(score_command, [str(answers), "--rubrics-dir", str(ROOT / rubrics)])

    assert result.exit_code == 0, result.output
    assert result.stdout == (BASELINE / name).read_text(encoding="utf-8")
