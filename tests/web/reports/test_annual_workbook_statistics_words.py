"""The annual workbook words a star condition without group statistics as the result page.

Its 星级条件 sheet lists each result's failed conditions; one compared with the working
group's median said "not published yet" (the year's statistics awaited) where the result
page gives the benchmark pages' reason: too few members with data, or not computed yet.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment
from rcapp.assessments.snapshots import ShownScorecard
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.reports import source
from rcapp.rubrics.model import Rubric
from rcapp.scoring import Gate, GateKind, GatePart, PartState
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world
from tests.web.test_result_group_statistics_words import REASON_NOT_COMPUTED, REASON_TOO_SMALL

# The test rubric has no condition compared with the group: the first star's gets one, its
# KPIs unjudged for want of statistics (as a rubric with a median condition scores them).
MEDIAN = Gate(
    GateKind.KPI_VS_GROUP_MEDIAN,
    False,
    "",
    "OHS-03,PS-02",
    parts=(GatePart("OHS-03", PartState.NO_STATISTICS), GatePart("PS-02", PartState.NO_STATISTICS)),
)
AWAITED = {"zh": "尚未发布", "en": "not published"}


def _with_median(shown: ShownScorecard) -> ShownScorecard:
    first, *others = shown.card.rating.bands
    bands = (replace(first, gates=(*first.gates, MEDIAN)), *others)
    return replace(shown, card=replace(shown.card, rating=replace(shown.card.rating, bands=bands)))


def _with_median_condition(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give every result read for the workbook, kept or scored live, the median condition."""

    def scorecard_for(assessment: Assessment, rubric: Rubric) -> ShownScorecard:
        return _with_median(source.scorecard_for(assessment, rubric))

    def kept_scorecards(assessments: Sequence[Assessment]) -> dict[int, ShownScorecard]:
        return {i: _with_median(shown) for i, shown in source.kept_scorecards(assessments).items()}

    monkeypatch.setattr("rcapp.reports.data_annual.scorecard_for", scorecard_for)
    monkeypatch.setattr("rcapp.reports.data_annual.kept_scorecards", kept_scorecards)


def _first_star_condition(client: FlaskClient, cycle_id: int, code: str, lang: str) -> str:
    query = "?lang=en" if lang == "en" else ""
    response = client.get(f"/reports/cycles/{cycle_id}/annual.xlsx{query}")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    gates = book["星级条件" if lang == "zh" else "Star rating conditions"]
    row = next(r for r in gates.iter_rows(values_only=True) if code in r)
    return str(row[4])  # name, credit code, kind, province, then 1 star


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("members", [4, 5])
def test_a_condition_without_group_statistics_gives_the_result_pages_reason(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    members: int,
) -> None:
    world = make_review_world(members)
    if members == 4:  # computed, too small; 5: never computed
        compute_benchmarks(world.cycle, None)
    db_session.commit()
    _with_median_condition(monkeypatch)
    auth.login(world.secretariat.email)
    said = _first_star_condition(client, world.cycle.id, world.companies[0].credit_code, lang)
    assert (REASON_TOO_SMALL if members == 4 else REASON_NOT_COMPUTED)[lang] in said
    assert AWAITED[lang] not in said
