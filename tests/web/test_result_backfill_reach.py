"""A draft that may still backfill (补录) the earlier years a band's run of reporting needs
reads that band as its own to reach on the result page, not "本年度无法满足"
(backfillcap #3); once the year is locked the run is what it is.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import fill_complete, make_world, start
from tests.web.helpers import page_words


def test_years_still_offered_for_backfill_keep_the_band_within_this_years_reach(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(2025)
    assessment = start(
        world
    )  # 2023 and 2024 may be backfilled: 2 stars' two years are not out of reach
    fill_complete(assessment, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    words = page_words(client, f"/assessments/{assessment.id}/result")
    assert "本年度最高可达 3 星" in words
    assert "本单位仍可做的：" in words
    assert "核心绩效指标连续报送 1 年（要求 2 年）" in words
    assert "本年度无法满足" not in words
    client.get("/lang/en")
    words = page_words(client, f"/assessments/{assessment.id}/result")
    assert "At most 3 stars this year" in words
    assert "cannot be met this year" not in words.lower()
