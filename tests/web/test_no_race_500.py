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
from rcapp.audit.models import AuditEntry
from rcapp.cycles import services as cycles
from rcapp.cycles.models import CycleStatus, LateAllowance, ReportingCycle
from rcapp.mail.models import OutboxMessage
from rcapp.organisations import services as organisations
from rcapp.organisations.models import Organisation, OrganisationKind
from rcapp.reviews import conflict_views, settling
from rcapp.reviews import services as reviews
from rcapp.reviews.errors import SavedMeanwhile
from rcapp.reviews.models import DeclaredConflict, ReviewAssignment, ReviewKind, Settlement
from rcapp.rubrics.model import RubricKind
from tests.conftest import AuthActions
from tests.factories import credit_code, make_cast, make_cycle, make_organisation, make_user
from tests.factories_reviews import assign_all, make_review_world, reviewers_of
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
    response = client.post(url, data={"kind": "onsite", "reviewers": [late.id]})
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


def test_a_late_submission_allowed_meanwhile_is_already_allowed(
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
    assert cycles.allow_late_submission(cycle, company.id, None) is False
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
