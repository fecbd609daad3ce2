"""The KPI and events pages read well: park headings that fit a park, a clear computed-input
note, short event type names in the register with the full legal name kept as a tooltip."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments.event_names import type_names
from rcapp.assessments.models import AssessmentStatus, Event
from rcapp.organisations.models import OrganisationKind
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_organisation, make_user
from tests.web.test_v2_pages import _sha, _v2_assessment, real_rubrics  # noqa: F401


def _headings(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'<h2 id="kpi-group-\d+">([^<]*)</h2>', page)]


@pytest.mark.parametrize(
    ("lang", "park_heading", "company_heading"),
    [
        ("zh_CN", "园区安全生产", "职业健康安全"),
        ("en", "Safety in the park", "Occupational health and safety"),
    ],
)
def test_a_parks_safety_figures_sit_under_a_park_heading(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
    lang: str,
    park_heading: str,
    company_heading: str,
) -> None:
    park, park_email = _v2_assessment(OrganisationKind.PARK)
    resident = make_organisation(park_id=park.organisation_id)
    company_email = make_user(resident).email
    company = make_assessment(
        resident,
        park.cycle,
        rubric_id="rc-company",
        rubric_version=2,
        rubric_sha256=_sha("rc-company"),
    )
    db_session.commit()
    auth.login(park_email)
    client.get(f"/lang/{lang}")
    headings = _headings(client.get(f"/assessments/{park.id}/kpis").get_data(as_text=True))
    assert headings[0] == park_heading  # the park's risk score, accidents and deaths
    assert company_heading not in headings
    auth.logout()
    auth.login(company_email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/assessments/{company.id}/kpis").get_data(as_text=True)
    assert company_heading in _headings(page)


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        (
            "zh_CN",
            "“责任关怀三星及以上入园企业数”无需填写：按入园企业在本系统中的评价结果统计，"
            "目前为 1；填写的数值不计入。",
        ),
        (
            "en",
            "You need not enter “Resident companies rated three stars or more”: counted from "
            "the resident companies' results registered on this system (now 1); a figure typed "
            "here does not count.",
        ),
    ],
)
def test_the_park_page_says_plainly_which_figure_rcapp_counts_itself(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
    lang: str,
    sentence: str,
) -> None:
    park, email = _v2_assessment(OrganisationKind.PARK)
    resident = make_organisation(park_id=park.organisation_id)
    make_assessment(resident, park.cycle, status=AssessmentStatus.SUBMITTED, stars=3)
    db_session.commit()
    auth.login(email)
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get(f"/assessments/{park.id}/kpis").get_data(as_text=True))
    assert sentence in " ".join(page.split())
    # qa22 S1: a note about a KPI field, not about events: the events page leaves it out.
    events = html.unescape(client.get(f"/assessments/{park.id}/events").get_data(as_text=True))
    assert sentence[:12] not in " ".join(events.split())
    assert 'id="computed-inputs"' not in events


def test_an_event_type_is_named_short_with_its_full_name_kept() -> None:
    full = "生产安全事故（按《生产安全事故报告和调查处理条例》（国务院令第493号）分级）"
    assert type_names(full) == ("生产安全事故", full)
    english = "Production-safety accident (graded under State Council Decree 493)"
    assert type_names(english) == ("Production-safety accident", english)
    plain = "被监管部门挂牌督办或区域、行业限批"
    assert type_names(plain) == (plain, plain)
    odd = "（只有括号）"
    assert type_names(odd) == (odd, odd)


def test_the_register_shows_short_type_names_and_unbroken_dates(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db.session().add(
        Event(
            organisation_id=assessment.organisation_id,
            recorded_in_id=assessment.id,
            event_type="safety_accident",
            grade="general",
            occurred_on=dt.date(2025, 6, 15),
            description="储罐区泄漏",
        )
    )
    db_session.commit()
    auth.login(email)
    page = client.get(f"/assessments/{assessment.id}/events").get_data(as_text=True)
    row = page.split("<tbody>")[1].split("</tr>")[0]
    assert re.search(r'<td class="date[^"]*"[^>]*>2025-06-15</td>', row)  # a card's cell on a phone
    type_cell = html.unescape(re.findall(r'<td class="type[^"]*"[^>]*>(.*?)</td>', row)[0])
    # A numbered note, not "*": that marks the required fields of the form below (qa57 d).
    assert re.sub(r"<[^>]+>", "", type_cell) == "生产安全事故注1"
    assert 'href="#event-type-note-1"' in type_cell
    assert 'title="生产安全事故（按《生产安全事故报告和调查处理条例》' in type_cell
    # QA39 S6: the standard also in sight, a footnote under the table, not only in the title
    notes = html.unescape(page.split('id="event-type-notes"')[1].split("</div>")[0])
    assert (
        '<p id="event-type-note-1">注1：生产安全事故（按《生产安全事故报告和调查处理条例》' in notes
    )
    # "*" stays the required fields' own mark, said once above the form.
    assert page.count('<span class="required-mark" aria-hidden="true">*</span>') >= 2
    client.get("/lang/en")
    page = client.get(f"/assessments/{assessment.id}/events").get_data(as_text=True)
    row = page.split("<tbody>")[1].split("</tr>")[0]
    type_cell = re.findall(r'<td class="type[^"]*"[^>]*>(.*?)</td>', row)[0]
    assert re.sub(r"<[^>]+>", "", type_cell).endswith("Note 1")
    notes = html.unescape(page.split('id="event-type-notes"')[1].split("</div>")[0])
    assert '<p id="event-type-note-1">Note 1: ' in notes
