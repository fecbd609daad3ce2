"""The audit log names years, assessments and values as users know them (QA8 S7, S14, S20)."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.audit.services import record
from rcapp.reviews import reviewing
from tests.audit_export import export_audit
from tests.conftest import AuthActions
from tests.factories import (
    make_assessment,
    make_cycle,
    make_organisation,
    make_secretariat,
    make_working_group,
)
from tests.factories_reviews import assign_all, make_review_world


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(page)))


def _world(db_session: Session) -> tuple[int, int]:
    secretariat = make_secretariat(email="sec@example.cn", name="审计员")
    cycle = make_cycle(year=2025)
    huacai = make_organisation(name_zh="华彩涂料有限公司", name_en="Huacai Coatings")
    xiling = make_organisation(name_zh="西岭化工有限公司", name_en="Xiling Chemicals")
    first = make_assessment(huacai, cycle)
    second = make_assessment(xiling, cycle)
    group = make_working_group(name_zh="污染防治工作组", name_en="Pollution prevention group")
    opened = {"company_rubric": "mini-company v1", "park_rubric": "mini-company v1", "year": 2025}
    record(secretariat, "cycle", cycle.id, "open", after=opened)
    record(
        secretariat, "cycle", cycle.id, "close", after={"frozen_assessments": [first.id, second.id]}
    )
    closed = {"closed_at": "2026-12-04T15:33:49.547422+00:00", "closed_by_id": secretariat.id}
    revived = {"late_allowances": {str(huacai.id): "2026-12-20"}}
    record(secretariat, "cycle", cycle.id, "reopen", before=closed, after=revived)
    record(
        secretariat,
        "assessment",
        first.id,
        "start",
        after={"rubric": "mini-company@1", "sha256": "ab12"},
    )
    upload = {"attachment": 1197, "name": "承诺书.pdf", "sha256": "5a83", "size": 45}
    record(secretariat, "assessment", first.id, "evidence.add", field="C1.E1.1", after=upload)
    partner = {"name": "盐城安运物流有限公司", "relation": "carrier"}
    record(secretariat, "organisation", huacai.id, "partner.add", field="partner:9", after=partner)
    record(secretariat, "working_group", group.id, "create", after={"code": "WG-PP"})
    db_session.commit()
    return cycle.id, first.id


def test_years_assessments_and_values_are_named_on_the_page_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle_id, _assessment_id = _world(db_session)
    auth.login("sec@example.cn")
    page = client.get("/audit/").get_data(as_text=True)
    text = _text(page)
    assert "2025 年度评价周期" in text
    assert "华彩涂料有限公司 2025 年度自评" in text
    assert "冻结的自评: 华彩涂料有限公司、西岭化工有限公司" in text
    assert "企业评价细则: 迷你企业评价细则（第1版）" in text
    assert "评价细则: 迷你企业评价细则（第1版）" in text
    assert "细则文件校验值: ab12" in text  # the rubric file's, when an assessment starts
    assert "文件校验值（SHA-256）: 5a83" in text  # the uploaded file's own
    assert "细则文件校验值: 5a83" not in text
    assert "文件名: 承诺书.pdf" in text
    assert "名称: 盐城安运物流有限公司" in text
    assert "姓名: " not in text  # a file and a partner have names, not a person's name
    assert "attachment" not in text
    assert "1197" not in text
    assert "关系: 承运商" in text
    assert "合作伙伴 盐城安运物流有限公司" in text  # the partner by its name, not "#9"
    assert "合作伙伴 #9" not in text
    assert "carrier" not in text
    assert "关闭时间: 2026-12-04 23:33:49（北京时间）" in text
    assert "关闭人: 审计员（sec@example.cn）" in text
    assert "关闭人: 审计员（sec@example.cn） #" not in text  # no database number (QA31 D1)
    assert "恢复的逾期提交延期: 华彩涂料有限公司 至 2026-12-20" in text
    assert "late_allowances" not in text
    assert "污染防治工作组" in text
    assert "评价周期 #" not in text
    assert "自评 #" not in text
    assert "mini-company" not in text
    assert f'href="/cycles/{cycle_id}"' in page  # still a link to the year
    client.get("/lang/en")
    english = _text(client.get("/audit/").get_data(as_text=True))
    assert "Reporting cycle 2025" in english
    assert "Huacai Coatings 2025 self-assessment" in english
    assert (
        "Huacai Coatings、Xiling Chemicals" in english
        or "Huacai Coatings, Xiling Chemicals" in english
    )
    assert "Mini company rubric (version 1)" in english
    assert "Carrier" in english
    assert "2026-12-04 23:33:49 (Beijing time)" in english
    assert "Late submission allowed again: Huacai Coatings until 2026-12-20" in english
    assert "late_allowances" not in english


def test_the_excel_export_names_them_as_the_page_does(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world(db_session)
    auth.login("sec@example.cn")
    sheet = export_audit(client).active
    assert sheet is not None
    cells = "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)
    for expected in (
        "2025 年度评价周期",
        "华彩涂料有限公司 2025 年度自评",
        "冻结的自评: 华彩涂料有限公司、西岭化工有限公司",
        "关系: 承运商",
        "文件校验值（SHA-256）: 5a83",
        "关闭人: 审计员（sec@example.cn）",
    ):
        assert expected in cells, expected
    assert "attachment" not in cells
    assert "carrier" not in cells


def test_a_review_is_named_by_the_organisation_and_year_it_reviews(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    company = world.companies[0]
    opened = {"group": world.group.id, "kind": "onsite"}
    record(world.secretariat, "review", review.id, "review.open", after=opened)
    record(
        world.secretariat, "review", review.id, "review.assign", after={"organisation": company.id}
    )
    db_session.commit()
    auth.login(world.secretariat.email)
    text = _text(client.get("/audit/").get_data(as_text=True))
    reviewed = world.assessments[0].organisation.name_zh
    assert f"{reviewed} {world.cycle.year} 年度同行评审" in text
    assert f"工作组: {world.group.name_zh}" in text
    assert f"单位: {company.name_zh}" in text
    assert f"单位: {company.name_zh} #" not in text  # no internal number in a value (QA15 S10)
    assert f"#{review.id} " not in text.replace(f"#{company.id}", "")


def test_asking_for_the_benchmarks_leaves_an_entry_at_once(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.post(f"/benchmarks/cycles/{world.cycle.id}/compute")
    actions = db_session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity_id == world.cycle.id)
    ).all()
    assert "benchmarks.request" in actions
    text = _text(client.get("/audit/").get_data(as_text=True))
    assert "请求计算对标数据（后台计算）" in text


def test_a_submitted_review_names_the_reviewer_not_the_assignment_id(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    assignment = review.assignments[0]
    reviewer = assignment.reviewer
    reviewing.accept_remaining(assignment, list(review.sample), set(), reviewer)
    reviewing.submit_assignment(assignment, reviewer)
    # An entry written before the reviewer was stored: its assignment id is left out.
    record(reviewer, "review", review.id, "review.submit", after={"assignment": assignment.id})
    db_session.commit()
    auth.login(world.secretariat.email)
    text = _text(client.get("/audit/").get_data(as_text=True))
    assert f"评审员: {reviewer.name}（{reviewer.email}）" in text
    assert f"评审员: {reviewer.name}（{reviewer.email}） #{reviewer.id}" not in text
    assert "评审任务编号" not in text
    client.get("/lang/en")
    english = _text(client.get("/audit/").get_data(as_text=True))
    assert f"Reviewer: {reviewer.name} ({reviewer.email})" in english
    assert f"({reviewer.email}) #{reviewer.id}" not in english
    assert "Assignment" not in english


def test_a_conflict_entry_words_its_reasons(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    secretariat = make_secretariat(email="sec@example.cn", name="审计员")
    record(
        secretariat,
        "review",
        99,
        "review.conflict",
        after={"reviewer": secretariat.id, "reasons": ["same_park", "no_organisation"]},
    )
    record(secretariat, "review", 99, "review.withdraw", before={"decisions": 3, "findings": 1})
    db_session.commit()
    auth.login("sec@example.cn")
    text = _text(client.get("/audit/").get_data(as_text=True))
    assert "原因: 评审员单位与被评审单位在同一化工园区、评审员已不属于任何会员单位" in text
    assert "删除的评价项结论数: 3" in text
    for key in ("same_park", "no_organisation", "reasons", "decisions", "findings"):
        assert key not in text, key
