"""The star rating: every gate of every band, passed or failed, with its reason.

Gates of a band, in order: the overall threshold, one floor per applicable section,
the element floor, each listed condition, then (lowest band only) the prerequisites
when the band does not list them, and one gate per veto that caps below the band.
Stars are cumulative: the rating is the highest band that passes with every band below.
Scores are compared as shown (rounding.meets). Unmet prerequisites mean "not rated".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from rcapp.rubrics import model as rm
from rcapp.scoring.kpis import in_top_quartile, is_better
from rcapp.scoring.model import GroupStats, ScoringContext
from rcapp.scoring.rounding import SCORE_STEP, kpi_figure, meets, score
from rcapp.scoring.scorecard import (
    ON_SITE,
    PEER_REVIEWERS,
    BandResult,
    DataProblem,
    Gate,
    GateKind,
    GatePart,
    KpiStatus,
    KpiValue,
    PartState,
    StarRating,
    TargetProgress,
    VetoHit,
)
from rcapp.scoring.tree import Tally, floored_elements, floored_sections


@dataclass(frozen=True)
class RatingFacts:
    """Everything the gates look at."""

    rubric: rm.Rubric
    tally: Tally
    missing: tuple[str, ...]
    unmet_prerequisites: tuple[str, ...]
    kpis: Mapping[str, KpiValue]
    context: ScoringContext
    vetoes: tuple[VetoHit, ...]
    data_problems: tuple[DataProblem, ...] = ()
    targets: tuple[TargetProgress, ...] = ()
    # Of `unmet_prerequisites`: those declared met that the data contradict (prerequisites.py),
    # and the core KPI inputs whose absence contradicts them.
    contradicted_prerequisites: tuple[str, ...] = ()
    missing_core_inputs: tuple[str, ...] = ()
    # Of `unmet_prerequisites`: those not answered yet (UNANSWERED parts, for the words).
    unanswered_prerequisites: tuple[str, ...] = ()


def star_rating(facts: RatingFacts) -> StarRating:
    """Judge every band and return the cumulative rating with "why not the next star"."""
    ordered = sorted(facts.rubric.rating.bands, key=lambda band: band.stars)
    results = tuple(_band(facts, band, band is ordered[0]) for band in ordered)
    stars = 0
    for result in results:
        if not result.passed:
            break
        stars = result.stars
    upcoming = next((result for result in results if result.stars > stars), None)
    return StarRating(
        stars=stars,
        max_stars=ordered[-1].stars,
        rated=not facts.unmet_prerequisites,
        bands=results,
        vetoes=facts.vetoes,
        next_stars=None if upcoming is None else upcoming.stars,
        binding=() if upcoming is None else upcoming.failed,
    )


def decided_stars(facts: RatingFacts) -> tuple[int, bool]:
    """Return (stars, rated) exactly as `star_rating` decides them, faster.

    No band past the first failing one is judged; the bands judged are `_band`'s, as in
    star_rating, so the two cannot drift apart. For rating many assessments at once
    (scoring.cycle), where the reasons of the higher bands are not shown.
    """
    ordered = sorted(facts.rubric.rating.bands, key=lambda band: band.stars)
    stars = 0
    for band in ordered:
        if not _band(facts, band, band is ordered[0]).passed:
            break
        stars = band.stars
    return stars, not facts.unmet_prerequisites


def _band(facts: RatingFacts, band: rm.StarBand, lowest: bool) -> BandResult:
    gates = [_overall_gate(facts.tally.overall, band.min_overall)]
    if band.min_section is not None:
        gates.extend(_section_gates(facts, band.min_section, band.section_floor_kinds))
    if band.min_element is not None:
        gates.append(_element_gate(facts, band.min_element))
    gates.extend(_condition_gate(condition, facts) for condition in band.conditions)
    listed = any(isinstance(c, rm.PrerequisitesMet) for c in band.conditions)
    if lowest and not listed and facts.rubric.prerequisites:
        gates.append(_prerequisites_gate(facts))
    gates.extend(_veto_gates(facts.vetoes, band.stars))
    return BandResult(stars=band.stars, label=band.label, gates=tuple(gates))


def _overall_gate(overall: Decimal | None, threshold: Decimal) -> Gate:
    if overall is None:
        return Gate(GateKind.OVERALL, False, "no overall score", required=threshold)
    shown = score(overall)
    passed = shown >= threshold
    reason = f"overall {shown} {'≥' if passed else '<'} {threshold}"
    return Gate(GateKind.OVERALL, passed, reason, required=threshold, actual=shown)


def _section_gates(
    facts: RatingFacts, floor: Decimal, kinds: tuple[rm.SectionKind, ...]
) -> Iterator[Gate]:
    for section, value in floored_sections(facts.rubric, facts.tally, kinds):
        shown = score(value)
        passed = shown >= floor
        reason = f"section {section.id} {section.title.en} {shown} {'≥' if passed else '<'} {floor}"
        yield Gate(GateKind.SECTION_FLOOR, passed, reason, section.id, floor, shown)


def _element_gate(facts: RatingFacts, floor: Decimal) -> Gate:
    scored = [(e.id, score(v)) for e, v in floored_elements(facts.rubric, facts.tally)]
    low = [f"{element_id} {shown}" for element_id, shown in scored if shown < floor]
    lowest = min((shown for _, shown in scored), default=None)
    if low:
        reason = f"elements below {floor}: {', '.join(low)}"
    else:
        reason = f"every element ≥ {floor} (lowest {lowest})"
    return Gate(GateKind.ELEMENT_FLOOR, not low, reason, required=floor, actual=lowest)


def _no_zero_gate(facts: RatingFacts) -> Gate:
    zero = [
        e.id for e, v in floored_elements(facts.rubric, facts.tally) if not meets(v, SCORE_STEP)
    ]
    reason = f"elements scored 0: {', '.join(zero)}" if zero else "no element scored 0"
    return Gate(GateKind.NO_ELEMENT_AT_ZERO, not zero, reason)


def _prerequisites_gate(facts: RatingFacts) -> Gate:
    """Parts name each unmet prerequisite: NOT_MET, UNANSWERED, or NO_VALUE.

    NO_VALUE when declared met but the data lack, UNANSWERED when not answered yet.

    `actual` then counts the missing core KPI inputs, so a page can say how many.
    """
    unmet = facts.unmet_prerequisites
    if not unmet:
        return Gate(GateKind.PREREQUISITES_MET, True, "all prerequisites met")
    contradicted = facts.contradicted_prerequisites
    missing = facts.missing_core_inputs
    notes = [
        f"{p} (declared met, but {len(missing)} core KPI inputs missing)"
        if p in contradicted
        else p
        for p in unmet
    ]
    return Gate(
        GateKind.PREREQUISITES_MET,
        False,
        f"prerequisites not met: {', '.join(notes)} (not rated)",
        actual=Decimal(len(missing)) if contradicted else None,
        parts=tuple(GatePart(p, _prerequisite_state(facts, p)) for p in unmet),
    )


def _prerequisite_state(facts: RatingFacts, prerequisite_id: str) -> PartState:
    if prerequisite_id in facts.contradicted_prerequisites:
        return PartState.NO_VALUE
    if prerequisite_id in facts.unanswered_prerequisites:
        return PartState.UNANSWERED
    return PartState.NOT_MET


def _assessed_gate(facts: RatingFacts) -> Gate:
    missing = facts.missing
    if not missing:
        return Gate(GateKind.ALL_SECTIONS_ASSESSED, True, "every item answered")
    shown = ", ".join(missing[:10]) + (", ..." if len(missing) > 10 else "")
    reason = f"{len(missing)} items not answered: {shown}"
    return Gate(GateKind.ALL_SECTIONS_ASSESSED, False, reason, actual=Decimal(len(missing)))


def counted_run(before: int, missing: int) -> int:
    """Count the reporting run: this year counts only once every core KPI input is filled.

    The one meaning of "连续报送 N 年" on every page (the overview's cap, the result page's
    condition): a year still missing core inputs breaks the run until they are filled.
    """
    return before + 1 if missing == 0 else 0


def missing_core_inputs(facts: RatingFacts) -> frozenset[str]:
    """Return the core KPIs' inputs this year still lacks."""
    core = [kpi for kpi in facts.kpis.values() if kpi.core]
    missing = {name for kpi in core for name in kpi.missing_inputs}
    if not missing and any(kpi.status is KpiStatus.NOT_REPORTED for kpi in core):
        missing = {kpi.kpi_id for kpi in core if kpi.status is KpiStatus.NOT_REPORTED}
    return frozenset(missing)


def reported_years(facts: RatingFacts) -> int:
    """Consecutive years with every core KPI reported, this one included."""
    return counted_run(facts.context.kpi_years_before, len(missing_core_inputs(facts)))


def _reported_gate(condition: rm.KpisReported, facts: RatingFacts) -> Gate:
    years = reported_years(facts)
    missing = sorted(missing_core_inputs(facts))
    passed = years >= condition.years
    reason = f"core KPIs reported {years} consecutive years (needs {condition.years})"
    # Reporting this year adds one year to the earlier run, never more (GateReach.NOT_THIS_YEAR),
    # besides the earlier years still offered for backfill (补录), filled in this year.
    context = facts.context
    fixed = condition.years > context.kpi_years_before + context.kpi_years_fillable + 1
    return Gate(
        GateKind.KPIS_REPORTED,
        passed,
        reason,
        None,
        Decimal(condition.years),
        Decimal(years),
        # the inputs still to fill; filled, this year counts (run_words says so)
        tuple(GatePart(name, PartState.NO_VALUE) for name in missing),
        fixed=fixed and not passed,
        if_complete=Decimal(context.kpi_years_before + 1) if missing else None,
    )


def _peer_gate(condition: rm.PeerReviewed, facts: RatingFacts) -> Gate:
    context = facts.context
    enough = context.peer_reviewers >= condition.min_reviewers
    onsite_ok = context.onsite_review or not condition.onsite
    need = f"needs {condition.min_reviewers}" + (", on site" if condition.onsite else "")
    done = f"peer review by {context.peer_reviewers} reviewers" + (
        ", on site" if context.onsite_review else ""
    )
    required = Decimal(condition.min_reviewers)
    actual = Decimal(context.peer_reviewers)
    parts = [GatePart(PEER_REVIEWERS, _state(enough))]
    if condition.onsite:
        parts.append(GatePart(ON_SITE, _state(context.onsite_review)))
    return Gate(
        GateKind.PEER_REVIEWED,
        enough and onsite_ok,
        f"{done} ({need})",
        None,
        required,
        actual,
        tuple(parts),
    )


def _state(met: bool) -> PartState:
    return PartState.MET if met else PartState.NOT_MET


def _verified_gate(facts: RatingFacts) -> Gate:
    if facts.context.verified:
        return Gate(GateKind.VERIFIED, True, "verified by the secretariat or a third party")
    return Gate(GateKind.VERIFIED, False, "not verified by the secretariat or a third party")


def _case_gate(facts: RatingFacts) -> Gate:
    if facts.context.good_practice_case:
        return Gate(GateKind.GOOD_PRACTICE_CASE, True, "published good-practice case")
    return Gate(GateKind.GOOD_PRACTICE_CASE, False, "no published good-practice case")


def _median_gate(condition: rm.KpiVsGroupMedian, facts: RatingFacts) -> Gate:
    notes = [_median_note(kpi_id, facts) for kpi_id in condition.kpis]
    passed = all(part.passed for part, _ in notes)
    reason = "; ".join(note for _, note in notes)
    return Gate(
        GateKind.KPI_VS_GROUP_MEDIAN,
        passed,
        reason,
        ",".join(condition.kpis),
        parts=tuple(part for part, _ in notes),
    )


def _median_note(kpi_id: str, facts: RatingFacts) -> tuple[GatePart, str]:
    kpi = facts.kpis.get(kpi_id)
    stats = facts.context.group_stats.get(kpi_id)
    if kpi is None or kpi.value is None:
        return GatePart(kpi_id, PartState.NO_VALUE), f"{kpi_id}: no value"
    if stats is None:
        return GatePart(kpi_id, PartState.NO_STATISTICS), f"{kpi_id}: no group statistics"
    median = kpi_figure(stats.median)
    if is_better(kpi.better, kpi.value, median, strict=False):
        note = f"{kpi_id} {kpi.value} at least as good as the median {median}"
        return GatePart(kpi_id, PartState.MET), note
    note = f"{kpi_id} {kpi.value} worse than the median {median}"
    return GatePart(kpi_id, PartState.NOT_MET), note


def _quartile_gate(condition: rm.KpisTopQuartile, facts: RatingFacts) -> Gate:
    parts = tuple(
        GatePart(kpi.kpi_id, _quartile_state(kpi, facts.context.group_stats.get(kpi.kpi_id)))
        for kpi in facts.kpis.values()
        if kpi.core
    )
    top = [part.subject for part in parts if part.passed]
    passed = len(top) >= condition.count
    listed = f": {', '.join(top)}" if top else ""
    reason = f"{len(top)} core KPIs in the top quartile{listed} (needs {condition.count})"
    return Gate(
        GateKind.KPIS_TOP_QUARTILE,
        passed,
        reason,
        None,
        Decimal(condition.count),
        Decimal(len(top)),
        parts,
    )


def _quartile_state(kpi: KpiValue, stats: GroupStats | None) -> PartState:
    """One core KPI of the top-quartile condition (no statistics: not judged, qa40 S2)."""
    if kpi.value is None:
        return PartState.NO_VALUE
    if stats is None:
        return PartState.NO_STATISTICS
    return _state(in_top_quartile(kpi.better, kpi.value, stats))


_OPS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
}


def _threshold_gate(condition: rm.KpiThreshold, facts: RatingFacts) -> Gate:
    kpi = facts.kpis.get(condition.kpi)
    value = None if kpi is None else kpi.value
    passed = value is not None and _OPS[condition.op](value, condition.value)
    shown = "no value" if value is None else str(value)
    reason = (
        f"{condition.label.en}: {condition.kpi} {shown} (needs {condition.op} {condition.value})"
    )
    return Gate(GateKind.KPI_THRESHOLD, passed, reason, condition.kpi, condition.value, value)


def _consistent_gate(facts: RatingFacts) -> Gate:
    blocking = [problem for problem in facts.data_problems if problem.blocks]
    if not blocking:
        return Gate(GateKind.DATA_CONSISTENT, True, "KPI data, events register and grades agree")
    subjects = ", ".join(dict.fromkeys(problem.subject for problem in blocking))
    reason = f"{len(blocking)} data problems to resolve: {subjects}"
    return Gate(GateKind.DATA_CONSISTENT, False, reason, actual=Decimal(len(blocking)))


def _targets_gate(condition: rm.TargetsOnTrack, facts: RatingFacts) -> Gate:
    targets = facts.targets
    behind = [target.kpi_id for target in targets if not target.on_track]
    enough = len(targets) >= condition.min_targets
    if not enough:
        reason = f"{len(targets)} own targets set (needs {condition.min_targets})"
    elif behind:
        reason = f"targets not on track: {', '.join(behind)}"
    else:
        reason = f"{len(targets)} own targets set, all on track"
    return Gate(
        GateKind.TARGETS_ON_TRACK,
        enough and not behind,
        reason,
        None,
        Decimal(condition.min_targets),
        Decimal(len(targets) - len(behind)),
    )


def _veto_gates(hits: tuple[VetoHit, ...], stars: int) -> Iterator[Gate]:
    for hit in hits:
        cap = 0 if hit.effect is rm.VetoEffect.NO_STAR else hit.max_stars or 0
        if cap >= stars:
            continue
        effect = "no star" if cap == 0 else f"at most {cap} stars"
        source = " (deaths in the KPI data, not on the register)" if hit.from_kpi_data else ""
        reason = (
            f"veto {hit.rule_id} ({hit.title.en}): {hit.event_type}{source} on "
            f"{hit.event_date.isoformat()} → {effect}"
        )
        yield Gate(GateKind.VETO, False, reason, hit.rule_id, Decimal(cap))


def _condition_gate(condition: rm.Condition, facts: RatingFacts) -> Gate:
    match condition:
        case rm.PrerequisitesMet():
            return _prerequisites_gate(facts)
        case rm.AllSectionsAssessed():
            return _assessed_gate(facts)
        case rm.KpisReported():
            return _reported_gate(condition, facts)
        case rm.PeerReviewed():
            return _peer_gate(condition, facts)
        case rm.Verified():
            return _verified_gate(facts)
        case rm.GoodPracticeCase():
            return _case_gate(facts)
        case rm.NoElementAtZero():
            return _no_zero_gate(facts)
        case rm.KpiVsGroupMedian():
            return _median_gate(condition, facts)
        case rm.KpisTopQuartile():
            return _quartile_gate(condition, facts)
        case rm.KpiThreshold():
            return _threshold_gate(condition, facts)
        case rm.DataConsistent():
            return _consistent_gate(facts)
        case rm.TargetsOnTrack():
            return _targets_gate(condition, facts)
