"""What a screen reader is given (qa59): names, invalid fields and messages in the markup.

- M2: an error flash is a refusal the page's script focuses (role=alert, tabindex=-1).
- M3: "adjust level" without a level or a reason: each message on its own field.
- m4: the delete-evidence button marks its question destructive, naming the action.
- m5: refused credentials mark both fields invalid, described by the one message.
- p2: each evidence file input's name holds its item's code.
"""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_user
from tests.factories_reviews import make_review_world
from tests.web.helpers import member_with_assessment
from tests.web.test_review_pages import _assign

WORDS = {
    "zh": {
        "login": "电子邮箱或密码不正确。",
        "upload": "上传证据文件（可多选）",
        "level": "MS.G1.1：请选择 0–",
        "reason": "MS.G1.1：请填写理由。",
        "delete": "删除",
    },
    "en": {
        "login": "Incorrect email or password.",
        "upload": "Upload evidence files (several at once)",
        "level": "MS.G1.1: please choose a level from 0 to",
        "reason": "MS.G1.1: please give a reason.",
        "delete": "Delete",
    },
}


def _tag(page: str, pattern: str) -> str:
    found = re.search(pattern, page)
    assert found is not None, pattern
    return found[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_refused_credentials_mark_both_fields_by_one_message(
    client: FlaskClient, db_session: Session, lang: str
) -> None:
    make_user(email="hse@example.cn")
    db_session.commit()
    client.get(f"/lang/{lang}")
    for email in ("hse@example.cn", "nobody@example.cn"):  # the same for both: nothing told
        page = client.post("/login", data={"email": email, "password": "nope"}).get_data(
            as_text=True
        )
        assert f'id="login-refused" role="alert">{WORDS[lang]["login"]}</p>' in page
        for name in ("email", "password"):
            field = _tag(page, rf'<input[^>]*name="{name}"[^>]*>')
            assert 'aria-invalid="true"' in field
            assert re.search(r'aria-describedby="[^"]*\blogin-refused\b', field)
        assert f'value="{email}"' in _tag(page, r'<input[^>]*name="email"[^>]*>')


def test_a_plain_login_page_marks_nothing(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert "login-refused" not in page
    assert 'aria-invalid="true"' not in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_adjust_without_level_or_reason_says_each_on_its_field(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(3)
    db_session.commit()
    first, _second = _assign(client, auth, world)
    auth.login(first.reviewer.email)
    client.get(f"/lang/{lang}")
    response = client.post(
        f"/reviews/assignments/{first.id}/items/MS.G1.1",
        data={"d-MS.G1.1-decision": "adjust", "d-MS.G1.1-level": "", "d-MS.G1.1-reason": ""},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    level_error = _tag(page, r'<p class="field-error" id="d-MS\.G1\.1-level-error">[^<]*</p>')
    reason_error = _tag(page, r'<p class="field-error" id="d-MS\.G1\.1-reason-error">[^<]*</p>')
    assert WORDS[lang]["level"] in level_error
    assert WORDS[lang]["reason"] in reason_error
    assert WORDS[lang]["level"] not in reason_error
    assert 'aria-invalid="true"' in _tag(page, r'<select[^>]*id="d-MS\.G1\.1-level"[^>]*>')
    assert 'aria-invalid="true"' in _tag(page, r'<textarea[^>]*id="d-MS\.G1\.1-reason"[^>]*>')

    # A level without a reason: only the reason is refused.
    page = client.post(
        f"/reviews/assignments/{first.id}/items/MS.G1.1",
        data={"d-MS.G1.1-decision": "adjust", "d-MS.G1.1-level": "1", "d-MS.G1.1-reason": ""},
    ).get_data(as_text=True)
    assert "d-MS.G1.1-level-error" not in page
    assert WORDS[lang]["reason"] in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_file_input_is_named_with_its_item_and_deleting_is_destructive(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}")
    url = f"/assessments/{assessment.id}/sections/C1"
    page = client.get(url).get_data(as_text=True)
    label = _tag(page, r'<label for="file-C1\.E1\.1">.*?</label>')
    assert WORDS[lang]["upload"] in label
    assert '<span class="visually-hidden"> C1.E1.1</span>' in label

    client.post(
        url,
        data={"upload": "C1.E1.1", "evidence-C1.E1.1": (BytesIO(b"%PDF-1.4\n"), "a.pdf")},
        content_type="multipart/form-data",
    )
    page = client.get(url).get_data(as_text=True)
    delete = _tag(page, r'<button[^>]*name="delete_evidence"[^>]*>')
    assert f'data-confirm-destructive="{WORDS[lang]["delete"]}"' in delete


def test_an_error_flash_is_a_refusal_the_page_focuses(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    page = client.post(f"/assessments/{assessment.id}/submit").get_data(as_text=True)
    assert re.search(
        r'<div class="flash flash-error" role="alert" tabindex="-1" data-refusal>尚有 \d+ 处未完成',
        page,
    )
