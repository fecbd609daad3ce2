"""Members side by side: the median row has the overall self score; defaults fit the field."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.validation import ItemInput
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.reviews.benchmark_views import figure
from rcapp.scoring import quartiles
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world


def test_the_median_row_has_the_overall_self_score_median(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    levels = {i: {"MS.G1.1": ItemInput(level=str(i), evidence_note="记录")} for i in range(5)}
    world = make_review_world(5, overrides=levels)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    scores = [a.overall_score for a in world.assessments]
    assert all(s is not None for s in scores)
    assert len(set(scores)) > 1
    median = quartiles([s for s in scores if s is not None])[1]
    auth.login(world.lead.email)

    page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)

    row = re.search(
        r'<tr><th scope="row">中位数</th><td class="num" data-label="自评得分">([^<]+)</td>', page
    )
    assert row is not None
    assert row.group(1) == figure(median)
    client.get("/lang/en")
    page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
    assert (
        '<tr><th scope="row">Median</th>'
        f'<td class="num" data-label="Self score">{figure(median)}</td>' in page
    )


def test_a_group_of_four_has_no_overall_median_either(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
    assert '<th scope="row">中位数</th>' not in page
    assert "下四分位（P25）" not in page  # nor the overall score's quartiles


def test_the_defaults_say_how_they_were_chosen_and_follow_the_groups_field(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    world.group.section_id = "C1"  # community awareness: its KPI CA-01 comes first
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
    head = page[page.index('<table class="compare">') : page.index("</thead>")]
    assert "CA-01" in head  # which KPIs come first is tested on the real rubric (unit)
    assert "默认显示本组所负责准则（社区" in page
    client.get("/lang/en")
    page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
    assert "By default the table shows the core KPIs of this group's code of practice (" in page


def test_the_fields_kpi_comes_before_the_ratings_in_the_header(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    world.group.section_id = "C1"  # CA-01 is its own; OHS-03 (first in the rubric) follows
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
    head = page[page.index('<table class="compare">') : page.index("</thead>")]
    assert head.index("CA-01") < head.index("OHS-03")
