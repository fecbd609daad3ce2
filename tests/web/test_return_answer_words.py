"""The return form says each answer as the section page does (secwords #1).

A yes/no item read "单位的答案：等级 1" beside "是否满足 是/否"; the secretariat then wrote
its note about a level the member never saw.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from tests.conftest import AuthActions
from tests.factories import fill_complete, make_world, start

NA_REASON = "本单位没有储罐区"


def _returned_page(client: FlaskClient, url: str, lang: str) -> str:
    client.get(f"/lang/{lang}")
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(response.get_data(as_text=True).split())


def test_the_return_form_says_each_answer_as_the_section_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    na = {"C6.E1.1": ItemInput(is_na=True, na_reason=NA_REASON)}
    services.save_section(assessment, rubric_of(assessment), "C6", na, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    auth.login(world.secretariat.email)
    url = f"/cycles/assessments/{assessment.id}/return"

    zh = _returned_page(client, url, "zh_CN")
    assert "单位的答案：是" in zh  # MS.G1.2, a yes/no item answered 1
    assert "单位的答案：3 全面实施" in zh  # MS.G1.1, a maturity level with its name
    assert "单位的答案：2 次" in zh  # C1.E1.2, a figure with its unit
    assert f"单位的答案：不适用（{NA_REASON}）" in zh
    assert "等级 1" not in zh

    en = _returned_page(client, url, "en")
    assert "Their answer: Yes" in en
    assert "Their answer: 3 Fully implemented" in en
    assert "Their answer: 2 drills" in en
    assert f'Their answer: N/A (<span lang="zh-CN">{NA_REASON}</span>)' in en
    assert "Level 1" not in en
