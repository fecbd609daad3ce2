"""The improvement path against brute force on tiny random rubrics."""

from __future__ import annotations

from hypothesis import HealthCheck, event, given, settings

from .strategies import Case, cases, fewest_raises, score_gates_pass, with_steps

SETTINGS = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(cases())
def test_the_path_is_as_short_as_brute_force_finds(case: Case) -> None:
    card = case.card()
    if card.path is None:
        return
    fewest = fewest_raises(case, card.path.target_stars)
    event(f"fewest raises: {fewest}")
    assert card.path.reachable is (fewest is not None)
    if fewest is not None:
        assert len(card.path.steps) == fewest


@SETTINGS
@given(cases())
def test_applying_the_path_passes_the_score_gates(case: Case) -> None:
    card = case.card()
    if card.path is None or not card.path.reachable:
        return
    after = case.card(with_steps(case, card))
    assert score_gates_pass(after, card.path.target_stars)
    if not card.path.blockers:
        assert after.rating.stars >= card.path.target_stars


@SETTINGS
@given(cases())
def test_no_step_goes_further_than_needed(case: Case) -> None:
    card = case.card()
    if card.path is None or not card.path.reachable:
        return
    for index in range(len(card.path.steps)):
        lowered = case.card(with_steps(case, card, lower=index))
        assert not score_gates_pass(lowered, card.path.target_stars), card.path.steps[index]
