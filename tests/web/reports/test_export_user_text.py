"""Workbooks left out of test_downloads: the fill-in template's user text, sheet names.

The template is written cell by cell (not through excel.workbook_bytes), so its text
cells are checked here; sheet names made of a group's name must be names Excel accepts.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from tests.conftest import AuthActions
from tests.factories import make_working_group, make_world, start
from tests.web.reports.test_downloads import (
    EVIL,
    all_values,
    has_formula,
    unquoted_formula_text,
    workbook,
)

RISKY = ("=1+1", "+86 10 1234", "-2+3", "@SUM(A1:A9)")


def test_the_template_writes_typed_text_as_text(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    world.org_a.name_zh = EVIL
    assessment = start(world)
    answers = {
        "C1.E1.1": ItemInput(level="2", comment=RISKY[0], evidence_note=RISKY[1]),
        "C1.E1.2": ItemInput(level="2", comment=RISKY[2], evidence_note=RISKY[3]),
    }
    result = services.save_section(assessment, rubric_of(assessment), "C1", answers, world.user_a)
    assert result.ok, result.problems
    db_session.commit()
    auth.login(world.user_a.email)
    response = client.get(f"/reports/assessments/{assessment.id}/template.xlsx")
    assert response.status_code == 200
    assert not has_formula(response.data)
    assert unquoted_formula_text(workbook(response.data)) == []  # F2 + Enter keeps text
    values = all_values(workbook(response.data))
    assert set(RISKY) <= set(values)
    assert any(isinstance(v, str) and EVIL in v for v in values)  # in the title


def test_a_group_name_makes_a_sheet_name_excel_accepts(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    # 31 characters would end in an apostrophe, which Excel refuses in a sheet name.
    quoted = make_working_group(name_zh="工" * 30 + "'[组]:*?/\\")
    reserved = make_working_group(name_zh="History")
    wide = make_working_group(name_zh="🧪" * 20)  # two UTF-16 units each, as Excel counts
    db_session.commit()
    auth.login(world.secretariat.email)
    names = []
    for group in (quoted, reserved, wide):
        response = client.get(f"/reports/working-groups/{group.id}/members.xlsx")
        assert response.status_code == 200
        names.extend(workbook(response.data).sheetnames)
    for name in names:
        assert 0 < len(name.encode("utf-16-le")) // 2 <= 31, name
        assert not name.startswith("'"), name
        assert not name.endswith("'"), name
        assert not set("[]:*?/\\") & set(name), name
    assert names[1].lower() != "history"
