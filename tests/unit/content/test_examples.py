"""The example answers files in examples/: each scores the result its header and README state.

Files are read and scored the way `rcapp score` does it (read_source, rubric_reference, the
rubric registry, read_answers, score_assessment); the command itself is also run, through
click's CliRunner, on every file (JSON) and on one file (text).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rcapp.rubrics.registry import RubricRegistry
from rcapp.scorecards.answers import read_answers, rubric_reference
from rcapp.scorecards.cli import score_command
from rcapp.scorecards.source import read_source
from rcapp.scoring import FlagKind, GateKind, Scorecard, score_assessment

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
RUBRICS_DIR = ROOT / "rubrics"
REGISTRY = RubricRegistry(RUBRICS_DIR)


@dataclass(frozen=True)
class Expected:
    stars: int
    veto: str | None = None


EXPECTED = {
    "rc-company-five-star.yaml": Expected(5),
    "rc-company-two-star.yaml": Expected(2),
    "rc-park-three-star.yaml": Expected(3),
    "rc-company-veto.yaml": Expected(0, veto="V1"),
    "rc-company-ungraded-accident.yaml": Expected(0, veto="V1"),
    "rc-company-grade-too-low.yaml": Expected(0, veto="V1"),
    "rc-company-deaths-only-in-kpi.yaml": Expected(2, veto="V2"),
    "rc-company-per-tonne-small.yaml": Expected(2),
    "rc-company-per-tonne-large.yaml": Expected(2),
    "rc-park-grade-a.yaml": Expected(0),
    "rc-park-fatal-accidents.yaml": Expected(0, veto="V6"),
    "v1/rc-company-five-star.yaml": Expected(5),
    "v1/rc-company-two-star.yaml": Expected(2),
    "v1/rc-company-veto.yaml": Expected(0, veto="V1"),
    "v1/rc-park-three-star.yaml": Expected(3),
}
# Files `rcapp score` must refuse, with the key path its message names.
REFUSED = {"rc-company-c2-not-applicable.yaml": "na_sections.C2"}
HEADER = re.compile(r"^# expected: (\d) stars?(?: -- veto (V\d+))?", re.MULTILINE)


def score(name: str) -> Scorecard:
    source = read_source(EXAMPLES / name)
    rubric_id, version = rubric_reference(source, None)
    rubric = REGISTRY.get(rubric_id, version).rubric
    answers = read_answers(source, rubric)
    return score_assessment(rubric, answers.inputs, answers.context)


def run_cli(name: str, *options: str) -> Result:
    args = [str(EXAMPLES / name), "--rubrics-dir", str(RUBRICS_DIR), *options]
    return CliRunner().invoke(score_command, args)


def test_every_example_is_listed_here_and_in_the_readme() -> None:
    files = {path.relative_to(EXAMPLES).as_posix() for path in EXAMPLES.rglob("*.yaml")}
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")

    examples = {name for name in files if not name.startswith("mini-company-")}
    assert examples == set(EXPECTED) | set(REFUSED)
    assert all(f"`{name}`" in readme for name in files)
    assert all(f"**{e.stars} stars" in readme for e in EXPECTED.values())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_header_states_the_expected_result(name: str) -> None:
    head = (EXAMPLES / name).read_text(encoding="utf-8").split("\nrubric:", 1)[0]
    match = HEADER.search(head)

    assert match is not None
    assert Expected(int(match[1]), match[2]) == EXPECTED[name]
    assert "# Organisation (fictitious):" in head


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_gets_its_expected_stars(name: str) -> None:
    card = score(name)
    expected = EXPECTED[name]

    assert card.complete
    assert card.rating.rated
    assert card.rating.stars == expected.stars
    vetoes = [hit.rule_id for hit in card.rating.vetoes]
    assert (expected.veto in vetoes) if expected.veto else not vetoes


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_rcapp_score_json_gives_the_expected_stars(name: str) -> None:
    result = run_cli(name, "--format", "json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["scorecard"]["rating"]["stars"] == EXPECTED[name].stars


def test_five_star_candidate_passes_every_gate() -> None:
    rating = score("v1/rc-company-five-star.yaml").rating
    quartile = next(g for g in rating.bands[-1].gates if g.kind is GateKind.KPIS_TOP_QUARTILE)

    assert [band.failed for band in rating.bands] == [()] * 5
    assert rating.next_stars is None
    assert quartile.actual is not None
    assert quartile.actual >= 3


def test_veto_alone_stops_the_stars() -> None:
    rating = score("v1/rc-company-veto.yaml").rating
    failed = rating.bands[0].failed

    assert [(gate.kind, gate.subject) for gate in failed] == [(GateKind.VETO, "V1")]
    assert "V1" in failed[0].reason
    assert rating.binding == failed


def test_two_star_company_misses_three_stars_on_score_and_peer_review() -> None:
    card = score("v1/rc-company-two-star.yaml")
    kinds = {(gate.kind, gate.subject) for gate in card.rating.binding}

    assert kinds == {
        (GateKind.OVERALL, None),
        (GateKind.SECTION_FLOOR, "C6"),
        (GateKind.PEER_REVIEWED, None),
    }
    items = [i for s in card.sections for e in s.elements for i in e.items]
    capped = [i.item_id for i in items if FlagKind.EVIDENCE_CAP in {f.kind for f in i.flags}]
    assert capped == ["MS.G10.2", "C3.E7.3"]
    assert {card.item(item_id).effective_level for item_id in capped} == {1}


def test_park_risk_grade_allows_three_stars_not_four() -> None:
    rating = score("v1/rc-park-three-star.yaml").rating

    def risk_gate(stars: int) -> bool:
        band = next(band for band in rating.bands if band.stars == stars)
        gate = next(g for g in band.gates if g.kind is GateKind.KPI_THRESHOLD)
        assert gate.subject == "PK-SR-01"
        return gate.passed

    assert risk_gate(3)
    assert not risk_gate(4)
    assert (GateKind.KPI_THRESHOLD, "PK-SR-01") in {(g.kind, g.subject) for g in rating.binding}


def test_rcapp_score_prints_stars_and_gates() -> None:
    result = run_cli("v1/rc-company-two-star.yaml")
    out = result.stdout

    assert result.exit_code == 0, result.output
    assert "★★☆☆☆  2 of 5 stars" in out
    assert "✓ overall 72.9 ≥ 70" in out
    assert "✗ overall 72.9 < 80" in out
    assert "Why not ★★★ (the binding constraints):" in out
    assert "✗ section C6 Product safety stewardship 56.3 < 60" in out
