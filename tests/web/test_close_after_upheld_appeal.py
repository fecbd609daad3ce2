"""An upheld appeal and the year's close (QA13 D1, S1).

Upholding withdraws the final rating until the lead rates again; closing before that
publishes the earlier final rating, kept (kind `appealed`), marked as contested: the rating
of record every page shows meanwhile. The close page names each such organisation with the
result it would publish and refuses to close until each is ticked;
the appeal form says what each decision does and uses the words the decided list uses.
"""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.snapshots import find_snapshot
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.cycles.services import close_cycle
from rcapp.reviews import settling
from rcapp.reviews.models import Appeal, Review, ReviewKind
from rcapp.reviews.services import assign_reviewers
from tests.conftest import AuthActions
from tests.factories_reviews import (
    ReviewWorld,
    assign_all,
    make_review_world,
    reviewers_of,
    submit_and_finalise,
)
from tests.web.helpers import page_text


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _appealed(world: ReviewWorld) -> tuple[Review, Appeal]:
    review = assign_all(world)[0]
    submit_and_finalise(review, world.lead)
    assert review.appeal_until is not None
    appeal = settling.file_appeal(review, "评级有误", review.appeal_until, world.members[0])
    return review, appeal


def _status(db_session: Session, cycle: ReportingCycle) -> CycleStatus:
    db_session.refresh(cycle)
    return cycle.status


def test_the_close_page_names_a_reopened_review_and_asks_to_confirm_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review, appeal = _appealed(world)
    settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
    db_session.commit()
    kept = find_snapshot(review.assessment, SnapshotKind.APPEALED, document=False)
    assert kept is not None
    name = world.companies[0].name_zh
    auth.login(world.secretariat.email)
    url = f"/cycles/{world.cycle.id}/close"
    page = page_text(client, url)
    text = _text(page)
    assert "1 个单位申诉成立，评审已重新打开，工作组组长或副组长尚未重新定级：" in text
    # the earlier rating is what the close publishes, so it is not called withdrawn beside it
    assert "原最终星级已因申诉成立而撤销" not in text
    assert f"{name} · 申诉成立，重新评审中" in text
    assert (
        f"现在关闭，将冻结并发布其此前经同行评审的最终星级：{kept.stars} 星"
        f"（{kept.overall_score} 分），注明“申诉成立，重新评审未完成”" in text
    )
    assert f'name="confirm_case" value="review-{review.id}" form="close-form"' in page
    assert f"我确认：{name} 按上述此前的最终星级发布" in text

    # Closing without ticking it is refused, naming the organisation.
    response = client.post(url, data={"confirmed": "1"})
    assert response.status_code == 422
    assert "年度未关闭：请逐一勾选确认以下单位将按所列结果发布" in _text(
        response.get_data(as_text=True)
    )
    assert _status(db_session, world.cycle) is CycleStatus.OPEN

    client.get("/lang/en")
    text = _text(page_text(client, url))
    assert "the appeal was upheld and the review reopened" in text
    assert "earlier peer-reviewed final rating" in text

    # Ticked: the year closes.
    client.post(url, data={"confirmed": "1", "confirm_case": f"review-{review.id}"})
    assert _status(db_session, world.cycle) is not CycleStatus.OPEN


def test_a_dismissed_appeal_asks_nothing_more_at_the_close(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    _review, appeal = _appealed(world)
    settling.decide_appeal(appeal, False, "理由不足", world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    url = f"/cycles/{world.cycle.id}/close"
    assert 'name="confirm_case"' not in page_text(client, url)


def test_the_appeal_form_says_what_each_decision_does_in_the_decided_lists_words(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    _appealed(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    text = _text(page_text(client, "/reviews/appeals"))
    assert "申诉成立：评审重新打开，由工作组组长或副组长重新裁定并定级" in text
    # QA33 D1: the earlier final rating stays the rating of record, as the close page says
    assert "原最终星级仍是有效评级，各页注明“重新评审中”" in text
    assert "发布的是原最终星级，不是自评结果" in text
    assert "撤销" not in text
    assert "申诉驳回：最终星级不变。" in text
    assert "支持申诉" not in text
    assert "驳回申诉" not in text
    client.get("/lang/en")
    text = _text(page_text(client, "/reviews/appeals"))
    assert "Upheld: the review reopens" in text
    assert "the earlier final rating stays the rating of record" in text
    assert "withdrawn" not in text
    assert "Dismissed: the final star rating stays as it is." in text


def test_the_consolidate_page_of_a_closed_year_does_not_ask_to_settle_again(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """QA37 S4: the note at the top said "settle again" while the year was closed."""
    world = make_review_world(5)
    review, appeal = _appealed(world)
    settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
    close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/reviews/{review.id}/consolidate"
    text = _text(page_text(client, url))
    assert "请据此重新裁定相关评价项，再定级" not in text
    assert (
        "申诉成立，评审已重新打开，但 2025 年度已关闭，评审结果已冻结："
        "须秘书处重新开放年度后，才能重新裁定并定级。" in text
    )
    client.get("/lang/en")
    text = _text(page_text(client, url))
    assert "settle the items concerned again, then finalise" not in text
    assert "but the year 2025 is closed" in text


def test_the_close_page_names_submitted_assessments_without_reviewers(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """QA37 S2: a submitted assessment nobody was assigned to was frozen without a word."""
    world = make_review_world(5)
    for i, assessment in enumerate(world.assessments[:4]):
        assign_reviewers(assessment, ReviewKind.ONSITE, reviewers_of(world, i), world.lead)
    db_session.commit()
    auth.login(world.secretariat.email)
    url = f"/cycles/{world.cycle.id}/close"
    page = page_text(client, url)
    listed = page.split('id="unreviewed"')[1].split("</ul>")[0]
    assert world.companies[4].name_zh in listed
    assert all(c.name_zh not in listed for c in world.companies[:4])
    assert f"/reviews/assessments/{world.assessments[4].id}/assign" in listed
    text = _text(page)
    assert "还有 1 份已提交的自评没有指派任何评审员：" in text
    assert "冻结并发布的是提交时的自评结果，注明“未经同行评审”" in text
    client.get("/lang/en")
    text = _text(page_text(client, url))
    assert "1 submitted self-assessment has no reviewer assigned at all:" in text
    assert client.get(f"/reviews/assessments/{world.assessments[4].id}/assign").status_code == 200


def test_the_refusal_ends_once_on_a_name_ending_in_a_full_stop(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """QA68 #12: "…Donghai Fine Chemicals Co., Ltd.." on the close page."""
    world = make_review_world(5)
    _review, appeal = _appealed(world)
    world.companies[0].name_en = "Donghai Fine Chemicals Co., Ltd."
    settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get("/lang/en")
    response = client.post(f"/cycles/{world.cycle.id}/close", data={"confirmed": "1"})
    assert response.status_code == 422
    text = _text(response.get_data(as_text=True))
    assert "the result shown: Donghai Fine Chemicals Co., Ltd. " in text + " "
    assert "Ltd.." not in text


def test_the_year_list_words_a_frozen_contested_rating_as_the_report_does(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """QA68 #14: the closed year's list said 重新评审中 where the report said 最终（申诉成立…）."""
    world = make_review_world(5)
    review, appeal = _appealed(world)
    settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    url = f"/cycles/{world.cycle.id}/organisations?status=submitted"
    badge = re.compile(r'<span class="badge badge-returned rating-contested">([^<]*)</span>')
    assert badge.findall(page_text(client, url)) == ["重新评审中"]
    close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    assert badge.findall(page_text(client, url)) == ["最终（申诉成立，重新评审未完成）"]
    client.get("/lang/en")
    assert badge.findall(page_text(client, url)) == [
        "Final (appeal upheld, re-review not finished)"
    ]
