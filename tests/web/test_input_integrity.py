"""Input that cannot break a page: huge numbers, control characters, N/A with a level,
shares above 100 %; every refusal is a message beside the field, named by its label."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from wtforms import SelectField, StringField, TextAreaField

from rcapp.assessments import services
from rcapp.assessments.models import Event, KpiValue
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput, KpiEntry
from rcapp.fields import CleanForm, strip_control_chars
from rcapp.rubrics.loader import load_rubric
from tests.conftest import AuthActions
from tests.factories import answer_of, make_world, start
from tests.web.helpers import error_beside, member_with_assessment

REAL_COMPANY_RUBRIC = Path(__file__).resolve().parents[2] / "rubrics" / "rc-company" / "v1.yaml"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("1e300", "数值（次）：数值不能大于 100。"),
        ("-1e300", "数值（次）：数值不能小于 0。"),
        ("100000000000000", "数值（次）：数值不能大于 100。"),
        ("9" * 40, "数值（次）：数值不能大于 100。"),
    ],
)
def test_huge_number_in_an_item_is_refused_beside_the_field(
    client: FlaskClient, db_session: Session, auth: AuthActions, typed: str, said: str
) -> None:
    """Refused by the item's range, which beats "数值过大" (QA32 S8)."""
    _world, assessment = member_with_assessment(db_session, auth)
    response = client.post(
        f"/assessments/{assessment.id}/sections/C1", data={"C1.E1.2__value": typed}
    )
    assert response.status_code == 422
    message = error_beside(response.get_data(as_text=True), "C1.E1.2__value")
    assert message.startswith(said)
    db_session.expire_all()
    assert answer_of(assessment, "C1.E1.2") == (None, None)


def test_huge_kpi_value_is_refused_and_the_kpi_page_still_opens(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/kpis"
    response = client.post(url, data={"hours_employees__value": "1e300", "drills__value": "3"})
    assert response.status_code == 422
    message = error_beside(response.get_data(as_text=True), "hours_employees__value")
    assert "数值过大" in message
    assert "hours_employees" not in message
    assert db_session.query(KpiValue).one().input_id == "drills"
    assert client.get(url).status_code == 200
    assert client.get(f"/assessments/{assessment.id}/result").status_code == 200


def test_more_decimals_than_the_column_keeps_are_refused_not_rounded(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    result = services.save_kpi_inputs(
        assessment, rubric, {"hours_employees": KpiEntry("1000.1234567891")}, world.user_a
    )
    assert not result.ok
    assert [p.code for p in result.problems] == ["too_many_decimals"]
    assert db_session.query(KpiValue).count() == 0


def test_a_tiny_kpi_value_is_refused_beside_its_field_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/kpis"
    for lang, words in (("zh_CN", "：最多 6 位小数。"), ("en", ": at most 6 decimal places.")):
        client.get(f"/lang/{lang}?next=/")
        response = client.post(url, data={"hours_employees__value": "0.0000001"})
        text = response.get_data(as_text=True)
        assert response.status_code == 422
        assert words in error_beside(text, "hours_employees__value")
        assert 'value="0.0000001"' in text  # the input is kept
    db_session.expire_all()
    assert db_session.query(KpiValue).count() == 0


def test_huge_event_loss_is_refused_beside_the_field(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    response = client.post(
        f"/assessments/{assessment.id}/events",
        data={
            "event_type": "safety_accident",
            "grade": "general",
            "occurred_on": "2025-03-01",
            "direct_loss": "1e300",
            "description": "泄漏",
        },
    )
    assert response.status_code == 422
    assert "直接经济损失（万元）：数值过大" in error_beside(
        response.get_data(as_text=True), "direct_loss"
    )
    assert db_session.query(Event).count() == 0


def test_control_characters_are_stripped_from_text_fields(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    response = client.post(
        f"/assessments/{assessment.id}/sections/C1",
        data={"C1.E1.1__level": "2", "C1.E1.1__evidence_note": "演练\x00记录\x07\n第二行\x1b"},
    )
    assert response.status_code == 302
    db_session.expire_all()
    note = next(a.evidence_note for a in assessment.answers if a.item_id == "C1.E1.1")
    assert note == "演练记录\n第二行"


def test_service_strips_control_characters_too(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    services.save_kpi_inputs(
        assessment, rubric, {"drills": KpiEntry("3", note="桌面\x00推演")}, world.user_a
    )
    assert db_session.query(KpiValue).one().note == "桌面推演"


def test_nul_in_the_login_email_is_a_plain_refusal(
    client: FlaskClient, db_session: Session
) -> None:
    world = make_world()
    db_session.commit()
    response = client.post(
        "/login", data={"email": "x\x00@example.cn", "password": "correct horse battery"}
    )
    assert response.status_code == 200
    assert "电子邮箱或密码不正确" in response.get_data(as_text=True)
    # With the NUL stripped, the right address still works.
    nul_inside = world.user_a.email.replace("@", "\x00@")
    ok = client.post("/login", data={"email": nul_inside, "password": "correct horse battery"})
    assert ok.status_code == 302


def test_nul_in_a_list_filter_is_harmless(client: FlaskClient, db_session: Session) -> None:
    world = make_world()
    db_session.commit()
    AuthActions(client).login(world.secretariat.email)
    assert client.get("/organisations/?q=%00abc").status_code == 200
    # Choice filters too (a 500 on PostgreSQL, which refuses NUL in a query, found by QA).
    for url in (
        "/organisations/?province=%00",
        "/reports/organisations.xlsx?province=%00",
        "/audit/?action=a%00b&entity=%00",
        "/reports/audit.xlsx?action=a%00b&entity=%00",
    ):
        assert client.get(url).status_code == 200, url


class _Form(CleanForm):
    class Meta:
        csrf = False

    name = StringField()
    text = TextAreaField(filters=[lambda v: v.strip() if v else v])
    choice = SelectField(validate_choice=False)


def test_clean_form_strips_control_characters_before_other_filters(app: object) -> None:
    from werkzeug.datastructures import MultiDict

    with app.test_request_context():  # type: ignore[attr-defined]
        form = _Form(MultiDict({"name": "a\x00b\u0085c", "text": "\x00 x \x00", "choice": "\x00y"}))
    assert form.name.data == "abc"
    assert form.choice.data == "y"
    assert form.text.data == "x"
    assert strip_control_chars("tab\tand\nline") == "tab\tand\nline"
    assert strip_control_chars(3) == 3


def test_na_and_a_level_exclude_each_other_on_the_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    response = client.post(
        f"/assessments/{assessment.id}/sections/C6",
        data={"C6.E1.1__level": "2", "C6.E1.1__na": "y", "C6.E1.1__na_reason": "无产品"},
    )
    assert response.status_code == 422
    message = error_beside(response.get_data(as_text=True), "C6.E1.1__na")
    assert "不能同时选择“不适用”" in message
    db_session.expire_all()
    stored = next((a for a in assessment.answers if a.item_id == "C6.E1.1"), None)
    assert stored is None or (stored.level is None and not stored.is_na)


def test_na_and_a_level_exclude_each_other_in_the_service(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    services.save_section(assessment, rubric, "C6", {"C6.E1.1": ItemInput(level="3")}, world.user_a)
    result = services.save_section(
        assessment,
        rubric,
        "C6",
        {"C6.E1.1": ItemInput(level="3", is_na=True, na_reason="不涉及")},
        world.user_a,
    )
    assert [p.code for p in result.problems] == ["na_and_answer"]
    answer = next(a for a in assessment.answers if a.item_id == "C6.E1.1")
    assert (answer.level, answer.is_na) == (3, False)  # nothing inconsistent written
    cleared = services.save_section(
        assessment,
        rubric,
        "C6",
        {"C6.E1.1": ItemInput(is_na=True, na_reason="不涉及")},
        world.user_a,
    )
    assert cleared.ok
    assert (answer.level, answer.is_na) == (None, True)


def test_share_above_100_percent_is_refused(db_session: Session) -> None:
    rubric = load_rubric(REAL_COMPANY_RUBRIC).rubric
    world = make_world()
    assessment = start(world)
    entries = {
        "hazwaste_disposed_t": KpiEntry("150"),
        "hazwaste_compliant_t": KpiEntry("160"),
        "hours_employees": KpiEntry("1000"),
    }
    result = services.save_kpi_inputs(assessment, rubric, entries, world.user_a)
    codes = {(p.subject, p.code) for p in result.problems}
    assert codes == {
        ("hazwaste_disposed_t", "share_over_100"),
        ("hazwaste_compliant_t", "share_over_100"),
    }
    assert {v.input_id for v in assessment.kpi_values} == {"hours_employees"}
    # Fixing the numerator alone is accepted once the share is 100 % or less.
    entries["hazwaste_compliant_t"] = KpiEntry("150")
    assert services.save_kpi_inputs(assessment, rubric, entries, world.user_a).ok


def test_a_number_no_id_column_holds_in_a_list_filter_is_harmless(
    client: FlaskClient, db_session: Session
) -> None:
    # PostgreSQL refused it in the query ("integer out of range"): a 500 on each of these.
    world = make_world()
    db_session.commit()
    AuthActions(client).login(world.secretariat.email)
    huge = "99999999999"
    for url in (
        f"/organisations/?working_group={huge}",
        f"/reports/organisations.xlsx?working_group={huge}",
        f"/audit/?entity_id={huge}",
        f"/reports/audit.xlsx?entity_id={huge}",
        f"/reports/corrective-actions.xlsx?group={huge}&organisation={huge}",
    ):
        assert client.get(url).status_code == 200, url
    # ?cycle= names a cycle by id: one out of range is a year unknown (its page), not a 500
    for url in (
        f"/reports/assessments.xlsx?cycle={huge}",
        f"/reports/corrective-actions.xlsx?cycle={huge}",
    ):
        assert client.get(url).status_code == 404, url
    page = client.get(f"/audit/?entity_id={huge}").get_data(as_text=True)
    assert "对象编号须在 1 到 2147483647 之间" in page


def test_a_reason_without_na_is_refused_beside_the_field_and_kept_on_the_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa9 S6: a reason typed beside a level was saved ("已保存。"), shown again, never used."""
    _world, assessment = member_with_assessment(db_session, auth)
    response = client.post(
        f"/assessments/{assessment.id}/sections/C6",
        data={"C6.E1.1__level": "2", "C6.E1.1__na_reason": "本企业不销售产品"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    message = error_beside(page, "C6.E1.1__na_reason")
    assert "未勾选“不适用”，不适用理由不会保存" in message
    assert "本企业不销售产品" in page  # still in its box, nothing typed is lost
    db_session.expire_all()
    # qa18 D1: a refused answer saves none of its parts (level, N/A, reason), so no reason
    # is ever stored without its N/A; the level stays on the page with the reason.
    assert not [a for a in assessment.answers if a.item_id == "C6.E1.1"]
    assert 'checked id="C6.E1.1__level-2"' in page


def test_a_reason_with_na_is_kept_and_cleared_with_it(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    typed = ItemInput(is_na=True, na_reason="不涉及")
    assert services.save_section(assessment, rubric, "C6", {"C6.E1.1": typed}, world.user_a).ok
    answer = next(a for a in assessment.answers if a.item_id == "C6.E1.1")
    assert (answer.is_na, answer.na_reason) == (True, "不涉及")
    to_level = ItemInput(level="2")
    assert services.save_section(assessment, rubric, "C6", {"C6.E1.1": to_level}, world.user_a).ok
    assert (answer.level, answer.is_na, answer.na_reason) == (2, False, None)


def test_a_non_number_as_object_number_gets_an_example_that_is_not_a_year(
    client: FlaskClient, db_session: Session
) -> None:
    """QA13 S18: "请填写整数，例如 2025" beside 对象编号, where 2025 reads as a year."""
    world = make_world()
    db_session.commit()
    AuthActions(client).login(world.secretariat.email)
    page = client.get("/audit/?entity_id=abc").get_data(as_text=True)
    assert "对象编号：请填写整数编号，例如 37。" in page
    assert "例如 2025" not in page
    client.get("/lang/en")
    page = client.get("/audit/?entity_id=abc").get_data(as_text=True)
    assert "Record ID: enter a whole number, for example 37" in page
