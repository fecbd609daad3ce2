"""An appeal names the items it disputes (appeal_items), or none for the rating as a whole.

The final page's appeal form offers the review's items by section; the appeal keeps those
ticked; the final page, the secretariat's decision page and the lead's discrepancy map list
each with the self level, the reviewers' levels and the reasons, linked to the item. An id
that is no item of the review is refused by name, with the typed reason kept.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import Decision, Review
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world

ITEM = "C1.E1.1"
OTHER = "C1.E1.2"
WORDS = {
    "zh": {
        "legend": "有异议的评价项（可选）",
        "listed": "有异议的评价项（2 项）：",
        "bad": "X9.Z9 不是本次评审的评价项",
        "whole": "未指明评价项：对最终评级整体提出申诉。",
    },
    "en": {
        "legend": "Disputed items (optional)",
        "listed": "Disputed items (2):",
        "bad": "X9.Z9 is not an item of this review",
        "whole": "No item named: the appeal is against the final rating as a whole.",
    },
}


def _final(db_session: Session) -> tuple[ReviewWorld, Review]:
    """Company 0's final review: every reviewer put ITEM at 1 with a reason, settled at 2."""
    world = make_review_world(5)
    review = assign_all(world)[0]
    item = rubric_of(review.assessment).item_index()[ITEM]
    for assignment in review.assignments:
        reviewing.save_decision(
            assignment, item, False, Decision.ADJUST, 1, "演练无签字记录", assignment.reviewer
        )
        reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
        reviewing.submit_assignment(assignment, assignment.reviewer)
    settling.settle_item(review, ITEM, 2, "组长裁定理由", world.lead)
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    return world, review


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_appeal_names_two_items_and_every_page_lists_them(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review = _final(db_session)
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    words = WORDS[lang]
    form = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    assert words["legend"] in _text(form)
    assert f'name="items" value="{ITEM}"' in form
    assert f'name="items" value="{OTHER}"' in form

    posted = client.post(
        f"/reviews/{review.id}/appeal", data={"reason": "等级有误", "items": [ITEM, OTHER]}
    )

    assert posted.status_code == 302
    db_session.refresh(review)
    assert [a.item_ids for a in review.appeals] == [[ITEM, OTHER]]
    appeal = review.appeals[0]
    mine = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    listed = mine.split(f'id="appeal-{appeal.id}-items"')[1].split("</div>\n</div>")[0]
    assert words["listed"] in _text(listed)
    assert "演练无签字记录" in listed  # the reviewers' reason
    assert "组长裁定理由" in listed  # the lead's
    # the organisation's own answer to the item
    assert f"/assessments/{review.assessment_id}/sections/" in listed
    assert f"#item-{ITEM}" in listed

    auth.logout()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    page = client.get("/reviews/appeals").get_data(as_text=True)
    listed = page.split(f'id="appeal-{appeal.id}-items"')[1]
    assert words["listed"] in _text(listed)
    assert f'href="/reviews/{review.id}/consolidate#row-{ITEM}"' in listed
    assert f'href="/reviews/{review.id}/consolidate#row-{OTHER}"' in listed
    assert "演练无签字记录" in listed

    auth.logout()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True)
    listed = page.split('id="appeals"')[1].split("</section>")[0]
    assert words["listed"] in _text(listed)
    assert f"#row-{ITEM}" in listed
    assert "演练无签字记录" in listed


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_item_not_of_the_review_is_refused_by_name_with_the_reason_kept(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review = _final(db_session)
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")

    refused = client.post(
        f"/reviews/{review.id}/appeal",
        data={"reason": "等级有误，见附件", "items": [ITEM, "X9.Z9"]},
    )

    page = refused.get_data(as_text=True)
    assert WORDS[lang]["bad"] in _text(page)
    assert "等级有误，见附件</textarea>" in page
    assert f'value="{ITEM}" checked' in page  # the item she ticked stays ticked
    db_session.refresh(review)
    assert review.appeals == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_appeal_naming_no_item_is_against_the_rating_as_a_whole(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review = _final(db_session)
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")

    assert (
        client.post(f"/reviews/{review.id}/appeal", data={"reason": "总体有误"}).status_code == 302
    )

    db_session.refresh(review)
    assert review.appeals[0].item_ids == []
    page = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    assert WORDS[lang]["whole"] in _text(page)
