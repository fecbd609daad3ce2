"""The year turnover as companies and the secretariat meet it (qa45 S2, S4, S12).

A closed year counts its unsubmitted organisations as 未提交（不计入结果）, not as drafts and
returned ones; the KPI page names last year's column by its year and says why it is empty;
last year's filled Excel refused for this year points to 从上年复制.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus
from rcapp.cycles.models import CycleStatus
from rcapp.cycles.services import close_cycle
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_world, start
from tests.web.helpers import page_text
from tests.web.reports.test_import_pages import _upload

CLOSED = {
    "zh_CN": ("未提交 <a", "家（不计入结果）", "未提交 2（其中已退回 1；不计入结果）"),
    "en": (
        "not submitted",
        "(not counted in the results)",
        "2 not submitted (1 of them returned; not counted)",
    ),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_closed_year_counts_the_unsubmitted_not_drafts_and_returned(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world(year=2025)
    start(world)  # a draft
    make_assessment(world.org_b, world.cycle, status=AssessmentStatus.RETURNED)
    close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}?next=/")
    detail = page_text(client, f"/cycles/{world.cycle.id}")
    counts = detail[detail.index('id="closed-counts"') :].split("</dd>")[0]
    assert CLOSED[lang][0] in counts
    assert CLOSED[lang][1] in counts
    assert 'data-count="2"' in counts
    assert "草稿" not in counts
    assert "draft" not in counts
    listing = page_text(client, "/cycles/")
    assert CLOSED[lang][2] in listing
    # one cell under 未开始, 草稿 and 已退回, the returned one said inside it (qa55 #6)
    assert 'colspan="3" class="closed-open"' in listing
    assert "—" not in listing.split("<tbody>")[1]


def test_an_open_and_a_closed_year_list_the_same_columns(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(year=2025)
    make_assessment(world.org_b, world.cycle, status=AssessmentStatus.RETURNED)
    db_session.commit()
    auth.login(world.secretariat.email)
    row = page_text(client, "/cycles/").split("<tbody>")[1].split("</tr>")[0]
    cells = [c.split(">", 1)[1].split("<")[0] for c in row.split("<td")[1:]]
    assert (cells[-4], cells[-1]) == ("0", "1")  # 已提交 first, 已退回 last, as in the header


@pytest.mark.parametrize(
    ("lang", "header", "why"),
    [
        ("zh_CN", "上年（2024）", "本单位 2024 年度的自评没有提交，不计入任何结果"),
        ("en", "Last year (2024)", "your 2024 self-assessment was not submitted"),
    ],
)
def test_the_kpi_page_names_last_year_and_says_why_it_is_empty(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, header: str, why: str
) -> None:
    world = make_world(year=2025)
    current = start(world)
    make_assessment(world.org_a, make_cycle(year=2024, status=CycleStatus.CLOSED))  # a draft
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}?next=/")
    page = page_text(client, f"/assessments/{current.id}/kpis")
    assert f'<th scope="col" class="num">{header}</th>' in page
    assert 'id="last-year-empty"' in page
    assert why in page


def test_last_years_excel_refused_points_to_copy_from_last_year(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(year=2025)
    current = start(world)
    last = make_assessment(
        world.org_a,
        make_cycle(year=2024, status=CycleStatus.CLOSED),
        status=AssessmentStatus.SUBMITTED,
        rubric_sha256=current.rubric_sha256,
    )
    db_session.commit()
    auth.login(world.user_a.email)
    old_file = client.get(f"/reports/assessments/{last.id}/template.xlsx").data
    for lang, words in (
        ("zh_CN", "要沿用 2024 年度的答案，不必上传上年的文件：在本自评的概览页使用“从上年复制”"),
        ("en", "To carry over your 2024 answers, there is no need to upload last year"),
    ):
        client.get(f"/lang/{lang}?next=/")
        status, page = _upload(client, current.id, old_file)
        assert status == 400
        assert 'id="use-copy-previous"' in page
        assert words in page
        assert f'href="/assessments/{current.id}#carry-title"' in page
