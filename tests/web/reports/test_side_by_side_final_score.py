"""The side-by-side workbook's final score, and its final-stars note for a reopened review.

The lead's workbook had the members' self score but not their final score after peer
review, and its 最终星级说明 was empty for a member whose review an upheld appeal reopened:
the earlier final rating stays of record, and the pages mark it 重新评审中 (in a closed
year 最终（申诉成立，重新评审未完成）).
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.snapshots import find_snapshot
from rcapp.cycles.services import close_cycle
from rcapp.reviews import settling
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_and_finalise

HEADER = {
    "zh_CN": ("自评星级说明", "最终得分", "最终星级", "最终星级说明", "评审"),
    "en": (
        "Self-assessed stars note",
        "Final score",
        "Final stars",
        "Final stars note",
        "Review",
    ),
}
AGAIN = {"zh_CN": "重新评审中", "en": "In review again"}
FROZEN = {
    "zh_CN": "最终（申诉成立，重新评审未完成）",
    "en": "Final (appeal upheld, re-review not finished)",
}


def _sheet(client: FlaskClient, world: ReviewWorld, lang: str) -> dict[str, dict[str, object]]:
    """The workbook's member rows in `lang`, by member name, each cell by its heading."""
    client.get(f"/lang/{lang}")
    url = f"/reports/working-groups/{world.group.id}/side-by-side.xlsx?cycle={world.cycle.id}"
    response = client.get(url)
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.data)).worksheets[0].iter_rows(values_only=True))
    at = next(i for i, row in enumerate(rows) if HEADER[lang][0] in row)  # notes above it
    header = rows[at]
    start = header.index(HEADER[lang][0])
    assert header[start : start + 5] == HEADER[lang]  # the final score beside the final stars
    names = {c.display_name("en" if lang == "en" else "zh") for c in world.companies}
    return {
        str(row[0]): dict(zip((str(h) for h in header), row, strict=True))
        for row in rows[at + 1 :]
        if row[0] in names
    }


def _reviewed(db_session: Session) -> tuple[ReviewWorld, list[Decimal]]:
    """Companies 0 and 1 finalised, company 0's appeal upheld: its review is open again."""
    world = make_review_world(5)
    reviews = assign_all(world)
    for review in reviews[:2]:
        submit_and_finalise(review, world.lead)
    scores = []
    for review in reviews[:2]:
        assert review.final_score is not None
        scores.append(review.final_score)
    review = reviews[0]
    assert review.appeal_until is not None
    appeal = settling.file_appeal(review, "评级有误", review.appeal_until, world.members[0])
    settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
    db_session.commit()
    kept = find_snapshot(review.assessment, SnapshotKind.APPEALED, document=False)
    assert kept is not None  # the earlier rating is kept
    assert review.final_score is None
    return world, scores


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_final_score_stands_beside_the_final_stars_and_a_reopened_review_is_said(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, scores = _reviewed(db_session)
    score, stars, note, review = HEADER[lang][1:]
    auth.login(world.lead.email)

    rows = _sheet(client, world, lang)

    zh = "en" if lang == "en" else "zh"
    reopened, finalised, unreviewed = (rows[c.display_name(zh)] for c in world.companies[:3])
    assert reopened[score] == pytest.approx(float(scores[0]))  # the earlier final score
    assert isinstance(reopened[stars], int)  # the earlier final stars, of record
    assert reopened[note] == AGAIN[lang]
    assert reopened[review] == AGAIN[lang]
    assert finalised[score] == pytest.approx(float(scores[1]))
    assert isinstance(finalised[stars], int)
    assert finalised[note] is None
    assert (unreviewed[score], unreviewed[stars], unreviewed[note]) == (None, None, None)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_closed_year_publishes_the_reopened_rating_marked_as_not_finished(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, scores = _reviewed(db_session)
    close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    score, _stars, note, _review = HEADER[lang][1:]
    auth.login(world.lead.email)

    rows = _sheet(client, world, lang)

    reopened = rows[world.companies[0].display_name("en" if lang == "en" else "zh")]
    assert reopened[score] == pytest.approx(float(scores[0]))
    assert reopened[note] == FROZEN[lang]
