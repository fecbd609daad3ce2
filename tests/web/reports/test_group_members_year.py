"""The working group's members workbook is a year's list: a closed year's as at its close.

/reports/working-groups/<id>/members.xlsx listed today's members whatever year the page
showed. It takes the year (`cycle`: its id, as every year-bound page), else the open year,
else the latest; names it in the sheet's title, its heading and the file name; and a closed year
lists the members kept at its close (closed_groups).
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.benchmarks.queries import group_size
from rcapp.benchmarks.stats import GroupKind
from rcapp.cycles import services as cycle_services
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import CommitmentStatus
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
    signed = _signed(dt.date(2023, 5, 1))  # a group's year lists its signatories
    stayed = make_organisation(name_zh="留组化工有限公司", name_en="Stayed Chemicals", **signed)
    moved = make_organisation(name_zh=EVIL, name_en=EVIL, **signed)  # text, never a formula
    group.organisations.extend([stayed, moved])
    cycle_services.close_cycle(world.cycle, world.secretariat)
    group.organisations.remove(moved)  # after the close: one leaves, one joins
    joined = make_organisation(name_zh="新入组化工有限公司", name_en="Joined Chemicals", **signed)
    group.organisations.append(joined)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    url = f"/reports/working-groups/{group.id}/members.xlsx"

    # No year open: the latest, closed, as at its close; the same asked for by year.
    for asked in (url, f"{url}?cycle={world.cycle.id}"):
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
    assert client.get(f"{url}?cycle=2019").status_code == 404  # the id, as every page takes it

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
    assert f"/reports/working-groups/{group.id}/members.xlsx?cycle={world.cycle.id}" in page
    assert "下载 2024 年度成员名单（Excel）" in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_years_group_members_are_the_same_on_its_page_workbook_and_benchmark_count(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """QA52 M2: the page said 5, the workbook and the benchmark page 6 (one signed next spring)."""
    world = make_world(2024)
    group = make_working_group(name_zh="污染防治工作组", name_en="Pollution Group", code="WG-PP")
    signed = make_organisation(
        name_zh="签署化工有限公司", name_en="Signed Chemicals", **_signed(dt.date(2023, 5, 1))
    )
    later = make_organisation(
        name_zh="次年签署化工有限公司", name_en="Later Chemicals", **_signed(dt.date(2025, 3, 14))
    )
    group.organisations.extend([signed, later])
    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")

    def shown(cycle: ReportingCycle) -> tuple[str, list[object], int | None]:
        page = page_text(client, f"/cycles/{cycle.id}/groups/{group.id}")
        data = client.get(f"/reports/working-groups/{group.id}/members.xlsx?cycle={cycle.id}")
        values = [c.value for row in workbook(data.data).active.iter_rows() for c in row]
        size = group_size(GroupKind.WORKING_GROUP, str(group.id), cycle)
        return page, values, size

    page, values, size = shown(world.cycle)
    for listed in (page, values):
        assert signed.display_name(lang) in listed
        assert later.display_name(lang) not in listed
    assert size == 1

    # The open year: today's members who sign for it, on every one of the three too.
    unsigned = make_organisation(name_zh="未签署化工有限公司", name_en="Unsigned Chemicals")
    group.organisations.append(unsigned)
    open_year = make_cycle(year=2025)
    db_session.commit()
    page, values, size = shown(open_year)
    for listed in (page, values):
        assert signed.display_name(lang) in listed
        assert later.display_name(lang) in listed
        assert unsigned.display_name(lang) not in listed
    assert size == 2


def _signed(on: dt.date) -> dict[str, object]:
    return {"commitment_status": CommitmentStatus.SIGNED, "commitment_signed_on": on}
