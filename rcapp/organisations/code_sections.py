"""The codes of practice a code-of-practice working group may own, from the rubric."""

from __future__ import annotations

from rcapp.rubrics.app_registry import app_registry
from rcapp.rubrics.loader import RubricError
from rcapp.rubrics.model import RubricKind, SectionKind


def code_sections(lang: str) -> list[tuple[str, str]]:
    """Return the latest company rubric's codes of practice: (id, "C4 工艺安全")."""
    try:
        rubric = app_registry().latest(RubricKind.COMPANY).rubric
    except RubricError:
        return [(f"C{n}", f"C{n}") for n in range(1, 7)]
    return [
        (section.id, f"{section.id} {section.title.get(lang)}")
        for section in rubric.sections
        if section.kind is SectionKind.CODE
    ]
