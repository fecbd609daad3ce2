"""A section page's stored answers: form data only when read, and a key of the rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

import pytest

from rcapp.assessments.form_data import ShownSectionData, section_form_data
from rcapp.rubrics.model import Rubric, Section
from rcapp.rubrics.registry import RubricRegistry
from tests.conftest import TEST_RUBRICS_DIR


class Row(NamedTuple):
    """A stored answer's row as the page reads it (queries.STORED_ANSWER_COLUMNS)."""

    item_id: str
    version: int
    level: int | None
    value: Decimal | None
    is_na: bool
    na_reason: str | None
    evidence_note: str | None
    comment: str | None


@pytest.fixture(scope="module")
def section() -> Section:
    rubric: Rubric = RubricRegistry(TEST_RUBRICS_DIR).get("mini-company", 1).rubric
    return next(s for s in rubric.sections if s.id == "C1")


def _rows(*rows: Row) -> dict[str, Any]:
    return {row.item_id: row for row in rows}


def test_the_shown_data_is_the_form_data(section: Section) -> None:
    answers = _rows(
        Row("C1.E1.1", 3, 2, None, False, None, "记录", "备注"),
        Row("C1.E1.2", 1, None, Decimal("2.500000"), False, None, None, None),
    )
    shown = ShownSectionData(section, answers)
    assert dict(shown) == section_form_data(section, answers)
    assert shown["C1.E1.2__value"] == "2.5"


def test_the_key_follows_every_shown_column(section: Section) -> None:
    base = Row("C1.E1.1", 3, 2, None, False, None, "记录", "备注")
    key = ShownSectionData(section, _rows(base)).key()
    assert key == ShownSectionData(section, _rows(base)).key()
    for changed in (
        base._replace(version=4),
        base._replace(level=1),
        base._replace(is_na=True),
        base._replace(na_reason="不适用"),
        base._replace(evidence_note="新记录"),
        base._replace(comment=None),
    ):
        assert ShownSectionData(section, _rows(changed)).key() != key
    assert ShownSectionData(section, {}).key() != key


def test_equal_numbers_shown_differently_get_different_keys(section: Section) -> None:
    zero = Row("C1.E1.2", 1, None, Decimal("0"), False, None, None, None)
    negative = zero._replace(value=Decimal("-0"))
    assert zero == negative  # equal rows, yet "0" and "-0" on the page
    shown = ShownSectionData(section, _rows(zero))
    other = ShownSectionData(section, _rows(negative))
    assert shown["C1.E1.2__value"] != other["C1.E1.2__value"]
    assert shown.key() != other.key()
