"""Accessibility of the markup, found by crawling every role's pages with axe and by hand.

Each test names the page and what a screen-reader or keyboard user met there.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reports import jobs
from rcapp.reports.models import JobKind
from rcapp.reviews import settling
from tests.conftest import AuthActions
from tests.factories import make_secretariat, make_working_group, make_world
from tests.factories_reviews import assign_all, make_review_world, submit_all


def _page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_every_page_loads_the_form_helpers_once(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # The user form, like every form outside the assessment pages, left focus at the top of
    # the page after a refused save: the script that moves it to the first error was only
    # on the assessment pages. It is now in the layout, once per page.
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    refused = client.post("/admin/users/new", data={})
    assert refused.status_code == 200
    assert refused.get_data(as_text=True).count("js/forms.js") == 1
    assert _page(client, "/").count("js/forms.js") == 1


def test_a_wide_table_scrolls_in_a_group_not_a_second_landmark_named_like_its_section(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # axe (landmark-unique) on the result, home, review and group pages: the table's
    # scrolling box was a region landmark named by its section's heading, so each section
    # was listed twice under the same name in a screen reader's landmarks.
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.members[0].email)
    page = _page(client, f"/assessments/{world.assessments[0].id}/result")
    # qa18 S11: the 总分构成 table's box is named by its own heading, not its section's.
    assert '<h3 id="components-title">总分构成</h3>' in page
    assert 'class="table-scroll" tabindex="0" role="group" aria-labelledby="components-title"' in (
        page
    )
    assert 'class="table-scroll" tabindex="0" role="region"' not in page


def test_assign_page_ties_the_missing_review_kind_message_to_its_radio_group(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.lead.email)
    response = client.post(
        f"/reviews/assessments/{world.assessments[0].id}/assign",
        data={"reviewers": [world.reviewers[1].id]},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<p class="field-error" id="kind-error">' in page
    assert '<fieldset aria-describedby="kind-error">' in page


def test_review_item_ties_the_missing_decision_message_to_its_radio_group(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    first = assign_all(world)[0].assignments[0]
    db_session.commit()
    auth.login(first.reviewer.email)
    response = client.post(
        f"/reviews/assignments/{first.id}/items/MS.G1.1", data={}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert 'id="d-MS.G1.1-decision-error"' in page
    assert '<fieldset aria-describedby="d-MS.G1.1-decision-error">' in page


def test_appeals_page_ties_the_missing_outcome_message_and_reads_the_stars_as_a_number(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    submit_all(review)
    settling.finalise_review(review, 30, world.lead)
    assert review.appeal_until is not None
    appeal = settling.file_appeal(review, "理由", review.appeal_until, world.members[0])
    db_session.commit()
    auth.login(world.secretariat.email)
    page = _page(client, "/reviews/appeals")
    # The stars were read out glyph by glyph ("black star, white star ...").
    assert re.search(r'<span class="stars" aria-hidden="true">[★☆]+</span>', page)
    assert re.search(r'<span class="stars-num">\d 星</span>', page)

    refused = client.post(f"/reviews/appeals/{appeal.id}/decide", data={})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert f'<p class="field-error" id="a-{appeal.id}-outcome-error">' in page
    described = f"a-{appeal.id}-outcome-help a-{appeal.id}-outcome-error"
    assert f'<fieldset aria-describedby="{described}">' in page


def test_organisation_form_ties_the_working_group_message_to_its_checkboxes(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_working_group()
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    response = client.post(
        "/organisations/new", data={"working_groups": ["999999"], "name_zh": "测试公司"}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="working_groups-error"' in page
    assert '<fieldset class="field has-error" aria-describedby="working_groups-error">' in page


def test_language_names_carry_their_own_language_on_english_pages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # The report language list and a job's language showed 中文 inside an English page
    # without lang, so an English screen reader spelled it out or skipped it.
    world = make_world()
    job = jobs.request_job(JobKind.SCORECARDS, world.secretariat, cycle=world.cycle)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get("/lang/en")
    cycle_page = _page(client, f"/cycles/{world.cycle.id}")
    assert '<option value="zh" lang="zh-CN">中文</option>' in cycle_page
    assert '<option value="en" lang="en" selected>English</option>' in cycle_page
    # a job's language is said in the page's language, as the audit log does (qa69 m6)
    assert "<dd>Chinese</dd>" in _page(client, f"/reports/jobs/{job.id}")
    listed = _page(client, "/reports/jobs")
    assert '<td data-label="Language">Chinese</td>' in listed
