"""The star advice is true: P6 is checked against the core KPI data, and the home card names
the real next step (answer the open items, wait for the peer review), not item raises."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole, User
from rcapp.assessments import services
from rcapp.assessments.models import Assessment, KpiValue
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.scoring.prerequisites import core_kpi_input_ids
from tests.conftest import AuthActions
from tests.factories import (
    file_prerequisite,
    make_assessment,
    make_cycle,
    make_organisation,
    make_user,
)
from tests.factories_reviews import make_review_world
from tests.real_rubrics import RUBRICS
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture
from tests.web.helpers import page_text, result_page


def _company_draft(reported: int) -> tuple[Assessment, User, int]:
    """An rc-company@2 draft, every prerequisite answered yes, `reported` core KPI inputs.

    Return the assessment, its admin and how many core KPI inputs are missing.
    """
    sha = hashlib.sha256((RUBRICS / "rc-company" / "v2.yaml").read_bytes()).hexdigest()
    cycle = make_cycle(company_rubric_id="rc-company", company_rubric_version=2)
    organisation = make_organisation()
    user = make_user(organisation, OrgRole.ADMIN)
    assessment = make_assessment(
        organisation, cycle, rubric_id="rc-company", rubric_version=2, rubric_sha256=sha
    )
    rubric = rubric_of(assessment)
    yes = {p.id: ItemInput(level="1") for p in rubric.prerequisites}
    assert services.save_prerequisites(assessment, rubric, yes, user).ok
    file_prerequisite(assessment, rubric, "P1", user)
    core = core_kpi_input_ids(rubric)
    for input_id in core[:reported]:
        assessment.kpi_values.append(KpiValue(input_id=input_id, value=Decimal(1)))
    return assessment, user, len(core) - reported


def test_p6_answered_yes_is_not_met_while_core_kpi_data_are_missing(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment, user, missing = _company_draft(reported=3)
    db_session.commit()
    auth.login(user.email)

    page = result_page(client, assessment.id)
    assert "全部前置条件均已满足" not in page
    assert (
        f"前置条件 P6 未满足：核心指标的 KPI 数据缺 {missing} 项（见“KPI 数据”页），因此未评定"
        in page
    )
    client.get(f"/lang/en?next=/assessments/{assessment.id}/result")
    page = result_page(client, assessment.id)
    assert "All prerequisites are met" not in page
    assert (
        f"Prerequisite P6 not met: {missing} core KPI figures missing (see the KPI data page), "
        "so not rated" in page
    )


def test_p6_is_met_once_every_core_kpi_input_is_reported(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment, user, _ = _company_draft(reported=0)
    rubric = rubric_of(assessment)
    for input_id in core_kpi_input_ids(rubric):
        assessment.kpi_values.append(KpiValue(input_id=input_id, value=Decimal(0)))
    db_session.commit()
    auth.login(user.email)
    page = result_page(client, assessment.id)
    assert "全部前置条件均已满足" in page
    assert "前置条件 P6 未满足" not in page


def test_home_card_asks_to_answer_the_open_items_before_any_raise(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment, user, _ = _company_draft(reported=0)
    items = len(rubric_of(assessment).item_index())
    db_session.commit()
    auth.login(user.email)

    page = page_text(client, "/")
    assert f"距 1 星：请先完成其余 {items} 个评价项的作答，全部作答是该星级的条件之一。" in page
    link = f'<a href="/assessments/{assessment.id}">查看自评概览</a>'
    assert re.search("全部作答是该星级的条件之一。\\s*" + re.escape(link), page)
    assert "还需提升" not in page
    client.get("/lang/en?next=/")
    page = page_text(client, "/")
    assert f"For a 1-star rating, first answer the {items} items still open" in page
    assert "to raise for" not in page


def test_a_submitted_self_assessment_waits_for_the_peer_review_not_for_raises(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(1)  # submitted at two stars; three need a peer review
    db_session.commit()
    auth.login(world.members[0].email)

    page = page_text(client, "/")
    assert "3 星须经同行评审：本自评已提交，评价项不能再修改，星级待同行评审后确定。" in page
    assert "还需提升" not in page
    client.get("/lang/en?next=/")
    page = page_text(client, "/")
    assert "A 3-star rating needs a peer review: this self-assessment is submitted" in page
    assert "to raise for" not in page


def test_a_submitted_self_assessment_lists_no_raises_it_cannot_make(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(1, overrides={0: {"C6.E1.1": ItemInput(level="0")}})
    assessment = world.assessments[0]
    db_session.commit()
    auth.login(world.members[0].email)

    page = page_text(client, "/")
    assert "本自评已提交，评价项不能再修改：星级只会随同行评审确认的等级而变化。" in page
    assert "还需提升" not in page
    # The result page still shows what would score higher, as a reference for the review.
    result = result_page(client, assessment.id)
    assert "以最少的评价项提升满足下一星级的分数条件" in result
    assert "本自评已提交，评价项不能再修改：下表供同行评审参考" in result
    client.get("/lang/en?next=/")
    page = page_text(client, "/")
    assert "the rating changes only with the levels a peer review confirms" in page
    assert "to raise for" not in page
    result = result_page(client, assessment.id)
    assert "the table is for the peer review" in result


def test_rates_per_hours_show_the_count_unit_beside_their_basis_columns(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    # The unit column read the rubric's stand-in "起/工时基数" ("cases per basis hours") next
    # to columns headed 每百万工时 and 每20万工时.
    assessment, user, _missing = _company_draft(reported=3)
    db_session.commit()
    auth.login(user.email)
    page = result_page(client, assessment.id)
    assert "每百万工时" in page
    assert "工时基数" not in page
    client.get("/lang/en")
    assert "per basis hours" not in result_page(client, assessment.id)
