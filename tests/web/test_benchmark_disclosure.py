"""What a member sees of a peer group's statistics (qa14 D1).

In a group of exactly 5 the quartiles were the 2nd and 4th members' own values, and the
pooled sum of fatalities named the one peer that had any. A member now sees no group
figures of absolute quantities and counts (the mini rubric's CA-01 drills, a sum), and
below the configured size only the median and its own position; the group's lead and the
secretariat, who see the names, see everything.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.benchmarks.disclosure import CONFIG_KEY, QUARTILES_MIN_MEMBERS, Disclosure
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.reports.data import build_scorecard_report
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, make_review_world

RULE_ZH = "为保护同组单位信息，只显示比率、强度、指数类指标和得分的组统计"
RULE_EN = "To protect the peers"


@pytest.fixture
def five(db_session: Session) -> ReviewWorld:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    return world


@pytest.fixture
def threshold(app: Flask) -> Iterator[None]:
    """Lower the quartile threshold to the minimum group size for one test."""
    app.config[CONFIG_KEY] = 5
    yield
    app.config.pop(CONFIG_KEY)


def _page(client: FlaskClient, world: ReviewWorld) -> str:
    return client.get(f"/benchmarks/organisations/{world.companies[0].id}").get_data(as_text=True)


def test_a_member_of_a_group_of_five_sees_the_median_only_and_no_absolute_figures(
    client: FlaskClient, auth: AuthActions, five: ReviewWorld
) -> None:
    auth.login(five.members[0].email)
    page = _page(client, five)
    assert "OHS-03" in page  # a rate: median and position
    assert "中位数" in page
    assert "百分位" in page
    assert "下四分位" not in page
    assert "上四分位" not in page
    assert ">汇总值</th>" not in page
    assert "CA-01" not in page  # drills: a count, summed in the group
    assert RULE_ZH in page
    assert "成员少于 10 家的组只显示中位数和本单位的位置" in page
    assert "本组有 1 项绝对量指标未显示。" in page
    client.get("/lang/en")
    page = _page(client, five)
    assert RULE_EN in page
    assert "Lower quartile" not in page
    assert "Median" in page


@pytest.mark.parametrize("who", ["lead", "secretariat"])
def test_who_sees_the_names_sees_every_figure(
    client: FlaskClient, auth: AuthActions, five: ReviewWorld, who: str
) -> None:
    auth.login(five.lead.email if who == "lead" else five.secretariat.email)
    page = _page(client, five)
    assert "下四分位" in page
    assert "上四分位" in page
    assert ">汇总值</th>" in page
    assert "CA-01" in page
    assert "您可看到该组的全部统计数据" in page


def test_a_group_at_the_threshold_shows_quartiles_but_still_no_absolute_figures(
    client: FlaskClient, auth: AuthActions, five: ReviewWorld, threshold: None
) -> None:
    auth.login(five.members[0].email)
    page = _page(client, five)
    assert "下四分位" in page
    assert "上四分位" in page
    assert ">汇总值</th>" in page
    assert "CA-01" not in page


def test_the_scorecard_pdf_follows_the_member_rule(five: ReviewWorld) -> None:
    report = build_scorecard_report(five.assessments[0], "zh")
    (bench,) = (s for s in report.peer_sections if s.title == "同行对标")
    rows = [row for group in bench.groups for row in group.rows]
    labels = {row[0].split()[0] for row in rows}
    assert "CA-01" not in labels
    assert "OHS-03" in labels
    # Quartiles withheld in every group: their columns are left out, with a line why (qa71).
    assert bench.header == ("指标", "本单位", "百分位", "中位数")
    assert all(row[3] not in ("", "不公开") for row in rows)  # the median is shown
    assert not any("不公开" in cell for row in rows for cell in row)
    assert "为保护同组单位信息" in bench.note
    assert "因此不列出下四分位和上四分位两栏" in bench.note


@pytest.mark.parametrize(
    ("full", "members", "values", "quartiles", "of_metric", "absolute_shown"),
    [
        (False, 5, 5, False, False, False),
        (False, 9, 9, False, False, False),
        (False, 10, 10, True, True, False),
        (False, 12, 6, True, False, False),  # a KPI only 6 members report
        (True, 5, 5, True, True, True),
    ],
)
def test_the_disclosure_rule(
    full: bool,
    members: int,
    values: int,
    quartiles: bool,
    of_metric: bool,
    absolute_shown: bool,
) -> None:
    shown = Disclosure(full, members, QUARTILES_MIN_MEMBERS)
    assert shown.quartiles is quartiles
    assert shown.quartiles_of(values) is of_metric
    assert shown.shows(absolute=True) is absolute_shown
    assert shown.shows(absolute=False)
