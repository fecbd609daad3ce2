"""The scorecard PDF and the results workbook ask 口径不同 for up to three earlier years at once.

counted_against_typed_in answers for several years as counted_against_typed answers for
each; the years' rubrics come in one query (a company's whole answer is that query).
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import Session

from rcapp.assessments.computed_kpis import (
    counted_against_typed,
    counted_against_typed_in,
    with_computed,
)
from rcapp.assessments.queries import rubric_of
from tests.factories import make_assessment, make_cycle, make_organisation, make_user, mark_reported
from tests.parks import park_assessment as _park_assessment
from tests.parks import real_rubrics  # noqa: F401 - the fixture
from tests.web.reports.test_scorecard_kpi_marks import _linhai
from tests.web.test_result_page_frame import _statements


def test_a_park_gets_each_years_answer(
    app: Flask,
    db_session: Session,
    real_rubrics: None,  # noqa: F811 - the fixture
) -> None:
    own = _linhai()  # 2024 typed (v1), 2025 counted (v2)
    park = own.organisation
    mark_reported(_park_assessment(park, 2023, 2, companies_resident="80"))  # v2, none rated
    rubric = rubric_of(own)
    now = with_computed(park.id, 2025, rubric, {})
    years = (2024, 2023, 2022)  # 2022: not reported
    one_by_one = {y: counted_against_typed(park.id, 2025, rubric, now, y) for y in years}
    assert one_by_one[2024] == {"companies_3star": True}
    assert counted_against_typed_in(park.id, rubric, now, years) == one_by_one


def test_a_company_asks_once_for_three_years(app: Flask, db_session: Session) -> None:
    organisation = make_organisation()
    make_user(organisation)
    own = None
    for year in (2022, 2023, 2024, 2025):
        own = make_assessment(organisation, make_cycle(year=year))
        if year < 2025:
            mark_reported(own)
    assert own is not None
    rubric = rubric_of(own)
    db_session.flush()
    with _statements(app) as seen:
        counted = counted_against_typed_in(organisation.id, rubric, {}, (2024, 2023, 2021))
    assert counted == {2024: {}, 2023: {}, 2021: {}}
    assert len(seen) == 1
