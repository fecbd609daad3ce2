"""The year page and the secretariat's home count the submitted work with no reviewer.

The year page said "同行评审 进行中 1 / 已完成 2" and the home page only submission counts:
the submitted self-assessments no peer review was set up for appeared first on the close
page. Both now count them, the number opening the year's list filtered to them (as every
count of the year page does), with a link to the close page's list while the year is open.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus
from rcapp.cycles.models import CycleStatus
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_world

WORDS = {"zh": "未指派评审员", "en": "no reviewer assigned"}
TO_CLOSE = {"zh": "关闭年度前请处理", "en": "Resolve before closing the year"}


def _count_of(page: str, cycle_id: int) -> str:
    """The count's text and its link, from the line's span."""
    return page.split(f'id="not-reviewed-{cycle_id}"', 1)[1].split("</span>", 1)[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", ["year", "home"])
def test_submitted_without_reviewer_are_counted_and_linked_to_the_close_list(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, page: str
) -> None:
    world = make_world(2025)
    make_assessment(world.org_a, world.cycle, status=AssessmentStatus.SUBMITTED)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{'en' if lang == 'en' else 'zh_CN'}")
    url = f"/cycles/{world.cycle.id}" if page == "year" else "/"
    html = client.get(url).get_data(as_text=True)
    line = _count_of(html, world.cycle.id)
    assert WORDS[lang] in line
    assert 'data-count="1"' in line
    assert "review=none" in line
    assert f'href="/cycles/{world.cycle.id}/close#unreviewed-heading">{TO_CLOSE[lang]}' in line
    close = client.get(f"/cycles/{world.cycle.id}/close").get_data(as_text=True)
    assert 'id="unreviewed-heading"' in close  # where the link lands lists them


def test_a_closed_years_count_has_no_close_link(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # the close page answers a closed year with a redirect: only the year's list
    world = make_world(2025)
    make_assessment(world.org_a, world.cycle, status=AssessmentStatus.SUBMITTED)
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    auth.login(world.secretariat.email)
    line = _count_of(client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True), world.cycle.id)
    assert 'data-count="1"' in line
    assert "review=none" in line
    assert "status=submitted" in line
    assert "/close" not in line
