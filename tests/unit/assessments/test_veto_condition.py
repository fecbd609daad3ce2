"""A veto rule's title cut to its condition, as the lead's pages name a veto (qa72 last stop)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rcapp.assessments.rating_words import veto_condition
from rcapp.rubrics.loader import load_rubric

RUBRICS = sorted((Path(__file__).parents[3] / "rubrics").glob("rc-*/v*.yaml"))


@pytest.mark.parametrize(
    ("title", "condition"),
    [
        ("较大及以上生产安全事故（36个月内）：不予评星，已有星级撤销", "较大及以上生产安全事故"),
        (
            "较大（Ⅲ级）及以上突发环境事件（36个月内）：不予评星",
            "较大（Ⅲ级）及以上突发环境事件",
        ),
        (
            "12个月内生产安全事故累计死亡3人及以上：不予评星",
            "12个月内生产安全事故累计死亡3人及以上",
        ),
        ("园区内发生较大及以上突发环境事件", "园区内发生较大及以上突发环境事件"),
        (
            "Larger or worse production-safety accident (36 months; grade derived from the "
            "figures): no star, any current star revoked",
            "Larger or worse production-safety accident",
        ),
        ("Mass incident in the park", "Mass incident in the park"),
    ],
)
def test_a_title_is_cut_to_its_condition(title: str, condition: str) -> None:
    assert veto_condition(title) == condition


@pytest.mark.parametrize("path", RUBRICS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_rubric_veto_keeps_a_condition_without_its_effect(path: Path) -> None:
    for rule in load_rubric(path).rubric.rating.vetoes:
        for lang, colon in (("zh", "："), ("en", ": ")):
            condition = veto_condition(rule.title.get(lang))
            assert condition, (rule.id, lang)
            assert colon not in condition, (rule.id, lang)
            assert rule.title.get(lang).startswith(condition), (rule.id, lang)
