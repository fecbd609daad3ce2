"""A download named in Chinese keeps a clean ASCII name for clients without filename*."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_world, submitted_assessment
from tests.scorecard_download import fetch_scorecard


def test_the_chinese_scorecards_ascii_name_has_no_double_hyphen(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    world.org_a.name_zh = "鲁东化肥有限公司"
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    response = fetch_scorecard(client, assessment.id, "zh")
    code = world.org_a.credit_code
    header = response.headers["Content-Disposition"]
    assert f'filename="scorecard-{code}-2025.pdf"' in header
    quoted = "%E9%B2%81%E4%B8%9C%E5%8C%96%E8%82%A5"  # 鲁东化肥
    assert f"filename*=UTF-8''scorecard-{quoted}-{code}-2025.pdf" in header
