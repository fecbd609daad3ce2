"""The years page (历年对比) says when a year's figure does not compare for a reason beyond the
crosswalk: a park's PK-RC-02 typed one year and counted by rcapp the next (qa45 D4, the KPI
page's rule and words), and self-assessed stars across a rubric version that caps them lower
before peer review (qa45 S13).
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.benchmarks.year_notes import SelfCap, self_cap, self_cap_of
from rcapp.rubrics.loader import load_rubric
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.parks import closed_park_year as _closed_year
from tests.parks import park_assessment as _park_assessment
from tests.parks import real_rubrics  # noqa: F401 - the fixture
from tests.web.test_rubric_changes_since_last_year import second_year

BASIS = {
    "zh": "PK-RC-02：口径不同：2024 年为填报值，2025 年为入园企业汇总",
    "en": "PK-RC-02: Not comparable: 2024 is the figure the park reported, "
    "2025 a count of its residents",
}
# The cap, why, and the earlier version's, in the numbers of the two rubric YAMLs' star bands
# (rc-company v1: peer review from 3 stars; v2: from 2 stars, one reviewer), from the first
# year listed on version 2.
CAP = {
    "zh": "2025 年起，未经同行评审的自评最高 1 星（评价细则第 2 版：2 星及以上须经至少 "
    "1 名同行评审员评审）。此前（评价细则第 1 版）3 星及以上才须经同行评审，自评最高 2 星。"
    "两个版本的自评星级不可比：星级的变化不一定是结果的变化。",
    "en": "From 2025, a self-assessment not peer reviewed reaches at most 1 star (rubric "
    "version 2: 2 stars and above need a review by at least 1 peer reviewer). Before that "
    "(rubric version 1), peer review was needed only from 3 stars, and a self-assessment "
    "reached at most 2 stars. Self-assessed stars of the two versions do not compare: a "
    "change in stars is not necessarily a change in the result.",
}
CAP_ROW = {
    "zh": '<tr id="self-cap-row"><th scope="row">评审前自评星级上限</th>'
    '<td class="num">2 星</td><td class="num">1 星</td></tr>',
    "en": '<tr id="self-cap-row"><th scope="row">Most self-assessed stars before peer review</th>'
    '<td class="num">2 stars</td><td class="num">1 star</td></tr>',
}


def _page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_typed_year_against_a_counted_year_is_marked_on_the_years_page(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture
    lang: str,
) -> None:
    admin: User = make_user(None)
    park, earlier = _closed_year(admin, 1, [2, 1])  # 2024 (v1): typed 9 of 84
    own = _park_assessment(park, 2025, 2, companies_resident="86")  # 2025 (v2): counted
    earlier.stars = own.stars = 1  # as stored at submit (the fixture's have none)
    staff = make_user(park)
    db_session.commit()
    auth.login(staff.email)
    if lang == "en":
        client.get("/lang/en")
    page = _page(client, f"/benchmarks/organisations/{park.id}/years")
    row = page[page.index('<th scope="row">PK-RC-02 ') :]
    row = row[: row.index("</tr>")]
    assert 'href="#kpi-basis-2024-PK-RC-02"' in row  # the 2024 cell links to the reason
    assert 'id="kpi-basis-2024-PK-RC-02"' in page
    assert BASIS[lang] in page


def test_two_counted_years_carry_no_basis_mark(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture
) -> None:
    admin: User = make_user(None)
    park, earlier = _closed_year(admin, 2, [3, 4, 1])  # 2024 (v2): counted
    own = _park_assessment(park, 2025, 2, companies_resident="86")
    earlier.stars = own.stars = 1
    staff = make_user(park)
    db_session.commit()
    auth.login(staff.email)
    page = _page(client, f"/benchmarks/organisations/{park.id}/years")
    assert "kpi-basis-" not in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_self_assessed_stars_across_a_lower_cap_carry_a_note(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture
    lang: str,
) -> None:
    user, _last, _current = second_year(db_session)  # 2024 on v1, 2025 on v2
    auth.login(user.email)
    if lang == "en":
        client.get("/lang/en")
    page = _page(client, f"/benchmarks/organisations/{user.memberships[0].organisation_id}/years")
    assert 'href="#self-cap-2025"' in page
    assert CAP[lang] in page
    assert 'href="#self-cap-2024"' not in page
    assert CAP_ROW[lang] in page  # each year's cap, in its own column


def test_the_cap_names_what_its_rubric_version_asks() -> None:
    rubrics = Path(__file__).parents[2] / "rubrics" / "rc-company"
    v1, v2 = (load_rubric(rubrics / f"v{version}.yaml").rubric for version in (1, 2))
    assert v1 is not None
    assert v2 is not None
    assert self_cap_of(v1) == SelfCap(2, 2, False, 1)
    assert self_cap_of(v2) == SelfCap(1, 1, False, 2)


def test_the_cap_is_the_stars_below_the_first_peer_reviewed_band() -> None:
    rubrics = Path(__file__).parents[2] / "rubrics" / "rc-company"
    caps = [load_rubric(rubrics / f"v{version}.yaml").rubric for version in (1, 2)]
    assert [None if r is None else self_cap(r) for r in caps] == [2, 1]
