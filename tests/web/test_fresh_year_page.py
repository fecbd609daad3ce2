"""A freshly opened year: nothing to compute yet, and English counts that agree (QA58 9, 12).

A year with nothing submitted offered "用已提交的自评计算对标数据" and "重新计算…" all the
same; its English page read "1 drafts", the secretariat's home "2 Draft".
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_assessment, make_world
from tests.web.helpers import page_text

NOTHING = {
    "zh_CN": ("本年度还没有已提交的自评，暂时没有可计算的对标数据。", "没有可重新计算的已存结果"),
    "en": ("Nothing has been submitted for this year yet", "no stored results to recompute"),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_year_with_nothing_submitted_says_there_is_nothing_to_compute(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    make_assessment(world.org_a, world.cycle)  # a draft: nothing submitted
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}?next=/")
    page = page_text(client, f"/cycles/{world.cycle.id}")
    benchmarks, recompute = NOTHING[lang]
    assert benchmarks in page
    assert 'disabled aria-describedby="benchmarks-nothing"' in page
    assert recompute in page
    assert 'id="recompute-start"' not in page


def test_english_counts_agree_with_their_numbers(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    make_assessment(world.org_a, world.cycle)  # 1 draft
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get("/lang/en?next=/")
    detail = page_text(client, f"/cycles/{world.cycle.id}")
    assert "1</a> draft," in detail
    home = page_text(client, "/")
    assert '<span class="count">1</span> draft</a>' in home
    assert '<span class="count">0</span> submitted</a>' in home
