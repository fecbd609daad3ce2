"""The star bands above this year's reach fold away together (qa56 M6).

A first-year organisation can reach 1 star at most: the page said so at the top and then
listed every band's conditions in full, about 19 screens on a phone. The bands above the
headline's figure now sit in one closed fold whose summary says why; the short "why not
the next star" block comes before the long lists.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_world, start

SUMMARY = {
    "zh_CN": "{low}–{high} 星的条件（本年度无法达到，点击展开）",
    "en": "Conditions for {low}–{high} stars (out of reach this year; click to show)",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_bands_above_the_reach_fold_into_one_closed_fold(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    # 2024's assessment reported no KPI and may not be backfilled (补录): this year's run
    # cannot be lengthened, so 2 stars are out of reach
    make_assessment(world.org_a, make_cycle(year=2024))
    assessment = start(world)
    db_session.commit()
    top = max(band.stars for band in rubric_of(assessment).rating.bands)
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    assert "本年度最高可达 1 星" in page or "At most 1 star this year" in page
    # Closed: the fold's tag carries no "open" attribute.
    assert '<details class="fold bands-beyond" id="bands-beyond">' in page
    start_at = page.index('id="bands-beyond"')
    inside = page[start_at : page.index("</section>", start_at)]
    assert SUMMARY[lang].format(low=2, high=top) in inside
    assert inside.count('<details class="fold band"') == top - 1
    # The reachable band stays outside the fold, as before.
    conditions = page[page.index('id="bands-title"') : page.index('id="bands-beyond"')]
    assert conditions.count('<details class="fold band"') == 1
    # The short "why not" block comes before the long lists.
    assert page.index('id="why-not-title"') < page.index('id="bands-title"')
