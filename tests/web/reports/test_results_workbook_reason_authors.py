"""The results workbook of a reviewed result, as the final page reads it (QA after qa14 D2).

Its 评价项 sheet joined an item's reasons with "；" and no author, the lead's settlement
reason beside the reviewers' ones; and an N/A claim a reviewer rejected lost both the claim
and its reason. Each reason now names who gave it, one a line; the claim stays.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.person_names import name_in_pinyin
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import Decision, ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world
from tests.web.reports.test_results_workbook_review_levels import HEADERS, _item_rows

NA_ITEM = "C6.E1.1"
NA_REASON = "不生产化学品"
SETTLED = "组长复核：签字页缺失"
UPHELD = "按评审员意见"
WORDS = {
    "zh": ("组长裁定（{}）：", "评审员：{}：", "不适用", "不适用理由"),
    "en": ("Settled by the lead, {}: ", "Reviewer: {}: ", "N/A", "Reason for N/A"),
}


def _named(name: str, lang: str) -> str:
    """The name as an English document gives it, with its reading (none for "评审员1")."""
    reading = name_in_pinyin(name) if lang == "en" else ""
    return f"{name} ({reading})" if reading else name


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_reason_names_its_author_and_a_rejected_na_claim_is_kept(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    claim = {0: {NA_ITEM: ItemInput(is_na=True, na_reason=NA_REASON)}}
    world = make_review_world(5, overrides=claim)
    review = assign_all(world, ReviewKind.DESK)[0]
    first = review.assignments[0]
    items = rubric_of(review.assessment).item_index()
    reviewing.save_decision(
        first, items["MS.G1.1"], False, Decision.ADJUST, 3, "签字页缺失", first.reviewer
    )
    reviewing.save_decision(
        first, items[NA_ITEM], True, Decision.NA_REJECT, 1, "无记录", first.reviewer
    )
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    settling.settle_item(review, "MS.G1.1", 3, SETTLED, world.lead)
    settling.settle_item(review, NA_ITEM, 1, UPHELD, world.lead)  # a rejected claim is settled
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    auth.login(world.members[0].email)
    suffix = "?lang=en" if lang == "en" else ""

    data = client.get(f"/reports/assessments/{review.assessment_id}/results.xlsx{suffix}").data

    header, rows = _item_rows(data, lang)
    lead_said, reviewer_said, na_word, na_header = WORDS[lang]
    own, after, counted, reason = (header.index(h) for h in HEADERS[lang])
    reviewer = _named(first.reviewer.name, lang)
    assert rows["MS.G1.1"][reason] == "\n".join(
        (
            lead_said.format(_named(world.lead.name, lang)) + SETTLED,
            reviewer_said.format(reviewer) + "签字页缺失",
        )
    )
    rejected = rows[NA_ITEM]
    assert (rejected[own], rejected[header.index(na_header)]) == (na_word, NA_REASON)
    assert (rejected[after], rejected[counted]) == (1, 1)
    lead = lead_said.format(_named(world.lead.name, lang))
    assert rejected[reason] == f"{lead}{UPHELD}\n{reviewer_said.format(reviewer)}无记录"
