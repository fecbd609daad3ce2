"""Members side by side: the overall self score has its P25 and P75 beside its median.

The 自评得分 column showed a median but "—" for P25 and P75 while every section and KPI
column showed them: its statistics were worked out apart from the one rule
(stats.score_statistics). Page and workbook now show all three, in both languages.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.assessments.validation import ItemInput
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.reviews.benchmark_views import figure
from rcapp.scoring import quartiles
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, make_review_world

ROWS = {
    "zh": ("下四分位（P25）", "上四分位（P75）", "自评得分"),
    "en": ("Lower quartile (P25)", "Upper quartile (P75)", "Self score"),
}


def computed_world(
    db_session: Session, members: int, overrides: dict[int, dict[str, ItemInput]] | None = None
) -> ReviewWorld:
    """A group of `members` whose statistics are computed (none below five)."""
    world = make_review_world(members, overrides=overrides)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    return world


def spread_world(db_session: Session) -> ReviewWorld:
    """Five members with five different overall self scores, statistics computed."""
    levels = {i: {"MS.G1.1": ItemInput(level=str(i), evidence_note="记录")} for i in range(5)}
    return computed_world(db_session, 5, levels)


def overall_quartiles(world: ReviewWorld) -> tuple[Decimal, Decimal, Decimal]:
    scores = [a.overall_score for a in world.assessments if a.overall_score is not None]
    assert len(set(scores)) == 5
    return quartiles(scores)


def test_the_page_shows_the_overall_scores_quartiles_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = spread_world(db_session)
    first, _median, third = overall_quartiles(world)
    assert first != third
    auth.login(world.lead.email)
    for lang in ("zh", "en"):
        auth.choose_language(lang)
        page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
        low, high, column = ROWS[lang]
        for label, expected in ((low, first), (high, third)):
            row = re.search(
                rf'<th scope="row">{re.escape(label)}</th>'
                rf'<td class="num" data-label="{column}">([^<]+)</td>',
                page,
            )
            assert row is not None, label
            assert row.group(1) == figure(expected)


def test_the_workbook_has_them_under_the_median(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = spread_world(db_session)
    first, median, third = overall_quartiles(world)
    auth.login(world.lead.email)
    data = client.get(f"/reports/working-groups/{world.group.id}/side-by-side.xlsx").data
    rows = list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))
    below = {row[0]: row[1] for row in rows[-4:]}
    assert below == {
        "中位数": float(median),
        "下四分位（P25）": float(first),
        "上四分位（P75）": float(third),
        "汇总值": None,  # a score has no pooled figure
    }
