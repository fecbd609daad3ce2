"""The lead's side-by-side table says 未评定 / Not rated for a result that is not rated.

Company 0 leaves prerequisite P1 unmet: its self-assessed and final results are kept with
0 stars, and only their snapshots' `rated` flags tell them from a rated 0-star result.
Company 2 is given a rated 0-star result to sort against.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from rcapp.assessments.models import ScorecardSnapshot, SnapshotKind
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.reviews.models import Review
from tests.conftest import AuthActions
from tests.factories_reviews import (
    ReviewWorld,
    assign_all,
    make_review_world,
    submit_and_finalise,
)

NOT_RATED, RATED_ZERO = "测试企业一", "测试企业二"  # by name: the unrated one first
_UNMARKED = re.compile('^<span lang="zh-CN">(.*)</span>$')
# A rated 0-star result: five empty marks, and "未达 1 星" for screen readers (vcnames 3).
ZERO = (
    '<span class="stars" aria-hidden="true">☆☆☆☆☆</span> <span class="stars-num">未达 1 星</span>'
)


def _world(db_session: Session, auth: AuthActions) -> tuple[ReviewWorld, list[Review]]:
    world = make_review_world(5, unmet=[0])
    reviews = assign_all(world)
    for i in (0, 2):
        submit_and_finalise(reviews[i], world.lead)
    assert reviews[0].final_stars == 0
    for i, name in ((0, NOT_RATED), (2, RATED_ZERO)):
        world.companies[i].name_zh, world.companies[i].name_en = name, None
    world.assessments[2].stars, reviews[2].final_stars = 0, 0  # rated, with 0 stars
    # ... and its final snapshot, which the final-stars column reads (finals_of_record)
    db_session.execute(
        update(ScorecardSnapshot)
        .where(
            ScorecardSnapshot.assessment_id == world.assessments[2].id,
            ScorecardSnapshot.kind == SnapshotKind.FINAL,
        )
        .values(stars=0)
    )
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    return world, reviews


def _rows(client: FlaskClient, world: ReviewWorld, query: str = "") -> list[tuple[str, str]]:
    """(name, row HTML) of the table's member rows, in the order shown.

    English pages mark a Chinese name lang="zh-CN"; the name is given without that mark.
    """
    page = client.get(f"/benchmarks/groups/{world.group.id}{query}").get_data(as_text=True)
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        (_UNMARKED.sub(r"\1", row.split('#radar">', 1)[1].split("</a>", 1)[0]), row)
        for row in body.split("<tr>")[1:]
        if "#radar" in row
    ]


def _stars_cells(row: str) -> list[str]:
    """The self and final stars cells (after the overall score).

    Without the note beside self stars the peer-review gate held (test_self_stars_capped_note):
    company 2's kept self result is capped, whatever stars the test gives it.
    """
    cells = [c.split(">", 1)[1].split("</td>", 1)[0] for c in row.split('<td class="num"')[1:]]
    return [c.split('<br><span class="help capped"', 1)[0] for c in cells[1:3]]


def test_a_result_not_rated_reads_not_rated_in_both_star_columns(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, _reviews = _world(db_session, auth)
    rows = dict(_rows(client, world))
    assert _stars_cells(rows[NOT_RATED]) == ["未评定", "未评定"]
    assert _stars_cells(rows[RATED_ZERO]) == [ZERO, ZERO]

    client.get("/lang/en")
    rows = dict(_rows(client, world))
    assert _stars_cells(rows[NOT_RATED]) == ["Not rated", "Not rated"]
    assert f'<span lang="zh-CN">{NOT_RATED}</span></a>' in rows[NOT_RATED]


def test_sorting_by_stars_puts_not_rated_below_zero_stars(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, _reviews = _world(db_session, auth)
    for column in ("stars", "final"):
        down = [name for name, _row in _rows(client, world, f"?sort={column}&dir=desc")]
        assert down.index(RATED_ZERO) < down.index(NOT_RATED), column
        up = [name for name, _row in _rows(client, world, f"?sort={column}&dir=asc")]
        assert up[0] == NOT_RATED, column
        assert up.index(NOT_RATED) < up.index(RATED_ZERO), column


def test_the_kept_table_shows_a_change_of_the_rated_flag(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, _reviews = _world(db_session, auth)
    assert _stars_cells(dict(_rows(client, world))[RATED_ZERO]) == [ZERO, ZERO]
    # Only the snapshots' flags change: stars, scores and reviews read the same.
    db_session.execute(
        update(ScorecardSnapshot)
        .where(ScorecardSnapshot.assessment_id == world.assessments[2].id)
        .where(ScorecardSnapshot.kind.in_([SnapshotKind.SELF, SnapshotKind.FINAL]))
        .values(rated=False)
    )
    db_session.commit()
    assert _stars_cells(dict(_rows(client, world))[RATED_ZERO]) == ["未评定", "未评定"]
