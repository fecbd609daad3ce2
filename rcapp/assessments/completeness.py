"""What is still missing before an assessment can be submitted, and progress per section.

Pure: reads anything shaped like an Answer row (item id → level/value/N/A), no database.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from rcapp.object_cache import PerObject
from rcapp.rubrics.formula import parse_formula
from rcapp.rubrics.input_codes import input_codes
from rcapp.rubrics.model import Item, ItemKind, KpiInput, Prerequisite, Rubric, Section, Text
from rcapp.scoring.items import band_level, counted_level
from rcapp.scoring.prerequisites import check_of
from rcapp.scoring.same_figures import same_figures


class AnswerLike(Protocol):
    @property
    def level(self) -> int | None: ...
    @property
    def value(self) -> Decimal | None: ...
    @property
    def is_na(self) -> bool: ...
    @property
    def na_reason(self) -> str | None: ...


class NotedAnswer(AnswerLike, Protocol):
    @property
    def evidence_note(self) -> str | None: ...


@dataclass(frozen=True)
class Capped:
    """An answered item that counts lower than answered for want of an uploaded file.

    `counted` is the level scored; `claimed` the level answered (a number's band level);
    `noted` whether an evidence description is there (it counts up to `counted` only);
    `value` the number typed for a value item (its band gives `claimed`), else None.
    """

    item_id: str
    section_id: str
    claimed: int
    counted: int
    noted: bool
    value: Decimal | None = None


def item_cap(item: Item, answer: NotedAnswer | None, has_file: bool) -> tuple[int, int] | None:
    """Return (claimed, counted) when the stored answer counts lower (scoring.items' rule)."""
    if item.evidence is None or answer is None or answer.is_na or has_file:
        return None
    if item.kind is ItemKind.NUMBER:
        claimed = None if answer.value is None else band_level(item, answer.value)
    else:
        claimed = answer.level
    if claimed is None:
        return None
    noted = bool((answer.evidence_note or "").strip())
    counted = counted_level(item, claimed, noted, has_file)
    return None if counted >= claimed else (claimed, counted)


def evidence_caps(
    rubric: Rubric,
    answers: Mapping[str, NotedAnswer],
    filed: Collection[str],
    sections: Collection[str] | None = None,
) -> list[Capped]:
    """Every item (of `sections`, or all) that counts lower for want of a file, in order.

    `filed` holds the ids of the items with at least one uploaded file. Items of a section
    declared N/A are not scored, so not capped.
    """
    found = []
    for section in rubric.sections:
        if (sections is not None and section.id not in sections) or section_is_na(section, answers):
            continue
        for element in section.elements:
            for item in element.items:
                answer = answers.get(item.id)
                cap = item_cap(item, answer, item.id in filed)
                if cap is not None and answer is not None:
                    noted = bool((answer.evidence_note or "").strip())
                    value = answer.value if item.kind is ItemKind.NUMBER else None
                    found.append(Capped(item.id, section.id, cap[0], cap[1], noted, value))
    return found


def caps_once_last_file_gone(
    rubric: Rubric,
    answers: Mapping[str, NotedAnswer],
    single: Collection[str],
    sections: Collection[str] | None = None,
) -> dict[str, tuple[Capped, ...]]:
    """Per item of `single` (items with exactly one file): what deleting that file caps.

    An item's cap depends on its own answer and files only (item_cap), and an item with a
    file is never capped now; so deleting its last file caps that item alone, if any. One
    pass over the rubric with every `single` item taken as file-less gives them all.
    """
    after = {c.item_id: c for c in evidence_caps(rubric, answers, (), sections)}
    return {item_id: (after[item_id],) if item_id in after else () for item_id in single}


@dataclass(frozen=True)
class Missing:
    """One thing to do before submitting; `section_id` places it on a page."""

    # "item", "prerequisite", "prerequisite_file" (met without a file), "kpi_input" or
    # "same_figure"
    kind: str
    subject_id: str
    label: Text
    section_id: str | None = None
    code: str = ""  # a KPI input's code as users know it (OHS-05-3), not its internal id
    # "same_figure": the item's value and its KPI input's, which differ (qa64 M1)
    differing: tuple[Decimal, Decimal] | None = None
    # "prerequisite_file": what to upload (the prerequisite's guidance), if the rubric says
    hint: Text | None = None

    @property
    def shown_id(self) -> str:
        """The number a user reads: an item's or prerequisite's id, a KPI input's code."""
        return self.code or self.subject_id


@dataclass(frozen=True)
class SectionProgress:
    section: Section
    done: int
    total: int
    is_na: bool
    informational: int = 0  # of `total`: number items kept for information only, not scored

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else self.done * 100 // self.total


def is_na_declared(answer: AnswerLike | None) -> bool:
    return answer is not None and answer.is_na and bool((answer.na_reason or "").strip())


def is_answered(item: Item, answer: AnswerLike | None) -> bool:
    if answer is None:
        return False
    if is_na_declared(answer):
        return True
    if item.kind is ItemKind.NUMBER:
        return answer.value is not None
    return answer.level is not None


def section_is_na(section: Section, answers: Mapping[str, AnswerLike]) -> bool:
    return section.na_allowed and is_na_declared(answers.get(section.id))


def core_kpi_inputs(rubric: Rubric) -> list[KpiInput]:
    """Return the KPI inputs the core KPIs' formulas need, in rubric order."""
    needed = {name for kpi in rubric.kpis if kpi.core for name in parse_formula(kpi.formula).names}
    return [kpi_input for kpi_input in rubric.kpi_inputs if kpi_input.id in needed]


def section_progress(rubric: Rubric, answers: Mapping[str, AnswerLike]) -> list[SectionProgress]:
    progress = []
    for section in rubric.sections:
        items = [item for element in section.elements for item in element.items]
        na = section_is_na(section, answers)
        done = len(items) if na else sum(is_answered(i, answers.get(i.id)) for i in items)
        informational = sum(i.is_informational for i in items)
        progress.append(SectionProgress(section, done, len(items), na, informational))
    return progress


@dataclass(frozen=True)
class AnsweredIds:
    """An assessment's answer rows by what they hold, as item (or section) ids.

    `declared_na`: N/A with a reason that is not blank; `valued`: a number; `levelled`: a
    level. Read for many assessments at once (queries.answered_ids).
    """

    declared_na: frozenset[str]
    valued: frozenset[str]
    levelled: frozenset[str]


@dataclass(frozen=True)
class _SectionIds:
    section_id: str
    na_allowed: bool
    numbers: frozenset[str]
    levels: frozenset[str]


def _section_ids(rubric: Rubric) -> tuple[tuple[_SectionIds, ...], int]:
    sections = tuple(
        _SectionIds(
            section.id,
            section.na_allowed,
            frozenset(i.id for e in section.elements for i in e.items if i.kind is ItemKind.NUMBER),
            frozenset(
                i.id for e in section.elements for i in e.items if i.kind is not ItemKind.NUMBER
            ),
        )
        for section in rubric.sections
    )
    return sections, sum(len(s.numbers) + len(s.levels) for s in sections)


_SECTION_IDS: PerObject[Rubric, tuple[tuple[_SectionIds, ...], int]] = PerObject(size=16)


def progress_percent(rubric: Rubric, answered: AnsweredIds) -> int:
    """Percent of the rubric's items answered, as section_progress counts them.

    With sets, not item by item: the cycle's list sorts 26,000 organisations by it.
    An item counts when declared N/A, or holds a number (number items) or a level (the
    others); every item of a section declared N/A counts (is_answered, section_is_na).
    """
    sections, total = _SECTION_IDS.get(rubric, "sections", lambda: _section_ids(rubric))
    if total == 0:
        return 100
    na = answered.declared_na
    done = 0
    for section in sections:
        if section.na_allowed and section.section_id in na:
            done += len(section.numbers) + len(section.levels)
        else:
            done += len(section.numbers & (na | answered.valued))
            done += len(section.levels & (na | answered.levelled))
    return done * 100 // total


def unfiled_prerequisites(
    rubric: Rubric, answers: Mapping[str, AnswerLike], filed: Collection[str]
) -> list[Prerequisite]:
    """Return the prerequisites answered 是 without an uploaded evidence file.

    The evidence principle (docs/scoring.md §5): a prerequisite is the organisation's own
    "yes" and the reviewer reads the document behind it, so a "yes" without one cannot be
    submitted. One rcapp checks against its own data (`check_of`: the core KPI data) needs
    no file. `filed`: the ids of the items and prerequisites with at least one file.
    """
    return [
        p
        for p in rubric.prerequisites
        if check_of(rubric, p) is None
        and (answer := answers.get(p.id)) is not None
        and answer.level == 1
        and p.id not in filed
    ]


def missing_parts(
    rubric: Rubric,
    answers: Mapping[str, AnswerLike],
    kpi_inputs: Collection[str],
    figures: Mapping[str, Decimal] | None = None,
    filed: Collection[str] | None = None,
) -> list[Missing]:
    """Every unanswered item, unanswered prerequisite and missing core KPI input.

    With the typed KPI input values (`figures`), also every number item whose value differs
    from the KPI input that reports the same figure (`same_figure_as`). With the ids that
    have files (`filed`), also every prerequisite answered 是 without one.
    """
    missing = [
        Missing("item", item.id, item.prompt, section.id)
        for section in rubric.sections
        if not section_is_na(section, answers)
        for element in section.elements
        for item in element.items
        if not is_answered(item, answers.get(item.id))
    ]
    missing.extend(
        Missing("prerequisite", p.id, p.prompt)
        for p in rubric.prerequisites
        if (answer := answers.get(p.id)) is None or answer.level is None
    )
    if filed is not None:
        missing.extend(
            Missing("prerequisite_file", p.id, p.prompt, hint=p.guidance)
            for p in unfiled_prerequisites(rubric, answers, filed)
        )
    codes = input_codes(rubric)
    missing.extend(
        Missing("kpi_input", k.id, k.label, code=codes.get(k.id, ""))
        for k in core_kpi_inputs(rubric)
        if k.id not in kpi_inputs
    )
    if figures is not None:
        missing.extend(_differing(rubric, answers, figures, codes))
    return missing


def _differing(
    rubric: Rubric,
    answers: Mapping[str, AnswerLike],
    figures: Mapping[str, Decimal],
    codes: Mapping[str, str],
) -> list[Missing]:
    values = {item_id: answer.value for item_id, answer in answers.items()}
    sections = {item.id: section.id for section, _element, item in rubric.iter_items()}
    items = rubric.item_index()
    return [
        Missing(
            "same_figure",
            pair.item_id,
            items[pair.item_id].prompt,
            sections[pair.item_id],
            code=codes.get(pair.input_id, ""),
            differing=(pair.item_value, pair.input_value),
        )
        for pair in same_figures(rubric, values, figures)
        if pair.differ and pair.item_value is not None and pair.input_value is not None
    ]
