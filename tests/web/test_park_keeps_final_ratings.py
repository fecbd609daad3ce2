"""A resident's final (peer-reviewed) rating stays counted until a newer final one (qa45 D5, S3).

A newer self-assessment, capped before peer review, used to replace it in the park's count
(home headline, residents page, the park KPI PK-RC-02-1): submitting early cost the park stars.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus
from rcapp.assessments.resident_ratings import RatingOfRecord, ratings_in, three_star_residents_in
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.organisations.models import Organisation
from tests.conftest import AuthActions
from tests.factories import (
    make_assessment,
    make_cycle,
    make_final_stars,
    make_organisation,
    make_park,
    make_user,
)
from tests.web.helpers import page_text

SUBMITTED = AssessmentStatus.SUBMITTED


def _park() -> tuple[Organisation, ReportingCycle, dict[str, Organisation]]:
    """2024 closed, 2025 open; a: 2024 final 3 then a 2025 self 1; b: finals 4 then 2; c: self 3."""
    closed = make_cycle(year=2024, status=CycleStatus.CLOSED)
    open_ = make_cycle(year=2025)
    park = make_park(name_zh="临海化工园区", name_en="Linhai Chemical Park")
    a, b, c = (make_organisation(park_id=park.id) for _ in range(3))
    make_final_stars(make_assessment(a, closed, status=SUBMITTED, stars=1), 3)
    make_assessment(a, open_, status=SUBMITTED, stars=1)  # provisional, capped: not counted
    make_final_stars(make_assessment(b, closed, status=SUBMITTED, stars=1), 4)
    make_final_stars(make_assessment(b, open_, status=SUBMITTED, stars=1), 2)  # newer final
    make_assessment(c, open_, status=SUBMITTED, stars=3)  # no final anywhere: its self rating
    return park, open_, {"a": a, "b": b, "c": c}


def test_a_final_rating_counts_until_a_newer_final_one(db_session: Session) -> None:
    park, open_, orgs = _park()
    db_session.commit()
    counted = ratings_in(park.id, open_)
    assert counted[orgs["a"].id] == RatingOfRecord(2024, 3, final=True)
    assert counted[orgs["b"].id] == RatingOfRecord(2025, 2, final=True)
    assert counted[orgs["c"].id] == RatingOfRecord(2025, 3, final=False)
    # The park KPI's count (PK-RC-02-1) reads the same rule: a and c.
    assert three_star_residents_in(park.id, open_) == 2


@pytest.mark.parametrize(
    ("lang", "headline", "row", "home"),
    [
        (
            "zh_CN",
            "三星及以上 2 家",
            '3 星<span class="muted">（2024 年度，最终）</span>',
            "：已提交 3 家，三星及以上 2 家（含沿用 2024 年度有效星级）",
        ),
        (
            "en",
            "2 with three stars or more",
            '3 stars<span class="muted">(year 2024, final)</span>',
            "3 submitted, 2 with three stars or more (including valid ratings from 2024)",
        ),
    ],
)
def test_the_park_pages_say_which_years_rating_counts(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    headline: str,
    row: str,
    home: str,
) -> None:
    park, open_, _orgs = _park()
    office = make_user(park)
    db_session.commit()
    auth.login(office.email)
    client.get(f"/lang/{lang}?next=/")
    page = page_text(client, f"/benchmarks/parks/{park.id}?cycle={open_.id}")
    assert headline in page
    assert row in page.replace("\n", "")
    carried = {"zh_CN": "（含沿用 2024 年度有效星级）", "en": "(including valid ratings from 2024)"}
    assert carried[lang] in page
    assert home in page_text(client, "/")
