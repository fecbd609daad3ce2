"""Build small rubrics and inputs in code for scoring tests (defaults are valid)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rcapp.rubrics.model import Rubric
from rcapp.scoring import Answer, AssessmentInputs, Scorecard, ScoringContext, score_assessment

Data = dict[str, Any]
ASSESSED = dt.date(2026, 3, 31)


def text(value: str) -> Data:
    return {"zh": value, "en": value}


def maturity(
    item_id: str,
    weight: object = 1,
    *,
    na_allowed: bool = False,
    evidence_from: int | None = None,
) -> Data:
    data: Data = {
        "id": item_id,
        "prompt": text(f"Item {item_id}"),
        "weight": weight,
        "levels": [text(f"level {n}") for n in range(5)],
        "na_allowed": na_allowed,
    }
    if evidence_from is not None:
        data["evidence"] = {"from_level": evidence_from, "hint": text("proof")}
    return data


def yes_no(item_id: str, weight: object = 1, *, evidence_from: int | None = None) -> Data:
    data: Data = {"id": item_id, "kind": "yes_no", "prompt": text(item_id), "weight": weight}
    if evidence_from is not None:
        data["evidence"] = {"from_level": evidence_from, "hint": text("proof")}
    return data


def number(
    item_id: str,
    bands: Sequence[tuple[object, int]] = ((0, 0), (1, 2), (2, 4)),
    *,
    better: str = "higher",
    weight: object = 1,
    minimum: object = 0,
    maximum: object = 100,
) -> Data:
    return {
        "id": item_id,
        "kind": "number",
        "prompt": text(item_id),
        "unit": text("drills"),
        "weight": weight,
        "min": minimum,
        "max": maximum,
        "better": better,
        "bands": [{"value": value, "level": level} for value, level in bands],
    }


def element(element_id: str, *items: Data, weight: object = 1) -> Data:
    return {"id": element_id, "title": text(element_id), "weight": weight, "items": list(items)}


def section(
    section_id: str,
    *elements: Data,
    kind: str = "code",
    weight: object = 1,
    na_allowed: bool = False,
) -> Data:
    return {
        "id": section_id,
        "kind": kind,
        "title": text(section_id),
        "weight": weight,
        "na_allowed": na_allowed,
        "elements": list(elements),
    }


def band(stars: int, overall: object, *conditions: Data, **floors: object) -> Data:
    data: Data = {"stars": stars, "label": text(f"{stars} stars"), "min_overall": overall}
    data.update(floors)
    data["conditions"] = list(conditions)
    return data


def build_rubric(
    sections: Sequence[Data],
    bands: Sequence[Data] = (),
    components: Sequence[Data] | None = None,
    **extra: Any,
) -> Rubric:
    """A rubric over `sections`; by default one component holds every section."""
    if components is None:
        ids = [s["id"] for s in sections]
        components = [
            {"id": "all", "label": text("all"), "weight": 1, "source": "sections", "sections": ids}
        ]
    data: Data = {
        "id": "test",
        "version": 1,
        "kind": "company",
        "effective_year": 2025,
        "title": text("test rubric"),
        "level_labels": [text(f"L{n}") for n in range(5)],
        "sections": list(sections),
        "rating": {
            "provisional": True,
            "notes": text("test"),
            "components": list(components),
            "bands": list(bands) or [band(1, 60)],
            "vetoes": extra.pop("vetoes", []),
        },
    }
    data.update(extra)
    return Rubric.model_validate(data)


def levels(**by_item: int) -> dict[str, Answer]:
    """Answers by item id with `_` for `.` in ids: levels(A_1=3) answers item A.1."""
    return {key.replace("_", "."): Answer(level=value) for key, value in by_item.items()}


def score(
    rubric: Rubric,
    answers: dict[str, Answer],
    context: ScoringContext | None = None,
    **inputs: Any,
) -> Scorecard:
    return score_assessment(
        rubric,
        AssessmentInputs(year=2025, answers=answers, **inputs),
        context or ScoringContext(assessment_date=ASSESSED),
    )


def split_section(section_id: str, value: Decimal | int | str, **options: Any) -> Data:
    """A section scoring exactly `value`: item .a at level 4 weighted `value`, .b at 0."""
    rest = Decimal(100) - Decimal(str(value))
    return section(
        section_id,
        element(
            f"{section_id}.E",
            maturity(f"{section_id}.a", str(value)),
            maturity(f"{section_id}.b", str(rest)),
        ),
        **options,
    )


def split_answers(*section_ids: str) -> dict[str, Answer]:
    answers = {}
    for section_id in section_ids:
        answers[f"{section_id}.a"] = Answer(level=4)
        answers[f"{section_id}.b"] = Answer(level=0)
    return answers
