"""The scorecard as readable text: scores, stars with every gate, the next star, KPIs."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from rcapp.rubrics.model import BASIS_MULTIPLIERS, Basis, Direction, Item, ItemKind, Rubric, Text
from rcapp.scoring import (
    FlagKind,
    Gate,
    ImprovementPath,
    ItemScore,
    KpiValue,
    Scorecard,
    SectionScore,
    StarRating,
)
from rcapp.scoring.rounding import weight_text
from rcapp.text_width import width

_BASIS_HEADS = {Basis.PER_1M_HOURS: "per 1M h", Basis.PER_200K_HOURS: "per 200k h"}
_SILENT_FLAGS = (FlagKind.UNANSWERED, FlagKind.SECTION_NA)


def scorecard_text(scorecard: Scorecard, rubric: Rubric, organisation: str = "") -> str:
    parts = [
        _header(scorecard, rubric, organisation),
        _sections(scorecard, rubric),
        _stars(scorecard.rating),
        _next_star(scorecard.rating, scorecard.path, rubric),
        _data_problems(scorecard),
        _kpis(scorecard),
        _targets(scorecard),
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def _data_problems(scorecard: Scorecard) -> str:
    # Empty when there are none, so older scorecards print exactly as before.
    if not scorecard.data_problems:
        return ""
    lines = ["数据问题 Data problems (shown to the reviewer)"]
    lines.extend(f"  ! {problem.message}" for problem in scorecard.data_problems)
    return "\n".join(lines)


def _targets(scorecard: Scorecard) -> str:
    if not scorecard.targets:
        return ""
    lines = ["自定目标 Own targets"]
    for target in scorecard.targets:
        mark = "✓" if target.on_track else "✗"
        lines.append(f"  {mark} {target.reason}")
    return "\n".join(lines)


def stars_shown(stars: int, max_stars: int) -> str:
    return "★" * stars + "☆" * (max_stars - stars)


def pad(text: str, columns: int) -> str:
    return text + " " * max(columns - width(text), 1)


def both(text: Text) -> str:
    return text.zh if text.zh == text.en else f"{text.zh} {text.en}"


def _number(value: Decimal | None) -> str:
    return "—" if value is None else str(value)


def _header(scorecard: Scorecard, rubric: Rubric, organisation: str) -> str:
    rating = scorecard.rating
    who = " · ".join(part for part in (organisation, str(scorecard.year)) if part)
    rules = " · provisional star rules (暂定)" if scorecard.provisional else ""
    verdict = f"{rating.stars} of {rating.max_stars} stars"
    if not rating.rated:
        verdict = "not rated (未评级): prerequisites not met"
    lines = [
        f"评分卡 Scorecard — {who}",
        f"细则 Rubric: {both(rubric.title)} ({scorecard.rubric_key}){rules}",
        "",
        f"总分 Overall  {_number(scorecard.overall)}   "
        f"{stars_shown(rating.stars, rating.max_stars)}  {verdict}",
    ]
    for component in scorecard.components:
        lines.append(
            f"  {pad(both(component.label), 36)}{pad(_number(component.score), 7)}"
            f"权重 weight {weight_text(component.weight)}"
        )
    if scorecard.missing:
        lines.append(f"Incomplete: {len(scorecard.missing)} items not answered (they count 0)")
    return "\n".join(lines)


def _sections(scorecard: Scorecard, rubric: Rubric) -> str:
    items = rubric.item_index()
    lines = ["Sections 评价部分"]
    for section in scorecard.sections:
        lines.extend(_section(section, items))
    return "\n".join(lines)


def _section(section: SectionScore, items: dict[str, Item]) -> Iterator[str]:
    head = f"  {pad(section.section_id, 7)}{pad(both(section.title), 52)}"
    if section.na_reason is not None:
        yield f"{head}N/A: {section.na_reason}"
        return
    yield f"{head}{_number(section.score) if section.score is not None else 'N/A'}"
    for element in section.elements:
        title = pad(both(element.title), 48)
        yield f"    {pad(element.element_id, 9)}{title}{_number(element.score)}"
        for item in element.items:
            yield f"      {pad(item.item_id, 11)}{_answer(item, items[item.item_id])}"
            for flag in item.flags:
                if flag.kind not in _SILENT_FLAGS:
                    yield f"      {' ' * 11}! {flag.message}"


def _answer(scored: ItemScore, item: Item) -> str:
    if scored.na_reason is not None:
        return f"N/A: {scored.na_reason}"
    if not scored.answered:
        return "not answered (counts 0)"
    capped = scored.claimed_level != scored.effective_level
    if item.kind is ItemKind.YES_NO:
        shown = "yes" if scored.claimed_level else "no"
        return f"{shown} (counted as no)" if capped else shown
    level = f"level {scored.effective_level}/{scored.max_level}"
    if capped:
        level += f" (claimed {scored.claimed_level})"
    if item.kind is ItemKind.NUMBER:
        unit = item.unit.en if item.unit else ""
        if scored.effective_level is None:
            return f"{scored.number} {unit} (not scored)"
        return f"{scored.number} {unit} → {level}"
    return level


def _gate(gate: Gate) -> str:
    return f"{'✓' if gate.passed else '✗'} {gate.reason}"


def _stars(rating: StarRating) -> str:
    lines = ["Stars 星级 (a star needs every gate of its band and of the bands below)"]
    for band in rating.bands:
        mark = "✓" if band.passed else "✗"
        lines.append(f"  {pad(stars_shown(band.stars, band.stars), 6)}{both(band.label)}  {mark}")
        lines.extend(f"      {_gate(gate)}" for gate in band.gates)
    if rating.vetoes:
        lines.append("  Vetoes 一票否决:")
        for hit in rating.vetoes:
            effect = "no star" if hit.max_stars is None else f"at most {hit.max_stars} stars"
            event = f"{hit.event_type} on {hit.event_date}"
            lines.append(f"      {hit.rule_id} {both(hit.title)}: {event} → {effect}")
    return "\n".join(lines)


def _next_star(rating: StarRating, path: ImprovementPath | None, rubric: Rubric) -> str:
    if rating.next_stars is None or path is None:
        return "Top star reached: no next star."
    target = "★" * rating.next_stars
    lines = [f"Why not {target} (the binding constraints):"]
    lines.extend(f"  {_gate(gate)}" for gate in rating.binding)
    lines.append(f"Path to {target}:")
    if not path.reachable:
        lines.append("  raising every item to its top level would not pass the score gates")
    elif not path.steps:
        lines.append("  the score gates already pass: no item needs raising")
    items = rubric.item_index()
    for step in path.steps:
        text = f"  raise {pad(step.item_id, 11)}from level {step.from_level} to {step.to_level}"
        item = items[step.item_id]
        if step.number is not None and item.unit is not None:
            sign = "≤" if item.better is Direction.LOWER else "≥"
            text += f" (a value {sign} {step.number} {item.unit.en})"
        if step.with_evidence:
            text += " with evidence" + (f": {step.hint.en}" if step.hint else "")
        lines.append(text)
    if path.blockers:
        lines.append("  Items cannot fix these; they must pass too:")
        lines.extend(f"    {_gate(gate)}" for gate in path.blockers)
    return "\n".join(lines)


def _kpis(scorecard: Scorecard) -> str:
    if not scorecard.kpis:
        return ""
    bases = [
        basis for basis in BASIS_MULTIPLIERS if any(basis in _bases(k) for k in scorecard.kpis)
    ]
    head = f"  {pad('KPI', 9)}{pad('name', 34)}{pad('value', 10)}"
    head += "".join(pad(_BASIS_HEADS[basis], 12) for basis in bases) + "unit"
    lines = ["KPIs 绩效指标", head]
    for kpi in scorecard.kpis:
        lines.append(_kpi_row(kpi, bases))
    performance = scorecard.kpi_performance
    lines.append(f"KPI performance 绩效得分: {_number(performance.score)}")
    lines.extend(
        f"  {pad(level.kpi_id, 9)}{level.level}/4  {level.reason}" for level in performance.levels
    )
    return "\n".join(lines)


def _bases(kpi: KpiValue) -> dict[Basis, Decimal]:
    return {value.basis: value.value for value in kpi.by_basis}


def _kpi_row(kpi: KpiValue, bases: list[Basis]) -> str:
    value = _number(kpi.value) if kpi.value is not None else kpi.status.value.replace("_", " ")
    row = f"  {pad(kpi.kpi_id, 9)}{pad(both(kpi.name), 34)}{pad(value, 10)}"
    by_basis = _bases(kpi)
    row += "".join(pad(_number(by_basis.get(basis)), 12) for basis in bases)
    return row + both(kpi.unit)
