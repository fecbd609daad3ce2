"""The English scorecard's column headers are all English (qa22 D2).

The KPI table's last column read "2025 每 20 万工时" in the English PDF of a company and of
a park: the per-200,000-hours basis label had no English.
"""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus
from rcapp.organisations.models import OrganisationKind
from rcapp.reports.documents import scorecard_html
from rcapp.rubrics.registry import RubricRegistry
from tests.factories import make_assessment, make_cycle, make_organisation
from tests.real_rubrics import RUBRICS
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture

REGISTRY = RubricRegistry(RUBRICS)
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _headers(page: str) -> list[str]:
    cells = re.findall(r"<th\b[^>]*>(.*?)</th>", page, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells]


@pytest.mark.parametrize(
    ("kind", "rubric_id"),
    [(OrganisationKind.COMPANY, "rc-company"), (OrganisationKind.PARK, "rc-park")],
)
def test_the_english_scorecard_has_no_chinese_column_header(
    app: Flask, db_session: Session, real_rubrics: None, kind: OrganisationKind, rubric_id: str
) -> None:
    cycle = make_cycle(
        company_rubric_id="rc-company",
        company_rubric_version=2,
        park_rubric_id="rc-park",
        park_rubric_version=2,
    )
    own = make_assessment(
        make_organisation(kind=kind, name_en="Test Org"),
        cycle,
        status=AssessmentStatus.SUBMITTED,
        rubric_id=rubric_id,
        rubric_version=2,
        rubric_sha256=REGISTRY.get(rubric_id, 2).sha256,
    )
    db_session.flush()
    with app.test_request_context():
        english = _headers(scorecard_html(own, "en"))
        chinese = _headers(scorecard_html(own, "zh"))
    assert "2025 per 200,000 hours worked" in english
    assert "2025 每20万工时" in chinese
    assert [h for h in english if CJK.search(h)] == []
