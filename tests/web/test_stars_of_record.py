"""Every list shows the stars the result page shows: final after a finished peer review.

Before, the lists (the secretariat's year, the lead's home panel, the self-assessments
list, the organisation page, the overview) showed the stars self-assessed at submission,
one star where the final review gave three, beside pages that showed the final rating.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import queries
from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.assessments.snapshots import find_snapshot
from rcapp.cycles import services as cycle_services
from rcapp.reviews import services as review_services
from rcapp.reviews.models import Review, ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import (
    ReviewWorld,
    make_review_world,
    reviewers_of,
    submit_and_finalise,
)
from tests.web.helpers import page_text


def _finalised(world: ReviewWorld, index: int) -> Review:
    review = review_services.assign_reviewers(
        world.assessments[index], ReviewKind.ONSITE, reviewers_of(world, index), world.lead
    )
    submit_and_finalise(review, world.lead)
    return review


def _row(page: str, name: str) -> str:
    return page.split("<table", 1)[1].split(name)[1].split("</tr>")[0]  # not the to-do list


def _world(db_session: Session) -> tuple[ReviewWorld, Review]:
    world = make_review_world(5)
    review = _finalised(world, 0)
    db_session.commit()
    assert review.final_stars is not None
    assert review.final_stars != review.assessment.stars  # self-assessed stars are capped
    return world, review


def test_the_secretariats_year_lists_final_stars_and_sorts_by_them(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review = _world(db_session)
    auth.login(world.secretariat.email)

    page = page_text(client, f"/cycles/{world.cycle.id}/organisations?sort=stars&order=desc")

    final = _row(page, world.companies[0].name_zh)
    assert f"{review.final_stars} 星" in final
    assert "最终" in final
    other = _row(page, world.companies[1].name_zh)
    assert f"{world.assessments[1].stars} 星" in other
    assert "暂定" in other
    # sorted by the stars shown: the final three before the self-assessed ones
    assert page.index(world.companies[0].name_zh) < page.index(world.companies[1].name_zh)


def test_the_leads_home_panel_lists_final_stars(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review = _world(db_session)
    auth.login(world.lead.email)

    page = page_text(client, "/")

    final = _row(page, world.companies[0].name_zh)
    assert f"{review.final_stars} 星" in final
    assert "最终" in final
    assert "暂定" in _row(page, world.companies[2].name_zh)


def test_the_company_sees_its_final_stars_in_its_lists_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review = _world(db_session)
    assessment = world.assessments[0]
    auth.login(world.members[0].email)

    listed = _row(page_text(client, "/assessments/"), world.companies[0].name_zh)
    assert f"{review.final_stars} 星" in listed
    assert "最终" in listed
    overview = page_text(client, f"/assessments/{assessment.id}")
    assert f"{review.final_stars} 星" in overview
    assert f"<dd>{review.final_score}</dd>" in overview  # the final score with the stars
    organisation = page_text(client, f"/organisations/{world.companies[0].id}")
    assert f"{review.final_stars} 星" in organisation.split('id="assessments-heading"')[1]

    client.get("/lang/en")
    listed = page_text(client, "/assessments/")
    assert f"{review.final_stars} star" in listed
    assert "Final" in listed
    assert "Overall score" in page_text(client, f"/assessments/{assessment.id}")


def test_the_year_over_year_page_keeps_self_and_final_stars_apart(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review = _world(db_session)
    auth.login(world.members[0].email)

    page = page_text(client, f"/benchmarks/organisations/{world.companies[0].id}/years")

    self_row = page.split("自评星级")[1].split("</tr>")[0]
    final_row = page.split("最终星级")[1].split("</tr>")[0]
    assert f">{review.assessment.stars} 星<" in self_row
    assert f">{review.final_stars} 星<" in final_row


def test_stars_of_record_follow_the_final_snapshot_and_a_closed_years_frozen_one(
    db_session: Session,
) -> None:
    world, review = _world(db_session)
    ids = [a.id for a in world.assessments]

    rated = queries.rated_stars(ids)
    assert rated == {
        world.assessments[0].id: queries.Rated(review.final_stars or 0, True, review.final_score)
    }
    assert queries.rated_stars(cycle_id=world.cycle.id) == rated
    assert queries.rated_stars([]) == {}

    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    rated = queries.rated_stars(ids)
    for assessment in world.assessments[1:]:
        frozen = find_snapshot(assessment, SnapshotKind.FROZEN)
        assert frozen is not None
        assert rated[assessment.id] == queries.Rated(
            frozen.stars, False, frozen.overall_score, frozen=True
        )
    # the published result is the final review's: kept as the frozen one, and final
    assert rated[world.assessments[0].id] == queries.Rated(
        review.final_stars or 0, True, review.final_score, frozen=True
    )


def test_a_year_still_closing_shows_no_frozen_stars(db_session: Session) -> None:
    world, _review = _world(db_session)
    for assessment in world.assessments:
        db_session.refresh(assessment)
    cycle_services.start_closing(world.cycle, world.secretariat)
    db_session.commit()
    other: Assessment = world.assessments[1]
    assert queries.rated_stars([other.id]) == {}  # nothing frozen is read while closing
