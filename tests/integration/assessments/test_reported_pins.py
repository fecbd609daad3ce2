"""The rubric pins of an organisation's reported years: one query for the years asked."""

from __future__ import annotations

from sqlalchemy.orm import Session

from rcapp.assessments.reported import reported_pins
from tests.factories import make_assessment, make_cycle, make_organisation, mark_reported


def test_only_reported_years_of_that_organisation(db_session: Session) -> None:
    organisation, other = make_organisation(), make_organisation()
    for year in (2022, 2023, 2024, 2025):
        cycle = make_cycle(year=year)
        own = make_assessment(organisation, cycle)
        if year != 2023:  # 2023 stays a draft: not reported
            mark_reported(own)
        mark_reported(make_assessment(other, cycle))
    assert {p.year for p in reported_pins(organisation.id)} == {2022, 2024, 2025}
    assert {p.year for p in reported_pins(organisation.id, years=(2023, 2024))} == {2024}
    before = reported_pins(organisation.id, before=2025)
    assert sorted(p.year for p in before) == [2022, 2024]
    assert {(p.rubric_id, p.version) for p in before} == {("mini-company", 1)}
