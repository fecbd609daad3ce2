"""Own targets over the years: met, missed, unknown once due; on track, behind or not yet
measurable before; judged by the same progress rule as the result page."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.scoring import AssessmentInputs, Target
from rcapp.scoring.targets import TargetState, target_progress, target_tracks

from .kpi_builders import DRILLS, kpi_rubric

D = Decimal
RUBRIC = kpi_rubric(DRILLS)
# Drills per year (higher is better): 2 in 2021, 3 in 2022, 4 in 2023, nothing in 2024.
YEARS = {2021: {"drills": D(2)}, 2022: {"drills": D(3)}, 2023: {"drills": D(4)}, 2024: {}}
SHOWN = [2021, 2022, 2023, 2024]


@pytest.mark.parametrize(
    ("target", "latest", "state"),
    [
        (Target("DRILLS", 2021, 2022, value=D(3)), 2023, TargetState.MET),  # 3 by 2022
        (Target("DRILLS", 2021, 2022, value=D(5)), 2023, TargetState.MISSED),  # 3 < 5 in 2022
        (Target("DRILLS", 2021, 2022, change_pct=D(50)), 2022, TargetState.MET),  # due this year
        (Target("DRILLS", 2021, 2024, value=D(5)), 2024, TargetState.UNKNOWN),  # no 2024 figure
        (Target("DRILLS", 2020, 2022, change_pct=D(10)), 2023, TargetState.UNKNOWN),  # no base
        (Target("DRILLS", 2020, 2022, value=D(3)), 2023, TargetState.MET),  # value: base unneeded
        (Target("DRILLS", 2021, 2025, value=D(4)), 2023, TargetState.ON_TRACK),  # reached early
        (Target("DRILLS", 2021, 2025, value=D(6)), 2023, TargetState.ON_TRACK),  # 50 % / 50 %
        (Target("DRILLS", 2021, 2025, value=D(10)), 2023, TargetState.BEHIND),  # 25 % / 50 %
        (Target("DRILLS", 2021, 2026, value=D(10)), 2024, TargetState.NOT_YET_DUE),  # no 2024
        (Target("DRILLS", 2019, 2026, change_pct=D(10)), 2023, TargetState.NOT_YET_DUE),
        # Goals on the worse side of the base: moving away is behind, then missed, never met.
        (Target("DRILLS", 2021, 2025, value=D(1)), 2023, TargetState.BEHIND),
        (Target("DRILLS", 2021, 2022, change_pct=D(-50)), 2023, TargetState.MISSED),
    ],
)
def test_state_of_a_target(target: Target, latest: int, state: TargetState) -> None:
    [track] = target_tracks(RUBRIC, [target], YEARS, latest, SHOWN)
    assert track.state is state
    assert track.target == target


def test_a_due_target_is_judged_on_its_deadline_year_not_the_latest() -> None:
    # 5 drills by 2022 were missed, even though 2023 reached 4 and a later year may reach 5.
    years = {**YEARS, 2023: {"drills": D(6)}}
    [track] = target_tracks(RUBRIC, [Target("DRILLS", 2021, 2022, value=D(5))], years, 2023, SHOWN)
    assert track.state is TargetState.MISSED
    assert (track.progress.current, track.progress.expected_pct) == (D(3), D(100))


def test_values_are_listed_for_the_years_asked_and_progress_is_the_scoring_one() -> None:
    [track] = target_tracks(RUBRIC, [Target("DRILLS", 2021, 2025, value=D(10))], YEARS, 2023, SHOWN)
    assert track.values == ((2021, D(2)), (2022, D(3)), (2023, D(4)), (2024, None))
    assert (track.progress.achieved_pct, track.progress.expected_pct) == (D(25), D(50))
    assert (track.progress.base, track.progress.target) == (D(2), D(10))


def test_a_target_on_a_kpi_the_rubric_lacks_is_left_out() -> None:
    kept = Target("DRILLS", 2021, 2025, value=D(6))
    found = target_tracks(RUBRIC, [Target("GONE", 2021, 2025, value=D(1)), kept], YEARS, 2023, [])
    assert [t.target for t in found] == [kept]


@pytest.mark.parametrize(
    ("target", "reached"),
    [
        (Target("DRILLS", 2021, 2025, value=D(4)), True),  # 4 drills in 2023: reached early
        # A goal below the base (the worse way) is not reached: the KPI moves away from it.
        (Target("DRILLS", 2021, 2025, value=D(1)), False),
        (Target("DRILLS", 2021, 2025, value=D(6)), False),  # on track, not there yet
        (Target("DRILLS", 2019, 2025, change_pct=D(10)), False),  # no base: no goal to reach
    ],
)
def test_reached_says_whether_the_judged_value_meets_the_target(
    target: Target, reached: bool
) -> None:
    [track] = target_tracks(RUBRIC, [target], YEARS, 2023, SHOWN)
    assert track.reached is reached


@pytest.mark.parametrize(
    "target",
    [
        Target("DRILLS", 2021, 2025, value=D(4)),  # 2023 meets it, yet the base does not compare
        Target("DRILLS", 2021, 2022, value=D(3)),  # due: would be met
        Target("DRILLS", 2021, 2025, change_pct=D(50)),
    ],
)
def test_a_base_year_defining_the_kpi_otherwise_gives_no_progress(target: Target) -> None:
    # 2021's rubric version defined DRILLS otherwise (a target saved before that was refused).
    other = {2021: frozenset({"DRILLS"})}
    [track] = target_tracks(RUBRIC, [target], YEARS, 2023, SHOWN, other)
    assert track.state is TargetState.INCOMPARABLE
    assert track.base_incomparable
    assert not track.reached
    progress = track.progress
    assert progress.base_incomparable
    assert (progress.base, progress.achieved_pct, progress.on_track) == (None, None, False)
    # The result page's progress (the engine's) says the same, and the star gate sees it
    # not on track.
    [found] = target_progress(
        RUBRIC,
        AssessmentInputs(
            year=2023,
            kpi_inputs=YEARS[2023],
            kpi_history={y: v for y, v in YEARS.items() if y < 2023},
            kpi_incomparable=other,
            targets=(target,),
        ),
    )
    assert found.base_incomparable
    assert not found.on_track
    assert found.achieved_pct is None
    # Without the mark the same value target is judged as before.
    [judged] = target_tracks(RUBRIC, [target], YEARS, 2023, SHOWN)
    assert not judged.base_incomparable
    assert judged.state is not TargetState.INCOMPARABLE
