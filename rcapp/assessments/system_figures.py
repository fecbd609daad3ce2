"""What rcapp knows itself of a park's residents, held against the figures the park types.

Two rules, both read from the rubric's KPI definitions, never from a list of inputs
(parkshare #2: a resident count typed at 1 with 3 residents registered and 2 of them rated
three stars made PK-RC-02 200 % and was saved, while a signing rate over 100 % was refused):

- a share (answer_rules.is_share: unit "%") is at most 100 % with the inputs rcapp counts
  (computed_kpis) over the typed ones, as every page computes it;
- a resident count (an input dividing a share whose other input rcapp counts from the
  residents, `computed:`) is at least the residents registered in rcapp.

The KPI page refuses a save that breaks either (kpi_inputs); a stored figure that breaks one
(a resident rated or registered since) is flagged with the figures on the KPI and result
pages alike (kpi_doubts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from rcapp.assessments import queries
from rcapp.assessments.computed_kpis import computed_ids
from rcapp.assessments.models import Assessment
from rcapp.assessments.resident_ratings import registered_residents
from rcapp.rubrics.formula import parse_formula
from rcapp.rubrics.model import Kpi, Rubric
from rcapp.scoring.answer_rules import SHARE_MAX, is_share


@dataclass(frozen=True)
class SystemFigures:
    """The figures rcapp has of an organisation-year: counted inputs, registered residents."""

    computed: Mapping[str, Decimal] = field(default_factory=dict)
    registered: int | None = None  # None: the rubric has no resident count to check

    @property
    def key(self) -> tuple[tuple[tuple[str, Decimal], ...], int | None]:
        """The figures as a cache key (a mapping is not hashable)."""
        return tuple(sorted(self.computed.items())), self.registered


NO_FIGURES = SystemFigures()


def system_figures(assessment: Assessment, rubric: Rubric) -> SystemFigures:
    """Read what rcapp knows of the assessment's organisation-year (nothing for a company)."""
    organisation_id, year = assessment.organisation_id, assessment.cycle.year
    computed = queries.computed_inputs_of(organisation_id, year, rubric)
    registered = (
        registered_residents(organisation_id, year) if resident_count_inputs(rubric) else None
    )
    return SystemFigures(computed, registered)


def resident_count_inputs(rubric: Rubric) -> frozenset[str]:
    """Return the inputs that count residents: the other inputs of a share rcapp counts."""
    counted = computed_ids(rubric)
    found: set[str] = set()
    for kpi in rubric.kpis:
        names = parse_formula(kpi.formula).names
        if is_share(kpi) and names & counted:
            found |= names - counted
    return frozenset(found)


def with_system(values: Mapping[str, Decimal], system: SystemFigures) -> dict[str, Decimal]:
    """Return the inputs as every page computes with them: rcapp's counts over the typed."""
    return {**values, **system.computed}


def shares_over_limit(rubric: Rubric, values: Mapping[str, Decimal]) -> list[tuple[Kpi, Decimal]]:
    """Return each share over 100 % with these inputs, and its figure."""
    found = []
    for kpi in rubric.kpis:
        if not is_share(kpi):
            continue
        result = parse_formula(kpi.formula).evaluate(values)
        if result is not None and result > SHARE_MAX:
            found.append((kpi, result))
    return found


def share_params(kpi: Kpi, result: Decimal, name: str = "value") -> dict[str, object]:
    """Return a share message's parameters: the KPI's name in both languages, the figure."""
    return {"kpi_zh": kpi.name.zh, "kpi_en": kpi.name.en, name: round(result, 2)}


def below_register(
    rubric: Rubric, values: Mapping[str, Decimal], system: SystemFigures
) -> dict[str, Decimal]:
    """Return the resident counts below the residents registered in rcapp, with their value."""
    if system.registered is None:
        return {}
    return {
        input_id: values[input_id]
        for input_id in sorted(resident_count_inputs(rubric))
        if input_id in values and values[input_id] < system.registered
    }
