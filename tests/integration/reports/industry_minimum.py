"""A fixture for the annual report's pooling arithmetic with figures of one or two organisations.

The whole industry's figures are withheld below stats.MIN_INDUSTRY_SIZE (3, qa21 D2); tests
about how figures are pooled, compared and worded use one or two organisations for readable
sums, so they lower the minimum to 1. The rule itself is tested in test_annual_rule_of_three.
"""

from __future__ import annotations

import pytest

from rcapp.reports import data_annual, data_annual_report


@pytest.fixture
def industry_of_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data_annual, "MIN_INDUSTRY_SIZE", 1)
    monkeypatch.setattr(data_annual_report, "MIN_INDUSTRY_SIZE", 1)
