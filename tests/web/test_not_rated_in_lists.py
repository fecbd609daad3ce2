"""A self-assessed result that is not rated (a prerequisite unmet) reads 未评定 / Not rated in
lists and panels, as on its result page, and a rated result of 0 stars reads 未达 1 星
(vcnames 3: no "0 星").

Both are stored with 0 stars; only the self snapshot's `rated` flag tells them apart
(assessments.queries.rated_stars).
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.assessments import services
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rated_stars, rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation
from tests.conftest import AuthActions
from tests.factories import (
    FULL_ANSWERS,
    FULL_KPIS,
    file_prerequisite,
    make_cycle,
    make_group_role,
    make_organisation,
    make_park,
    make_secretariat,
    make_user,
    make_working_group,
)

SIGNED = {"commitment_status": "signed"}
LOW_ANSWERS = {
    section_id: {
        item_id: ItemInput(value="0") if given.value else ItemInput(level="0")
        for item_id, given in answers.items()
    }
    for section_id, answers in FULL_ANSWERS.items()
}


def _submitted(company: Organisation, cycle: ReportingCycle, prerequisite: str) -> Assessment:
    """Every item answered; P1 met ("1": every item at level 0, a rated 0-star result) or not."""
    member = make_user(company)
    assessment = services.get_or_start_assessment(company, cycle, member)
    rubric = rubric_of(assessment)
    for section_id, answers in (LOW_ANSWERS if prerequisite == "1" else FULL_ANSWERS).items():
        assert services.save_section(assessment, rubric, section_id, answers, member).ok
    services.save_prerequisites(assessment, rubric, {"P1": ItemInput(level=prerequisite)}, member)
    if prerequisite == "1":
        file_prerequisite(assessment, rubric, "P1", member)
    assert services.save_kpi_inputs(assessment, rubric, FULL_KPIS, member).ok
    services.submit_assessment(assessment, member)
    return assessment


def _pair(**fields: object) -> tuple[ReportingCycle, Assessment, Assessment]:
    cycle = make_cycle(year=2025)
    zero = _submitted(
        make_organisation(name_zh="零星化工", name_en="零星化工", **SIGNED, **fields), cycle, "1"
    )
    unrated = _submitted(
        make_organisation(name_zh="未评化工", name_en="未评化工", **SIGNED, **fields), cycle, "0"
    )
    assert (zero.stars, unrated.stars) == (0, 0)
    return cycle, zero, unrated


def _cell_after(page: str, name: str) -> str:
    """The text of the table row naming `name`, tags dropped."""
    row = next(r for r in page.split("<tr")[1:] if name in r)  # rows, not the lead's to-do
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split())


def test_rated_stars_tells_a_not_rated_self_result_from_a_zero_star_one(
    db_session: Session,
) -> None:
    _cycle, zero, unrated = _pair()
    found = rated_stars([zero.id, unrated.id])
    assert zero.id not in found  # rated: its stored stars stand
    assert found[unrated.id].rated is False
    assert found[unrated.id].self_assessed


@pytest.mark.parametrize(
    ("lang", "zero_text", "not_rated"),
    [("zh", "未达 1 星", "未评定"), ("en", "Below 1 star", "Not rated")],
)
def test_the_secretariat_roster_says_not_rated_and_0_stars_apart(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    zero_text: str,
    not_rated: str,
) -> None:
    cycle, _zero, _unrated = _pair()
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")

    page = client.get(f"/cycles/{cycle.id}/organisations").get_data(as_text=True)

    assert zero_text in _cell_after(page, "零星化工")
    assert not_rated in _cell_after(page, "未评化工")
    assert zero_text not in _cell_after(page, "未评化工")


def test_the_lead_and_the_park_see_not_rated_on_their_home_panels(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    park = make_park()
    _cycle, zero, unrated = _pair(park_id=park.id)
    group = make_working_group()
    group.organisations.extend([zero.organisation, unrated.organisation])
    lead = make_user(make_organisation())
    make_group_role(lead, group, GroupRole.LEAD)
    office = make_user(park)
    db_session.commit()
    for user in (lead, office):
        auth.login(user.email)
        page = client.get("/").get_data(as_text=True)
        assert "未达 1 星" in _cell_after(page, "零星化工")  # vcnames 3: not "0 星"
        assert "未评定" in _cell_after(page, "未评化工")
        assert "0 星" not in _cell_after(page, "未评化工")
        auth.logout()


def test_the_own_list_and_the_overview_say_not_rated(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _cycle, _zero, unrated = _pair()
    member = make_user(unrated.organisation)
    db_session.commit()
    auth.login(member.email)
    client.get("/lang/en")

    listed = client.get("/assessments/").get_data(as_text=True)
    overview = client.get(f"/assessments/{unrated.id}").get_data(as_text=True)
    result = html.unescape(client.get(f"/assessments/{unrated.id}/result").get_data(as_text=True))

    assert "Not rated" in _cell_after(listed, "2025")
    assert "0 stars" not in _cell_after(listed, "2025")
    assert "Not rated" in overview
    assert "0 stars" not in overview
    assert "Not rated" in result  # with the reason, on the result page
    assert "prerequisite" in result.lower()


def test_the_park_benchmark_page_counts_0_stars_and_not_rated_apart(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    park = make_park()
    _pair(park_id=park.id)
    office = make_user(park)
    db_session.commit()
    auth.login(office.email)

    page = client.get(f"/benchmarks/parks/{park.id}").get_data(as_text=True)

    assert "0 星或未评定" not in page
    assert '未达 1 星</th><td class="num">1</td>' in page
    assert '未评定</th><td class="num">1</td>' in page


@pytest.mark.parametrize(("lang", "zero_text"), [("zh", "未达 1 星"), ("en", "Below 1 star")])
def test_the_result_page_header_says_0_stars_in_the_plural(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, zero_text: str
) -> None:
    """qa22 S5: the English result page read "☆☆☆☆☆ 0 star" (ngettext with num=0)."""
    cycle = make_cycle(year=2025)
    zero = _submitted(make_organisation(**SIGNED), cycle, "1")
    admin = make_user(zero.organisation)
    db_session.commit()
    auth.login(admin.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/assessments/{zero.id}/result").get_data(as_text=True)
    start = page.index('<dl class="facts">')
    facts = " ".join(re.sub(r"<[^>]+>", " ", page[start : page.index("</dl>", start)]).split())
    assert re.search(f"☆+ {zero_text}", facts), facts  # the mini rubric has three stars
    assert "0 star " not in facts + " "
