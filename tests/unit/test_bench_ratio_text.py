"""A benchmark line's ratio never reads as meeting a target its verdict says it missed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.bench.common import Figure, ratio_text


@pytest.mark.parametrize(
    ("ratio", "target", "higher", "text"),
    [
        (0.52, 0.5, True, "0.52"),
        (0.49954, 0.5, True, "0.4995"),
        (0.5, 0.5, True, "0.50"),
        (2.004, 2.0, False, "2.004"),
        (1.996, 2.0, False, "2.00"),
        (41.2, 2.0, False, "41.20"),
    ],
)
def test_ratio_text(ratio: float, target: float, higher: bool, text: str) -> None:
    assert ratio_text(ratio, target, higher) == text


@given(
    st.floats(min_value=0.001, max_value=1000, allow_nan=False),
    st.sampled_from([0.5, 1.5, 2.0, 3.0]),
    st.booleans(),
)
def test_the_text_agrees_with_the_verdict(ratio: float, target: float, higher: bool) -> None:
    figure = Figure("f", ratio, 1.0, "s", target, higher=higher)
    shown = float(figure.line().split("| ratio ")[1].split(" ")[0])
    assert (shown >= target if higher else shown <= target) == figure.met
