"""The corrective-actions workbook: who sees which actions, and the list's filters kept."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.cycles.models import ReportingCycle
from rcapp.reviews import finding_item
from tests.conftest import AuthActions
from tests.factories import make_working_group
from tests.factories_reviews import make_review_world
from tests.integration.reports.test_scorecard_peer import _finalised
from tests.web.reports.test_downloads import all_values, has_formula, workbook

URL = "/reports/corrective-actions.xlsx"
ACTION = "演练评估报告缺签字"
LONG_PROMPT = (
    "企业依据风险评估和应急资源调查，编制了综合应急预案、专项应急预案和现场处置方案，"
    "覆盖主要事故类型，并为关键岗位编制了应急处置卡。"
)


def test_the_organisation_and_its_lead_download_the_action_others_do_not(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = _finalised(world)
    db_session.commit()

    auth.login(world.members[0].email)
    page = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    assert f"{URL}?organisation={world.companies[0].id}" in page
    response = client.get(f"{URL}?organisation={world.companies[0].id}")
    assert response.status_code == 200
    values = all_values(workbook(response.data))
    assert {ACTION, "王工", "待整改", world.companies[0].name_zh} <= set(values)
    assert not has_formula(response.data)
    auth.logout()

    auth.login(world.members[1].email)  # another member of the group: not its business
    assert ACTION not in all_values(workbook(client.get(URL).data))
    auth.logout()

    auth.login(world.lead.email)
    group_page = client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True)
    # the page's year by its cycle id (cycles.asked), as every year page names it
    assert f"{URL}?group={world.group.id}&amp;cycle={world.cycle.id}" in group_page
    led = workbook(client.get(f"{URL}?group={world.group.id}&cycle={world.cycle.id}").data)
    values = all_values(led)
    assert ACTION in values
    assert any(world.group.name_zh in str(v) for v in values[:2])  # the filter line
    assert ACTION not in all_values(workbook(client.get(f"{URL}?status=accepted").data))
    earlier = db_session.scalar(select(ReportingCycle.id).where(ReportingCycle.year == 2024))
    assert ACTION not in all_values(workbook(client.get(f"{URL}?cycle={earlier}").data))


def test_the_export_needs_a_login(client: FlaskClient, db_session: Session) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_an_overdue_action_says_by_how_many_days_and_a_leads_file_says_what_it_holds(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = _finalised(world)
    action = next(f for f in review.findings if f.text == ACTION)
    action.due_on = beijing_today() - dt.timedelta(days=65)
    db_session.commit()
    auth.login(world.lead.email)
    sheet = workbook(client.get(f"{URL}?group={world.group.id}").data).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if row[0] == "单位")
    row = next(row for row in rows if ACTION in row)
    assert row[header.index("逾期天数")] == 65
    notes = [str(r[0]) for r in rows[: rows.index(header)]]
    assert any("仅列出您有权查看的整改项" in note for note in notes)
    auth.logout()
    auth.login(world.secretariat.email)
    client.get("/lang/en")
    sheet = workbook(client.get(URL).data).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if row[0] == "Organisation")
    assert "Days overdue" in header
    assert not any("only" in str(r[0]) for r in rows[: rows.index(header)])


def test_the_item_text_is_written_whole_and_long_text_wraps(
    client: FlaskClient, db_session: Session, auth: AuthActions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The item's text was cut to its first words ("企业依据风险评估和应急资源调查，编制了综…")."""
    world = make_review_world(5)
    _finalised(world)
    db_session.commit()
    # The test rubric's prompts are short; the real rubric's run to a hundred characters.
    whole = LONG_PROMPT
    item = SimpleNamespace(prompt={"zh": whole, "en": "Based on a risk assessment"})
    rubric = SimpleNamespace(item_index=lambda: {"C1.E1.1": item})
    monkeypatch.setattr(finding_item, "rubric_of", lambda _assessment: rubric)
    auth.login(world.members[0].email)
    sheet = workbook(client.get(URL).data).active
    assert sheet is not None
    rows = list(sheet.iter_rows())
    header = next(row for row in rows if row[0].value == "单位")
    row = next(row for row in rows if any(cell.value == ACTION for cell in row))
    texts = [cell.value for cell in header]
    item = row[texts.index("评价项内容")]
    assert item.value == whole
    for name in ("单位", "评价项内容", "整改要求"):
        assert row[texts.index(name)].alignment.wrap_text, name
    column = item.column_letter
    assert sheet.column_dimensions[column].width >= 40


def test_an_organisation_the_user_may_not_see_is_refused_not_named(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """The file's title named another organisation (its filter line) over no rows."""
    world = make_review_world(5)
    _finalised(world)
    db_session.commit()
    foreign = world.companies[0]
    auth.login(world.members[1].email)  # a member of another company of the group
    response = client.get(f"{URL}?organisation={foreign.id}")
    assert response.status_code == 404
    assert foreign.name_zh not in response.get_data(as_text=True)
    assert client.get(f"{URL}?organisation=999999").status_code == 404
    own = client.get(f"{URL}?organisation={world.companies[1].id}")
    assert own.status_code == 200
    auth.logout()
    auth.login(world.lead.email)  # the lead of the company's group sees it
    led = client.get(f"{URL}?organisation={foreign.id}")
    assert led.status_code == 200
    assert ACTION in all_values(workbook(led.data))


def test_a_group_the_user_has_nothing_to_do_with_is_refused_not_named(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    _finalised(world)
    other = make_working_group(name_zh="华南工作组（他组）")
    db_session.commit()
    for user in (world.members[1], world.lead):
        auth.login(user.email)
        response = client.get(f"{URL}?group={other.id}")
        assert response.status_code == 404
        assert other.name_zh not in response.get_data(as_text=True)
        # its own organisation's group (a member) or the group it leads: the file
        assert client.get(f"{URL}?group={world.group.id}").status_code == 200
        auth.logout()
    auth.login(world.secretariat.email)
    assert client.get(f"{URL}?group={other.id}").status_code == 200


def test_the_file_is_named_by_its_group_year_and_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """QA65 #2: every year and group downloaded as corrective-actions-20261206.xlsx."""
    world = make_review_world(5)
    _finalised(world)
    db_session.commit()
    auth.login(world.lead.email)
    stamp = beijing_today().strftime("%Y%m%d")
    code, year = world.group.code, world.cycle.year
    asked = f"{URL}?group={world.group.id}&cycle={world.cycle.id}"
    header = client.get(asked).headers["Content-Disposition"]
    assert f'filename="corrective-actions-{code}-{year}-zh-{stamp}.xlsx"' in header
    header = client.get(URL).headers["Content-Disposition"]  # no filter: nothing to name
    assert f'filename="corrective-actions-zh-{stamp}.xlsx"' in header
    auth.choose_language("en")
    header = client.get(asked).headers["Content-Disposition"]
    assert f'filename="corrective-actions-{code}-{year}-en-{stamp}.xlsx"' in header
