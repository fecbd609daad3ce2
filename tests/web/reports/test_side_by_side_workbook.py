"""The lead's "Members side by side" as a workbook: the table as shown, median row and year."""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.assessments.validation import ItemInput
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.scoring import quartiles
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise


def test_the_lead_downloads_the_table_with_its_median_row_and_year(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    levels = {i: {"MS.G1.1": ItemInput(level=str(i), evidence_note="记录")} for i in range(5)}
    world = make_review_world(5, overrides=levels)
    world.companies[0].name_zh = '=HYPERLINK("http://x")化工'  # typed text stays text
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/reports/working-groups/{world.group.id}/side-by-side.xlsx"

    page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
    asked = f"cycle={world.cycle.id}&amp;sort=name&amp;dir=asc&amp;ssort=score&amp;sdir=desc"
    assert f'href="{url}?{asked}"' in page  # the page's sort and its section tables' sort
    response = client.get(url, query_string={"cycle": world.cycle.id, "sort": "overall"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == f"{world.group.name_zh} · 成员对比 · {world.cycle.year} 年度"
    header = rows[2]
    assert header[:9] == (
        "单位",
        "自评得分",
        "百分位（自评得分）",
        "自评星级",
        "自评星级说明",
        "最终得分",
        "最终星级",
        "最终星级说明",
        "评审",
    )
    assert "OHS-03" in " ".join(str(h) for h in header)
    members = rows[3:-4]  # then the median, P25, P75 and pooled rows (qa72 M3)
    scores = [r[1] for r in members]
    assert scores == sorted(scores)  # sorted as asked, lowest self score first
    assert {r[0] for r in members} == {c.name_zh for c in world.companies}
    assert [r[0] for r in rows[-4:]] == ["中位数", "下四分位（P25）", "上四分位（P75）", "汇总值"]
    expected = quartiles([a.overall_score for a in world.assessments if a.overall_score])[1]
    assert rows[-4][1] == float(expected)
    injected = next(
        cell for row in sheet.iter_rows() for cell in row if str(cell.value).startswith("=")
    )
    assert injected.data_type == "s"

    client.get("/lang/en")
    english = load_workbook(io.BytesIO(client.get(url).data)).worksheets[0]
    first = list(english.iter_rows(values_only=True))
    assert first[0][0] == f"{world.group.name_en} · Members side by side · Year {world.cycle.year}"
    assert first[2][0] == "Organisation"
    assert first[-4][0] == "Median"


def test_only_those_who_may_see_the_page_may_download_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    url = f"/reports/working-groups/{world.group.id}/side-by-side.xlsx"
    auth.login(world.members[0].email)
    assert client.get(f"/benchmarks/groups/{world.group.id}").status_code == 403
    assert client.get(url).status_code == 403
    auth.logout()
    auth.login(world.reviewers[1].email)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("lang", "columns", "note"),
    [
        ("zh", ("自评星级", "自评星级说明"), "评审前封顶"),
        ("en", ("Self-assessed stars", "Self-assessed stars note"), "capped before peer review"),
    ],
)
def test_capped_self_stars_keep_the_pages_note_in_a_column_of_their_own(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    columns: tuple[str, str],
    note: str,
) -> None:
    """QA46 S11: 83.4 points and "1" star with no word of the cap the page shows beside it."""
    world = make_review_world(5)
    reviews = assign_all(world)
    submit_and_finalise(reviews[0], world.lead)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    url = f"/reports/working-groups/{world.group.id}/side-by-side.xlsx?cycle={world.cycle.id}"
    rows = list(
        load_workbook(io.BytesIO(client.get(url).data)).worksheets[0].iter_rows(values_only=True)
    )
    header = rows[2]
    stars, words = (header.index(c) for c in columns)
    assert words == stars + 1
    by_name = {row[0]: row for row in rows[3:]}
    capped = by_name[world.companies[1].display_name(lang)]
    assert isinstance(capped[stars], int)  # a number to sort and sum
    assert capped[words] == note
    for row in rows[3:]:
        assert row[stars] is None or isinstance(row[stars], int), row
