"""The demo's return comment names elements as the rubric its year uses names them (qa9 S13:
it said "C2.E3 承运商管理", but in rubric version 2 C2.E3 is 包装与标识)."""

from __future__ import annotations

import re
from pathlib import Path

from rcapp.demo import world
from rcapp.rubrics.registry import RubricRegistry

ROOT = Path(__file__).resolve().parents[2]


def test_each_element_named_in_the_return_comment_has_that_title_in_rubric_version_2() -> None:
    rubric = RubricRegistry(ROOT / "rubrics").get("rc-company", 2).rubric
    titles = {e.id: e.title.zh for s in rubric.sections for e in s.elements}
    named = re.findall(r"(C\d\.E\d+) ([^的，；：]+)的", world.RETURN_COMMENT)
    assert named
    for element_id, title in named:
        assert titles[element_id] == title, (element_id, title, titles[element_id])
