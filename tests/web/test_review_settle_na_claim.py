"""N/A is settled only to uphold a claim (qa10 D1), and the confirmation shows its effect.

The settle form offered 不适用 on every item that allowed N/A, and the service took it, so
a lead could take an item nobody found inapplicable out of the score; the finalise
confirmation showed only the stars and the overall score.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.reviews import reviewing, settling
from rcapp.reviews.errors import NaNotClaimed
from rcapp.reviews.models import Decision, Review, ReviewKind
from rcapp.reviews.rules import NA
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world

ITEM = "C6.E1.1"
NA_ANSWER = {0: {ITEM: ItemInput(is_na=True, na_reason="不生产化学品")}}


def _moved(world: ReviewWorld, is_na: bool) -> Review:
    """A desk review whose reviewer moved C6.E1.1 (4 → 1, or N/A rejected → 1): to settle."""
    review = assign_all(world, ReviewKind.DESK)[0]
    first = review.assignments[0]
    item = rubric_of(review.assessment).item_index()[ITEM]
    decision = Decision.NA_REJECT if is_na else Decision.ADJUST
    reviewing.save_decision(first, item, is_na, decision, 1, "无记录", first.reviewer)
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    return review


def _options(page: str) -> list[str]:
    select = re.search(rf'<select[^>]* id="s-{ITEM}-level".*?</select>', page, re.S)
    assert select is not None
    return re.findall(r'value="([^"]*)"', select.group(0))


def test_the_service_refuses_na_nobody_claimed_and_upholds_a_claim(db_session: Session) -> None:
    world = make_review_world(5, overrides=NA_ANSWER)
    reviews = assign_all(world, ReviewKind.DESK)
    unclaimed = reviews[1]
    with pytest.raises(NaNotClaimed) as refused:
        settling.settle_item(unclaimed, ITEM, NA, "不适用", world.lead)
    assert refused.value.item_id == ITEM
    assert not unclaimed.settlements
    claimed = reviews[0]
    assert settling.settle_item(claimed, ITEM, NA, "维持不适用", world.lead).level is None


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("zh", "C6.E1.1：单位和评审员均未主张“不适用”，不能裁定为不适用"),
        ("en", "C6.E1.1: neither the organisation nor a reviewer claimed N/A"),
    ],
)
def test_the_form_offers_na_only_on_a_claim_and_a_forged_na_is_refused_by_name(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, message: str
) -> None:
    world = make_review_world(5)
    review = _moved(world, is_na=False)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True)
    assert _options(page) == ["", "0", "1", "2", "3", "4"]
    response = client.post(
        f"/reviews/{review.id}/items/{ITEM}/settle",
        data={f"s-{ITEM}-level": "na", f"s-{ITEM}-reason": "不适用"},
    )
    assert response.status_code == 422
    text = html.unescape(response.get_data(as_text=True))
    assert message in text.split(f'id="s-{ITEM}-level-error"')[1].split("</p>")[0]
    assert "不适用" in text  # the reason typed is kept
    db_session.expire_all()
    assert not review.settlements


def test_an_na_claim_rejected_by_a_reviewer_may_be_upheld(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5, overrides=NA_ANSWER)
    review = _moved(world, is_na=True)
    db_session.commit()
    auth.login(world.lead.email)
    page = client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True)
    assert "na" in _options(page)


@pytest.mark.parametrize(
    ("lang", "heading", "na_words"),
    [
        (
            "zh",
            "评审后得分有变化的板块",
            "裁定为“不适用”的评价项（1 项，不计入所在板块得分）：C6.E1.1",
        ),
        (
            "en",
            "Sections whose score the review changes",
            "Item settled N/A (1, left out of its section's score): C6.E1.1",
        ),
    ],
)
def test_the_confirmation_shows_the_sections_moved_and_the_items_settled_na(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    heading: str,
    na_words: str,
) -> None:
    world = make_review_world(5, overrides=NA_ANSWER)
    review = _moved(world, is_na=True)
    settling.settle_item(review, ITEM, NA, "维持不适用", world.lead)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get(f"/reviews/{review.id}/finalise").get_data(as_text=True))
    assert na_words in page
    # N/A upheld: C6 keeps its self score, so no section moved here.
    assert heading not in page


def test_the_confirmation_lists_a_section_the_settlement_lowers(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = _moved(world, is_na=False)
    settling.settle_item(review, ITEM, 1, "无记录", world.lead)
    db_session.commit()
    auth.login(world.lead.email)
    page = html.unescape(client.get(f"/reviews/{review.id}/finalise").get_data(as_text=True))
    table = page.split('id="moved"')[1].split("</table>")[0]
    assert "产品安全监管" in table
    assert "管理体系" not in table


@pytest.mark.parametrize(
    ("lang", "said", "help_"),
    [
        ("zh_CN", f"{ITEM} ", "不接受“不适用”的评价项没有自评等级可比"),
        ("en", f"{ITEM} ", "N/A claim the reviewer rejected"),
    ],
)
def test_calibration_lists_a_rejected_na_as_an_adjusted_item(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str, help_: str
) -> None:
    """QA33 S3: 不适用 → 1 was not listed under the adjusted items."""
    world = make_review_world(5, overrides=NA_ANSWER)
    _moved(world, is_na=True)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/groups/{world.group.id}/calibration").get_data(as_text=True)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert said in text
    moved = "不适用→1（不接受“不适用”）" if lang == "zh_CN" else "N/A→1 (N/A rejected)"
    assert moved in text
    assert help_ in text


def test_a_refused_settlement_of_an_undisputed_row_in_a_rereview_keeps_its_form(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """Seen while checking QA33 S7: the row's form (and its message) was left off the page."""
    from rcapp.clock import beijing_today
    from tests.factories_reviews import submit_and_finalise

    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[1], world.lead)
    appeal = settling.file_appeal(review, "证据齐全", beijing_today(), world.members[1])
    settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
    db_session.commit()
    auth.login(world.lead.email)
    item = "MS.G1.2"  # a yes/no (0–1) item nobody disputed
    response = client.post(
        f"/reviews/{review.id}/items/{item}/settle",
        data={f"s-{item}-level": "3", f"s-{item}-reason": "现场核实"},
    )
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    assert f'id="s-{item}-level"' in page
    assert "现场核实" in page
    assert f"{item}：请选择“是”或“否”。" in page  # a yes/no item: its answers, not levels
