"""KPI inputs rcapp computes itself, put over the typed ones: one fact, one number (qa17 D2).

A park's PK-RC-02 (三星及以上入园企业比例) is 100 x companies_3star / companies_resident:
the count is rcapp's (queries.computed_inputs_of: resident companies rated three stars or
more by resident_ratings' rule), the denominator the resident count the park reports. The
KPI page, the result page and scorecard, the annual workbook and report and the benchmark
figures all read an organisation-year's KPI inputs through `with_computed`, so they show
one value; a figure typed for the count is kept but never counts.

When the count is taken: live while the year is open. A self snapshot kept at submit is
not shown once rcapp's count gives its KPIs other figures (`snapshot_current`): it is
scored afresh. At the close the frozen result keeps the figures of that moment (a
peer-reviewed result: those of the review's final rating, taken when it was settled).

An earlier year counts by its own rubric's rule (`earlier_with_computed`, qa22 D1): the
2024 park rubric (v1) had the park type the count, so its published result used the typed
figure, and the next year's page, ladder and review checks take that year as published,
not recounted by a later rubric's rule.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal

from rcapp.assessments import queries
from rcapp.assessments.models import Assessment
from rcapp.assessments.reported import reported_pins
from rcapp.rubrics.loader import RubricError
from rcapp.rubrics.model import Kpi, Rubric
from rcapp.scoring import Scorecard
from rcapp.scoring.kpi_figures import kpi_figure_of
from rcapp.scoring.kpis import formula_names


def computed_ids(rubric: Rubric) -> frozenset[str]:
    """Return the rubric's KPI inputs rcapp computes (`computed:`), by input id."""
    return frozenset(i.id for i in rubric.kpi_inputs if i.computed is not None)


def computed_kpis(rubric: Rubric) -> tuple[Kpi, ...]:
    """Return the KPIs whose formula reads an input rcapp computes."""
    ids = computed_ids(rubric)
    return tuple(k for k in rubric.kpis if formula_names(k) & ids) if ids else ()


def with_computed(
    organisation_id: int, year: int, rubric: Rubric, typed: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    """Return an organisation-year's KPI inputs with rcapp's computed ones over the typed."""
    if not computed_ids(rubric):
        return dict(typed)
    return {**typed, **queries.computed_inputs_of(organisation_id, year, rubric)}


def earlier_with_computed(
    organisation_id: int, year: int, rubric: Rubric, typed: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    """Return an earlier year's KPI inputs as that year's own result counted them.

    Which inputs rcapp computes is the rule of the rubric that year's assessment is pinned
    to, not of `rubric` (the later year's): a count the park typed under a rubric without
    `computed:` stands, as it did in that year's frozen result. An organisation that
    reported nothing that year has no figure for it, computed ones included (qa38 S10: a
    park that did not submit showed 上年 0 for its three-star residents). `rubric`
    serves when that year's rubric version can no longer be read.
    """
    reported_that_year, pinned = _rubric_of_year(organisation_id, year)
    if not reported_that_year:
        return dict(typed)
    return with_computed(organisation_id, year, pinned or rubric, typed)


def counted_against_typed(
    organisation_id: int,
    year: int,
    rubric: Rubric,
    computed_now: Mapping[str, Decimal],
    earlier_year: int | None = None,
) -> dict[str, bool]:
    """Return the inputs rcapp counted in one of `year` and an earlier year, typed in the other.

    Input id -> True when counted in `year` (typed the earlier year), False the reverse.
    `computed_now`: the year's computed inputs (with_computed's, already read). The earlier
    year (`earlier_year`, by default the year before) counts by its own rubric's rule
    (earlier_with_computed). A change between the two compares a typed figure with a count of
    residents: the KPI page says so instead, and the scorecard PDF and the results workbook
    mark that year's figure with the same words (qa42 D1).
    """
    then = year - 1 if earlier_year is None else earlier_year
    return counted_against_typed_in(organisation_id, rubric, computed_now, (then,))[then]


def counted_against_typed_in(
    organisation_id: int,
    rubric: Rubric,
    computed_now: Mapping[str, Decimal],
    years: Iterable[int],
) -> dict[int, dict[str, bool]]:
    """Return counted_against_typed for each of several earlier `years` (year -> its answer).

    The years' rubrics are read in one query; a year's count of residents is taken only
    where its rubric or `rubric` has a computed input (a park's).
    """
    wanted = tuple(years)
    pins = _rubrics_of_years(organisation_id, wanted)
    counted: dict[int, dict[str, bool]] = {}
    for then in wanted:
        if then not in pins:
            counted[then] = {}  # no figure that year, counted or typed: nothing to compare
            continue
        earlier = pins[then] or rubric
        if not computed_ids(rubric) and not computed_ids(earlier):
            counted[then] = {}
            continue
        before = queries.computed_inputs_of(organisation_id, then, earlier)
        counted[then] = {i: i in computed_now for i in set(computed_now) ^ set(before)}
    return counted


def _rubric_of_year(organisation_id: int, year: int) -> tuple[bool, Rubric | None]:
    """Return whether the organisation reported in `year`, and that assessment's rubric.

    The rubric is None when its version can no longer be read.
    """
    pins = _rubrics_of_years(organisation_id, (year,))
    return year in pins, pins.get(year)


def _rubrics_of_years(organisation_id: int, years: tuple[int, ...]) -> dict[int, Rubric | None]:
    """Return the rubric of each of `years` the organisation reported in (one query).

    A year it did not report in is left out; its rubric is None when its version can no
    longer be read.
    """
    if not years:
        return {}
    pins: dict[int, Rubric | None] = {}
    for pin in reported_pins(organisation_id, years=years):
        pins.setdefault(pin.year, _readable(pin.rubric_id, pin.version, pin.sha256))
    return pins


def _readable(rubric_id: str, version: int, sha256: str) -> Rubric | None:
    try:
        return queries.pinned_rubric(rubric_id, version, sha256)
    except RubricError:
        # a version no longer on disk (or edited since): the later year's rule, as before
        # earlier years counted by their own (the engine's caller treats it alike)
        return None


def inputs_of(assessment: Assessment, rubric: Rubric) -> dict[str, Decimal]:
    """Return the assessment's stored KPI inputs with rcapp's computed ones over the typed."""
    typed = {v.input_id: v.value for v in assessment.kpi_values}
    return with_computed(assessment.organisation_id, assessment.cycle.year, rubric, typed)


def typed_inputs(assessment: Assessment) -> dict[str, Decimal]:
    """Return the KPI input values typed for the assessment (what `same_figure_as` compares)."""
    return {v.input_id: v.value for v in assessment.kpi_values}


def present_inputs(assessment: Assessment, rubric: Rubric) -> set[str]:
    """Return the ids of the KPI inputs the assessment has: typed, or computed by rcapp.

    What every completeness check counts as reported (the submit check, the overview's
    and the home page's counts, the KPI-data prerequisite): an input rcapp computes
    (`computed:` in the rubric) is present while rcapp has its figure, 0 included, whether
    or not a row was typed for it (qa38 D1: no page can type it, so a park could never
    submit). Where rcapp has no figure yet, the KPI page asks for it and a typed value counts.
    """
    present = {v.input_id for v in assessment.kpi_values}
    if computed_ids(rubric):
        present |= set(queries.computed_kpi_inputs(assessment, rubric))
    return present


def snapshot_current(assessment: Assessment, rubric: Rubric, card: Scorecard) -> bool:
    """Whether a kept scorecard's KPIs still have the figures rcapp's computed inputs give.

    Only for an open year (a closed year's results are frozen) and only rubrics with
    computed inputs (a park's) do any work: one count per call.
    """
    kpis = computed_kpis(rubric)
    if not kpis or assessment.cycle.is_closed:
        return True
    inputs = inputs_of(assessment, rubric)
    kept = {k.kpi_id: k.value for k in card.kpis}
    return all(kept.get(k.id) == kpi_figure_of(k, inputs).value for k in kpis)


def last_year_shown(
    typed: Mapping[str, Decimal], counted: Mapping[str, Decimal], computed: Collection[str]
) -> dict[str, Decimal]:
    """Return the 上年 figure of each KPI input, as the KPI page and the Excel template show it.

    `typed`: last year's stored inputs; `counted`: the same as that year's result counted
    them (earlier_with_computed); `computed`: the inputs rcapp counts itself this year,
    whose 上年 figure is rcapp's too (qa19 D1).
    """
    return {
        input_id: value
        for input_id in {*typed, *counted}
        if (value := (counted if input_id in computed else typed).get(input_id)) is not None
    }
