"""A working-group lead's last rough edges (qa72 last stop).

The veto's reason and a link beside 未评定（一票否决） on the comparison and planning pages,
the park page's one reason for showing no statistics, and the calibration page leaving the
lead's own organisation's review out (conflict of interest) while the secretariat sees it.
"""

from __future__ import annotations

import html
import io
import re

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.accounts.models import Membership
from rcapp.assessments.models import AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.reviews import reviewing
from rcapp.reviews.models import Decision, ReviewKind
from tests.conftest import AuthActions
from tests.factories import make_park, make_user
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise


def _text(page: str) -> str:
    """The words of the page's content (from its heading, not the header naming the user's
    organisation) without tags, runs of spaces as one."""
    words = re.sub(r"<[^>]+>", "", page[page.index("<h1") :])
    return html.unescape(re.sub(r"\s+", " ", words))


LEFT_OUT = {
    "zh": "本单位的评审不在此列（回避）。",
    "en": "Your own organisation's review is not listed (conflict of interest).",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_calibration_leaves_the_leads_own_organisation_out_the_secretariat_sees_it(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    reviews = assign_all(world, ReviewKind.DESK)[:2]
    for review in reviews:  # one item lowered in each review by its first reviewer
        first = review.assignments[0]
        item = rubric_of(review.assessment).item_index()["MS.G1.1"]
        reviewing.save_decision(
            first, item, False, Decision.ADJUST, 1, "签字页缺失", first.reviewer
        )
        reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
        reviewing.submit_assignment(first, first.reviewer)
    # The lead works for the first company: its review is closed to her.
    db_session.add(Membership(user=world.lead, organisation=world.companies[0]))
    db_session.commit()
    url = f"/reviews/groups/{world.group.id}/calibration"
    own, other = (c.display_name(lang) for c in world.companies[:2])

    auth.login(world.lead.email)
    auth.choose_language(lang)
    text = _text(client.get(url).get_data(as_text=True))
    assert LEFT_OUT[lang] in text
    assert own not in text  # neither among the reviews counted nor among the moved items
    assert other in text
    assert "MS.G1.1" in text
    auth.logout()

    auth.login(world.secretariat.email)
    auth.choose_language(lang)
    text = _text(client.get(url).get_data(as_text=True))
    assert own in text
    assert other in text
    assert LEFT_OUT[lang] not in text


PARK_REASONS = {
    "zh": (
        "本年度的对标数据尚未计算，不显示组统计；秘书处计算后显示。",
        "4 家成员，其中 4 家有对标数据，不足 5 家，不显示组统计。",
    ),
    "en": (
        "This year's benchmarks are not computed yet, so no group statistics are shown; "
        "they appear once the secretariat computes them.",
        "4 members, 4 with benchmark data: fewer than 5, so no group statistics are shown.",
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_park_page_gives_the_one_reason_it_shows_no_statistics(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    park = make_park()
    for company in world.companies[:4]:
        company.park_id = park.id
    office = make_user(park)
    db_session.commit()
    auth.login(office.email)
    auth.choose_language(lang)
    url = f"/benchmarks/parks/{park.id}"
    not_computed, too_few = PARK_REASONS[lang]
    text = _text(client.get(url).get_data(as_text=True))
    assert not_computed in text
    assert too_few not in text
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    text = _text(client.get(url).get_data(as_text=True))
    assert too_few in text
    assert not_computed not in text


VETO = {
    "zh": ("未评定（一票否决）", "原因：较大及以上生产安全事故", "查看详情"),
    "en": ("Not rated (veto)", "Reason: Larger or worse production-safety accident", "Details"),
}


def _row_of(page: str, name: str) -> str:
    return next(row.split("</tr>")[0] for row in page.split("<tr")[1:] if name in row)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_vetoed_member_says_which_veto_and_links_its_result_where_the_lead_may_open_it(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5, vetoed=[0])
    submit_and_finalise(assign_all(world)[0], world.lead)  # the final result: vetoed too
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    vetoed, reason, details = VETO[lang]
    name = world.companies[0].display_name(lang)
    link = f'<a href="/assessments/{world.assessments[0].id}/result#bands-title">{details}</a>'
    auth.login(world.lead.email)
    auth.choose_language(lang)
    pages = {
        "comparison": f"/benchmarks/groups/{world.group.id}?cycle={world.cycle.id}",
        "planning": f"/reviews/groups/{world.group.id}?cycle={world.cycle.id}",
    }
    for url in pages.values():
        row = _row_of(client.get(url).get_data(as_text=True), name)
        assert html.unescape(row).count(vetoed) == 2, url  # self and final stars
        assert html.unescape(row).count(f'<span class="help veto-reason">{reason} ') == 2, row
        assert row.count(link) == 2, (url, row)
    # The same words in the comparison's workbook, beside the self stars.
    response = client.get(
        f"/reports/working-groups/{world.group.id}/side-by-side.xlsx?cycle={world.cycle.id}"
    )
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    member = next(r for r in sheet.iter_rows(values_only=True) if r[0] == name)
    assert member[4] == f"{vetoed} {reason}"  # after the self score, its percentile, stars
    # Returned for revision, its result is closed to the lead: the reason, no link.
    world.assessments[0].status = AssessmentStatus.RETURNED
    db_session.commit()
    for url in pages.values():
        page = client.get(url).get_data(as_text=True)
        if name in page:  # listed apart on the planning page while returned
            assert "/result#bands-title" not in page, url
    row = _row_of(client.get(pages["comparison"]).get_data(as_text=True), name)
    assert reason in html.unescape(row)
