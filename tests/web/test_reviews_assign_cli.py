"""`rcapp reviews assign`: the lead's assign page from a script, with the page's checks and words.

Every refusal names the reviewer (or option) and the reason in the page's words, exits 1 and
writes nothing: no review, no assignment, no audit entry, no mail.
"""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.assessments.models import AssessmentStatus
from rcapp.audit.models import AuditEntry
from rcapp.clock import beijing_today
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import queries
from rcapp.reviews.cli import reviews_cli
from rcapp.reviews.models import Review, ReviewKind
from tests.factories import make_group_role, make_organisation, make_user
from tests.factories_reviews import ReviewWorld, make_review_world, submit_and_finalise


def _day(days: int) -> str:
    return (beijing_today() + dt.timedelta(days=days)).isoformat()


def _assign(app: Flask, world: ReviewWorld, *args: str, actor: str | None = None) -> Result:
    return app.test_cli_runner().invoke(
        reviews_cli,
        ["assign", str(world.assessments[0].id), "--as", actor or world.lead.email, *args],
    )


def _reviewers(world: ReviewWorld, *indexes: int) -> list[str]:
    return [arg for i in indexes for arg in ("--reviewer", world.reviewers[i].email)]


def _written(session: Session) -> tuple[int, int, int]:
    """Reviews, audit entries of review steps and queued mails: all 0 after a refusal."""
    count = func.count()
    return (
        session.scalar(select(count).select_from(Review)) or 0,
        session.scalar(
            select(count).select_from(AuditEntry).where(AuditEntry.action.like("review.%"))
        )
        or 0,
        session.scalar(select(count).select_from(OutboxMessage)) or 0,
    )


@pytest.fixture
def world(db_session: Session) -> ReviewWorld:
    made = make_review_world(4)
    db_session.commit()
    return made


@pytest.fixture
def delivered(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each call of the outbox task, as the page makes it after its commit."""
    calls: list[int] = []
    monkeypatch.setattr("rcapp.reviews.cli.deliver_outbox", lambda: calls.append(1))
    return calls


def test_assigns_as_the_page_does_with_audit_and_mails(
    app: Flask, db_session: Session, world: ReviewWorld, delivered: list[int]
) -> None:
    args = ["--kind", "onsite", "--visit", _day(10), "--due", _day(30)]
    result = _assign(app, world, *_reviewers(world, 1, 2), *args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"已指派：{world.reviewers[1].name}（{world.reviewers[1].email}）")
    assert f"现场评审，提交期限 {_day(30)}，现场评审日期 {_day(10)}" in lines[0]
    db_session.expire_all()
    review = queries.find_review(world.assessments[0])
    assert review is not None
    assert review.kind is ReviewKind.ONSITE
    assert review.visit_on == beijing_today() + dt.timedelta(days=10)
    assert {a.reviewer_id for a in review.assignments} == {
        world.reviewers[1].id,
        world.reviewers[2].id,
    }
    assert {a.assigned_by_id for a in review.assignments} == {world.lead.id}
    entries = db_session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "review", AuditEntry.entity_id == review.id)
    ).all()
    assert sorted(e.action for e in entries) == [
        "review.assign",
        "review.assign",
        "review.open",
        "review.visit_on",
    ]
    assert {e.actor_id for e in entries} == {world.lead.id}
    mails = {m.to_address: m for m in db_session.scalars(select(OutboxMessage))}
    assert mails[world.reviewers[1].email].kind == "review"
    assert f"现场评审日期：{_day(10)}。" in mails[world.reviewers[1].email].body
    assert (
        f"指派人：{world.lead.name}（{world.lead.email}）" in mails[world.reviewers[2].email].body
    )
    assert world.members[0].email in mails  # the company is told, as by the page
    assert delivered == [1]  # on the task queue, once, after the commit


def test_dry_run_says_what_it_would_assign_and_writes_nothing(
    app: Flask, db_session: Session, world: ReviewWorld, delivered: list[int]
) -> None:
    result = _assign(app, world, *_reviewers(world, 1), "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"试运行，将指派：{world.reviewers[1].name}" in result.output
    assert "文审，提交期限 " + _day(21) in result.output
    assert "试运行：没有写入任何内容，也没有发送通知。" in result.output
    db_session.expire_all()
    assert _written(db_session) == (0, 0, 0)
    assert delivered == []


def test_one_refused_reviewer_refuses_the_whole_call(
    app: Flask, db_session: Session, world: ReviewWorld, delivered: list[int]
) -> None:
    # reviewer 0 is of the reviewed company itself; reviewer 1 could serve
    result = _assign(app, world, *_reviewers(world, 1, 0))
    assert result.exit_code == 1
    assert f"不能指派{world.reviewers[0].name}：评审员来自被评审单位本身。未作任何指派。" in (
        result.output
    )
    assert world.reviewers[1].name not in result.output
    db_session.expire_all()
    assert _written(db_session) == (0, 0, 0)
    assert delivered == []


def _refusal(app: Flask, world: ReviewWorld, *args: str, actor: str | None = None) -> str:
    result = _assign(app, world, *args, actor=actor)
    assert result.exit_code == 1, result.output
    return result.output


def test_each_refusal_in_the_pages_words_writes_nothing(
    app: Flask, db_session: Session, world: ReviewWorld
) -> None:
    outsider = make_user(make_organisation(), name="外单位")  # in no working group
    own_lead = make_user(world.companies[0], name="本单位组长")
    make_group_role(own_lead, world.group, GroupRole.LEAD)
    db_session.commit()
    two = _reviewers(world, 1, 2)
    cases = [
        ((*_reviewers(world, 1), "--kind", "onsite", "--visit", _day(5)), None,
         "现场评审至少需要 2 名评审员。未作任何指派。"),
        (("--reviewer", outsider.email), None,
         f"--reviewer {outsider.email} (外单位)：所选评审员不在候选名单中"),
        (("--reviewer", "nobody@example.cn"), None,
         "--reviewer nobody@example.cn：没有使用该电子邮件地址的用户。"),
        (two, world.members[1].email,
         f"--as {world.members[1].email}：您没有权限查看或修改此内容。"),
        (two, own_lead.email,
         "您是该单位的成员，与其评审存在利益冲突：本单位的评审由其他工作组组长、副组长或秘书处负责。"),
        ((*two, "--kind", "onsite"), None, "--visit：现场评审须填写现场评审日期（年-月-日）。"),
        ((*two, "--due", _day(-1)), None, "--due：评审结论提交期限不能早于今天"),
        ((*two, "--due", _day(900)), None, "评审结论提交期限不能晚于本年度评审的最后一天"),
        ((*two, "--kind", "onsite", "--visit", _day(25), "--due", _day(21)), None,
         "--visit：现场评审日期不能晚于评审结论提交期限"),
        ((*two, "--due", "下周"), None, "--due：评审结论提交期限“下周”不是有效日期"),
    ]  # fmt: skip
    for args, actor, words in cases:
        assert words in _refusal(app, world, *args, actor=actor), args
        assert _written(db_session) == (0, 0, 0), args
    world.assessments[0].status = AssessmentStatus.RETURNED
    db_session.commit()
    assert "该自评不是已提交状态，不能指派评审员" in _refusal(app, world, *two)
    assert _written(db_session) == (0, 0, 0)


def test_a_final_review_takes_no_more_reviewers(
    app: Flask, db_session: Session, world: ReviewWorld
) -> None:
    assert _assign(app, world, *_reviewers(world, 1, 2)).exit_code == 0
    db_session.expire_all()
    review = queries.find_review(world.assessments[0])
    assert review is not None
    submit_and_finalise(review, world.lead)
    db_session.commit()
    assert "该评审已定级，不能再指派评审员；未作任何指派。" in _refusal(
        app, world, *_reviewers(world, 3)
    )
    assert len(review.assignments) == 2


def test_english_words(app: Flask, db_session: Session, world: ReviewWorld) -> None:
    refused = _refusal(app, world, *_reviewers(world, 0), "--lang", "en")
    assert f"Cannot assign {world.reviewers[0].name}" in refused
    assert "works for the reviewed organisation. Nobody was assigned." in refused
    dated = _refusal(app, world, *_reviewers(world, 1, 2), "--due", _day(-1), "--lang", "en")
    assert f"--due: Due date for review conclusions cannot be before today ({_day(0)})." in dated
    done = _assign(app, world, *_reviewers(world, 1), "--lang", "en")
    assert done.exit_code == 0, done.output
    assert done.output.startswith("Assigned: ")
    assert "desk review, due " + _day(21) in done.output
