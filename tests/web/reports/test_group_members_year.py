"""The working group's members workbook is a year's list: a closed year's as at its close.

/reports/working-groups/<id>/members.xlsx listed today's members whatever year the page
showed. It takes the year (`cycle`, as the other lists), else the open year, else the
latest; names it in the sheet's title, its heading and the file name; and a closed year
lists the members kept at its close (closed_groups).
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.cycles import services as cycle_services
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_organisation, make_working_group, make_world
from tests.web.helpers import page_text
from tests.web.reports.test_downloads import EVIL, has_formula, workbook

HEADING = {
    "zh": ("2024 年度成员单位（该年度关闭时的名单）", "2025 年度成员单位（当前名单）"),
    "en": ("2024 members (the list at the year's close)", "2025 members (current list)"),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_members_workbook_of_a_closed_year_lists_the_members_at_its_close(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world(2024)
    group = make_working_group(name_zh="储运安全工作组", name_en="Storage Group", code="WG-ST")
    stayed = make_organisation(name_zh="留组化工有限公司", name_en="Stayed Chemicals")
    moved = make_organisation(name_zh=EVIL, name_en=EVIL)  # text, never a formula
    group.organisations.extend([stayed, moved])
    cycle_services.close_cycle(world.cycle, world.secretariat)
    group.organisations.remove(moved)  # after the close: one leaves, one joins
    joined = make_organisation(name_zh="新入组化工有限公司", name_en="Joined Chemicals")
    group.organisations.append(joined)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    url = f"/reports/working-groups/{group.id}/members.xlsx"

    # No year open: the latest, closed, as at its close; the same asked for by year.
    for asked in (url, f"{url}?cycle=2024"):
        response = client.get(asked)
        assert response.status_code == 200
        assert "members-WG-ST-2024-" in response.headers["Content-Disposition"]
        assert not has_formula(response.data)
        sheet = workbook(response.data).active
        assert sheet is not None
        assert sheet.title.startswith(group.display_name(lang))
        assert "2024" in sheet.title
        values = [c.value for row in sheet.iter_rows() for c in row]
        assert HEADING[lang][0] in values
        assert stayed.display_name(lang) in values
        assert EVIL in values
        assert joined.display_name(lang) not in values
    assert client.get(f"{url}?cycle=2019").status_code == 404

    # A new year opens: by default its list is today's.
    make_cycle(year=2025)
    db_session.commit()
    response = client.get(url)
    assert "members-WG-ST-2025-" in response.headers["Content-Disposition"]
    values = [c.value for row in workbook(response.data).active.iter_rows() for c in row]
    assert HEADING[lang][1] in values
    assert joined.display_name(lang) in values
    assert EVIL not in values


def test_the_groups_year_page_links_the_workbook_of_its_year(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(2024)
    group = make_working_group()
    db_session.commit()
    auth.login(world.secretariat.email)
    page = page_text(client, f"/cycles/{world.cycle.id}/groups/{group.id}")
    assert f"/reports/working-groups/{group.id}/members.xlsx?cycle=2024" in page
    assert "下载 2024 年度成员名单（Excel）" in page
