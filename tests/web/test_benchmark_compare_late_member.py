"""A member that submitted after the benchmarks were computed is listed (qa20 D3).

The side-by-side table and its workbook listed only the members with computed values: a
member submitting after the computation was left out without a word, while the review
planning page listed it. It is listed now with its section scores, and a line says why
its KPIs are empty and that the secretariat computes them again.
"""

from __future__ import annotations

import html
import io
import re

from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.benchmarks.services import compute_benchmarks
from rcapp.organisations.models import Organisation
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_user
from tests.factories_reviews import ReviewWorld, make_review_world, submitted


def _late_world(db_session: Session) -> tuple[ReviewWorld, Organisation]:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    late = make_organisation(name_zh="迟交化工有限公司", name_en="Late Chemicals")
    world.group.organisations.append(late)
    submitted(late, world.cycle, make_user(late), {})  # after the computation
    db_session.commit()
    return world, late


def _plain(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html.unescape(page)))


def test_the_late_member_is_listed_with_its_section_scores_and_a_line_says_why(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, late = _late_world(db_session)
    auth.login(world.lead.email)
    url = f"/benchmarks/groups/{world.group.id}?cycle={world.cycle.id}"
    page = client.get(url).get_data(as_text=True)
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    row = next(r for r in body.split("<tr>") if late.name_zh in r)
    assert re.search(r'<td class="num"[^>]*>\d+(\.\d)?</td>', row)  # its scores, not dashes only
    text = _plain(page)
    assert "1 家成员在对标数据计算（" in text
    assert f"之后提交：{late.name_zh}。" in text
    assert "对标数据重新计算后补齐" in text
    for company in world.companies:
        assert company.name_zh in body

    client.get("/lang/en")
    text = _plain(client.get(url).get_data(as_text=True))
    assert "1 member submitted after the benchmarks were computed (" in text
    assert text.count("Late Chemicals") >= 2  # the row and the line
    assert "Late Chemicals" in text

    response = client.get(
        f"/reports/working-groups/{world.group.id}/side-by-side.xlsx?cycle={world.cycle.id}"
    )
    cells = [
        str(c)
        for r in load_workbook(io.BytesIO(response.data)).worksheets[0].iter_rows(values_only=True)
        for c in r
        if c is not None
    ]
    assert "Late Chemicals" in cells
    assert any("1 member submitted after the benchmarks were computed" in c for c in cells)


def test_after_the_recomputation_the_line_is_gone(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, late = _late_world(db_session)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    page = client.get(f"/benchmarks/groups/{world.group.id}?cycle={world.cycle.id}")
    text = page.get_data(as_text=True)
    assert 'id="late-members"' not in text
    assert late.name_zh in text
