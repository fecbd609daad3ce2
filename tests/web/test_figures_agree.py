"""One figure, one value: the score and stars of record wherever they show.

The result page shows a closed year's frozen result, else a finished peer review's final
one, else the self-assessment. The lists, the overview, the home page and the downloads
showed the self-assessed score beside the final stars (88.3 beside "3 stars, final" where
the final score is 87.3), the list export the self-assessed stars under "stars
(provisional)", and a closed year's result page called its published result provisional.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments import queries
from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.snapshots import (
    ShownScorecard,
    find_snapshot,
    snapshot_review_context,
    snapshot_scorecard,
)
from rcapp.cycles import services as cycle_services
from rcapp.cycles.models import CycleStatus
from rcapp.reports.data import source_label
from rcapp.reviews import reviewing, settling
from rcapp.reviews import services as review_services
from rcapp.reviews.models import Decision, Review, ReviewKind
from rcapp.web import format_score
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, make_review_world, reviewers_of
from tests.web.helpers import page_text


def _finalised(world: ReviewWorld, index: int, *, lower: bool = True) -> Review:
    """Finalise a peer review; `lower`: both reviewers find the first sampled item at 0."""
    review = review_services.assign_reviewers(
        world.assessments[index], ReviewKind.ONSITE, reviewers_of(world, index), world.lead
    )
    lowered = rubric_of(world.assessments[index]).item_index()[review.sample[0]]
    for assignment in review.assignments:
        if lower:
            reviewing.save_decision(
                assignment, lowered, False, Decision.ADJUST, 0, "无记录", assignment.reviewer
            )
        reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
        reviewing.submit_assignment(assignment, assignment.reviewer)
    if lower:
        settling.settle_item(review, lowered.id, 0, "评审员一致：无记录", world.lead)
    settling.finalise_review(review, 30, world.lead)
    return review


def _row(page: str, name: str) -> str:
    return page.split(name)[1].split("</tr>")[0]


def _world(db_session: Session) -> tuple[ReviewWorld, Review]:
    world = make_review_world(5)
    review = _finalised(world, 0)
    db_session.commit()
    assert review.final_score != review.assessment.overall_score  # the review moved it
    return world, review


def _sheet_rows(client: FlaskClient, url: str) -> list[tuple[object, ...]]:
    response = client.get(url)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def _line(
    header: tuple[object, ...], rows: list[tuple[object, ...]], name: str
) -> dict[object, object]:
    return dict(zip(header, next(r for r in rows if r[0] == name), strict=True))


def test_lists_overview_and_export_show_the_final_score_with_the_final_stars(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review = _world(db_session)
    assessment: Assessment = world.assessments[0]
    final = format_score(review.final_score)
    self_score = format_score(assessment.overall_score)
    auth.login(world.members[0].email)

    result = page_text(client, f"/assessments/{assessment.id}/result")
    assert f"<strong>{final}</strong>" in result
    listed = _row(page_text(client, "/assessments/"), world.companies[0].name_zh)
    assert final in listed
    assert self_score not in listed
    assert f"{review.final_stars} 星" in listed
    overview = page_text(client, f"/assessments/{assessment.id}")
    assert f"<dd>{final}</dd>" in overview
    assert self_score not in overview

    auth.logout()
    auth.login(world.lead.email)  # sees the group's submitted assessments
    rows = _sheet_rows(client, "/reports/assessments.xlsx")
    header = rows[1]
    assert "星级（暂定）" not in header
    line = _line(header, rows, world.companies[0].name_zh)
    assert (line["总分"], line["星级"], line["结果性质"]) == (
        float(review.final_score or 0),
        review.final_stars,
        "最终",
    )
    other = _line(header, rows, world.companies[1].name_zh)
    assert (other["星级"], other["结果性质"]) == (world.assessments[1].stars, "暂定")

    client.get("/lang/en")
    rows = _sheet_rows(client, "/reports/assessments.xlsx")
    assert "Result status" in rows[1]
    assert "Final" in next(r for r in rows if r[0] == world.companies[0].name_en)


def test_a_closed_years_result_is_published_not_provisional(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = _finalised(world, 0, lower=False)  # the review's own rating: more stars
    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    assert review.final_stars != world.assessments[0].stars
    auth.login(world.members[0].email)  # its published result is the final review's
    published = page_text(client, "/").split('id="closed-heading"')[1].split("</section>")[0]
    assert f"{review.final_stars} 星" in published
    assert f"{world.assessments[0].stars} 星" not in published
    auth.logout()
    assessment: Assessment = world.assessments[1]  # not peer reviewed
    auth.login(world.members[1].email)

    result = page_text(client, f"/assessments/{assessment.id}/result")
    heading = result.split('id="rating-title">')[1].split("</h2>")[0]
    # The glossary's words (暂定 / 最终), never a third one such as 已发布 (QA8 S5).
    assert "最终结果（自评，未经同行评审）" in heading
    facts = result.split('class="facts"')[1].split("</dl>")[0]
    assert "暂定" not in facts
    assert "最终（自评）" in facts
    assert "已发布" not in result
    listed = _row(page_text(client, "/assessments/"), world.companies[1].name_zh)
    assert "暂定" not in listed
    assert "最终（自评）" in listed  # the lists say it as the page does

    response = client.get(f"/reports/assessments/{assessment.id}/results.xlsx")
    summary = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]
    facts_sheet = {row[0]: row[1] for row in summary.iter_rows(values_only=True)}
    assert facts_sheet["结果性质"] == "最终（自评）"

    client.get("/lang/en")
    result = page_text(client, f"/assessments/{assessment.id}/result")
    assert "Final result (self-assessed, not peer reviewed)" in result
    assert "Final (self-assessed)" in result


def test_a_review_finalised_after_the_close_does_not_change_the_published_stars(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    # Reviews are frozen with a closed year now (reviews.year_lock); a review finalised
    # after the close, as one could be before that rule, is made with the year open again.
    world.cycle.status = CycleStatus.OPEN
    review = _finalised(world, 1, lower=False)
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    assessment: Assessment = world.assessments[1]
    frozen = find_snapshot(assessment, SnapshotKind.FROZEN)
    assert frozen is not None
    assert review.final_stars != frozen.stars
    auth.login(world.secretariat.email)

    result = page_text(client, f"/assessments/{assessment.id}/result")
    assert f"{frozen.stars} 星" in result.split('id="rating-title"')[1].split("</dl>")[0]
    rated = queries.rated_stars([assessment.id])[assessment.id]
    assert (rated.stars, rated.overall, rated.final) == (frozen.stars, frozen.overall_score, False)
    roster = _row(
        page_text(client, f"/cycles/{world.cycle.id}/organisations"), world.companies[1].name_zh
    )
    assert f"{frozen.stars} 星" in roster
    assert "最终（自评）" in roster  # the frozen self-assessed result, not the review's
    assert "最终</span>" not in roster


def test_documents_date_a_kept_result_by_the_beijing_day(db_session: Session) -> None:
    world, _review = _world(db_session)
    snapshot = find_snapshot(world.assessments[0], SnapshotKind.FINAL)
    assert snapshot is not None
    late = dt.datetime(2026, 12, 2, 22, 48, tzinfo=dt.UTC)  # 06:48 on 3 December in Beijing
    shown = ShownScorecard(
        snapshot_scorecard(snapshot), snapshot_review_context(snapshot), SnapshotKind.FINAL, late
    )
    with force_locale("zh_CN"):
        label = source_label(shown)
    assert "2026-12-03" in label
    assert "2026-12-02" not in label
