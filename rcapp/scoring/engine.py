"""score_assessment: answers, KPI data and context in; the whole scorecard out (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, localcontext

from rcapp.rubrics.model import Rubric, Section
from rcapp.scoring.checks import InvalidInputs, input_problems
from rcapp.scoring.consistency import register_checks
from rcapp.scoring.grades import counted_events
from rcapp.scoring.items import score_item
from rcapp.scoring.kpi_figures import kpi_figure_of
from rcapp.scoring.kpis import kpi_levels, kpi_performance, kpi_value
from rcapp.scoring.model import AssessmentInputs, ScoringContext
from rcapp.scoring.path import improvement_path
from rcapp.scoring.prerequisites import judge_prerequisites
from rcapp.scoring.rounding import ARITHMETIC, score
from rcapp.scoring.scorecard import (
    ComponentScore,
    ElementScore,
    ItemScore,
    KpiPerformanceScore,
    Scorecard,
    SectionScore,
)
from rcapp.scoring.stars import RatingFacts, star_rating
from rcapp.scoring.targets import target_progress
from rcapp.scoring.tree import Tally, item_reach, tally_scores
from rcapp.scoring.vetoes import veto_hits


def score_assessment(
    rubric: Rubric, inputs: AssessmentInputs, context: ScoringContext
) -> Scorecard:
    """Score one organisation's year into a Scorecard.

    The scorecard holds item, element, section, component and overall scores, KPI values
    and performance, the star rating and the path to the next star. Raise InvalidInputs
    when the inputs do not fit the rubric. The levels scored are the ones in
    `inputs.answers`: pass self levels or validated reviewer levels.
    """
    problems = input_problems(rubric, inputs, context)
    if problems:
        raise InvalidInputs(problems)
    with localcontext(ARITHMETIC):
        return _scorecard(rubric, inputs, context)


def _scorecard(rubric: Rubric, inputs: AssessmentInputs, context: ScoringContext) -> Scorecard:
    items = item_scores(rubric, inputs)
    fractions = {item_id: item.fraction for item_id, item in items.items()}
    figures = {kpi.id: kpi_figure_of(kpi, inputs.kpi_inputs) for kpi in rubric.kpis}
    kpis = tuple(kpi_value(kpi, inputs.kpi_inputs, figures[kpi.id]) for kpi in rubric.kpis)
    levels = kpi_levels(
        rubric,
        inputs.year,
        inputs.kpi_inputs,
        inputs.kpi_history,
        context.group_stats,
        {inputs.year: figures},
        inputs.kpi_incomparable,
    )
    performance = kpi_performance(levels)
    tally = tally_scores(rubric, fractions, inputs.na_sections, performance)
    missing = tuple(item_id for item_id, item in items.items() if not item.answered)
    prerequisites = judge_prerequisites(
        rubric, inputs.prerequisites_met, inputs.kpi_inputs, inputs.prerequisites_answered
    )
    assessed = context.assessment_date
    events, grade_problems = counted_events(rubric, inputs.events, assessed, inputs.year)
    register_problems, stand_ins = register_checks(rubric, inputs, events, assessed)
    data_problems = grade_problems + register_problems
    targets = target_progress(rubric, inputs)
    facts = RatingFacts(
        rubric=rubric,
        tally=tally,
        missing=missing,
        unmet_prerequisites=prerequisites.unmet,
        contradicted_prerequisites=prerequisites.contradicted,
        missing_core_inputs=prerequisites.missing_inputs,
        unanswered_prerequisites=prerequisites.unanswered,
        kpis={kpi.kpi_id: kpi for kpi in kpis},
        context=context,
        vetoes=veto_hits(rubric.rating.vetoes, events + stand_ins, assessed),
        data_problems=data_problems,
        targets=targets,
    )
    rating = star_rating(facts)
    reach = item_reach(rubric, tally, fractions)
    return Scorecard(
        rubric_key=rubric.key,
        year=inputs.year,
        provisional=rubric.rating.provisional,
        overall=None if tally.overall is None else score(tally.overall),
        components=_component_scores(rubric, tally),
        sections=tuple(
            _section_score(s, items, tally, inputs.na_sections) for s in rubric.sections
        ),
        missing=missing,
        kpis=kpis,
        kpi_performance=KpiPerformanceScore(
            levels, None if performance is None else score(performance)
        ),
        rating=rating,
        path=improvement_path(rubric, items, tally, reach, rating),
        data_problems=data_problems,
        targets=targets,
    )


def item_scores(rubric: Rubric, inputs: AssessmentInputs) -> dict[str, ItemScore]:
    """Score every item of the rubric, in rubric order."""
    return {
        item.id: score_item(item, inputs.answers.get(item.id), inputs.na_sections.get(section.id))
        for section, _, item in rubric.iter_items()
    }


def _section_score(
    section: Section, items: Mapping[str, ItemScore], tally: Tally, na: Mapping[str, str]
) -> SectionScore:
    elements = tuple(
        ElementScore(
            element_id=element.id,
            title=element.title,
            weight=element.weight,
            score=_shown(tally.elements[element.id]),
            items=tuple(items[item.id] for item in element.items),
        )
        for element in section.elements
    )
    return SectionScore(
        section_id=section.id,
        kind=section.kind,
        title=section.title,
        weight=section.weight,
        score=_shown(tally.sections[section.id]),
        na_reason=na.get(section.id),
        elements=elements,
    )


def _component_scores(rubric: Rubric, tally: Tally) -> tuple[ComponentScore, ...]:
    return tuple(
        ComponentScore(
            component_id=component.id,
            label=component.label,
            source=component.source,
            weight=component.weight,
            score=_shown(tally.components[component.id]),
        )
        for component in rubric.rating.components
    )


def _shown(value: Decimal | None) -> Decimal | None:
    return None if value is None else score(value)
