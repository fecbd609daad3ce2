"""A review reopened by an upheld appeal, on every page that lists or names it (QA57).

The earlier final rating stays the rating of record, marked 重新评审中 / "In review again",
and the review's open corrective actions stand: the year-over-year page, the group's
side-by-side page and workbook, the discrepancy map's header and the corrective-actions
workbook tell it as the result page does. The re-review is run by whom the to-do and the
mails reached (the deputy lead when the lead is the organisation's own member), and the
result page and the scorecard name that role; the own lead is refused with the reason.
"""

from __future__ import annotations

import html
import io
import re

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts import services as accounts
from rcapp.accounts.models import GroupRole, OrgRole, User
from rcapp.assessments.review_filters import ReviewState
from rcapp.reports import data_actions
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user
from tests.factories_reviews import ReviewWorld
from tests.pdf_tools import pdf_text
from tests.scorecard_download import fetch_scorecard
from tests.web.test_appeal_rereview_state import _upheld

LANGS = ["zh_CN", "en"]
AGAIN = {"zh_CN": "重新评审中", "en": "In review again"}
OPEN = {"zh_CN": "待整改", "en": "Open"}


def _text(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def _rows(client: FlaskClient, url: str) -> list[tuple[str, ...]]:
    response = client.get(url)
    assert response.status_code == 200, url
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert sheet is not None
    return [
        tuple("" if v is None else str(v) for v in row) for row in sheet.iter_rows(values_only=True)
    ]


def _run_by_deputy(world: ReviewWorld) -> tuple[User, User]:
    """Make the group's lead a member of company 0 and give the group a deputy from outside."""
    accounts.add_membership(world.lead, world.companies[0].id, OrgRole.MEMBER)
    deputy = make_user(make_organisation(), name="副组长丙")
    make_group_role(deputy, world.group, GroupRole.DEPUTY)
    return world.lead, deputy


# --- services: SQLite and PostgreSQL -------------------------------------------------------


def test_the_open_action_of_a_reopened_review_is_among_the_visible_actions(
    db_session: Session,
) -> None:
    world, review, done, still_open = _upheld(db_session)
    filters = data_actions.ActionFilters(organisation_id=world.companies[0].id)

    for user in (world.members[0], world.lead, world.secretariat):
        found = data_actions.visible_actions(user, filters)
        assert {f.id for f in found} == {done.id, still_open.id}, user.email


def test_the_state_of_a_reopened_review_is_rereview_among_given_assessments(
    db_session: Session,
) -> None:
    from rcapp.reviews.states import review_states_of  # added with this rule (QA57 M2)

    world, review, _done, _open = _upheld(db_session)
    other = world.assessments[1]

    states = review_states_of([review.assessment_id, other.id])

    assert states[review.assessment_id] is ReviewState.REREVIEW
    assert states.get(other.id) is not ReviewState.REREVIEW


def test_the_runner_of_a_review_is_the_deputy_when_the_lead_is_the_organisations_own(
    db_session: Session,
) -> None:
    from rcapp.reviews.settlers import runner_role  # added with this rule (QA57 m4)

    world, review, _done, _open = _upheld(db_session)
    assert runner_role(review) == "lead"

    _run_by_deputy(world)
    db_session.commit()

    assert runner_role(review) == "deputy"


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_corrective_actions_workbooks_list_the_open_action_of_a_reopened_review(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review, _done, still_open = _upheld(db_session)
    company = world.companies[0]

    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    own = _rows(client, f"/reports/corrective-actions.xlsx?organisation={company.id}")
    auth.logout()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    group = _rows(
        client, f"/reports/corrective-actions.xlsx?group={world.group.id}&cycle={world.cycle.id}"
    )

    for rows in (own, group):
        found = [row for row in rows if still_open.text in row]
        assert len(found) == 1, rows
        assert OPEN[lang] in found[0]


@pytest.mark.parametrize("lang", LANGS)
def test_year_over_year_shows_the_earlier_final_rating_in_review_again(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review, _done, _open = _upheld(db_session)
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")

    page = client.get(f"/benchmarks/organisations/{world.companies[0].id}/years")
    assert page.status_code == 200
    rows = re.findall(r"<tr>.*?</tr>", page.get_data(as_text=True), re.S)
    label = {"zh_CN": "最终星级", "en": "Final stars"}[lang]
    final = next(r for r in rows if f">{label}</th>" in r)
    final_text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", final)).split())

    stars = review.final_stars
    assert stars is None  # reopened: the review itself has no final stars now
    assert AGAIN[lang] in final_text
    assert re.search(r"\d (星|stars?) " + re.escape(AGAIN[lang]), final_text), final_text


@pytest.mark.parametrize("lang", LANGS)
def test_side_by_side_page_and_workbook_say_in_review_again(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review, _done, _open = _upheld(db_session)
    name = world.companies[0].display_name("en" if lang == "en" else "zh")
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")

    page = client.get(f"/benchmarks/groups/{world.group.id}?cycle={world.cycle.id}")
    assert page.status_code == 200
    rows = re.findall(r"<tr>.*?</tr>", page.get_data(as_text=True), re.S)
    row = next(r for r in rows if html.escape(name) in r or name in r)
    assert AGAIN[lang] in html.unescape(row)
    sheet = _rows(
        client, f"/reports/working-groups/{world.group.id}/side-by-side.xlsx?cycle={world.cycle.id}"
    )
    assert AGAIN[lang] in next(r for r in sheet if r[0] == name)


@pytest.mark.parametrize("lang", LANGS)
def test_the_reopened_discrepancy_map_header_says_in_review_again(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review, _done, _open = _upheld(db_session)
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")

    page = client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True)
    lead = re.search(r'<p class="lead">(.*?)</p>', page, re.S)

    assert lead is not None
    assert AGAIN[lang] in html.unescape(lead[1])


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh_CN", "本单位的评审由其他工作组组长、副组长或秘书处负责"),
        ("en", "Your own organisation's review is managed by another working-group lead"),
    ],
)
def test_a_lead_refused_their_own_organisations_review_is_told_why(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: str
) -> None:
    world, review, _done, _open = _upheld(db_session)
    own_lead, _deputy = _run_by_deputy(world)
    db_session.commit()
    auth.login(own_lead.email)
    client.get(f"/lang/{lang}")

    for url in (f"/reviews/{review.id}/consolidate", f"/reviews/{review.id}/finalise"):
        assert words in _text(client, url, 403), url


@pytest.mark.parametrize(
    ("lang", "deputy", "lead"),
    [
        ("zh_CN", "工作组副组长正在重新评审", "工作组组长正在重新评审"),
        ("en", "the deputy lead is reviewing it again", "the working-group lead is reviewing"),
    ],
)
def test_the_result_page_and_scorecard_name_the_deputy_who_runs_the_re_review(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, deputy: str, lead: str
) -> None:
    world, review, _done, _open = _upheld(db_session)
    _run_by_deputy(world)
    db_session.commit()
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")

    text = _text(client, f"/assessments/{review.assessment_id}/result")
    pdf = " ".join(pdf_text(fetch_scorecard(client, review.assessment_id).data).split())

    for shown in (text, pdf):
        assert deputy in shown
        assert lead not in shown


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh_CN", "评审员判为“不适用”的抽查项没有等级可比，不计入"),
        ("en", "A sampled item the reviewer judged N/A has no level to compare and is not counted"),
    ],
)
def test_the_calibration_help_says_sampled_na_items_are_not_counted(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: str
) -> None:
    world, _review, _done, _open = _upheld(db_session)
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")

    text = _text(client, f"/reviews/groups/{world.group.id}/calibration?cycle={world.cycle.id}")

    assert words in text
