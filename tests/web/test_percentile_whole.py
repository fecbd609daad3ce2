"""A percentile reads as a whole number everywhere it is shown: 90, 80, 50 (QA last stop).

The organisation's benchmark page said "50.0" under help text whose examples read 90, 80,
50; with n members a rank moves in steps of 50 / n, so a decimal claimed a precision the
group has not. The page and the scorecard PDF's peer section write it through one function
(benchmarks.shown.percentile_text), rounding the exact rank once.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.benchmarks.services import compute_benchmarks
from rcapp.benchmarks.shown import percentile_text
from rcapp.benchmarks.stats import percentile_rank
from rcapp.reports.data import build_scorecard_report
from rcapp.rubrics.model import Direction
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world

WHOLE = re.compile(r"\d{1,3}")


def test_a_rank_is_rounded_once_to_a_whole_number() -> None:
    seven = [Decimal(v) for v in range(1, 8)]
    assert percentile_text(percentile_rank(Decimal(7), seven, Direction.HIGHER)) == "93"  # 92.86
    assert percentile_text(percentile_rank(Decimal(4), seven, Direction.HIGHER)) == "50"
    # 4 worse and 2 tied of 13: 38.46, which rounded to 38.5 first read 39
    thirteen = [Decimal(v) for v in (1, 2, 3, 4, 5, 5, 7, 8, 9, 10, 11, 12, 13)]
    assert percentile_text(percentile_rank(Decimal(5), thirteen, Direction.HIGHER)) == "38"
    assert percentile_text(None) == "—"


def _percentiles(page: str) -> list[str]:
    """The percentile column of each statistics table with the organisation's own figures."""
    found = []
    for table in page.split("<table")[1:]:
        if "百分位" not in table and "Percentile" not in table:
            continue
        for row in table.split("<tbody>")[1].split("<tr>")[1:]:
            cells = re.findall(r'<td class="num">(.*?)</td>', row, re.S)
            found.append(cells[1].strip())
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_organisations_page_writes_its_percentiles_whole(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(7)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.members[0].email)
    auth.choose_language(lang)
    page = client.get(f"/benchmarks/organisations/{world.companies[0].id}").get_data(as_text=True)
    shown = _percentiles(page)
    assert shown, page
    assert all(WHOLE.fullmatch(cell) or cell == "—" for cell in shown), shown
    assert "50" in shown  # the members answered alike: the middle of the group


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_scorecards_peer_section_writes_its_percentiles_whole(
    db_session: Session, lang: str
) -> None:
    world = make_review_world(7)
    compute_benchmarks(world.cycle, None)
    report = build_scorecard_report(world.assessments[0], lang)
    section = next(s for s in report.peer_sections if s.groups)
    column = section.header.index("百分位" if lang == "zh" else "Percentile")
    shown = [row[column] for group in section.groups for row in group.rows]
    assert shown
    assert all(WHOLE.fullmatch(cell) or cell == "—" for cell in shown), shown
