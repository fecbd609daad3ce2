"""A closed year's "三星及以上" park figure is what the close froze, whatever changes later.

The count was taken live from the residents' current ratings, so a closed year's park page
(and the park KPI PK-RC-02 read through the same count) moved when a resident's rating did
after the close. It now reads each closed-year assessment's frozen result, the year's
published one; an open year's own assessments still count live.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.queries import rated_stars
from rcapp.assessments.resident_ratings import three_star_residents_in
from rcapp.assessments.snapshots import find_snapshot
from rcapp.cycles import services as cycle_services
from rcapp.reviews import settling
from tests.conftest import AuthActions
from tests.factories import make_final_stars, make_park, make_user
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise
from tests.web.helpers import page_text


def _figure(client: FlaskClient, park_id: int, cycle_id: int) -> int:
    page = page_text(client, f"/benchmarks/parks/{park_id}?cycle={cycle_id}")
    found = re.search(r"三星及以上 (\d+) 家", page)
    assert found is not None, page
    return int(found.group(1))


def test_a_closed_years_park_figure_does_not_move_when_a_rating_changes_after_the_close(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    submit_and_finalise(review, world.lead)
    final_stars = review.final_stars or 0
    self_stars = world.assessments[0].stars or 0
    assert final_stars >= 3 > self_stars  # the review is what makes it three stars
    park = make_park()  # after the assignments: same-park reviewers conflict
    for company in world.companies[:3]:
        company.park_id = park.id
    office = make_user(park)
    # The secretariat upholds an appeal: the review reopens, the final rating is withdrawn
    # (kept as `appealed`); the close publishes that earlier final rating.
    assert review.appeal_until is not None
    appeal = settling.file_appeal(review, "评级有误", review.appeal_until, world.members[0])
    settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    frozen = find_snapshot(world.assessments[0], SnapshotKind.FROZEN, document=False)
    assert frozen is not None
    assert frozen.stars == final_stars
    assert rated_stars([world.assessments[0].id])[world.assessments[0].id].stars == final_stars
    auth.login(office.email)
    assert _figure(client, park.id, world.cycle.id) == 1  # as the year was published

    # Afterwards a one-star final result is written for the resident (a re-rating).
    make_final_stars(world.assessments[0], 1)
    db_session.commit()
    assert _figure(client, park.id, world.cycle.id) == 1
    assert three_star_residents_in(park.id, world.cycle) == 1
    url = f"/benchmarks/parks/{park.id}?cycle={world.cycle.id}"
    assert "本年度已关闭：各企业按关闭时冻结的结果计" in page_text(client, url)
    client.get("/lang/en")
    assert "This year is closed: each company counts with the result frozen" in page_text(
        client, url
    )


def test_an_open_years_figure_stays_live(db_session: Session) -> None:
    """Live, on the rating of record: an upheld appeal keeps the earlier final until re-rated."""
    world = make_review_world(5)
    review = assign_all(world)[0]
    park = make_park()
    for i in (0, 3, 4):  # not 1 and 2: they review company 0 (same-park reviewers conflict)
        world.companies[i].park_id = park.id
    db_session.commit()
    assert three_star_residents_in(park.id, world.cycle) == 0  # self-assessed, below three
    submit_and_finalise(review, world.lead)
    db_session.commit()
    assert three_star_residents_in(park.id, world.cycle) == 1
    assert review.appeal_until is not None
    appeal = settling.file_appeal(review, "评级有误", review.appeal_until, world.members[0])
    settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
    db_session.commit()
    assert three_star_residents_in(park.id, world.cycle) == 1  # contested, as the lists show
    make_final_stars(world.assessments[0], 1)  # the lead rates again
    db_session.commit()
    assert three_star_residents_in(park.id, world.cycle) == 0
