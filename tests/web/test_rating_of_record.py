"""During a re-review after an upheld appeal, every list reads the rating of record.

The result page showed the earlier final rating with "重新评审中" while the organisations
list, the year's counts, the compare pages and the annual report read the self stars.
queries.rated_stars (finals_of_record, the lists' one helper) and reports.source now count
the kept earlier rating (kind `appealed`) as of record, marked contested; closing the year
before the re-rating freezes that rating, and the close page says so.
"""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.queries import finals_of_record, rated_stars
from rcapp.assessments.snapshots import find_snapshot
from rcapp.clock import beijing_today
from rcapp.reviews import settling
from rcapp.reviews.models import Review
from rcapp.reviews.year_figures import year_figures
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_and_finalise


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _reopened(db_session: Session) -> tuple[ReviewWorld, Review, int]:
    """Company 1's final review, appealed and upheld; returns the earlier final stars."""
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[1], world.lead)
    db_session.commit()
    earlier = review.final_stars
    assert earlier is not None
    appeal = settling.file_appeal(review, "证据齐全", beijing_today(), world.members[1])
    settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
    db_session.commit()
    return world, review, earlier


def test_lists_read_the_earlier_final_rating_marked_contested(db_session: Session) -> None:
    _world, review, earlier = _reopened(db_session)

    rated = rated_stars([review.assessment_id])[review.assessment_id]
    assert (rated.stars, rated.final, rated.contested) == (earlier, True, True)
    assert finals_of_record([review.assessment_id])[review.assessment_id].stars == earlier


def test_the_organisations_list_shows_it_under_re_review(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review, earlier = _reopened(db_session)
    auth.login(world.secretariat.email)

    page = client.get(f"/cycles/{world.cycle.id}/organisations").get_data(as_text=True)
    name = review.assessment.organisation.name_zh
    row = _text(page.split(name, 1)[1].split("</tr>", 1)[0])

    assert f"{earlier} 星" in row
    assert "重新评审中" in row


def test_refinalising_ends_the_contest(db_session: Session) -> None:
    world, review, _earlier = _reopened(db_session)
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()

    rated = rated_stars([review.assessment_id])[review.assessment_id]
    assert rated.final
    assert not rated.contested


def test_freezing_keeps_the_rating_of_record(db_session: Session) -> None:
    _world, review, earlier = _reopened(db_session)

    services.freeze_assessment(review.assessment)
    db_session.commit()

    frozen = find_snapshot(review.assessment, SnapshotKind.FROZEN)
    assert frozen is not None
    assert frozen.stars == earlier


def test_the_close_page_says_the_earlier_rating_is_frozen(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, _review, earlier = _reopened(db_session)
    auth.login(world.secretariat.email)

    text = _text(client.get(f"/cycles/{world.cycle.id}/close").get_data(as_text=True))

    assert f"将冻结并发布其此前经同行评审的最终星级：{earlier} 星" in text


def test_the_years_counts_read_the_earlier_stars_but_not_as_final_again(
    db_session: Session,
) -> None:
    world, review, earlier = _reopened(db_session)
    before = year_figures(world.cycle.id)
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    after = year_figures(world.cycle.id)

    assert after.final_results == before.final_results + 1
    assert dict(before.stars)[earlier] >= 1
    assert before.stars == after.stars  # the same rating of record, final again


def test_the_lists_final_filter_agrees_with_the_years_count_during_a_re_review(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """The year page's final-results count links to the list filtered to 结果 = final."""
    world, review, _earlier = _reopened(db_session)
    auth.login(world.secretariat.email)
    name = review.assessment.organisation.name_zh

    page = client.get(f"/cycles/{world.cycle.id}/organisations?result=final").get_data(as_text=True)
    shown = re.search(r"共 (\d+) 家", _text(page))

    assert name not in _text(page)
    assert shown is not None
    assert int(shown.group(1)) == year_figures(world.cycle.id).final_results
