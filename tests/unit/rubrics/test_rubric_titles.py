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
    ("title", "version", "lang", "label"),
    [
        ("企业责任关怀评价细则（第2版）", 2, "zh_CN", "企业责任关怀评价细则（第2版）"),
        (
            "Company Responsible Care rubric (version 2)",
            2,
            "en",
            "Company Responsible Care rubric (version 2)",
        ),
        ("Rubric (Version 1)", 1, "en", "Rubric (Version 1)"),
        # a title that does not name its version is named as the others are (QA8 S3)
        ("化工园区责任关怀评价细则", 1, "zh_CN", "化工园区责任关怀评价细则（第1版）"),
        ("Chemical-park rubric", 1, "en", "Chemical-park rubric (version 1)"),
        ("细则（第1版）", 2, "zh_CN", "细则（第1版）（第2版）"),  # names another version
        ("Rubric (version 12)", 1, "en", "Rubric (version 12) (version 1)"),
        ("Rubric (version 1)", 12, "en", "Rubric (version 1) (version 12)"),
    ],
)
def test_a_label_names_the_version_once(title: str, version: int, lang: str, label: str) -> None:
    assert versioned(title, version, lang) == label
