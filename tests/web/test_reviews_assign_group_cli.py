"""`rcapp reviews assign --group CODE`: the group a new review belongs to, never chosen silently.

An organisation in two groups its assigner leads: without --group the command used to take
the first; now it refuses and names both, and --group sets the review up in the one named,
checked as the group page checks it. Every refusal writes nothing.
"""

from __future__ import annotations

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.organisations.models import WorkingGroup
from rcapp.reviews import queries
from rcapp.reviews.cli import reviews_cli
from tests.factories import make_group_role, make_working_group
from tests.factories_reviews import ReviewWorld, make_review_world
from tests.web.test_reviews_assign_cli import _written


@pytest.fixture
def world(db_session: Session) -> ReviewWorld:
    made = make_review_world(3)
    db_session.commit()
    return made


@pytest.fixture
def second(db_session: Session, world: ReviewWorld) -> WorkingGroup:
    """A second group, also led by the world's lead, that the first company belongs to."""
    group = make_working_group(code="ZZ9", name_zh="储运工作组", name_en="Storage group")
    group.organisations.append(world.companies[0])
    make_group_role(world.lead, group, GroupRole.DEPUTY)
    db_session.commit()
    return group


def _assign(app: Flask, world: ReviewWorld, *args: str, actor: str | None = None) -> Result:
    reviewers = [a for r in world.reviewers[1:3] for a in ("--reviewer", r.email)]
    return app.test_cli_runner().invoke(
        reviews_cli,
        ["assign", str(world.assessments[0].id), "--as", actor or world.lead.email]
        + reviewers
        + list(args),
    )


def test_two_possible_groups_are_named_not_chosen(
    app: Flask, db_session: Session, world: ReviewWorld, second: WorkingGroup
) -> None:
    result = _assign(app, world)
    assert result.exit_code == 1, result.output
    first = world.group
    assert (
        f"--group：{world.companies[0].name_zh} 属于多个您可以为其指派评审员的工作组："
        f"{first.code} {first.name_zh}、ZZ9 储运工作组。"
        "请用 --group 指定评审所属的工作组（工作组代码）。"
    ) in result.output
    assert "未作任何指派。" in result.output
    assert _written(db_session) == (0, 0, 0)
    english = _assign(app, world, "--lang", "en")
    assert "belongs to more than one working group you may assign reviewers for" in (english.output)
    assert f"{first.code} {first.name_en}, ZZ9 Storage group" in english.output


def test_the_group_named_owns_the_review(
    app: Flask, db_session: Session, world: ReviewWorld, second: WorkingGroup
) -> None:
    result = _assign(app, world, "--group", "ZZ9")
    assert result.exit_code == 0, result.output
    db_session.expire_all()
    review = queries.find_review(world.assessments[0])
    assert review is not None
    assert review.working_group_id == second.id
    # more reviewers later: the review keeps its group, and naming another is refused
    refused = app.test_cli_runner().invoke(
        reviews_cli,
        ["assign", str(world.assessments[0].id), "--as", world.lead.email]
        + ["--reviewer", world.reviewers[1].email, "--group", world.group.code],
    )
    assert refused.exit_code == 1
    assert "本年度对该单位的评审属于ZZ9 储运工作组，只能在该组指派评审员。" in refused.output


def test_one_possible_group_needs_no_option(
    app: Flask, db_session: Session, world: ReviewWorld
) -> None:
    assert _assign(app, world).exit_code == 0
    db_session.expire_all()
    review = queries.find_review(world.assessments[0])
    assert review is not None
    assert review.working_group_id == world.group.id


def test_a_group_not_led_or_without_the_organisation_is_refused(
    app: Flask, db_session: Session, world: ReviewWorld, second: WorkingGroup
) -> None:
    other = make_working_group(code="YY8", name_zh="园区工作组")
    other.organisations.append(world.companies[0])  # a member, but not the lead's group
    empty = make_working_group(code="XX7", name_zh="宣传工作组")
    make_group_role(world.lead, empty, GroupRole.LEAD)  # the lead's, without the company
    db_session.commit()
    cases = [
        ("YY8", "--group YY8：您没有权限查看或修改此内容。"),
        ("XX7", f"--group XX7：{world.companies[0].name_zh} 不是XX7 宣传工作组的成员单位。"),
        ("NOPE", "--group NOPE：没有代码为 NOPE 的工作组。"),
    ]
    for code, words in cases:
        result = _assign(app, world, "--group", code)
        assert result.exit_code == 1, code
        assert words in result.output, result.output
        assert "未作任何指派。" in result.output
        assert _written(db_session) == (0, 0, 0), code
