"""The text scorecard writes each weight as the result page's 权重 column does (0.60, not
"× 0.6"): one helper, rcapp.scoring.rounding.weight_text, for both."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from rcapp.scorecards.cli import score_command
from rcapp.scoring.rounding import weight_text

ROOT = Path(__file__).parents[3]


def test_the_text_scorecard_words_weights_as_the_result_page() -> None:
    result = CliRunner().invoke(
        score_command,
        [
            str(ROOT / "examples" / "mini-company-2025.yaml"),
            "--rubrics-dir",
            str(ROOT / "tests" / "data" / "rubrics"),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if "权重 weight" in line]
    assert [line.rsplit(" ", 1)[1] for line in lines] == ["0.15", "0.60", "0.25"]
    assert "×" not in result.stdout


def test_weight_text_keeps_two_decimals_at_least() -> None:
    assert [weight_text(Decimal(w)) for w in ("0.6", "0.60", "1", "0.125")] == [
        "0.60",
        "0.60",
        "1.00",
        "0.125",
    ]
