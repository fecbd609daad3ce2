"""Required fields are marked, one way on every form (QA39 D1, S7), and the lead's settle
fields are named with their item (QA39 S1).

A required field shows a * after its label (the form says above what it means) and is
aria-required; the events form's type, date and description were not marked at all; the
new user's 所属单位, required unless the user is secretariat staff, said so only after a
refused save. On the discrepancy page every settle field was "最终等级" / "理由" and the
error "请选择最终等级。" did not say for which item.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_secretariat
from tests.web.helpers import member_with_assessment
from tests.web.test_form_input_refusals import ITEM, _in_consolidation

MARK = '<span class="required-mark" aria-hidden="true">*</span>'


def _label(page: str, field_id: str) -> str:
    found = re.search(rf'<label for="{re.escape(field_id)}">(.*?)</label>', page, flags=re.S)
    assert found is not None, field_id
    return found.group(1)


def _control(page: str, field_id: str) -> str:
    found = re.search(rf'<(?:input|select|textarea)[^>]*id="{re.escape(field_id)}"[^>]*>', page)
    assert found is not None, field_id
    return found.group(0)


def test_the_events_form_marks_type_date_and_description_required(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    for lang, note in (("zh_CN", "带 "), ("en", "Fields marked ")):
        client.get(f"/lang/{lang}")
        page = client.get(f"/assessments/{assessment.id}/events").get_data(as_text=True)
        assert f'<p class="help required-note">{note}{MARK}' in page
        for field_id in ("event_type", "occurred_on", "description"):
            assert MARK in _label(page, field_id), field_id
            assert 'aria-required="true"' in _control(page, field_id), field_id
        for field_id in ("direct_loss", "fatalities", "injuries"):
            assert MARK not in _label(page, field_id), field_id
            assert "aria-required" not in _control(page, field_id), field_id


def test_new_organisation_and_user_forms_mark_required_and_conditional_fields(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.get("/organisations/new").get_data(as_text=True)
    assert "带 " + MARK + " 的为必填项。" in page
    for field_id in ("credit_code", "name_zh", "province", "city"):
        assert MARK in _label(page, field_id), field_id
    assert MARK not in _label(page, "name_en")

    page = client.get("/admin/users/new").get_data(as_text=True)
    assert MARK in _label(page, "name")
    assert "（秘书处工作人员以外必填）" in _label(page, "organisation_id")
    client.get("/lang/en")
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert "(required unless secretariat staff)" in _label(page, "organisation_id")


def test_settle_fields_and_their_errors_name_the_item(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    review = _in_consolidation(db_session, auth)
    page = client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True)
    level = _label(page, f"s-{ITEM}-level")
    assert re.sub(r"<[^>]+>", "", level).split() == ["最终等级", f"{ITEM}*"]
    assert f'<span class="visually-hidden"> {ITEM}</span>' in _label(page, f"s-{ITEM}-reason")

    refused = client.post(
        f"/reviews/{review.id}/items/{ITEM}/settle", data={f"s-{ITEM}-level": ""}
    ).get_data(as_text=True)
    assert f'<p class="field-error" id="s-{ITEM}-level-error">{ITEM}：请选择最终等级。</p>' in (
        refused
    )
    assert f'id="s-{ITEM}-reason-error">{ITEM}：请填写裁定理由。</p>' in refused
