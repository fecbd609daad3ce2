"""The working-group page links its lead to the group's work pages (qa72 m7)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world

LINKS = {
    "zh": ("2025 年度成员进展", "评审安排", "成员对比", "评审员校准", "下载本组整改清单（Excel）"),
    "en": (
        "Members' progress in 2025",
        "Review planning",
        "Members side by side",
        "Reviewer calibration",
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_lead_finds_the_groups_work_pages_on_the_group_page(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(n=1)
    db_session.commit()
    auth.login(world.lead.email)
    auth.choose_language(lang)
    gid = world.group.id
    page = client.get(f"/working-groups/{gid}").get_data(as_text=True)
    for href in (
        f"/cycles/{world.cycle.id}/groups/{gid}",
        f"/reviews/groups/{gid}",
        f"/benchmarks/groups/{gid}",
        f"/reviews/groups/{gid}/calibration",
        f"/reports/corrective-actions.xlsx?group={gid}",
    ):
        assert f'href="{href}"' in page, href
        assert client.get(href).status_code == 200, href  # and the lead may open each
    for label in LINKS[lang]:
        assert label in page
