"""A park's board pack: its residents with their stars, its events, the "1+3" check.

The park's scorecard PDF and results workbook list what its board asks about, as the
residents and events pages show it; the residents page offers its list as a workbook,
to the park's own office and the secretariat only, its text never a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import Answer, Assessment, AssessmentStatus, Event, KpiValue
from rcapp.reports import documents
from tests.conftest import AuthActions
from tests.factories import (
    make_final_stars,
    make_organisation,
    make_park,
    make_secretariat,
    make_user,
)
from tests.parks import park_year, rated_resident, real_rubrics  # noqa: F401 - the fixture
from tests.pdf_tools import needs_poppler, overlapping_words, pdf_text, words_off_the_page

LONG_NAME = "临海新材料科技股份有限公司第一分公司年产二十万吨高性能聚合物项目部"
BOARD_START = {"zh": "本系统登记的入园企业", "en": "Resident companies registered"}
pytestmark = pytest.mark.usefixtures("real_rubrics")

HOSTILE = '=HYPERLINK("http://evil.example","click")'


def _board_park() -> tuple[Assessment, Assessment]:
    """A park's submitted 2025 with three residents, two events and two typed mismatches.

    Returns the park's assessment and its three-star resident's.
    """
    own = park_year(status=AssessmentStatus.SUBMITTED)
    park = own.organisation
    three = rated_resident(park, own.cycle, 3)
    three.organisation.name_zh, three.organisation.name_en = LONG_NAME, "Linhai New Materials"
    rated_resident(park, own.cycle, 1).organisation.name_zh = "东港精细化工有限公司"
    make_organisation(park_id=park.id, name_zh="北岸染料有限公司", name_en="Beian Dyes")
    own.kpi_values.extend(
        [  # one resident typed where rcapp has three; a risk score of 70, the item 60
            KpiValue(input_id="companies_resident", value=Decimal(1)),
            KpiValue(input_id="risk_score", value=Decimal(70)),
        ]
    )
    own.answers.append(Answer(item_id="PK3.E1.1", value=Decimal(60)))
    db.session().flush()
    for day, text in ((dt.date(2025, 3, 1), HOSTILE), (dt.date(2023, 6, 1), "往年的泄漏")):
        db.session().add(
            Event(
                organisation_id=park.id,
                recorded_in_id=own.id,
                event_type="safety_accident",
                grade="general",
                occurred_on=day,
                fatalities=0,
                injuries=2,
                direct_loss_10k_yuan=Decimal("12.5"),
                description=text,
            )
        )
    return own, three


@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_park_scorecard_lists_residents_stars_events_and_mismatches(
    app: Flask,
    db_session: Session,
    lang: str,
) -> None:
    own, three = _board_park()
    db_session.flush()
    with app.test_request_context():
        pdf = documents.scorecard_pdf(own, lang)
        company = documents.scorecard_html(three, lang)
    text = " ".join(pdf_text(pdf).split())
    words = {
        "zh": ("入园企业", "事件登记", "3 星", "1 星", "未开始", "园区填报", "不一致"),
        "en": ("Resident companies", "Events", "3 stars", "1 star", "Not started"),
    }
    for word in words[lang]:
        assert word in text, word
    assert ("Linhai New Materials" if lang == "en" else "临海新材料科技") in text
    assert "2025-03-01" in text
    assert "HYPERLINK" in text
    assert "2023-06-01" not in text  # another year's event is that year's
    assert "PK3.E1.1" in text  # the same figure typed twice, 60 and 70
    # every page, the radar's names on page 1 too (they ran into each other before)
    assert BOARD_START[lang] in pdf_text(pdf)
    assert overlapping_words(pdf) == []
    assert words_off_the_page(pdf) == []
    assert 'id="park-residents"' not in company  # a company's scorecard is unchanged


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_park_results_workbook_has_the_board_pack_sheets(
    app: Flask,
    db_session: Session,
    lang: str,
) -> None:
    own, _three = _board_park()
    db_session.flush()
    with app.test_request_context():
        book = load_workbook(io.BytesIO(documents.results_workbook(own, lang)))
    names = {
        "zh": ("入园企业", "事件登记", "数据一致性核对"),
        "en": ("Resident companies", "Events", "Consistency check"),
    }[lang]
    assert all(name in book.sheetnames for name in names), book.sheetnames
    residents = [[c.value for c in row] for row in book[names[0]].iter_rows()]
    cells = [str(v) for row in residents for v in row if v is not None]
    assert any(("3 星" if lang == "zh" else "3 stars") in c for c in cells), residents
    assert any(("1 星" if lang == "zh" else "1 star") in c for c in cells)
    events = list(book[names[1]].iter_rows(values_only=True))
    dates = [row[0] for row in events]
    assert "2025-03-01" in dates
    assert "2023-06-01" not in dates
    hostile = next(c for row in book[names[1]].iter_rows() for c in row if c.value == HOSTILE)
    assert hostile.data_type == "s"
    assert hostile.quotePrefix
    mismatches = [row[0] for row in book[names[2]].iter_rows(values_only=True)]
    assert any("PK3.E1.1" in str(t) for t in mismatches), mismatches


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_events_register_names_the_resident_where_each_event_happened(
    app: Flask,
    db_session: Session,
    lang: str,
) -> None:
    own, three = _board_park()
    db_session.flush()
    at_resident = db_session.scalars(
        select(Event).where(Event.occurred_on == dt.date(2025, 3, 1))
    ).one()
    at_resident.resident_id = three.organisation.id
    db_session.add(
        Event(
            organisation_id=own.organisation_id,
            recorded_in_id=own.id,
            event_type="safety_accident",
            grade="general",
            occurred_on=dt.date(2025, 5, 2),
            fatalities=0,
            injuries=0,
            direct_loss_10k_yuan=Decimal(1),
            description="公共管廊泄漏",
        )
    )
    db_session.flush()
    db_session.expire_all()
    with app.test_request_context():
        book = load_workbook(io.BytesIO(documents.results_workbook(own, lang)))
        pdf = documents.scorecard_pdf(own, lang)
    pages = pdf_text(pdf).split("\f")
    first = next(n for n, page in enumerate(pages, start=1) if BOARD_START[lang] in page)
    assert [o for o in overlapping_words(pdf) if o[0] >= first] == []
    assert ("园区本身" if lang == "zh" else "The park itself") in " ".join(pdf_text(pdf).split())
    sheet = book["事件登记" if lang == "zh" else "Events"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    where = header.index(
        "发生单位（入园企业）" if lang == "zh" else "Resident company where it happened"
    )
    by_day = {row[0]: row[where] for row in rows[1:]}
    resident = "Linhai New Materials" if lang == "en" else LONG_NAME
    assert by_day["2025-03-01"] == resident
    assert by_day["2025-05-02"] == ("园区本身" if lang == "zh" else "The park itself")


def test_the_residents_download_is_the_park_offices_and_the_secretariats(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
) -> None:
    own, three = _board_park()
    three.organisation.name_zh = HOSTILE
    office = make_user(own.organisation, OrgRole.MEMBER)
    other_park = make_user(make_park())
    company = make_user(three.organisation)
    secretariat = make_secretariat()
    db_session.commit()
    url = f"/reports/parks/{own.organisation_id}/residents.xlsx?cycle={own.cycle_id}"
    for user in (other_park, company):
        auth.login(user.email)
        assert client.get(url).status_code == 403
        auth.logout()
    for user in (office, secretariat):
        auth.login(user.email)
        response = client.get(url)
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.data)).active
        rows = list(sheet.iter_rows())
        header = next(i for i, row in enumerate(rows) if row[0].value == "企业")
        listed = {row[0].value: row for row in rows[header + 1 :]}
        assert set(listed) == {HOSTILE, "东港精细化工有限公司", "北岸染料有限公司"}
        assert listed[HOSTILE][0].data_type == "s"
        assert listed[HOSTILE][0].quotePrefix
        assert listed["北岸染料有限公司"][2].value == "未开始"
        auth.logout()
    auth.login(office.email)
    english = load_workbook(io.BytesIO(client.get(url + "&lang=en").data)).active
    values = [c.value for row in english.iter_rows() for c in row]
    assert "Company" in values
    assert "Beian Dyes" in values


SHEET_HEADER = {
    "zh": (
        "企业",
        "统一社会信用代码",
        "状态",
        "提交日期",
        "自评星级（星数）",
        "自评未评星的原因",
        "最终星级（星数）",
        "最终未评星的原因",
    ),
    "en": (
        "Company",
        "Unified social credit code",
        "Status",
        "Submitted on",
        "Self-assessed stars (number)",
        "Why no self-assessed star",
        "Final stars (number)",
        "Why no final star",
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_residents_download_has_star_numbers_dates_and_credit_codes(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """QA (a park's office): "1 星" as text could not be sorted or summed; the sheet had no
    submission date and no credit code. Stars are numbers, 未评定 only where there is none."""
    own, three = _board_park()
    # submitted on 10 May, Beijing time (the evening of the 9th in UTC)
    three.submitted_at = dt.datetime(2025, 5, 9, 18, 30, tzinfo=dt.UTC)
    unrated = rated_resident(own.organisation, own.cycle, 2)  # its final rating: not rated
    db_session.flush()
    make_final_stars(unrated, 0, rated=False)
    office = make_user(own.organisation, OrgRole.MEMBER)
    db_session.commit()
    auth.login(office.email)
    url = f"/reports/parks/{own.organisation_id}/residents.xlsx?cycle={own.cycle_id}"
    sheet = load_workbook(io.BytesIO(client.get(f"{url}&lang={lang}").data)).active
    rows = list(sheet.iter_rows())
    header = next(i for i, row in enumerate(rows) if row[0].value == SHEET_HEADER[lang][0])
    assert tuple(c.value for c in rows[header][:8]) == SHEET_HEADER[lang]
    listed = {row[1].value: row for row in rows[header + 1 :]}
    code = three.organisation.credit_code
    row = listed[code]
    assert row[1].data_type == "s"  # the code is text, never a number Excel rounds
    assert row[3].value.date() == dt.date(
        2025, 5, 10
    )  # openpyxl reads a date cell back as a datetime
    assert row[3].number_format == "yyyy-mm-dd"
    assert (row[4].value, row[4].data_type, row[5].value) == (3, "n", None)
    no_star = listed[unrated.organisation.credit_code]
    assert (no_star[4].value, no_star[5].value) == (2, None)
    assert no_star[6].value is None
    assert str(no_star[7].value).startswith("未评定" if lang == "zh" else "Not rated")
    stars = [r[4].value for r in rows[header + 1 :] if isinstance(r[4].value, int)]
    assert sum(stars) == 6
