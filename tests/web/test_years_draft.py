"""The years page while the current year is being filled: the draft shows beside the
submitted years, marked provisional in the table and the chart, and its own targets (the
current ones) are listed with their progress, in Chinese and English."""

from __future__ import annotations

from decimal import Decimal

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.assessments import services
from rcapp.assessments.models import Assessment, KpiTarget
from rcapp.assessments.queries import rubric_of
from rcapp.cycles.models import CycleStatus
from rcapp.organisations.models import Organisation
from tests.conftest import AuthActions
from tests.factories import (
    FULL_KPIS,
    make_assessment,
    make_cycle,
    make_group_role,
    make_organisation,
    make_user,
    make_working_group,
)
from tests.factories_reviews import TOP_ANSWERS, submitted


def _set(assessment: Assessment, input_id: str, value: int) -> None:
    row = next(v for v in assessment.kpi_values if v.input_id == input_id)
    row.value = Decimal(value)


def _world(db_session: Session) -> tuple[Organisation, str, Assessment]:
    """2024 submitted with 2 drills; 2025 being filled with 4 drills and a target of 6."""
    company = make_organisation()
    member = make_user(company)
    # An old draft of a closed year is no year being filled: never shown.
    make_assessment(company, make_cycle(year=2023, status=CycleStatus.CLOSED))
    _set(submitted(company, make_cycle(year=2024), member, {}), "drills", 2)
    draft = services.get_or_start_assessment(company, make_cycle(year=2025), member)
    rubric = rubric_of(draft)
    for section_id, answers in TOP_ANSWERS.items():
        assert services.save_section(draft, rubric, section_id, dict(answers), member).ok
    assert services.save_kpi_inputs(draft, rubric, FULL_KPIS, member).ok
    _set(draft, "drills", 4)
    db_session.add_all(
        [
            KpiTarget(
                assessment=draft, kpi_id="CA-01", base_year=2024, deadline=2026, value=Decimal(6)
            ),
            # Stored before targets in the worse direction were refused: 1 drill is below 2.
            KpiTarget(
                assessment=draft, kpi_id="CA-01", base_year=2024, deadline=2027, value=Decimal(1)
            ),
        ]
    )
    db_session.commit()
    return company, member.email, draft


def test_the_draft_year_shows_provisional_with_its_targets(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    company, email, _draft = _world(db_session)
    auth.login(email)
    url = f"/benchmarks/organisations/{company.id}/years"
    page = client.get(url).get_data(as_text=True)
    head = page[page.index("<thead>") : page.index("</thead>")]
    assert ">2024</th>" in head  # the submitted year, unmarked
    draft_head = '<th scope="col" class="num draft-year">2025<br><span class="muted">填写中（暂定）'
    assert draft_head in head
    assert "2023" not in head
    assert "2025 年的自评尚未提交" in page
    assert "空心点和虚线为填写中的年度（暂定）" in page
    assert 'stroke-dasharray="5 4"' in page  # the chart draws the draft apart
    assert "尚未设定自身的绩效指标目标" not in page
    start = page.index('id="target-CA-01-2026"')
    row = page[start : page.index("</tr>", start)]
    assert "按计划推进" in row  # 2 → 4 of the way to 6: 50 % done, 50 % of the time gone
    assert "完成进度 50.0%，时间进度 50.0%" in row
    away = page[page.index('id="target-CA-01-2027"') :]
    away = away[: away.index("</tr>")]
    assert "进度落后" in away
    assert "正在远离目标，时间进度 33.3%" in away
    assert "完成进度 -" not in away
    client.get("/lang/en")
    english = client.get(url).get_data(as_text=True)
    assert "Being filled (provisional)" in english
    assert "The 2025 self-assessment is not submitted yet" in english
    assert "On track" in english[english.index('id="target-CA-01-2026"') :]
    assert "moving away from the target, 33.3% of the time gone" in english


def test_without_a_draft_nothing_is_marked_provisional(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    company = make_organisation()
    member = make_user(company)
    submitted(company, make_cycle(year=2024), member, {})
    db_session.commit()
    auth.login(member.email)
    page = client.get(f"/benchmarks/organisations/{company.id}/years").get_data(as_text=True)
    assert "填写中（暂定）" not in page
    assert "stroke-dasharray" not in page


def test_a_working_group_lead_does_not_see_the_draft(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    company, _email, _draft = _world(db_session)
    group = make_working_group()
    company.working_groups.append(group)
    lead = make_user(make_organisation(), email="lead@example.cn")
    make_group_role(lead, group, GroupRole.LEAD)
    db_session.commit()
    auth.login(lead.email)
    page = client.get(f"/benchmarks/organisations/{company.id}/years").get_data(as_text=True)
    assert ">2024</th>" in page  # the submitted year
    assert "2025" not in page  # a member's draft stays private until submitted
    assert "填写中（暂定）" not in page


def test_a_closed_year_shows_its_published_self_result_as_final(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa16 D3: "最终星级 —" for a closed year whose result page says "1 星 最终（自评）"."""
    from rcapp.assessments.models import SnapshotKind
    from rcapp.assessments.snapshots import shown_scorecard
    from rcapp.cycles.services import close_cycle

    company = make_organisation()
    member = make_user(company)
    cycle = make_cycle(year=2024)
    last = submitted(company, cycle, member, {})
    close_cycle(cycle, None)
    db_session.commit()
    shown = shown_scorecard(last, rubric_of(last))
    assert shown.kind is SnapshotKind.FROZEN
    stars = shown.card.rating.stars
    auth.login(member.email)
    page = client.get(f"/benchmarks/organisations/{company.id}/years").get_data(as_text=True)
    final_row = page[page.index("最终星级") :].split("</tr>", 1)[0]
    assert f"{stars} 星（自评）" in final_row
    assert "—" not in final_row
    client.get("/lang/en")
    page = client.get(f"/benchmarks/organisations/{company.id}/years").get_data(as_text=True)
    final_row = page[page.index("Final stars") :].split("</tr>", 1)[0]
    assert f"{stars} star{'' if stars == 1 else 's'} (self-assessed)" in final_row
