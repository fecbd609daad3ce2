"""Check scoring inputs against their rubric: every problem named with where it is.

`where` is a key path shaped like the answers file (docs/answers-format.md), so the
file reader can turn it into a line number: ("answers", "MS.G1.1"), ("events", "0", "type").
The rules for answers, section N/A, KPI figures and event grades are scoring.answer_rules,
which the web forms use too; this module words them for the command line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from rcapp.rubrics.model import Item, ItemKind, KpiInput, Rubric
from rcapp.scoring import answer_rules as rules
from rcapp.scoring.model import Answer, AssessmentInputs, Event, ScoringContext

Where = tuple[str, ...]


@dataclass(frozen=True)
class InputProblem:
    where: Where
    message: str

    def __str__(self) -> str:
        return f"{'.'.join(self.where)}: {self.message}"


class InvalidInputs(ValueError):
    """Inputs that do not fit the rubric; `problems` lists every one found."""

    def __init__(self, problems: tuple[InputProblem, ...]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def input_problems(
    rubric: Rubric, inputs: AssessmentInputs, context: ScoringContext
) -> tuple[InputProblem, ...]:
    """Return every problem of `inputs` and `context` for `rubric`, in file order."""
    return (
        *_answer_problems(rubric, inputs.answers),
        *_section_problems(rubric, inputs.na_sections),
        *_prerequisite_problems(rubric, inputs.prerequisites_met),
        *_kpi_input_problems(rubric, ("kpi_inputs",), inputs.kpi_inputs),
        *(
            problem
            for year, values in sorted(inputs.kpi_history.items())
            for problem in _kpi_input_problems(rubric, ("kpi_history", str(year)), values)
        ),
        *_event_problems(rubric, inputs.events),
        *_target_problems(rubric, inputs),
        *_context_problems(rubric, context),
    )


def _answer_problems(rubric: Rubric, answers: Mapping[str, Answer]) -> Iterator[InputProblem]:
    items = rubric.item_index()
    for item_id, answer in answers.items():
        where = ("answers", item_id)
        item = items.get(item_id)
        if item is None:
            yield InputProblem(where, f"unknown item id '{item_id}' (not in {rubric.key})")
            continue
        for message in _answer_messages(item, answer):
            yield InputProblem(where, message)


def _answer_messages(item: Item, answer: Answer) -> Iterator[str]:
    if answer.is_na:
        violation = rules.na_rule(item.na_allowed, answer.na_reason)
        if violation is not None:
            yield rules.english(violation)
        return
    if item.kind is ItemKind.NUMBER:
        if answer.level is not None:
            yield "a number item takes a number, not a level"
        elif answer.number is not None and (found := rules.number_rule(item, answer.number)):
            yield rules.english(found)
        return
    if answer.number is not None:
        yield f"a {item.kind} item takes a level, not a number"
    elif answer.level is not None and (found := rules.level_rule(item, answer.level)):
        yield rules.english(found)


def _section_problems(rubric: Rubric, na_sections: Mapping[str, str]) -> Iterator[InputProblem]:
    sections = {section.id: section for section in rubric.sections}
    forbidden = set(rubric.rating.na_forbidden_sections)
    for section_id, reason in na_sections.items():
        where = ("na_sections", section_id)
        section = sections.get(section_id)
        if section is None:
            yield InputProblem(where, f"unknown section id '{section_id}'")
            continue
        violation = rules.section_na_rule(section, section_id in forbidden, reason)
        if violation is None:
            continue
        if violation.code == "na_forbidden":
            message = (
                f"{section_id} ({section.title.en}) can never be declared N/A: every "
                f"{rubric.kind} has it; declare single items N/A where the rubric allows, "
                "with a reason"
            )
        elif violation.code == "na_not_allowed":
            message = "this section may not be declared N/A"
        else:
            message = rules.english(violation, "section")
        yield InputProblem(where, message)


def _prerequisite_problems(rubric: Rubric, met: frozenset[str]) -> Iterator[InputProblem]:
    known = {prerequisite.id for prerequisite in rubric.prerequisites}
    for prerequisite_id in sorted(met - known):
        where = ("prerequisites", prerequisite_id)
        yield InputProblem(where, f"unknown prerequisite id '{prerequisite_id}'")


def _kpi_input_problems(
    rubric: Rubric, where: Where, values: Mapping[str, Decimal]
) -> Iterator[InputProblem]:
    known = {kpi_input.id: kpi_input for kpi_input in rubric.kpi_inputs}
    for input_id, value in values.items():
        kpi_input = known.get(input_id)
        if kpi_input is None:
            yield InputProblem((*where, input_id), f"unknown KPI input '{input_id}'")
            continue
        message = _kpi_value_message(kpi_input, value)
        if message is not None:
            yield InputProblem((*where, input_id), message)


def _kpi_value_message(kpi_input: KpiInput, value: Decimal) -> str | None:
    violation = rules.kpi_input_rule(kpi_input, value)
    if violation is None:
        return None
    message = rules.english(violation, "KPI input")
    if violation.code == "below_min" and kpi_input.min == 0:
        message += " (counts and amounts cannot be negative)"
    return message


def _event_problems(rubric: Rubric, events: tuple[Event, ...]) -> Iterator[InputProblem]:
    types = {event_type.id: event_type for event_type in rubric.event_types}
    for index, event in enumerate(events):
        where = ("events", str(index))
        event_type = types.get(event.type_id)
        if event_type is None:
            known = ", ".join(types) or "none"
            message = f"unknown event type '{event.type_id}' (known: {known})"
            yield InputProblem((*where, "type"), message)
        elif event.grade is not None and not event_type.graded:
            yield InputProblem((*where, "grade"), f"events of type '{event.type_id}' have no grade")
        if event.fatalities < 0:
            yield InputProblem((*where, "fatalities"), "fatalities cannot be negative")
        if event.serious_injuries < 0:
            yield InputProblem((*where, "serious_injuries"), "serious injuries cannot be negative")
        loss = event.direct_loss
        if loss is not None and (not loss.is_finite() or loss < 0):
            yield InputProblem((*where, "direct_loss"), f"{loss} is not a loss in CNY 10,000")


def _target_problems(rubric: Rubric, inputs: AssessmentInputs) -> Iterator[InputProblem]:
    kpis = frozenset(kpi.id for kpi in rubric.kpis)
    for index, target in enumerate(inputs.targets):
        where = ("targets", str(index))
        for violation in rules.target_rules(
            kpis,
            inputs.year,
            target.kpi_id,
            target.base_year,
            target.deadline,
            target.value,
            target.change_pct,
        ):
            yield InputProblem((*where, violation.field), rules.english(violation))


def _context_problems(rubric: Rubric, context: ScoringContext) -> Iterator[InputProblem]:
    if context.peer_reviewers < 0:
        yield InputProblem(("context", "peer_reviewers"), "cannot be negative")
    if context.kpi_years_before < 0:
        yield InputProblem(("context", "kpi_years_before"), "cannot be negative")
    kpis = {kpi.id for kpi in rubric.kpis}
    for kpi_id, stats in context.group_stats.items():
        where = ("group_stats", kpi_id)
        if kpi_id not in kpis:
            yield InputProblem(where, f"unknown KPI id '{kpi_id}'")
        elif not stats.first_quartile <= stats.median <= stats.third_quartile:
            yield InputProblem(where, "quartiles must satisfy first <= median <= third")
