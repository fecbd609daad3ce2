"""qa12 S7: a reviewer's reason of up to 4,000 characters printed in full in the discrepancy
table squeezed the item column to a few characters and stretched a row over screens. A long
reason now opens with its beginning and a "展开全文" summary; the whole text stays in the page,
inside <details>, so it reads without JS.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import Decision, Review, ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world

LONG = "签字页缺失，" + "核对记录后发现管理评审输入不完整。" * 230 + "完"
SHORT = "无签字"


def _flagged_with(world: ReviewWorld, reason: str) -> Review:
    review = assign_all(world, ReviewKind.DESK)[0]
    first = review.assignments[0]
    item = rubric_of(review.assessment).item_index()["MS.G1.1"]
    reviewing.save_decision(first, item, False, Decision.ADJUST, 1, reason, first.reviewer)
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    return review


def _details(page: str) -> list[str]:
    return re.findall(r'<details class="long-text">.*?</details>', page, flags=re.S)


@pytest.mark.parametrize(("lang", "more"), [("zh", "展开全文"), ("en", "Show all")])
def test_a_long_reviewer_reason_is_shortened_on_the_map_with_the_full_text_inside_details(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, more: str
) -> None:
    assert len(LONG) <= 4000
    world = make_review_world(5)
    review = _flagged_with(world, LONG)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True))
    row = page.split('id="row-MS.G1.1"')[1].split("</tr>")[0]
    (details,) = _details(row)
    summary = details.split("</summary>")[0]
    assert more in summary
    assert LONG not in summary
    assert LONG[:120] in summary
    assert LONG in details.split("</summary>")[1]  # the whole text, opened without JS


def test_a_short_reason_and_the_final_page_long_reason(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = _flagged_with(world, SHORT)
    db_session.commit()
    auth.login(world.lead.email)
    page = html.unescape(client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True))
    row = page.split('id="row-MS.G1.1"')[1].split("</tr>")[0]
    assert SHORT in row
    assert not _details(row)
    settling.settle_item(review, "MS.G1.1", 1, LONG, world.lead)  # a long settlement too
    db_session.commit()
    page = html.unescape(client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True))
    row = page.split('id="row-MS.G1.1"')[1].split("</tr>")[0]
    (details,) = _details(row.split('<td class="settle">')[1].split("<form")[0])
    assert LONG in details.split("</summary>")[1]
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    final = html.unescape(client.get(f"/reviews/{review.id}/final").get_data(as_text=True))
    changed = final.split('class="changed-items cards-narrow"')[1].split("</table>")[0]
    (details,) = _details(changed)
    assert "展开全文" in details
    assert LONG in details.split("</summary>")[1]
