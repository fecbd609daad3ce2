"""A total and stars of a year under another rubric version read 不可比* on the list, its
workbook and the organisation page, as on the years page (qa71 M3): one rule."""

from __future__ import annotations

import html
import io

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment
from tests.conftest import AuthActions
from tests.web.test_rubric_changes_since_last_year import real_rubrics, second_year

__all__ = ["real_rubrics"]  # the fixture, used by name

MARK = {"zh_CN": "不可比", "en": "not comparable"}
NOTE = {"zh_CN": "总分和星级不能直接比较", "en": "the overall scores and stars do not compare"}


def _row(page: str, assessment: Assessment) -> str:
    link = f'/assessments/{assessment.id}"'
    start = page.rindex("<tr", 0, page.index(link))
    return page[start : page.index("</tr>", start)]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_list_and_the_organisation_page_mark_the_earlier_version(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    user, last, current = second_year(db_session)
    auth.login(user.email)
    client.get(f"/lang/{lang}?next=/")
    listed = html.unescape(client.get("/assessments/").get_data(as_text=True))
    assert MARK[lang] in _row(listed, last)
    assert MARK[lang] not in _row(listed, current)
    assert NOTE[lang] in listed
    organisation = html.unescape(
        client.get(f"/organisations/{current.organisation_id}").get_data(as_text=True)
    )
    years = organisation[organisation.index('id="assessments-heading"') :]
    years = years[: years.index("</section>")]
    assert MARK[lang] in _row(years, last)
    assert MARK[lang] not in _row(years, current)
    assert NOTE[lang] in years


def test_the_list_workbook_marks_the_earlier_version(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    user, last, current = second_year(db_session)
    auth.login(user.email)
    sheet = load_workbook(io.BytesIO(client.get("/reports/assessments.xlsx").data)).active
    assert sheet is not None
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    header_at = next(i for i, row in enumerate(cells) if row[0] == "组织名称")
    column = cells[header_at].index("与本单位最新年度比较")
    marks = {row[2]: row[column] for row in cells[header_at + 1 :]}
    assert marks == {last.cycle.year: "不可比*", current.cycle.year: None}
    assert any("总分和星级不能直接比较" in str(row[0]) for row in cells[:header_at])
