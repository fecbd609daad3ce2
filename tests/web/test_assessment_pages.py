"""Self-assessment pages: start, section form in both languages, messages beside fields, submit."""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.cycles.models import CycleStatus
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import answer_of, make_world, start
from tests.web.helpers import member_with_assessment, page_text


def test_member_starts_the_assessment_from_the_list(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    world.org_a.commitment_status = CommitmentStatus.SIGNED  # a signatory (outside_year.py)
    db_session.commit()
    auth.login(world.user_a.email)
    page = page_text(client, "/assessments/")
    assert "开始自评" in page
    response = client.post(f"/assessments/start/{world.org_a.id}/{world.cycle.id}")
    assert response.status_code == 302
    started = db_session.query(Assessment).filter_by(organisation_id=world.org_a.id).one()
    assert response.headers["Location"].endswith(f"/assessments/{started.id}")
    assert "mini-company" not in page_text(client, "/assessments/")  # no raw ids in the list


def test_member_cannot_start_another_organisations_assessment(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    db_session.commit()
    auth.login(world.user_b.email)
    response = client.post(f"/assessments/start/{world.org_a.id}/{world.cycle.id}")
    assert response.status_code == 403
    assert db_session.query(Assessment).count() == 0


def test_secretariat_cannot_start_an_organisations_assessment(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    db_session.commit()
    auth.login(world.secretariat.email)
    response = client.post(f"/assessments/start/{world.org_a.id}/{world.cycle.id}")
    assert response.status_code == 403
    assert db_session.query(Assessment).count() == 0


def test_no_assessment_starts_in_a_closed_cycle(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    auth.login(world.user_a.email)
    response = client.post(f"/assessments/start/{world.org_a.id}/{world.cycle.id}")
    assert response.status_code == 409
    assert db_session.query(Assessment).count() == 0


def test_section_page_shows_items_and_level_descriptors_in_chinese(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    page = page_text(client, f"/assessments/{assessment.id}/sections/C1")
    assert "社区认知和应急响应" in page
    assert "应急演练" in page  # element title
    assert "每年至少一次综合演练并评估" in page
    assert "已演练并评估" in page  # level 3 descriptor
    assert "全面实施" in page  # level 3 label
    assert "GB/T 29639-2020" in page
    assert "演练方案、记录与评估报告" in page  # evidence hint
    assert 'name="C1.E1.2__value"' in page
    assert 'name="C1.E1.1__level"' in page


def test_section_page_shows_items_and_level_descriptors_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/C1"
    # Switch before the first page: the test's shared app context caches the locale.
    client.get(f"/lang/en?next={url}")
    page = page_text(client, url)
    assert "Community awareness and emergency response" in page
    assert "At least one full-scale drill a year, evaluated" in page
    assert "Drilled and evaluated" in page
    assert "Fully implemented" in page
    assert "Drill plan, records and evaluation" in page
    assert "每年至少一次综合演练并评估" not in page


def test_bad_inputs_get_a_message_beside_the_field_and_keep_what_was_typed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    response = client.post(
        f"/assessments/{assessment.id}/sections/C1",
        data={
            "C1.E1.1__level": "3",
            "C1.E1.1__evidence_note": "演练评估报告 2025",
            "C1.E1.2__value": "250",
            "C1.E1.2__comment": "今年多次演练",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(r'id="C1\.E1\.2__value-error">([^<]*)<', page)
    assert error is not None
    assert "数值（次）：数值不能大于 100。" in error.group(1)  # named by its label
    assert 'value="250"' in page
    assert "今年多次演练" in page
    assert "演练评估报告 2025" in page
    db_session.expire_all()
    assert answer_of(assessment, "C1.E1.1") == (3, None)
    assert answer_of(assessment, "C1.E1.2") == (None, None)


def test_na_without_reason_is_shown_beside_the_reason_field(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    response = client.post(f"/assessments/{assessment.id}/sections/C6", data={"C6.E1.1__na": "y"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="C6\.E1\.1__na_reason-error">[^<]*须填写理由', page)


def test_whole_section_not_applicable_needs_a_reason_beside_the_field(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/C6"
    response = client.post(url, data={"section__na": "y"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(r'id="section__na_reason-error">不适用理由：[^<]*须填写理由', page)
    saved = client.post(url, data={"section__na": "y", "section__na_reason": "不销售产品"})
    assert saved.status_code == 302
    overview = page_text(client, f"/assessments/{assessment.id}")
    assert "整体不适用" in overview


def test_saving_a_valid_section_redirects_with_a_message(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    response = client.post(
        f"/assessments/{assessment.id}/sections/MS",
        data={"MS.G1.1__level": "2", "MS.G1.2__level": "1"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "已保存" in response.get_data(as_text=True)
    db_session.expire_all()
    assert answer_of(assessment, "MS.G1.2") == (1, None)


def test_submit_lists_what_is_missing_with_links(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    response = client.post(f"/assessments/{assessment.id}/submit")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'href="/assessments/{assessment.id}/sections/C1#item-C1.E1.2"' in page
    assert f'href="/assessments/{assessment.id}/prerequisites#item-P1"' in page
    assert f'href="/assessments/{assessment.id}/kpis#kpi-hours_employees"' in page
    db_session.expire_all()
    assert assessment.status is AssessmentStatus.DRAFT


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh_CN", r"尚有 (\d+) 处未完成，不能提交。"),
        ("en", r"Cannot submit yet: (\d+) entries still to complete\."),
    ],
)
def test_a_refused_submit_counts_what_is_left_in_words(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str
) -> None:
    """qa69 #6: "Cannot submit yet: entries still to complete: 78." put the count last."""
    _world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}")
    page = html.unescape(client.post(f"/assessments/{assessment.id}/submit").get_data(as_text=True))
    found = re.search(said, page)
    assert found is not None
    assert int(found.group(1)) > 1


def test_complete_submit_locks_and_shows_the_result(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth, filled=True)
    response = client.post(f"/assessments/{assessment.id}/submit", follow_redirects=True)
    assert response.status_code == 200
    assert "已提交" in response.get_data(as_text=True)
    db_session.expire_all()
    assert assessment.status is AssessmentStatus.SUBMITTED
    again = client.post(f"/assessments/{assessment.id}/sections/MS", data={"MS.G1.2__level": "0"})
    assert again.status_code == 409  # refused, and told why
    assert "不能再修改" in again.get_data(as_text=True)
    db_session.expire_all()
    assert answer_of(assessment, "MS.G1.2") == (1, None)
    page = page_text(client, f"/assessments/{assessment.id}/sections/MS")
    assert "自评已锁定，秘书处退回之前不能修改。" in page  # read-only, and why
    assert 'type="radio"' not in page


def test_kpi_page_saves_values_and_warns_about_doubtful_ones(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    response = client.post(
        f"/assessments/{assessment.id}/kpis",
        data={"hours_employees__value": "１２００００", "lti_employees__value": "1.5"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "员工损失工时伤害起数：须为整数。" in page  # the input's label, never its key
    assert "lti_employees：" not in page
    assert 'value="1.5"' in page
    db_session.expire_all()
    assert {v.input_id for v in assessment.kpi_values} == {"hours_employees"}


def test_event_register_adds_an_event_and_refuses_a_bad_one(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/events"
    bad = client.post(url, data={"event_type": "safety_accident", "occurred_on": "yesterday"})
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "请选择事件等级。" in text
    assert "“yesterday”不是有效日期" in text
    assert "请填写事件描述。" in text
    good = client.post(
        url,
        data={
            "event_type": "mass_incident",
            "occurred_on": "2025-03-01",
            "fatalities": "0",
            "injuries": "0",
            "description": "周边居民聚集",
        },
        follow_redirects=True,
    )
    assert "周边居民聚集" in good.get_data(as_text=True)


def test_event_can_be_changed_and_deleted_through_its_assessment(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    from rcapp.assessments import services
    from rcapp.assessments.models import Event
    from rcapp.assessments.queries import rubric_of
    from rcapp.assessments.validation import EventInput

    world = make_world()
    assessment = start(world)
    event, _ = services.add_event(
        assessment,
        rubric_of(assessment),
        EventInput("mass_incident", "", "2025-03-01", "0", "0", "", "周边居民聚集"),
        world.user_a,
    )
    assert event is not None
    db_session.commit()
    auth.login(world.user_a.email)
    url = f"/assessments/{assessment.id}/events/{event.id}"
    assert "周边居民聚集" in page_text(client, url)
    changed = client.post(
        url,
        data={
            "event_type": "mass_incident",
            "occurred_on": "2025-03-02",
            "fatalities": "0",
            "injuries": "0",
            "description": "已平息",
            "is_resolved": "y",
        },
    )
    assert changed.status_code == 302
    db_session.refresh(event)
    assert event.description == "已平息"
    assert event.is_resolved
    deleted = client.post(f"{url}/delete")
    assert deleted.status_code == 302
    assert db_session.query(Event).count() == 0


def test_the_submitted_flash_reads_the_stars_as_every_page_does(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa20 S12: "Provisional star rating: 1." read a bare number; now "1 star" (or not rated)."""
    _world, assessment = member_with_assessment(db_session, auth, filled=True)
    client.get("/lang/en")
    response = client.post(f"/assessments/{assessment.id}/submit", follow_redirects=True)
    text = response.get_data(as_text=True)
    found = re.search(r"Submitted\. Provisional star rating: ([^<]*)\.<", text)
    assert found is not None, text
    assert re.fullmatch(r"\d stars?|Not rated.*", found.group(1)), found.group(1)
