"""The organisation's site address and contact: who edits them, who sees the phone and e-mail.

On-site reviewers had no address or phone of the company they visit: the organisation's own
admin and the secretariat now keep them (checked, audited, a stale save refused), and they
are shown to the organisation, the secretariat, its group's lead and deputy and the reviewers
of an on-site review of it until the review is final; not to desk reviewers or other members.
"""

from __future__ import annotations

import datetime as dt
import json

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from rcapp.accounts.models import GroupRole, OrgRole
from rcapp.audit.models import AuditEntry
from rcapp.clock import beijing_today
from rcapp.mail.models import OutboxMessage
from rcapp.organisations.models import Organisation
from rcapp.reviews import queries
from rcapp.reviews.models import Review, ReviewKind
from rcapp.reviews.site_contact import may_see_contact
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user, make_working_group
from tests.factories_reviews import ReviewWorld, make_review_world, submit_and_finalise
from tests.web.browser_form import submitted_values

PHONE = "138-0000-0104"
ADDRESS = "江苏省盐城市临海化工园区经五路 26 号"


def _fill(organisation: Organisation, email: str | None = "hse.donghai@example.cn") -> None:
    organisation.site_address = ADDRESS
    organisation.hse_contact = "孙浩"
    organisation.contact_phone = PHONE
    organisation.contact_email = email


def _admin_logged_in(db_session: Session, auth: AuthActions) -> Organisation:
    """A company whose admin is logged in (its profile page is theirs to edit)."""
    organisation = make_organisation()
    admin = make_user(organisation, role=OrgRole.ADMIN)
    db_session.commit()
    auth.login(admin.email)
    return organisation


def _edit_page(client: FlaskClient, organisation: Organisation) -> MultiDict[str, str]:
    html = client.get(f"/organisations/{organisation.id}/edit").get_data(as_text=True)
    return MultiDict(submitted_values(html))


def _post(
    client: FlaskClient, organisation: Organisation, form: MultiDict[str, str], **new: str
) -> TestResponse:
    for name, value in new.items():
        form[name] = value
    return client.post(f"/organisations/{organisation.id}/edit", data=form)


def _assign(client: FlaskClient, world: ReviewWorld, kind: str) -> Review:
    day = (beijing_today() + dt.timedelta(days=10)).isoformat()
    due = (beijing_today() + dt.timedelta(days=30)).isoformat()
    client.post(
        f"/reviews/assessments/{world.assessments[0].id}/assign",
        data={
            "reviewers": [world.reviewers[1].id, world.reviewers[2].id],
            "kind": kind,
            "visit_on": day,
            "due_on": due,
        },
    )
    review = queries.find_review(world.assessments[0])
    assert review is not None
    assert review.kind is ReviewKind(kind)
    return review


def test_the_org_admin_fills_in_the_contact_written_one_way_and_audited(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = _admin_logged_in(db_session, auth)
    form = _edit_page(client, organisation)
    response = _post(
        client,
        organisation,
        form,
        site_address=ADDRESS,
        hse_contact="孙浩",
        contact_phone="138 0000 0104",
        contact_email="hse.donghai@example.cn",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db_session.expire_all()
    assert (organisation.site_address, organisation.hse_contact) == (ADDRESS, "孙浩")
    assert organisation.contact_phone == PHONE
    assert organisation.contact_email == "hse.donghai@example.cn"
    logged = db_session.scalars(
        select(AuditEntry).where(
            AuditEntry.entity_id == organisation.id, AuditEntry.field == "contact_phone"
        )
    ).one()
    assert logged.before is None
    assert json.loads(logged.after or "") == PHONE
    detail = client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert PHONE in detail
    assert ADDRESS in detail
    assert 'href="tel:13800000104"' in detail


def test_a_wrong_phone_is_named_in_the_users_language_and_nothing_is_saved(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = _admin_logged_in(db_session, auth)
    form = _edit_page(client, organisation)
    response = _post(client, organisation, form, contact_phone="8888123", site_address=ADDRESS)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "联系电话格式不正确" in page
    assert 'value="8888123"' in page  # the input kept
    client.get("/lang/en")
    form = _edit_page(client, organisation)
    page = _post(client, organisation, form, contact_phone="1380000").get_data(as_text=True)
    assert "Contact phone: enter" in page
    response = _post(client, organisation, form, contact_email="hse@example")
    assert "Contact e-mail" in response.get_data(as_text=True)
    db_session.expire_all()
    assert organisation.contact_phone is None
    assert organisation.site_address is None


def test_the_secretariat_edits_the_contact_and_a_stale_save_does_not_overwrite_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = make_organisation()
    admin = make_user(organisation, role=OrgRole.ADMIN)
    secretariat = make_user(is_secretariat=True)
    db_session.commit()
    auth.login(admin.email)
    stale = _edit_page(client, organisation)  # the admin's page, opened first
    auth.login(secretariat.email)
    form = _edit_page(client, organisation)
    response = _post(client, organisation, form, contact_phone="0515-80000101 转 8")
    assert response.status_code == 302, response.get_data(as_text=True)
    db_session.expire_all()
    assert organisation.contact_phone == "0515-80000101-8"
    auth.login(admin.email)
    response = _post(client, organisation, stale, contact_phone="13800000105")
    assert response.status_code == 409
    db_session.expire_all()
    assert organisation.contact_phone == "0515-80000101-8"


def test_who_may_see_the_phone(db_session: Session) -> None:
    world = make_review_world(4)
    company = world.companies[0]
    other_member = world.members[1]
    deputy = make_user(make_organisation())
    make_group_role(deputy, world.group, GroupRole.DEPUTY)
    outsider_lead = make_user(make_organisation())  # leads a group the company is not in
    make_group_role(outsider_lead, make_working_group(), GroupRole.LEAD)
    db_session.commit()
    assert may_see_contact(world.members[0], company)  # the organisation itself
    assert may_see_contact(world.secretariat, company)
    assert may_see_contact(world.lead, company)
    assert may_see_contact(deputy, company)
    assert not may_see_contact(other_member, company)
    assert not may_see_contact(outsider_lead, company)
    assert not may_see_contact(world.reviewers[1], company)  # not assigned yet


def _mails(db_session: Session) -> dict[str, str]:
    return {m.to_address: m.body for m in db_session.scalars(select(OutboxMessage))}


def test_on_site_reviewers_are_mailed_and_shown_where_to_go_and_whom_to_call(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)
    _fill(world.companies[0])
    zh, en = world.reviewers[1], world.reviewers[2]
    en.language = "en"
    db_session.commit()
    auth.login(world.lead.email)
    review = _assign(client, world, "onsite")
    mails = _mails(db_session)
    assert f"现场评审地点：{ADDRESS}" in mails[zh.email]
    assert f"联系人：孙浩，{PHONE}，hse.donghai@example.cn" in mails[zh.email]
    assert f"Site address: {ADDRESS}" in mails[en.email]
    assert f"Contact: 孙浩 (Sun Hao), {PHONE}, hse.donghai@example.cn" in mails[en.email]
    assert "尚未填写" not in mails[zh.email]
    assert may_see_contact(zh, world.companies[0])
    assert may_see_contact(en, world.companies[0])
    auth.login(zh.email)
    assignment = next(a for a in review.assignments if a.reviewer_id == zh.id)
    page = client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True)
    assert f"现场评审地点：{ADDRESS}" in page
    assert PHONE in page
    # finalised: the reviewer no longer sees the phone
    submit_and_finalise(review, world.lead)
    db_session.commit()
    assert not may_see_contact(zh, world.companies[0])
    page = client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True)
    assert PHONE not in page


def test_desk_reviewers_get_no_address_or_phone(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)
    _fill(world.companies[0])
    db_session.commit()
    auth.login(world.lead.email)
    review = _assign(client, world, "desk")
    reviewer = world.reviewers[1]
    assert PHONE not in _mails(db_session)[reviewer.email]
    assert ADDRESS not in _mails(db_session)[reviewer.email]
    assert not may_see_contact(reviewer, world.companies[0])
    auth.login(reviewer.email)
    assignment = next(a for a in review.assignments if a.reviewer_id == reviewer.id)
    page = client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True)
    assert PHONE not in page
    assert "现场评审地点" not in page


def test_a_missing_contact_is_said_and_the_org_admin_is_reminded_until_it_is_filled(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)
    company = world.companies[0]
    admin = world.members[0]  # the company's admin
    db_session.commit()
    auth.login(admin.email)
    assert "site-contact-reminder" not in client.get("/").get_data(as_text=True)
    auth.login(world.lead.email)
    _assign(client, world, "onsite")
    mail = _mails(db_session)[world.reviewers[1].email]
    assert "现场评审地点：（未填写）" in mail
    assert "请联系工作组组长或副组长向被评审单位索取" in mail
    auth.login(world.members[1].email)  # a member of another company: not reminded
    assert "site-contact-reminder" not in client.get("/").get_data(as_text=True)
    auth.login(admin.email)
    home = client.get("/").get_data(as_text=True)
    assert "site-contact-reminder" in home
    assert f"/organisations/{company.id}/edit#site-contact" in home
    client.get("/lang/en")
    assert "on-site reviewers need" in client.get("/").get_data(as_text=True)
    _fill(company, email=None)
    db_session.commit()
    assert "site-contact-reminder" not in client.get("/").get_data(as_text=True)
