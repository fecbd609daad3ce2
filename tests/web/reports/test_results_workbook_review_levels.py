"""qa14 D2: the results workbook of a peer-reviewed result lost the self answers.

Its "自评等级" column showed the reviewed level. It now shows the organisation's own
level, the level after the review, the counted level and the review's reason.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import Decision, ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world

HEADERS = {
    "zh": ("自评等级", "评审后等级", "计分等级", "评审调整理由"),
    "en": ("Self-assessed level", "Level after review", "Counted level", "Review's reason"),
}


def _item_rows(data: bytes, lang: str) -> tuple[list[str], dict[str, list[object]]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[2]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    start = next(i for i, row in enumerate(rows) if HEADERS[lang][0] in row)
    header = [str(v) for v in rows[start]]
    item_col = 2
    return header, {str(r[item_col]): r for r in rows[start + 1 :] if r[item_col]}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_reviewed_result_keeps_the_self_level_and_gives_the_review_level_and_reason(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review = assign_all(world, ReviewKind.DESK)[0]
    first = review.assignments[0]
    item = rubric_of(review.assessment).item_index()["MS.G1.1"]
    reviewing.save_decision(first, item, False, Decision.ADJUST, 3, "签字页缺失", first.reviewer)
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    auth.login(world.members[0].email)
    suffix = "?lang=en" if lang == "en" else ""

    data = client.get(f"/reports/assessments/{review.assessment_id}/results.xlsx{suffix}").data

    header, rows = _item_rows(data, lang)
    own, after, counted, reason = (header.index(h) for h in HEADERS[lang])
    changed = rows["MS.G1.1"]
    assert (changed[own], changed[after], changed[counted]) == (4, 3, 3)
    said = "评审员：评审员1：" if lang == "zh" else "Reviewer: 评审员1: "  # who gave it
    assert changed[reason] == f"{said}签字页缺失"
    kept = rows["C1.E1.1"]  # accepted by the review: same level, no reason
    assert (kept[own], kept[after], kept[counted], kept[reason]) == (4, 4, 4, None)


def test_a_result_not_reviewed_has_no_review_columns(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.members[0].email)

    data = client.get(f"/reports/assessments/{world.assessments[0].id}/results.xlsx").data

    header, rows = _item_rows(data, "zh")
    assert "评审后等级" not in header
    assert rows["MS.G1.1"][header.index("自评等级")] == 4
