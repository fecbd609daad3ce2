"""A running review stays with the group that runs it when its member leaves (qa45 D3).

Unticking the group on the organisation's edit form saved silently, and the group's
planning page lost the review: nobody had it on a page. The form now says which review
the group runs and saves only once confirmed; the planning page keeps it, marked, until
it is final.
"""

from __future__ import annotations

import datetime as dt
import html
import io

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from rcapp.clock import beijing_today
from rcapp.reviews import reviewing
from rcapp.reviews import services as review_services
from rcapp.reviews.models import FindingKind, ReviewKind
from tests.conftest import AuthActions
from tests.factories import make_working_group
from tests.factories_reviews import (
    make_review_world,
    reviewers_of,
    submit_and_finalise,
)
from tests.web.browser_form import submitted_values


@pytest.mark.parametrize(
    ("lang", "warning", "confirm", "marked"),
    [
        ("zh", "年度同行评审由工作组甲负责，尚未得出最终结果", "确认移出", "已不在本组"),
        (
            "en",
            "is run by Group A and is not final yet",
            "Confirm the removal",
            "no longer a member",
        ),
    ],
)
def test_leaving_a_group_running_its_review_is_asked_and_the_review_stays_on_its_page(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    warning: str,
    confirm: str,
    marked: str,
) -> None:
    world = make_review_world(3)
    world.group.name_zh, world.group.name_en = "工作组甲", "Group A"
    company = world.companies[0]
    second = make_working_group()
    company.working_groups.append(second)
    review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0), world.lead
    )
    db_session.commit()

    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    url = f"/organisations/{company.id}/edit"
    values = [
        (k, v)
        for k, v in submitted_values(client.get(url).get_data(as_text=True))
        if not (k == "working_groups" and v == str(world.group.id))
    ]
    response = client.post(url, data=MultiDict(values))
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert warning in page
    assert confirm in page
    # the question sits down the form: the top says that nothing was saved (qa62 #1)
    told = page[page.index('class="flashes"') :]
    assert ("尚未保存：移出工作组须先确认" if lang == "zh" else "Not saved yet: removing") in told
    db_session.expire_all()
    assert world.group in company.working_groups  # nothing changed yet

    response = client.post(url, data=MultiDict([*values, ("confirm_leave", str(world.group.id))]))
    assert response.status_code == 302, response.get_data(as_text=True)
    db_session.expire_all()
    assert [g.id for g in company.working_groups] == [second.id]

    auth.logout()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True))
    page = page.split('id="all"', 1)[1]  # the submitted list, not the reviews under way
    row = next(r for r in page.split("<tr>") if company.display_name(lang) in r)
    assert marked in row
    assert f"/reviews/assessments/{world.assessments[0].id}/assign" in row  # still runs it
    other = world.companies[1].display_name(lang)
    assert marked not in next(r for r in page.split("<tr>") if other in r)


@pytest.mark.parametrize(("lang", "marked"), [("zh", "已不在本组"), ("en", "no longer a member")])
def test_a_finished_review_stays_with_the_group_that_ran_it_in_the_open_year(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, marked: str
) -> None:
    """qa48 D1: the group settled the rating and follows up its corrective actions."""
    world = make_review_world(3)
    company = world.companies[0]
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0), world.lead
    )
    first = review.assignments[0]
    reviewing.add_finding(
        first,
        FindingKind.CORRECTIVE_ACTION,
        "演练评估报告缺签字",
        "C1.E1.1",
        "王工",
        beijing_today() + dt.timedelta(days=30),
        first.reviewer,
    )
    submit_and_finalise(review, world.lead)
    company.working_groups.remove(world.group)  # moved after its review was final
    company.working_groups.append(make_working_group())
    db_session.commit()

    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True))
    page = page.split('id="all"', 1)[1]  # the submitted list, not the reviews under way
    row = next(r for r in page.split("<tr>") if company.display_name(lang) in r)
    assert marked in row
    cycle = world.assessments[0].cycle
    response = client.get(
        f"/reports/corrective-actions.xlsx?group={world.group.id}&cycle={cycle.id}"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet is not None
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("演练评估报告缺签字" in t for t in texts)
