"""A form refused as stale says "you, in another tab" when the newer save was the user's own.

Saving a finding (or an event) from a second, older tab of the same user said it was changed
"by someone else" / "他人": the user looked for a colleague who was never there. Who saved
last comes from the audit log; a colleague's save still reads "someone else".
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from rcapp.reviews.finding_gone import finding_stamp
from rcapp.reviews.models import FindingKind
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.factories_reviews import (
    FINDING_ITEM,
    make_review_world,
    submitted_with_finding,
    with_finding,
)
from tests.web.helpers import EVENT_FORM, event_added, member_with_assessment, words_of
from tests.web.test_no_lost_event_and_target_edits import (
    _hidden,
    _input,
    _target_world,
    _textarea,
)
from tests.web.test_v2_pages import real_rubrics  # noqa: F401

OWN_FINDING = {
    "zh": "这条发现已在您的另一窗口、标签页或设备中修改或删去",
    "en": "You changed or dropped this finding in another window, tab or device",
}
OTHERS_FINDING = {"zh": "已被他人修改或删去", "en": "changed or dropped by someone else"}
OWN_EVENT = {
    "zh": "您已在另一窗口、标签页或设备中修改此事件，本页的修改未保存",
    "en": "You changed this event in another window, tab or device",
}
OTHERS_EVENT = {
    "zh": "此事件在您打开本页后已被{name}修改",
    "en": "{name} changed this event after you opened the page",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reviewers_finding_saved_from_her_older_tab_says_her_other_tab(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    review, action = with_finding(make_review_world(5), text="缺签字")
    first = review.assignments[0]
    db_session.commit()
    auth.login(first.reviewer.email)
    auth.choose_language(lang)
    p = f"f{action.id}-"
    url = f"/reviews/assignments/{first.id}/findings/{action.id}/edit"
    both_tabs = {
        p + "kind": "corrective_action",
        p + "item_id": FINDING_ITEM,
        p + "due_on": "2027-06-30",
        p + "seen": finding_stamp(action),
    }
    tab_one = client.post(url, data={**both_tabs, p + "text": "缺签字和日期", p + "owner": "王工"})
    assert tab_one.status_code == 302
    tab_two = client.post(url, data={**both_tabs, p + "text": "第二个标签页", p + "owner": "李工"})
    assert tab_two.status_code == 409
    page = words_of(tab_two.get_data(as_text=True))
    assert OWN_FINDING[lang] in page
    assert OTHERS_FINDING[lang] not in page
    assert "第二个标签页" in page  # the input kept


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_leads_stale_edit_names_her_other_tab_or_someone_else(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review, action = submitted_with_finding(
        world, kind=FindingKind.IMPROVEMENT, text="记录可更完整", owner="", due=None
    )
    db_session.commit()
    auth.login(world.lead.email)
    auth.choose_language(lang)
    p = f"finding-{action.id}-"
    url = f"/reviews/{review.id}/findings/{action.id}/edit"
    shown = {p + "owner": "", p + "due_on": "", p + "seen": finding_stamp(action)}
    assert client.post(url, data={**shown, p + "text": "第一个标签页"}).status_code == 302
    stale = client.post(url, data={**shown, p + "text": "第二个标签页"})
    assert stale.status_code == 409
    page = words_of(stale.get_data(as_text=True))
    assert OWN_FINDING[lang] in page
    assert OTHERS_FINDING[lang] not in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_event_saved_from_an_older_tab_says_whose_save_it_was(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    auth.choose_language(lang)
    data = EVENT_FORM
    event, url = event_added(client, db_session, assessment.id)
    stale = str(event.version)
    mine = client.post(url, data={**data, "description": "泄漏（更正）", "version": stale})
    assert mine.status_code == 302
    refused = client.post(url, data={**data, "description": "第二个标签页", "version": stale})
    assert refused.status_code == 409
    page = words_of(refused.get_data(as_text=True))
    assert OWN_EVENT[lang] in page
    assert "他人" not in page
    assert "Someone else" not in page
    assert "第二个标签页" in page

    # a colleague's save since: named, from the audit log
    colleague = make_user(world.org_a, email="colleague@example.cn", name="王芳")
    db_session.commit()
    stale = str(event.version)
    auth.logout()
    auth.login(colleague.email)
    theirs = client.post(url, data={**data, "description": "同事的更正", "version": stale})
    assert theirs.status_code == 302
    auth.logout()
    auth.login(world.user_a.email)
    auth.choose_language(lang)
    refused = client.post(url, data={**data, "description": "我的描述", "version": stale})
    assert refused.status_code == 409
    page = words_of(refused.get_data(as_text=True))
    assert OTHERS_EVENT[lang].format(name={"zh": "王芳", "en": "王芳 (Wang Fang)"}[lang]) in page
    assert OWN_EVENT[lang] not in page


OWN_TARGET = {
    "zh": "您已在另一窗口、标签页或设备中修改此目标，本页的修改未保存",
    "en": "You changed this target in another window, tab or device",
}
OWN_FIELD = {
    "zh": "此项已在您的另一窗口、标签页或设备中修改",
    "en": "You changed this in another window, tab or device",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_kpi_target_saved_from_an_older_tab_says_the_users_other_tab(
    app: Flask,
    client: FlaskClient,
    connection: Connection,
    real_rubrics: None,  # noqa: F811
    lang: str,
) -> None:
    assessment_id, target_id, mine, _theirs = _target_world(app)
    auth = AuthActions(client)
    auth.login(mine)
    auth.choose_language(lang)
    url = f"/assessments/{assessment_id}/targets/{target_id}"
    page = client.get(url).get_data(as_text=True)
    shown = {name: _input(page, name) for name in ("base_year", "deadline", "change_pct")}
    shown |= {"kpi_id": "OHS-01", "value": "", "note": _textarea(page, "note")}
    opened = _hidden(page)
    deadline = int(shown["deadline"])
    first_tab = {**shown, **opened, "deadline": str(deadline + 1)}
    assert client.post(url, data=first_tab).status_code == 302
    refused = client.post(url, data={**shown, **opened, "note": "第二个标签页"})
    assert refused.status_code == 409
    text = words_of(refused.get_data(as_text=True))
    assert OWN_TARGET[lang] in text
    assert OWN_FIELD[lang] in text  # beside the deadline it changed in the first tab
    assert {"zh": "他人", "en": "someone else"}[lang] not in text
