"""English pages mark users' Chinese names with lang="zh-CN": organisation users, review lead
pages, calibration, the audit log and the home dashboard panels.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_secretariat
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise


def _main(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True).split("<main", 1)[1]


def test_review_lead_pages_mark_reviewer_names(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    reviews = assign_all(world)
    submit_and_finalise(reviews[0], world.lead)
    db_session.commit()
    auth.login(world.lead.email)
    client.get("/lang/en")
    reviewer = reviews[1].assignments[0].reviewer.name

    group = _main(client, f"/reviews/groups/{world.group.id}")
    assert f'<span lang="zh-CN">{reviewer}</span> (In review)' in group
    assert f'<tr><td><span lang="zh-CN">{reviewer}</span></td>' in group
    assign = _main(client, f"/reviews/assessments/{reviews[1].assessment_id}/assign")
    assert f'<span class="visually-hidden"> <span lang="zh-CN">{reviewer}</span></span>' in assign
    calibration = _main(client, f"/reviews/groups/{world.group.id}/calibration")
    marked = f'<th scope="row"><span lang="zh-CN">{reviews[0].assignments[0].reviewer.name}</span>'
    assert marked in calibration


def test_organisation_users_audit_log_and_home_mark_chinese_names(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    assign_all(world)  # recorded in the audit log as the lead's
    member = world.members[0]
    world.companies[1].name_en = None
    make_secretariat(email="sec@example.cn", name="秘书处张三")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")

    organisation = _main(client, f"/organisations/{world.companies[0].id}")
    assert f'<span lang="zh-CN">{member.name}</span> ({member.email})' in organisation
    audit = _main(client, "/audit/")
    assert f'<span lang="zh-CN">{world.lead.name}</span><br>' in audit
    home = _main(client, "/")
    assert '<span lang="zh-CN">秘书处张三</span>' in home

    auth.logout()
    auth.login(world.lead.email)
    client.get("/lang/en")
    lead_home = _main(client, "/")
    assert f'<a href="/assessments/{world.assessments[1].id}"><span lang="zh-CN">' in lead_home
