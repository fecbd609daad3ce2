"""A small company's HSE officer on a phone (qa44): keyboards, messages, wording."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from tests.conftest import AuthActions
from tests.factories import fill_complete, make_world, start
from tests.factories_reviews import make_review_world
from tests.kpi_target_web import target_author
from tests.web.helpers import member_with_assessment, page_text, upload_evidence
from tests.web.test_v2_pages import real_rubrics  # noqa: F401


def _input_tag(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, name
    return match.group(0)


def test_signed_target_change_gets_a_keyboard_with_a_minus(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    """D1: iOS's decimal keypad has no minus; "-8" (a reduction) must be typeable."""
    assessment = target_author(db_session, auth)
    html = client.get(f"/assessments/{assessment.id}/kpis").get_data(as_text=True)
    change = _input_tag(html, "change_pct")
    assert 'inputmode="text"' in change
    # The target value and the KPI figures cannot be negative: the digit keypad stays, and
    # a whole-number figure's has no decimal point, by the input's own definition (qa56 S3).
    assert 'inputmode="decimal"' in _input_tag(html, "value")
    kpi_inputs = rubric_of(assessment).kpi_inputs
    assert {k.integer for k in kpi_inputs} == {True, False}
    for kpi_input in kpi_inputs:
        keys = "numeric" if kpi_input.integer else "decimal"
        assert f'inputmode="{keys}"' in _input_tag(html, f"{kpi_input.id}__value"), kpi_input.id


def test_a_submit_of_no_stars_says_why(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """S8: "暂定星级为 0 星（总分 62.1）" said no reason; the first failed condition now."""
    world = make_world()
    assessment = start(world)
    rubric = fill_complete(assessment, world.user_a)
    low = {"C1.E1.1": ItemInput(level="0"), "C1.E1.2": ItemInput(value="0")}
    services.save_section(assessment, rubric, "C1", low, world.user_a)
    services.save_section(assessment, rubric, "MS", {"MS.G1.1": ItemInput(level="0")}, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    page = page_text(client, f"/assessments/{assessment.id}")
    confirm = html.unescape(re.findall(r'data-confirm="([^"]*)"', page)[-1])
    assert "暂定星级为 未达 1 星" in confirm, confirm
    assert "未得星的原因：" in confirm


def test_logout_says_every_device_in_sight(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """S6: "（所有设备）" was visually hidden; a phone shows no title either."""
    world = make_world()
    db_session.commit()
    auth.login(world.user_a.email)
    page = page_text(client, "/")
    button = re.search(r'<button[^>]*class="link-button logout"[^>]*>(.*?)</button>', page)
    assert button
    assert button.group(1) == '退出<span class="logout-scope">（所有设备）</span>'


def test_a_heic_photo_is_refused_with_what_to_do(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """S7: the refusal named the allowed types only; now how to send the photo as JPG."""
    world, assessment = member_with_assessment(db_session, auth)
    response = upload_evidence(client, assessment.id, "IMG_4821.HEIC", b"\x00\x00\x00\x18ftypheic")
    page = html.unescape(response.get_data(as_text=True))
    if response.status_code == 302:
        page = html.unescape(page_text(client, response.headers["Location"]))
    assert "HEIC 格式的照片" in page
    assert "兼容性最佳" in page


def test_targets_table_turns_into_cards_on_a_phone(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    """S3: the change rate and the actions were off to the right, with no sign of it."""
    assessment = target_author(db_session, auth)
    year = assessment.cycle.year
    client.post(
        f"/assessments/{assessment.id}/targets",
        data={
            "kpi_id": "OHS-01",
            "base_year": str(year - 1),
            "deadline": str(year + 2),
            "change_pct": "-8",
        },
    )
    page = page_text(client, f"/assessments/{assessment.id}/kpis")
    table = page.split('id="targets"', 1)[1].split("</table>", 1)[0]
    assert '<div class="cards-on-phone">' in table
    assert 'data-label="较基准年变化率（百分比）">-8</td>' in table
    assert 'class="long actions-cell"' in table


def test_lead_group_table_is_cards_on_a_phone_with_actions(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """S5: reviewers, final stars and the lead's actions were out of the 285 px box."""
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.lead.email)
    page = page_text(client, f"/reviews/groups/{world.group.id}")
    table = page.split('id="all"', 1)[1].split("</table>", 1)[0]
    assert '<div class="cards-on-phone">' in table
    assert 'data-label="最终星级"' in table
    assert 'class="long actions-cell"' in table
