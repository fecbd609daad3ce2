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


def test_the_to_do_list_offers_the_backfill_that_raises_the_cap_with_its_links(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(2025)
    assessment = start(world)  # no earlier assessment: 2023 and 2024 offered for backfill
    fill_complete(assessment, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    html = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    overview = page_words(client, f"/assessments/{assessment.id}")
    words = page_words(client, f"/assessments/{assessment.id}/result")
    # the overview's cap sentence, word for word, under "what the organisation can still do"
    sentence = words[words.index("本单位仍可做的：") :]
    said = next(s for s in ("补录 2024 年度", "补录 2023、2024 年度") if s in overview)
    assert said in sentence
    assert f"/assessments/{assessment.id}/kpis/earlier/2024" in html.split('id="reach-backfill"')[1]
    client.get("/lang/en")
    words = page_words(client, f"/assessments/{assessment.id}/result")
    todo = words[words.index("What your organisation can still do:") :]
    assert "Once the core KPI data of" in todo
