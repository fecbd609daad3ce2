"""Two requests inserting the same unique row at the same moment: the one that comes second
gets the answer its "already there" check gives (or the same success), never a 500, and
nothing of it is half-written. The rival row is committed between the check and the insert."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from rcapp.accounts import services as accounts
from rcapp.accounts.models import GroupRole, User, WorkingGroupRole
from rcapp.assessments import queries as assessment_queries
from rcapp.assessments import services as assessments
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.audit.models import AuditEntry
from rcapp.cycles import services as cycles
from rcapp.cycles.models import CycleStatus, LateAllowance, ReportingCycle
from rcapp.mail.models import OutboxMessage
from rcapp.organisations import services as organisations
from rcapp.organisations.models import Organisation, OrganisationKind, WorkingGroupMember
from rcapp.reviews import conflict_views, reviewing, settling
from rcapp.reviews import services as reviews
from rcapp.reviews.errors import SavedMeanwhile
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.models import (
    Appeal,
    AppealStatus,
    Decision,
    DeclaredConflict,
    ItemDecision,
    ReviewAssignment,
    ReviewKind,
    Settlement,
)
from rcapp.rubrics.model import RubricKind
from tests.conftest import AuthActions
from tests.factories import credit_code, make_cast, make_cycle, make_organisation, make_user
from tests.factories_reviews import (
    VISIT,
    assign_all,
    make_review_world,
    reviewers_of,
    submit_and_finalise,
)
from tests.races import rival_after


def _count(db_session: Session, *where: object) -> int:
    db_session.expire_all()
    return db_session.scalar(select(func.count()).where(*where)) or 0  # type: ignore[arg-type]


def test_a_reviewer_assigned_meanwhile_is_refused_as_already_assigned(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    connection: Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = make_review_world(4)
    review = reviews.assign_reviewers(
        world.assessments[0], ReviewKind.ONSITE, reviewers_of(world, 0), world.lead
    )
    late = world.reviewers[3]
    db_session.commit()
    rival_after(
        monkeypatch,
        connection,
        reviews,
        "check_reviewer",
        lambda _none: ReviewAssignment(
            review_id=review.id,
            reviewer_id=late.id,
            reviewer_organisation_id=world.companies[3].id,
            assigned_by_id=world.lead.id,
        ),
    )
    auth.login(world.lead.email)
    url = f"/reviews/assessments/{world.assessments[0].id}/assign"
    audit_before = _count(db_session, AuditEntry.action == "review.assign")
    response = client.post(url, data={"kind": "onsite", "visit_on": VISIT, "reviewers": [late.id]})
    assert response.status_code == 200
    raced = html.unescape(response.get_data(as_text=True))
    assert "该评审员已被指派评审本自评" in raced
    # The refused request is rolled back whole (here the rival's row goes with it: both share
    # the test's connection); no assignment, audit entry or e-mail of its own was kept.
    assert _count(db_session, ReviewAssignment.reviewer_id == late.id) <= 1
    assert _count(db_session, AuditEntry.action == "review.assign") == audit_before
    assert _count(db_session, OutboxMessage.to_address == late.email) == 0


def test_a_group_role_assigned_meanwhile_answers_already_assigned_in_zh_and_en(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    connection: Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cast = make_cast()
    db_session.commit()

    def rival(user: User) -> WorkingGroupRole:
        _ = user.group_roles  # what the check reads: loaded before the rival commits
        return WorkingGroupRole(
            user_id=user.id, working_group_id=cast.group.id, role=GroupRole.REVIEWER
        )

    auth.login(cast.secretariat.email)
    rival_after(monkeypatch, connection, accounts, "find_user_by_email", rival)
    client.get("/lang/en")
    url = f"/working-groups/{cast.group.id}/roles"
    response = client.post(url, data={"email": cast.member.email, "role": "reviewer"})
    assert response.status_code == 200
    assert "填报人 already holds this role in the working group" in html.unescape(
        response.get_data(as_text=True)
    )
    where = WorkingGroupRole.user_id == cast.member.id
    assert _count(db_session, where) == 1
    assert _count(db_session, AuditEntry.action == "role.add") == 0


def test_a_conflict_declared_meanwhile_is_named_as_declared(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    connection: Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = make_review_world(3)
    reviewer, target = world.reviewers[0], world.companies[1]
    db_session.commit()
    rival_after(
        monkeypatch,
        connection,
        conflict_views,
        "_declared",
        lambda _found: DeclaredConflict(
            user_id=reviewer.id, organisation_id=target.id, reason="另一个标签页"
        ),
    )
    auth.login(reviewer.email)
    response = client.post(
        "/reviews/conflicts",
        data={"person": reviewer.id, "organisation": target.id, "reason": "配偶在该单位任职"},
    )
    assert response.status_code == 200
    assert f"{reviewer.name} 已申报过与该单位的利益冲突。" in html.unescape(
        response.get_data(as_text=True)
    )
    reasons = db_session.scalars(select(DeclaredConflict.reason)).all()
    assert reasons == ["另一个标签页"]


def test_an_e_mail_taken_meanwhile_is_a_duplicate_and_nothing_is_written(
    db_session: Session, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    cast = make_cast()
    rival_after(
        monkeypatch,
        connection,
        accounts,
        "find_user_by_email",
        lambda _none: User(email="new@example.cn", name="另一位"),
    )
    with pytest.raises(accounts.DuplicateEmail):
        accounts.create_account(
            "New@example.cn", "新人", cast.admin, organisation_id=cast.organisation.id
        )
    # The request's transaction is still usable (PostgreSQL too) and holds no half account.
    assert db_session.scalars(select(User.name).where(User.email == "new@example.cn")).all() == [
        "另一位"
    ]
    assert _count(db_session, AuditEntry.action == "create", AuditEntry.entity == "user") == 0


def test_a_credit_code_taken_meanwhile_names_the_organisation_that_has_it(
    db_session: Session, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    cast = make_cast()
    code = credit_code()
    rival_after(
        monkeypatch,
        connection,
        organisations,
        "find_by_credit_code",
        lambda _none: Organisation(
            kind=OrganisationKind.COMPANY,
            name_zh="抢先登记的公司",
            credit_code=code,
            province="江苏省",
            city="南京市",
        ),
    )
    values = {
        "kind": OrganisationKind.COMPANY,
        "name_zh": "后登记的公司",
        "credit_code": code,
        "province": "江苏省",
        "city": "南京市",
    }
    with pytest.raises(organisations.DuplicateCreditCode) as refused:
        organisations.create_organisation(values, cast.secretariat, [cast.group.id])
    assert refused.value.existing.name_zh == "抢先登记的公司"
    names = db_session.scalars(select(Organisation.name_zh).where(Organisation.credit_code == code))
    assert names.all() == ["抢先登记的公司"]


def test_a_year_opened_meanwhile_is_taken(
    db_session: Session, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_cycle(year=2030)
    first = db_session.scalars(select(ReportingCycle)).first()
    assert first is not None
    rival_after(
        monkeypatch,
        connection,
        cycles,
        "find_cycle_by_year",
        lambda _none: ReportingCycle(
            year=2031,
            company_rubric_id=first.company_rubric_id,
            company_rubric_version=first.company_rubric_version,
            park_rubric_id=first.park_rubric_id,
            park_rubric_version=first.park_rubric_version,
            deadline=dt.date(2032, 3, 31),
            status=CycleStatus.OPEN,
        ),
    )
    summaries = assessment_queries.registry().list()
    company = next(s for s in summaries if s.kind == "company")
    park = dataclasses.replace(company, kind=RubricKind.PARK)  # the test rubrics have no park
    with pytest.raises(cycles.YearTaken):
        cycles.open_cycle(2031, company, park, dt.date(2099, 3, 31), None)
    assert _count(db_session, ReportingCycle.year == 2031) == 1


def test_a_late_submission_allowed_meanwhile_is_reported_as_changed(
    db_session: Session, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    cycle = make_cycle(year=2030)
    company = make_organisation()
    rival_after(
        monkeypatch,
        connection,
        cycles,
        "find_allowance",
        lambda _none: LateAllowance(cycle_id=cycle.id, organisation_id=company.id),
    )
    # The other request's day stands; the page says so and keeps the day typed here.
    with pytest.raises(cycles.AllowanceChanged):
        cycles.allow_late_submission(cycle, company.id, cycle.deadline, None)
    assert _count(db_session, LateAllowance.organisation_id == company.id) == 1
    assert _count(db_session, AuditEntry.action == "late.allow") == 0


def test_an_assessment_started_meanwhile_is_the_one_returned(
    db_session: Session, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    cycle = make_cycle(year=2030)
    company = make_organisation()
    member = make_user(company)
    rubric_id, version = cycle.rubric_for(company.kind)
    rival_after(
        monkeypatch,
        connection,
        assessment_queries,
        "find_assessment",
        lambda _none: Assessment(
            organisation_id=company.id,
            cycle_id=cycle.id,
            rubric_id=rubric_id,
            rubric_version=version,
            rubric_sha256="0" * 64,
            status=AssessmentStatus.DRAFT,
        ),
    )
    started = assessments.get_or_start_assessment(company, cycle, member)
    assert started.rubric_sha256 == "0" * 64  # the rival's row
    assert _count(db_session, Assessment.organisation_id == company.id) == 1


def test_an_item_settled_meanwhile_is_settled_again_against_the_stored_one(
    db_session: Session, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = make_review_world()
    review = assign_all(world)[0]
    item_id = "C1.E1.1"
    rival_after(
        monkeypatch,
        connection,
        settling,
        "settlement_of",
        lambda _none: Settlement(
            review_id=review.id,
            item_id=item_id,
            level=2,
            reason="副组长的理由",
            settled_by_id=world.secretariat.id,
        ),
    )
    stamp = settling.settlement_stamp(None)
    with pytest.raises(SavedMeanwhile) as refused:
        settling.settle_item(review, item_id, 3, "组长的理由", world.lead, stamp)
    assert refused.value.reason == "副组长的理由"
    reasons = db_session.scalars(select(Settlement.reason).where(Settlement.item_id == item_id))
    assert reasons.all() == ["副组长的理由"]


def test_an_item_decided_meanwhile_keeps_its_decision_and_the_rest_are_accepted(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    connection: Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    assignment.review.sample_items = '["MS.G1.1"]'  # the rest: items outside the sample
    sample = set(assignment.review.sample)
    card = self_scorecard(assignment.review.assessment, rubric_of(assignment.review.assessment))
    scores = [i for s in card.sections for e in s.elements for i in e.items]
    rest = [i.item_id for i in scores if i.item_id not in sample and (i.answered or i.is_na)]
    other = next(i for i in rest if i not in {x.item_id for x in scores if x.is_na})
    db_session.commit()
    rival_after(
        monkeypatch,
        connection,
        reviewing,
        "decided_items",
        lambda _decided: ItemDecision(
            assignment_id=assignment.id,
            item_id=other,
            decision=Decision.ADJUST,
            level=1,
            reason="另一个标签页",
        ),
    )
    auth.login(assignment.reviewer.email)
    response = client.post(
        f"/reviews/assignments/{assignment.id}/accept-rest", follow_redirects=True
    )
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert f"1 个评价项已在此期间另行作出结论，保留该结论：{other}。" in page
    assert f"已接受其余 {len(rest) - 1} 个评价项的自评等级。" in page
    db_session.expire_all()
    stored = {d.item_id: (d.decision, d.reason) for d in assignment.decisions}
    assert stored[other] == (Decision.ADJUST, "另一个标签页")
    assert set(stored) == set(rest)
    assert all(stored[i][0] is not Decision.ADJUST for i in rest if i != other)


def test_a_working_group_added_meanwhile_is_kept_once(
    db_session: Session, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    cast = make_cast()
    company = make_organisation()
    group = cast.group
    db_session.commit()
    assert group not in company.working_groups
    rival_after(
        monkeypatch,
        connection,
        organisations,
        "_groups",
        lambda _found: WorkingGroupMember(working_group_id=group.id, organisation_id=company.id),
    )
    changed = organisations.update_organisation(
        company, {}, cast.secretariat, working_group_ids=[group.id]
    )
    assert changed == []  # the other edit added it: nothing left to change, nothing audited
    assert _count(db_session, WorkingGroupMember.organisation_id == company.id) == 1
    assert (
        _count(
            db_session, AuditEntry.entity == "organisation", AuditEntry.field == "working_groups"
        )
        == 0
    )
    assert [g.code for g in company.working_groups] == [group.code]


def test_an_appeal_filed_meanwhile_is_already_pending_and_the_reason_is_quoted(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    connection: Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[0], world.lead)
    db_session.commit()
    rival_after(
        monkeypatch,
        connection,
        settling,
        "open_appeal",
        lambda _none: Appeal(review_id=review.id, reason="同事先提交", filed_by_id=world.lead.id),
    )
    auth.login(world.members[0].email)
    response = client.post(f"/reviews/{review.id}/appeal", data={"reason": "等级有误"})
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert "已有一项申诉正在处理。 您填写的申诉理由未提交：等级有误" in page
    assert (
        _count(db_session, Appeal.review_id == review.id, Appeal.status == AppealStatus.OPEN) <= 1
    )
    assert _count(db_session, Appeal.reason == "等级有误") == 0
