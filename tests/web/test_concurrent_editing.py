"""Two people editing at once: the second is told, keeps their input, and decides."""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.services import submit_assessment
from rcapp.organisations.models import Organisation
from tests.conftest import AuthActions
from tests.factories import answer_of, make_user, make_world
from tests.two_sessions import colleagues as _two_colleagues
from tests.two_sessions import two_clients
from tests.web.helpers import EVENT_FORM, error_beside, event_added, member_with_assessment


def _hidden_version(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', page)
    assert tag is not None, f"no field {name}"
    value = re.search(r'value="(\d+)"', tag.group(0))
    assert value is not None
    return value.group(1)


def _answer(app: Flask, assessment_id: int, item_id: str) -> tuple[object, object]:
    with app.app_context():
        assessment = db.session().get(Assessment, assessment_id)
        assert assessment is not None
        return answer_of(assessment, item_id)


def _drills_saved_by_the_other(app: Flask, client: FlaskClient) -> tuple[int, str]:
    """Two colleagues open the KPI page; the other saves drills = 4 first.

    Returns the assessment's id and the page's address; `client` is the one left behind.
    """
    assessment_id, mine_email, their_email = _two_colleagues(app)
    url = f"/assessments/{assessment_id}/kpis"
    other = two_clients(app, client, mine_email, their_email)
    client.get(url)
    assert other.post(url, data={"drills__value": "4", "drills__version": "0"}).status_code == 302
    return assessment_id, url


def _admin_on_profile(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> tuple[Organisation, str, str]:
    """Organisation A's admin, signed in, opens its profile form: (organisation, address, page)."""
    world = make_world()
    admin = make_user(world.org_a, role=OrgRole.ADMIN)
    db_session.commit()
    auth.login(admin.email)
    url = f"/organisations/{world.org_a.id}/edit"
    return world.org_a, url, client.get(url).get_data(as_text=True)


def test_second_editor_is_told_keeps_input_and_decides(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, mine_email, their_email = _two_colleagues(app)
    url = f"/assessments/{assessment_id}/sections/C1"
    other = two_clients(app, client, mine_email, their_email)
    mine = client.get(url).get_data(as_text=True)
    theirs = other.get(url).get_data(as_text=True)
    base = _hidden_version(mine, "C1.E1.1__version")
    assert base == _hidden_version(theirs, "C1.E1.1__version") == "0"

    evidenced = {"C1.E1.1__evidence_note": "演练记录"}  # else shown again with a warning
    saved = other.post(url, data={"C1.E1.1__level": "3", "C1.E1.1__version": base, **evidenced})
    assert saved.status_code == 302
    refused = client.post(
        url,
        data={
            "C1.E1.1__level": "1",
            "C1.E1.1__evidence_note": "我的证据说明",
            "C1.E1.1__version": base,
        },
    )
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "李雷在您打开本页后已修改此项" in page
    assert "等级：3" in page  # what is stored now
    assert "我的证据说明" in page  # the user's input is still on the page
    assert re.search(r'<input checked[^>]*name="C1\.E1\.1__level"[^>]*value="1"', page)
    assert _answer(app, assessment_id, "C1.E1.1") == (3, None)  # the first save holds

    # The page is now based on the stored version: saving again is the user's decision.
    decided = client.post(
        url,
        data={
            "C1.E1.1__level": "1",
            "C1.E1.1__evidence_note": "我的证据说明",
            "C1.E1.1__version": _hidden_version(page, "C1.E1.1__version"),
        },
    )
    assert decided.status_code == 302
    assert _answer(app, assessment_id, "C1.E1.1") == (1, None)


def test_saving_a_page_opened_before_the_submit_is_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth, filled=True)
    url = f"/assessments/{assessment.id}/sections/C1"
    client.get(url)
    submit_assessment(assessment, world.user_a)
    db_session.commit()
    response = client.post(url, data={"C1.E1.1__level": "0"})
    assert response.status_code == 409
    db_session.expire_all()
    assert answer_of(assessment, "C1.E1.1") == (3, None)


def test_double_submit_from_the_page_is_harmless(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth, filled=True)
    first = client.post(f"/assessments/{assessment.id}/submit")
    second = client.post(f"/assessments/{assessment.id}/submit", follow_redirects=True)
    assert first.status_code == 302
    assert second.status_code == 200
    assert "本自评已提交，无需重复提交。" in second.get_data(as_text=True)
    db_session.expire_all()
    assert assessment.status is AssessmentStatus.SUBMITTED


def test_stale_kpi_page_is_refused_with_the_stored_value(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    _assessment_id, url = _drills_saved_by_the_other(app, client)
    response = client.post(url, data={"drills__value": "7", "drills__version": "0"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "数值：4" in page
    assert 'value="7"' in page


def test_stale_event_edit_is_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    data = EVENT_FORM
    event, url = event_added(client, db_session, assessment.id)
    stale = str(event.version)
    changed = client.post(url, data={**data, "description": "泄漏（更正）", "version": stale})
    assert changed.status_code == 302
    refused = client.post(url, data={**data, "description": "我的描述", "version": stale})
    assert refused.status_code == 409
    assert "我的描述" in refused.get_data(as_text=True)
    db_session.expire_all()
    assert event.description == "泄漏（更正）"


def test_stale_organisation_profile_is_refused_and_shows_the_stored_value(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation, url, page = _admin_on_profile(client, db_session, auth)
    version = _hidden_version(page, "version")
    form = {
        "name_zh": organisation.name_zh,
        "name_en": organisation.name_en or "",
        "province": organisation.province,
        "city": "苏州市",
        "version": version,
    }
    assert client.post(url, data=form).status_code == 302
    refused = client.post(url, data={**form, "city": "无锡市"})
    assert refused.status_code == 409
    text = refused.get_data(as_text=True)
    assert "现存：苏州市" in text
    assert 'value="无锡市"' in text
    db_session.expire_all()
    stored = db_session.get(Organisation, organisation.id)
    assert stored is not None
    assert stored.city == "苏州市"


def _hidden(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', page)
    assert tag is not None, f"no field {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    assert value is not None
    return html.unescape(value.group(1))


def test_a_stale_profile_flags_only_what_others_changed_and_a_second_save_keeps_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation, url, page = _admin_on_profile(client, db_session, auth)
    opened = {
        "name_zh": organisation.name_zh,
        "name_en": organisation.name_en or "",
        "province": organisation.province,
        "city": organisation.city or "",
        "sector": organisation.sector or "",
        "parent_group": "",
        "version": _hidden(page, "version"),
        "original": _hidden(page, "original"),
    }
    # Tab A changes the city and the parent group; tab B, opened before, the sector and
    # the parent group too.
    by_a = {**opened, "city": "潍坊市（A改）", "parent_group": "甲"}
    assert client.post(url, data=by_a).status_code == 302
    refused = client.post(url, data={**opened, "sector": "化肥（B改）", "parent_group": "乙"})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert _hidden(page, "city") == "潍坊市（A改）"  # the colleague's, not B's stale copy
    # the same person's tab A: said as theirs (qa48), not as someone else's
    assert "此项已在您的另一窗口、标签页或设备中修改，现已显示修改后的值。" in error_beside(
        page, "city"
    )
    assert 'id="sector-error"' not in page  # only B changed it: nothing to flag
    assert _hidden(page, "sector") == "化肥（B改）"
    assert "现存：甲" in error_beside(page, "parent_group")  # both changed: B decides
    assert _hidden(page, "parent_group") == "乙"

    # Saving the page as shown now keeps A's city.
    again = {**opened, "city": "潍坊市（A改）", "sector": "化肥（B改）", "parent_group": "乙"}
    again |= {"version": _hidden(page, "version"), "original": _hidden(page, "original")}
    assert client.post(url, data=again).status_code == 302
    db_session.expire_all()
    stored = db_session.get(Organisation, organisation.id)
    assert stored is not None
    assert stored.city == "潍坊市（A改）"
    assert (stored.sector, stored.parent_group) == ("化肥（B改）", "乙")


def test_a_kpi_save_refused_in_part_says_the_other_changes_were_saved(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, url = _drills_saved_by_the_other(app, client)
    both = {"drills__value": "7", "drills__version": "0", "lti_employees__value": "2"}
    for lang, words in (("zh_CN", "其余修改已保存。"), ("en", "The other changes were saved.")):
        client.get(f"/lang/{lang}?next=/")
        response = client.post(url, data=both)
        assert response.status_code == 409
        assert words in html.unescape(response.get_data(as_text=True))
        both["lti_employees__value"] = "3"  # a change again on the second round
    with app.app_context():
        assessment = db.session().get(Assessment, assessment_id)
        assert assessment is not None
        values = {v.input_id: v.value for v in assessment.kpi_values}
        assert values["lti_employees"] == 3
        assert values["drills"] == 4


def test_a_refused_kpi_save_with_nothing_else_changed_does_not_claim_a_save(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    _assessment_id, url = _drills_saved_by_the_other(app, client)
    response = client.post(url, data={"drills__value": "7", "drills__version": "0"})
    assert response.status_code == 409
    assert "其余修改已保存" not in response.get_data(as_text=True)
