"""The year's close and peer review: what the close page lists, what a closed year refuses,
and the lead's confirmation before a rating becomes final.

Found by a tester: the close page named only who had not submitted; after the close the
reviewer still submitted and the lead finalised (one click, the organisation e-mailed,
"Review finalised: 1 stars.").
"""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.snapshots import find_snapshot
from rcapp.cycles import services as cycle_services
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import reviewing, settling
from rcapp.reviews.messages import stars_text
from rcapp.reviews.models import Appeal, AppealStatus, AssignmentStatus, Review, ReviewStatus
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_and_finalise
from tests.web.helpers import finalise_confirmed, page_text


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def _round(world: ReviewWorld) -> tuple[Review, Review, Appeal]:
    """Review 0 final with an appeal waiting; review 1 sampled in full, not submitted."""
    reviews = assign_all(world)
    submit_and_finalise(reviews[0], world.lead)
    assert reviews[0].appeal_until is not None
    appeal = settling.file_appeal(
        reviews[0], "证据未被充分考虑", reviews[0].appeal_until, world.members[0]
    )
    for assignment in reviews[1].assignments:
        reviewing.accept_remaining(assignment, list(reviews[1].sample), set(), assignment.reviewer)
    return reviews[0], reviews[1], appeal


def _mails(db_session: Session) -> int:
    return db_session.scalar(select(func.count()).select_from(OutboxMessage)) or 0


def test_the_close_page_lists_reviews_not_final_and_appeals_waiting(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    final, open_, appeal = _round(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    url = f"/cycles/{world.cycle.id}/close"
    page = page_text(client, url)
    text = _text(page)
    assert "还有 4 项同行评审尚未定级：" in text
    assert f'href="/reviews/{open_.id}/consolidate"' in page
    assert f"{world.companies[1].name_zh} · 评审中 · 已提交评审 0 / 2 份" in " ".join(text.split())
    assert "关闭后这些评审不能再指派评审员、保存、提交、裁定或定级" in text
    assert "还有 1 项申诉尚未决定：" in text
    assert f'href="/reviews/appeals#appeal-{appeal.id}"' in page
    assert world.companies[0].name_zh in text.split("还有 1 项申诉尚未决定：")[1]
    assert "关闭后这些申诉只能驳回" in text
    assert "整改项不受关闭影响：单位仍可附证据关闭整改项，工作组组长或副组长照常确认" in text

    client.get("/lang/en")
    text = _text(page_text(client, url))
    assert "4 peer reviews are not finalised yet:" in text
    assert "1 appeal is not decided yet:" in text
    assert "0 of 2 reviews submitted" in text
    assert "can only be dismissed" in text
    assert final.status is ReviewStatus.FINAL


def test_after_the_close_the_reviewer_cannot_submit_and_is_told_why(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    _final, open_, _appeal = _round(world)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    assignment = open_.assignments[0]
    auth.login(assignment.reviewer.email)
    url = f"/reviews/assignments/{assignment.id}"
    page = page_text(client, url)
    assert f'action="/reviews/assignments/{assignment.id}/submit"' not in page
    assert f'action="/reviews/assignments/{assignment.id}/items/' not in page
    assert "2025 年度已关闭，评审结果已冻结；如需继续，请秘书处重新开放年度。" in page

    refused = client.post(f"{url}/submit", follow_redirects=True)
    assert "2025 年度已关闭，评审结果已冻结" in _text(refused.get_data(as_text=True))
    client.get("/lang/en")
    refused = client.post(f"{url}/submit", follow_redirects=True)
    assert (
        "The year 2025 is closed and its review results are frozen. To go on, the secretariat "
        "must reopen the year. Nothing was done." in _text(refused.get_data(as_text=True))
    )
    db_session.expire_all()
    assert assignment.status is AssignmentStatus.ASSIGNED


def test_a_submitted_review_of_a_closed_year_says_the_year_is_closed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    _final, open_, _appeal = _round(world)
    assignment = open_.assignments[0]
    reviewing.submit_assignment(assignment, assignment.reviewer)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    auth.login(assignment.reviewer.email)
    url = f"/reviews/assignments/{assignment.id}"
    text = _text(page_text(client, url))
    assert "本评审已提交。" in text
    assert "可以提交" not in text  # no longer: it is submitted
    assert "2025 年度已关闭，评审结果已冻结；如需继续，请秘书处重新开放年度。" in text
    client.get("/lang/en")
    text = _text(page_text(client, url))
    assert "The year 2025 is closed and its review results are frozen." in text


def test_after_the_close_the_lead_cannot_finalise_and_nothing_is_sent(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    _final, open_, _appeal = _round(world)
    for assignment in open_.assignments:
        reviewing.submit_assignment(assignment, assignment.reviewer)
    stamp = settling.rating_stamp(settling.final_scorecard(open_))
    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    mails = _mails(db_session)
    auth.login(world.lead.email)
    page = page_text(client, f"/reviews/{open_.id}/consolidate")
    assert f'href="/reviews/{open_.id}/finalise"' not in page
    assert "2025 年度已关闭，评审结果已冻结" in page
    # The confirmation page is not offered either: back to the discrepancy map.
    assert client.get(f"/reviews/{open_.id}/finalise").status_code == 302

    refused = client.post(
        f"/reviews/{open_.id}/finalise", data={"shown": stamp}, follow_redirects=True
    )
    assert "2025 年度已关闭，评审结果已冻结；如需继续，请秘书处重新开放年度。 本次操作未执行。" in (
        _text(refused.get_data(as_text=True))
    )
    db_session.expire_all()
    assert open_.status is ReviewStatus.IN_REVIEW
    assert find_snapshot(open_.assessment, SnapshotKind.FINAL) is None
    assert _mails(db_session) == mails


def test_after_the_close_an_appeal_cannot_be_upheld(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    final, _open, appeal = _round(world)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    page = page_text(client, "/reviews/appeals")
    assert 'value="uphold"' not in page
    assert re.search(
        r'<input[^>]*checked[^>]*value="dismiss"|<input[^>]*value="dismiss"[^>]*checked', page
    )
    assert "本申诉只能驳回" in page

    prefix = f"a-{appeal.id}"
    response = client.post(
        f"/reviews/appeals/{appeal.id}/decide",
        data={f"{prefix}-outcome": "uphold", f"{prefix}-reason": "证据成立"},
    )
    assert response.status_code == 409
    page = _text(response.get_data(as_text=True))
    assert "2025 年度已关闭，评审结果已冻结" in page
    assert "证据成立" in page  # the typed reason stays in the form
    db_session.expire_all()
    assert appeal.status is AppealStatus.OPEN
    assert final.status is ReviewStatus.FINAL


def test_finalising_asks_first_naming_the_organisation_and_the_stars(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    _final, open_, _appeal = _round(world)
    for assignment in open_.assignments:
        reviewing.submit_assignment(assignment, assignment.reviewer)
    card = settling.final_scorecard(open_)
    db_session.commit()
    mails = _mails(db_session)
    auth.login(world.lead.email)
    consolidation = page_text(client, f"/reviews/{open_.id}/consolidate")
    assert f'href="/reviews/{open_.id}/finalise"' in consolidation
    assert f'action="/reviews/{open_.id}/finalise"' not in consolidation  # no one-click form

    company = world.companies[1].name_zh
    stars = f"{card.rating.stars} 星"
    confirm = _text(page_text(client, f"/reviews/{open_.id}/finalise"))
    assert f"确认定级：{company}" in confirm
    assert f"确认定级：{company}，{stars}" in confirm
    assert "系统将以电子邮件通知" in confirm

    # A POST without the confirmation (an older page's button) only asks.
    asked = client.post(f"/reviews/{open_.id}/finalise")
    assert asked.status_code == 200
    assert f"确认定级：{company}，{stars}" in _text(asked.get_data(as_text=True))
    db_session.expire_all()
    assert open_.status is ReviewStatus.IN_REVIEW
    assert _mails(db_session) == mails

    client.get("/lang/en")
    done = finalise_confirmed(client, open_.id)
    assert done.status_code == 302
    final_page = _text(client.get(done.headers["Location"]).get_data(as_text=True))
    shown = f"{card.rating.stars} star" + ("" if card.rating.stars == 1 else "s")
    assert f"Review of {world.companies[1].name_en} finalised: {shown}." in final_page
    db_session.refresh(open_)
    assert open_.status.value == "final"
    assert _mails(db_session) > mails


def test_a_rating_settled_again_after_the_confirmation_is_asked_again(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    _final, open_, _appeal = _round(world)
    for assignment in open_.assignments:
        reviewing.submit_assignment(assignment, assignment.reviewer)
    db_session.commit()
    auth.login(world.lead.email)
    page = page_text(client, f"/reviews/{open_.id}/finalise")
    shown = re.search(r'name="shown" type="hidden" value="([^"]*)"', page)
    assert shown is not None
    settling.settle_item(open_, open_.sample[0], 0, "现场核实：无记录", world.secretariat)
    db_session.commit()  # a colleague settles an item meanwhile: the rating moves

    response = client.post(f"/reviews/{open_.id}/finalise", data={"shown": shown.group(1)})
    assert response.status_code == 409
    now = settling.final_scorecard(open_)
    assert "在您打开确认页之后，有评价项被重新裁定" in _text(response.get_data(as_text=True))
    assert f"{now.rating.stars} 星" in _text(response.get_data(as_text=True))
    db_session.expire_all()
    assert open_.status is ReviewStatus.IN_REVIEW


def test_stars_read_one_star_and_not_rated_in_english(app: Flask) -> None:
    with app.test_request_context(), force_locale("en"):
        assert stars_text(1, True) == "1 star"
        assert stars_text(3, True) == "3 stars"
        assert stars_text(0, False) == "Not rated"


def test_the_outcome_page_of_a_closed_year_says_it_is_frozen_before_an_appeal(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    submit_and_finalise(review, world.lead)
    url = f"/reviews/{review.id}/final"
    db_session.commit()
    auth.login(world.members[0].email)
    open_year = page_text(client, url)
    assert 'id="year-closed"' not in open_year
    assert 'id="appeal-closed-year"' not in open_year

    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    zh = _text(page_text(client, url))
    assert "2025 年度已关闭，最终结果已随年度冻结" in zh
    assert "秘书处须先重新开放年度，才能决定申诉成立" in zh
    client.get("/lang/en")
    en = _text(page_text(client, url))
    assert "Year 2025 is closed: the final result is frozen with it." in en
    assert "the secretariat has to reopen the year before it can uphold the appeal" in en
