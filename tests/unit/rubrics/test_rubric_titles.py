"""A rubric title as printed names no reporting year: one version serves several years."""

from __future__ import annotations

import pytest

from rcapp.rubrics.titles import versioned, year_neutral


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("企业责任关怀评价细则（第1版，2025报告年度）", "企业责任关怀评价细则（第1版）"),
        (
            "Company Responsible Care rubric (version 1, reporting year 2025)",
            "Company Responsible Care rubric (version 1)",
        ),
        ("细则（2024 年度）", "细则"),
        ("细则（2025年度，第2版）", "细则（第2版）"),
        ("Rubric for reporting year 2025", "Rubric"),
        ("化工园区责任关怀评价细则", "化工园区责任关怀评价细则"),
        ("Rubric (version 2)", "Rubric (version 2)"),
        ("2025报告年度", "2025报告年度"),  # nothing else to show
    ],
)
def test_year_neutral_drops_the_year_and_what_only_framed_it(title: str, shown: str) -> None:
    assert year_neutral(title) == shown


@pytest.mark.parametrize(
    ("title", "version", "label"),
    [
        ("企业责任关怀评价细则（第2版）", 2, "企业责任关怀评价细则（第2版）"),
        (
            "Company Responsible Care rubric (version 2)",
            2,
            "Company Responsible Care rubric (version 2)",
        ),
        ("Rubric (Version 1)", 1, "Rubric (Version 1)"),
        ("化工园区责任关怀评价细则", 1, "化工园区责任关怀评价细则 v1"),
        ("细则（第1版）", 2, "细则（第1版） v2"),  # names another version: both stay
        ("Rubric (version 12)", 1, "Rubric (version 12) v1"),
        ("Rubric (version 1)", 12, "Rubric (version 1) v12"),
    ],
)
def test_a_label_names_the_version_once(title: str, version: int, label: str) -> None:
    assert versioned(title, version) == label
