"""A peer group's count says what it counts (testers: "3 家" beside a group page of 6 members).

The statistics count the members with benchmark data; a working group (and a park's
residents) also has a member list of its own, whose size the group's page shows: the
heading gives both, "6 家成员，其中 5 家有对标数据"; a province or sector, only the former.
"""

from __future__ import annotations

import html

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.benchmarks.peer_groups import members_text
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import make_organisation
from tests.factories_reviews import make_review_world

HEADING = {
    "zh_CN": "（工作组，6 家成员，其中 5 家有对标数据）",
    "en": "(working group, 6 members, 5 with benchmark data)",
}
PROVINCE = {"zh_CN": "（省份，5 家有对标数据）", "en": "(province, 5 members with benchmark data)"}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_working_group_heading_gives_its_size_and_those_with_data(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    # a member yet to submit (a signatory: a group's year lists those taking part, year_members)
    world.group.organisations.append(make_organisation(commitment_status=CommitmentStatus.SIGNED))
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}?next=/")
    url = f"/benchmarks/organisations/{world.companies[0].id}"
    page = " ".join(html.unescape(client.get(url).get_data(as_text=True)).split())
    assert f"{world.group.display_name('en' if lang == 'en' else 'zh')}" in page
    assert HEADING[lang] in page
    assert PROVINCE[lang] in page


def test_the_words_count_one_in_the_singular(app: Flask) -> None:
    with app.test_request_context(), force_locale("en"):
        assert members_text(1, 1) == "1 member, 1 with benchmark data"
        assert members_text(3, 6) == "6 members, 3 with benchmark data"
        assert members_text(1) == "1 member with benchmark data"
    with app.test_request_context(), force_locale("zh_CN"):
        assert members_text(3, 6) == "6 家成员，其中 3 家有对标数据"
        assert members_text(3) == "3 家有对标数据"
