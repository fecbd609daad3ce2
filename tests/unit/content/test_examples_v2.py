"""The version-2 examples: each case of issue 8's "Why" gets the stars a reviewer expects.

Where it makes the point, the same situation is also scored under version 1 (inputs built in
memory from the v1 example files), to show what version 2 closes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from rcapp.rubrics.model import Aggregation, EventGrade
from rcapp.rubrics.registry import RubricRegistry
from rcapp.scorecards.answers import AnswersFile, read_answers, rubric_reference
from rcapp.scorecards.cli import score_command
from rcapp.scorecards.source import read_source
from rcapp.scoring import (
    DataProblemKind,
    Event,
    FlagKind,
    GateKind,
    GroupStats,
    Scorecard,
    score_assessment,
)
from rcapp.scoring.kpis import kpi_value

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
REGISTRY = RubricRegistry(ROOT / "rubrics")


def read(name: str) -> tuple[AnswersFile, int]:
    source = read_source(EXAMPLES / name)
    rubric_id, version = rubric_reference(source, None)
    rubric = REGISTRY.get(rubric_id, version).rubric
    return read_answers(source, rubric), version


def score(name: str, **replace: Any) -> Scorecard:
    answers, _ = read(name)
    source = read_source(EXAMPLES / name)
    rubric_id, version = rubric_reference(source, None)
    inputs = dataclasses.replace(answers.inputs, **replace) if replace else answers.inputs
    return score_assessment(REGISTRY.get(rubric_id, version).rubric, inputs, answers.context)


def cli(name: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        score_command, [str(EXAMPLES / name), "--rubrics-dir", str(ROOT / "rubrics")]
    )
    return result.exit_code, result.stdout, result.stderr


def gate(card: Scorecard, stars: int, kind: GateKind) -> list[bool]:
    band = next(band for band in card.rating.bands if band.stars == stars)
    return [g.passed for g in band.gates if g.kind is kind]


def test_ungraded_four_death_accident_is_graded_larger_and_takes_every_star() -> None:
    card = score("rc-company-ungraded-accident.yaml")

    assert card.rating.stars == 0
    assert {"V1", "V3"} <= {hit.rule_id for hit in card.rating.vetoes}
    [problem] = card.data_problems
    assert problem.kind is DataProblemKind.GRADE_BELOW_FIGURES
    assert (problem.entered, problem.derived) == (None, "larger")


def test_four_deaths_entered_as_general_count_as_larger_and_are_warned() -> None:
    code, out, err = cli("rc-company-grade-too-low.yaml")

    assert code == 0
    assert "☆☆☆☆☆  0 of 5 stars" in out
    assert "数据问题 Data problems" in out
    assert "grade 一般 general, but 4 deaths" in err
    assert "make it 较大 larger under Decree 493; the higher grade counts" in err
    assert ".yaml:268: events.0:" in err


def test_under_version_1_the_same_ungraded_accident_changed_nothing() -> None:
    accident = Event("safety_accident", dt.date(2025, 8, 20), None, fatalities=4)
    card = score("v1/rc-company-five-star.yaml", events=(accident,))

    assert card.rating.stars == 5


def test_deaths_only_in_the_kpi_data_count_for_the_vetoes() -> None:
    card = score("rc-company-deaths-only-in-kpi.yaml")

    assert card.rating.stars == 2
    [hit] = card.rating.vetoes
    assert (hit.rule_id, hit.from_kpi_data, hit.event_date) == ("V2", True, dt.date(2025, 12, 31))
    [problem] = card.data_problems
    assert (problem.kind, problem.subject) == (DataProblemKind.KPI_REGISTER_MISMATCH, "K1")
    assert (problem.kpi_total, problem.register_total) == (Decimal(2), Decimal(0))
    assert gate(card, 3, GateKind.DATA_CONSISTENT) == [False]
    assert gate(card, 3, GateKind.KPI_THRESHOLD) == [True, False]  # OHS-01 0, OHS-02 2


def test_same_per_tonne_performance_scores_the_same_at_any_size() -> None:
    small = score("rc-company-per-tonne-small.yaml")
    large = score("rc-company-per-tonne-large.yaml")

    assert small.overall is not None
    assert large.overall is not None
    assert abs(small.overall - large.overall) <= 1
    assert small.rating.stars == large.rating.stars == 2


def test_under_version_1_size_moved_the_score_by_more_than_a_point() -> None:
    # v1 compared absolute tonnages and counts with the working group's median: a group of
    # mid-sized companies (median 3 x the small one) makes the small company look good.
    rubric = REGISTRY.get("rc-company", 1).rubric
    answers, _ = read("v1/rc-company-two-star.yaml")
    absolute = [kpi for kpi in rubric.kpis if kpi.core and kpi.aggregation is Aggregation.SUM]
    stats = dict(answers.context.group_stats)
    for kpi in absolute:
        value = kpi_value(kpi, answers.inputs.kpi_inputs).value or Decimal(0)
        stats[kpi.id] = GroupStats(value * 3 + 1, value * 2 + 1, value * 5 + 1)
    context = dataclasses.replace(answers.context, group_stats=stats)

    def overall(factor: int) -> Decimal:
        inputs = dataclasses.replace(
            answers.inputs,
            kpi_inputs={k: v * factor for k, v in answers.inputs.kpi_inputs.items()},
            kpi_history={
                year: {k: v * factor for k, v in values.items()}
                for year, values in answers.inputs.kpi_history.items()
            },
        )
        result = score_assessment(rubric, inputs, context).overall
        assert result is not None
        return result

    assert len(absolute) >= 5
    assert overall(1) - overall(15) > 1


def test_grade_a_park_gets_no_star() -> None:
    card = score("rc-park-grade-a.yaml")

    assert card.rating.stars == 0
    assert gate(card, 1, GateKind.KPI_THRESHOLD) == [False]


def test_under_version_1_a_grade_a_park_got_two_stars() -> None:
    answers, _ = read("v1/rc-park-three-star.yaml")
    inputs = {**answers.inputs.kpi_inputs, "risk_score": Decimal(55)}

    assert score("v1/rc-park-three-star.yaml", kpi_inputs=inputs).rating.stars == 2


def test_park_with_several_fatal_accidents_loses_every_star() -> None:
    card = score("rc-park-fatal-accidents.yaml")

    assert card.rating.stars == 0
    assert {"V5", "V6"} <= {hit.rule_id for hit in card.rating.vetoes}
    assert not card.data_problems


def test_under_version_1_the_same_park_accidents_kept_three_stars() -> None:
    answers, _ = read("rc-park-fatal-accidents.yaml")
    events = tuple(dataclasses.replace(e, grade=EventGrade.GENERAL) for e in answers.inputs.events)

    assert score("v1/rc-park-three-star.yaml", events=events).rating.stars == 3


def test_c2_declared_not_applicable_is_refused_naming_the_line() -> None:
    code, _, err = cli("rc-company-c2-not-applicable.yaml")

    assert code == 1
    assert "rc-company-c2-not-applicable.yaml:270: na_sections.C2: C2 (Storage and transport" in err
    assert "can never be declared N/A" in err


def test_a_typed_note_is_not_a_file_from_level_3() -> None:
    card = score("rc-company-two-star.yaml")
    capped = {
        item.item_id
        for section in card.sections
        for element in section.elements
        for item in element.items
        if FlagKind.FILE_CAP in {flag.kind for flag in item.flags}
    }

    assert capped == {"C1.E1.1", "C1.E2.1"}
    assert card.item("C1.E1.1").effective_level == 2


def test_five_star_candidate_has_three_targets_on_track_and_clean_data() -> None:
    card = score("rc-company-five-star.yaml")

    assert card.rating.stars == 5
    assert [t.kpi_id for t in card.targets if t.on_track] == ["EN-01", "RS-07", "EN-05"]
    assert not card.data_problems


def test_two_stars_need_at_least_a_desk_review() -> None:
    answers, _ = read("rc-company-two-star.yaml")
    context = dataclasses.replace(answers.context, peer_reviewers=0)
    rubric = REGISTRY.get("rc-company", 2).rubric
    card = score_assessment(rubric, answers.inputs, context)

    assert card.rating.stars == 1
    assert gate(card, 2, GateKind.PEER_REVIEWED) == [False]
