"""Organisations outside an open year: not offered a start, told once for every such year.

QA58 2: a company set to 已退出 still started the new year from its home page, and the
year's counts then included it. QA58 7: a park that joined after two open years read the
same "无需填报" paragraph once per year, and empty resident sections for those years.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import find_assessment
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_park, make_user, make_world
from tests.web.helpers import page_text

WITHDRAWN = {
    "zh_CN": "贵单位的责任关怀承诺已撤回，不参加 2025、2026 年度自评，无需填报；"
    "已有的自评记录保留不变。",
    "en": "Your organisation has withdrawn its Responsible Care commitment and takes no part in"
    " the self-assessment of 2025, 2026",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_withdrawn_company_is_told_once_and_cannot_start_either_open_year(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()  # 2025 open
    later = make_cycle(year=2026)
    world.org_a.commitment_status = CommitmentStatus.WITHDRAWN
    world.org_a.commitment_signed_on = dt.date(2020, 5, 1)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")
    page = page_text(client, "/")
    assert page.count(WITHDRAWN[lang]) == 1
    assert "/assessments/start/" not in page
    assert "/assessments/start/" not in page_text(client, "/assessments/")
    for cycle in (world.cycle, later):
        refused = client.post(
            f"/assessments/start/{world.org_a.id}/{cycle.id}", follow_redirects=True
        )
        assert WITHDRAWN[lang].replace("2025, 2026", str(cycle.year)).replace(
            "2025、2026", str(cycle.year)
        ) in refused.get_data(as_text=True)
        assert find_assessment(world.org_a.id, cycle.id) is None


def test_a_withdrawn_company_keeps_the_year_it_had_started(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    later = make_cycle(year=2026)
    started = make_assessment(world.org_a, world.cycle)
    world.org_a.commitment_status = CommitmentStatus.WITHDRAWN
    db_session.commit()
    auth.login(world.user_a.email)
    page = page_text(client, "/")
    assert f"/assessments/{started.id}" in page  # its history stays reachable
    assert "不参加 2026 年度自评" in page
    assert f"/assessments/start/{world.org_a.id}/{later.id}" not in page


def test_a_park_that_joined_after_both_open_years_reads_one_block(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_world()
    make_cycle(year=2026)
    park = make_park(
        commitment_status=CommitmentStatus.SIGNED, commitment_signed_on=dt.date(2027, 1, 4)
    )
    admin = make_user(park)
    db_session.commit()
    auth.login(admin.email)
    page = page_text(client, "/")
    assert page.count("年度无需填报") == 2  # the heading and the paragraph, once
    assert "自 2027 年度起参加年度自评，2025、2026 年度无需填报。" in page
    assert "园区内企业 2025 年度进展" not in page
    assert "园区内企业 2026 年度进展" not in page
