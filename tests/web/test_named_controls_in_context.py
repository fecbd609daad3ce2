"""Repeated controls carry their item or row in their accessible names (qa18 S4, S8, S2, S3).

In a screen reader's list of links, buttons or form fields, the events register read "修改,
删除, 修改, 删除…", the group page "指派, 指派", and every item of a section page "成熟度等级,
证据说明, 备注…" with no item code. The code (or the row's date and type, the organisation)
now follows the visible text in a visually hidden span; what is shown stays as it was.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import EventInput
from tests.conftest import AuthActions
from tests.factories import make_world, start
from tests.factories_reviews import assign_all, make_review_world
from tests.web.accessible_names import document, name_of, visible_text
from tests.web.helpers import member_with_assessment


def _page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_event_register_actions_name_their_event(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    day = dt.date(world.cycle.year, 6, 15)
    for offset in (0, 10):
        event = EventInput(
            event_type="safety_accident",
            grade="general",
            occurred_on=(day + dt.timedelta(days=offset)).isoformat(),
            description="测试事件",
        )
        added, problems = services.add_event(assessment, rubric, event, world.user_a)
        assert added is not None, problems
    db_session.commit()
    auth.login(world.user_a.email)
    page = document(_page(client, f"/assessments/{assessment.id}/events"))
    rows = page.xpath("//table[contains(@class, 'events')]/tbody/tr")
    assert len(rows) == 2
    names = []
    for row in rows:
        date = row.xpath("td[contains(@class, 'date')]")[0].text.strip()
        kind = visible_text(row.xpath("td[contains(@class, 'type')]")[0])
        edit = row.xpath(".//a[contains(@href, '/events/')]")[0]
        delete = row.xpath(".//button[@type='submit']")[0]
        assert visible_text(edit) == "修改"
        assert visible_text(delete) == "删除"
        assert name_of(edit) == f"修改 {date} {kind}"
        assert name_of(delete) == f"删除 {date} {kind}"
        names += [name_of(edit), name_of(delete)]
    assert len(set(names)) == 4


def test_group_page_assign_links_name_their_organisation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    assign_all(world)
    db_session.commit()
    auth.login(world.lead.email)
    html = _page(client, f"/reviews/groups/{world.group.id}")
    page = document(html)
    links = [a for a in page.iter("a") if visible_text(a) == "指派"]
    assert len(links) == 5
    names = {name_of(a) for a in links}
    assert names == {f"指派 {company.name_zh}" for company in world.companies}
    others = [a for a in page.iter("a") if visible_text(a) == "差异与裁定"]
    assert len({name_of(a) for a in others}) == 5


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_section_page_fields_name_their_item(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}")
    for url in (
        f"/assessments/{assessment.id}/sections/C1",
        f"/assessments/{assessment.id}/prerequisites",
    ):
        page = document(_page(client, url))
        items = page.xpath("//div[contains(concat(' ', @class, ' '), ' item ')][@id]")
        assert items, url
        for item in items:
            code = item.get("id").removeprefix("item-")
            groups = item.xpath(".//fieldset")
            fields = item.xpath(".//input[@type='text' or @type='checkbox'] | .//textarea")
            assert groups or fields, (url, code)
            for control in [*groups, *fields]:
                name = name_of(control)
                assert name.endswith(f" {code}"), (url, name)
                # what is shown stays "成熟度等级", "备注"…: the code is for screen readers
                shown = control.find("legend") if control.tag == "fieldset" else None
                if shown is not None:
                    assert code not in visible_text(shown)


def test_review_page_decisions_name_their_item_and_findings_are_one_link_away(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)
    html = _page(client, f"/reviews/assignments/{assignment.id}")
    page = document(html)
    forms = page.xpath("//form[contains(@action, '/items/')]")
    assert forms
    for form in forms:
        code = form.get("action").split("/items/")[1].split("#")[0]
        decision = form.xpath(".//fieldset")[0]
        assert name_of(decision) == f"评审结论 {code}"
        assert visible_text(decision.find("legend")) == "评审结论"
        reason = form.xpath(".//textarea")[0]
        assert name_of(reason).endswith(f" {code}")
        # a yes/no item has no level to pick: "改为" names the other answer (qa69 m5)
        for level in form.xpath(".//select"):
            assert name_of(level).endswith(f" {code}")
    # S2: "记录发现" beside "提交评审" and below the section tabs, to the findings form
    found = [a for a in page.iter("a") if visible_text(a) == "记录发现"]
    links = [a for a in found if a.get("data-finding-item") is None]
    # each sampled item's own link names its item and chooses it in the form
    for own in (a for a in found if a.get("data-finding-item") is not None):
        item = own.get("data-finding-item")
        assert name_of(own) == f"记录发现 {item}"
        assert own.get("href").endswith(f"finding_item={item}#finding-form")
    # ... and a third in the progress bar kept at the screen's foot (qa70 m4)
    in_bar = page.get_element_by_id("review-bar").xpath(".//a[normalize-space(.)='记录发现']")
    assert len(in_bar) == 1
    assert len(links) == 3
    assert {a.get("href") for a in links} == {"#findings"}
    assert page.get_element_by_id("findings").xpath(".//form[@id='finding-form']")
    submit = page.xpath("//button[normalize-space(.)='提交评审']")[0]
    assert submit.sourceline <= links[0].sourceline
    # S3: a date control's order follows the browser (mm/dd/yyyy): the help says to pick
    # the day or type it as shown, never a format the control does not show
    due = page.get_element_by_id("due_on-help") if "due_on-help" in html else None
    help_text = visible_text(due) if due is not None else html
    assert "点选日期，或按输入框中显示的顺序输入。" in help_text
    assert "YYYY-MM-DD" not in help_text
    assert "请选择日期" in help_text
