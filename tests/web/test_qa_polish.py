"""Defects found walking the demo in Chinese and English (QA pass): punctuation, names, numbers.

Each test names the page and what the walk saw there.
"""

from __future__ import annotations

import datetime as dt
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import (
    fill_complete,
    make_assessment,
    make_cast,
    make_cycle,
    make_organisation,
    make_secretariat,
    make_world,
    start,
)
from tests.web.helpers import member_with_assessment


def _main(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True).split("<main", 1)[1]


def test_switching_to_english_after_a_page_takes_effect(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # The test harness once fixed the locale at the first page a test rendered.
    cast = make_cast()
    db_session.commit()
    auth.login("member@example.cn")
    assert "年度自评" in _main(client, f"/organisations/{cast.organisation.id}")
    client.get("/lang/en")
    page = _main(client, f"/organisations/{cast.organisation.id}")
    assert "年度自评" not in page
    client.get("/lang/zh_CN")
    assert "年度自评" in _main(client, f"/organisations/{cast.organisation.id}")


def test_result_page_in_english_uses_english_punctuation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get("/lang/en")
    page = _main(client, f"/assessments/{assessment.id}/result")
    for mark in ("：", "、", "\u3000", "；"):
        assert mark not in page, mark
    client.get("/lang/zh_CN")
    assert "\u3000" not in _main(client, f"/assessments/{assessment.id}/result")


def test_late_submission_flash_names_the_organisation_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    world.org_a.name_zh = "甲化工有限公司"
    world.org_a.name_en = "Jia Chemicals Co."
    world.org_a.commitment_status = CommitmentStatus.SIGNED  # the page is the year's organisations'
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get("/lang/en")
    until = (world.cycle.deadline + dt.timedelta(days=7)).isoformat()
    page = client.post(
        f"/cycles/{world.cycle.id}/late/{world.org_a.id}",
        data={"until": until, "shown": ""},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Jia Chemicals Co." in page
    assert "甲化工有限公司" not in page


def test_organisation_page_gives_the_number_of_stars_even_when_none(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    make_assessment(cast.organisation, make_cycle(year=2024), stars=0)
    db_session.commit()
    auth.login("member@example.cn")
    assert "未达 1 星" in _main(client, f"/organisations/{cast.organisation.id}")
    client.get("/lang/en")
    assert "Below 1 star" in _main(client, f"/organisations/{cast.organisation.id}")


def test_cycles_list_counts_organisations_not_started_and_keeps_dates_whole(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = make_cycle(deadline=dt.date(2026, 1, 31))
    signed = {"commitment_status": CommitmentStatus.SIGNED}
    make_organisation(name_zh="未开始一", **signed)
    make_organisation(name_zh="未开始二", **signed)
    make_assessment(make_organisation(name_zh="草稿一", **signed), cycle)
    make_organisation(name_zh="未签署")  # not expected to take part
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = _main(client, "/cycles/")
    assert '<th scope="col" class="num">未开始</th>' in page
    row = page.split("2026-01-31", 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'<td class="num">(\d+)</td>', row)
    assert cells[:3] == ["0", "2", "1"]  # submitted, not started, drafts (qa55 #6 order)
    assert '<td class="date">2026-01-31</td>' in page


def test_roster_filter_buttons_sit_in_an_actions_row_and_the_table_scrolls(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = make_cycle()
    make_organisation(name_zh="甲化工", commitment_status=CommitmentStatus.SIGNED)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = _main(client, f"/cycles/{cycle.id}/organisations")
    form = page.split('role="search"', 1)[1].split("</form>", 1)[0]
    actions = form.split('<div class="actions">', 1)[1].split("</div>", 1)[0]
    assert "筛选</button>" in actions
    assert "清除筛选</a>" in actions
    assert re.search(
        r'<div class="table-scroll" tabindex="0" role="group" aria-label="各单位进展">\s*'
        r'<table class="roster">',
        page,
    )


def test_provinces_are_named_in_english_on_english_pages_and_stored_in_chinese(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    company = make_organisation(province="江苏省", city="南通市")
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    assert "江苏省" in _main(client, f"/organisations/{company.id}")
    client.get("/lang/en")
    detail = _main(client, f"/organisations/{company.id}")
    assert "Jiangsu" in detail
    assert "江苏省" not in detail
    form = _main(client, f"/organisations/{company.id}/edit")
    assert '<option selected value="江苏省">Jiangsu</option>' in form
    listing = _main(client, "/organisations/")
    assert '<option value="内蒙古自治区">Inner Mongolia</option>' in listing
    client.get("/lang/zh_CN")
    assert '<option value="内蒙古自治区">内蒙古自治区</option>' in _main(client, "/organisations/")


def test_roster_sorts_names_in_the_page_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = make_cycle()
    signed = {"commitment_status": CommitmentStatus.SIGNED}
    # Pinyin order of the Chinese names (ding, jia, yi) differs from their code-point order
    # (丁, 乙, 甲) and from the English (case-blind) order.
    make_organisation(name_zh="丁化工", name_en="Zeta Chemicals", **signed)
    make_organisation(name_zh="乙化工", name_en="alpha chemicals", **signed)
    make_organisation(name_zh="甲化工", name_en="Beta Chemicals", **signed)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = _main(client, f"/cycles/{cycle.id}/organisations")
    assert page.index("丁化工") < page.index("甲化工") < page.index("乙化工")
    client.get("/lang/en")
    page = _main(client, f"/cycles/{cycle.id}/organisations?sort=name&order=asc")
    assert page.index("alpha chemicals") < page.index("Beta Chemicals") < page.index("Zeta")
    page = _main(client, f"/cycles/{cycle.id}/organisations?sort=name&order=desc")
    assert page.index("Zeta") < page.index("Beta Chemicals") < page.index("alpha chemicals")


def test_kpi_page_in_english_has_no_chinese_punctuation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # QA saw KPI hints joined with "；"; the KPI table that replaced them must stay clean.
    world, assessment = member_with_assessment(db_session, auth, filled=True)
    client.get("/lang/en")
    page = _main(client, f"/assessments/{assessment.id}/kpis")
    for mark in ("；", "：", "、", "（", "）"):
        assert mark not in page, mark
