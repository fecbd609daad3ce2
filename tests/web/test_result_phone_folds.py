"""The result page's long parts fold on a phone, open on a desktop (qa57 b).

At 390 px the page was about 14,700 px tall: every section's element table, the conditions
of the bands not reached and the KPI tables in full. They are <details> open in the markup
(a desktop, a browser without JavaScript) and marked data-phone-fold, which
static/js/phone-folds.js closes on a narrow screen; the browser test measures it there.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from tests.conftest import AuthActions
from tests.factories import fill_complete, make_world, start
from tests.web.helpers import result_page

KPI_SUMMARY = {"zh_CN": "各项指标的数值（{n} 项）", "en": "Values of the KPIs ({n})"}
# Submitted: the items can no longer be changed, the table reads as next year's (QA63 p2).
STEPS_SUMMARY = {
    "zh_CN": "下一年度可提升的评价项（{n} 项）",
    "en": "Items to raise next year ({n})",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_long_parts_are_open_folds_a_phone_closes(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    card = services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}?next=/")
    page = result_page(client, assessment.id)
    assert "/static/js/phone-folds.js" in page
    marked = re.findall(
        r'<details class="fold ([\w-]+)"(?: id="([\w-]+)")? open data-phone-fold>', page
    )
    sections = [("section-elements", f"section-{s.section_id}") for s in card.sections]
    unmet = [("band", "") for band in card.rating.bands if not band.passed]
    assert unmet
    assert marked == [
        ("path-steps", "path-steps"),
        *unmet,
        *sections,
        ("kpi-details", "kpi-values"),
        ("kpi-details", "kpi-ladder-fold"),
    ]
    # Met bands stay closed everywhere; nothing else starts closed on a desktop.
    assert page.count('<details class="fold band">') == sum(b.passed for b in card.rating.bands)
    assert KPI_SUMMARY[lang].format(n=len(card.kpis)) in page
    steps = page[
        page.index('id="path-steps"') : page.index("</details>", page.index('id="path-steps"'))
    ]
    assert STEPS_SUMMARY[lang].format(n=steps.count("<tr>") - 1) in steps  # less the header
    # The ladder's heading is the summary: #kpi-ladder-title, linked above, points into it.
    assert re.search(
        r'id="kpi-ladder-fold" open data-phone-fold>\s*<summary><h3 id="kpi-ladder-title">', page
    )
