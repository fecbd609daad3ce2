"""Delete forms that carry what their row showed (concfix3 item 2): findings, group roles.

A finding deleted since the page was opened is named with who deleted it (the audit log);
a row that is not what the page showed (its id used again, as SQLite may) is not deleted.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts import services
from rcapp.accounts.models import GroupRole, WorkingGroupRole
from rcapp.reviews import reviewing
from rcapp.reviews import services as review_services
from rcapp.reviews.models import Finding, FindingKind, ReviewAssignment, ReviewKind
from tests.conftest import AuthActions
from tests.factories import make_cast, make_group_role, make_secretariat, make_user
from tests.factories_reviews import ReviewWorld, make_review_world, reviewers_of

TEXT = "应急演练记录不完整，缺少第三季度记录"


def _text(response: object) -> str:
    return html.unescape(response.get_data(as_text=True))  # type: ignore[attr-defined]


def _with_finding(db_session: Session) -> tuple[ReviewWorld, ReviewAssignment, Finding]:
    world = make_review_world(3)
    reviewer = reviewers_of(world, 0)[0]
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, [reviewer], world.lead
    )
    assignment = review.assignments[0]
    finding = reviewing.add_finding(
        assignment, FindingKind.STRENGTH, TEXT, None, "", None, reviewer
    )
    db_session.commit()
    return world, assignment, finding


def _seen(page: str) -> str:
    found = re.search(r'name="seen" value="([^"]*)"', page)
    assert found is not None, "the delete form carries no stamp of its row"
    return found.group(1)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_finding_deleted_meanwhile_names_who_deleted_it(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _world, assignment, finding = _with_finding(db_session)
    auth.login(assignment.reviewer.email)
    client.get(f"/lang/{lang}")
    seen = _seen(client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True))
    other = make_user(name="郑秘书")
    reviewing.delete_finding(finding, assignment, other)  # someone else, meanwhile
    db_session.commit()
    url = f"/reviews/assignments/{assignment.id}/findings/{finding.id}/delete"
    page = _text(client.post(url, data={"seen": seen}, follow_redirects=True))
    if lang == "zh_CN":
        assert f"发现“{TEXT[:40]}”已被郑秘书删除。" in page
    else:
        assert (
            f"The finding “{TEXT[:40]}” has already been deleted by 郑秘书 (Zheng Mishu)." in page
        )


def test_a_finding_deleted_in_another_tab_says_so(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assignment, finding = _with_finding(db_session)
    auth.login(assignment.reviewer.email)
    seen = _seen(client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True))
    url = f"/reviews/assignments/{assignment.id}/findings/{finding.id}/delete"
    assert client.post(url, data={"seen": seen}).status_code == 302
    page = _text(client.post(url, data={"seen": seen}, follow_redirects=True))
    assert f"发现“{TEXT[:40]}”已在您的另一窗口、标签页或设备中删除。" in page
    client.get("/lang/en")
    page = _text(client.post(url, data={"seen": seen}, follow_redirects=True))
    assert "You already deleted the finding" in page


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_finding_not_as_shown_is_not_deleted(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _world, assignment, finding = _with_finding(db_session)
    auth.login(assignment.reviewer.email)
    client.get(f"/lang/{lang}")
    url = f"/reviews/assignments/{assignment.id}/findings/{finding.id}/delete"
    page = _text(client.post(url, data={"seen": "0123456789abcdef"}, follow_redirects=True))
    if lang == "zh_CN":
        assert f"此发现在您打开本页后已有变化（现为“{TEXT[:40]}”），未删除" in page
    else:
        assert "This finding has changed since you opened this page" in page
    db_session.expire_all()
    assert db_session.get(Finding, finding.id) is not None


def test_a_group_role_whose_id_names_another_role_now_is_not_removed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    wang = make_user(cast.outsider_org, name="王工")
    li = make_user(cast.outsider_org, name="李工")
    shown = make_group_role(wang, cast.group, GroupRole.REVIEWER)
    other = make_secretariat(name="周秘书")
    db_session.commit()
    auth.login(cast.secretariat.email)
    client.get(f"/working-groups/{cast.group.id}")
    services.remove_group_role(shown, other)  # meanwhile; then its id names 李工's role
    now = make_group_role(li, cast.group, GroupRole.REVIEWER)
    db_session.commit()
    url = f"/working-groups/{cast.group.id}/roles/{now.id}/delete"
    form = {"user": str(wang.id), "role": "reviewer"}
    page = _text(client.post(url, data=form, follow_redirects=True))
    assert "王工的“评审员”角色已被周秘书取消，无需重复操作。" in page
    client.get("/lang/en")
    page = _text(client.post(url, data=form, follow_redirects=True))
    assert (
        "The “Reviewer” role of 王工 (Wang Gong) has already been removed by 周秘书 (Zhou Mishu)"
        in page
    )
    db_session.expire_all()
    kept = db_session.scalars(select(WorkingGroupRole).where(WorkingGroupRole.user_id == li.id))
    assert [r.role for r in kept] == [GroupRole.REVIEWER]


@pytest.mark.parametrize("seen", [None, "0123456789abcdef"])
def test_another_reviews_finding_is_not_found_and_not_quoted(
    client: FlaskClient, db_session: Session, auth: AuthActions, seen: str | None
) -> None:
    """A reviewer posting another review's finding id to their own assignment (qa67 1, 4)."""
    world, assignment, finding = _with_finding(db_session)
    own_reviewer = next(r for r in reviewers_of(world, 1) if r.id != assignment.reviewer_id)
    own = review_services.assign_reviewers(
        world.assessments[1], ReviewKind.DESK, [own_reviewer], world.lead
    ).assignments[0]
    db_session.commit()
    auth.login(own_reviewer.email)
    url = f"/reviews/assignments/{own.id}/findings/{finding.id}/delete"
    response = client.post(url, data={} if seen is None else {"seen": seen})
    assert response.status_code == 404
    page = _text(client.get(f"/reviews/assignments/{own.id}"))  # nor flashed for later
    assert TEXT[:10] not in _text(response) + page
    db_session.expire_all()
    assert db_session.get(Finding, finding.id) is not None
