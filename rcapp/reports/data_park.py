"""A park's board pack: its residents and their stars, its events, its "1+3" check.

The park's scorecard PDF and results workbook add these to a park's result. Each part comes
from the function its page reads: the residents from the residents page's overview
(reviews.park_residents), the events from the events page's register
(assessments.event_register), the mismatches in the result page's words
(assessments.park_mismatches). A company's documents have none of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext, ngettext

from rcapp.assessments.event_register import EventRegister, event_register
from rcapp.assessments.kpi_table import primary_unit
from rcapp.assessments.models import Assessment
from rcapp.assessments.park_mismatches import park_mismatches
from rcapp.assessments.system_figures import resident_count_inputs
from rcapp.benchmarks.pages import ParkOverview
from rcapp.figures import figure_text
from rcapp.organisations.models import OrganisationKind
from rcapp.reports.count_source import count_source
from rcapp.reports.excel import CellValue, Sheet
from rcapp.reviews.park_residents import (
    ResidentLine,
    park_residents_overview,
    resident_headers,
    resident_lines,
)
from rcapp.rubrics.model import Rubric
from rcapp.scoring.kpi_text import kpi_text


def _(msgid: str, /, **params: object) -> str:
    return str(gettext(msgid, **params))


@dataclass(frozen=True)
class ParkBoard:
    resident_header: tuple[str, ...]
    residents: tuple[ResidentLine, ...]
    # The count behind PK-RC-02, each fact a (label, value) line: the PDF and workbook alike.
    count_facts: tuple[tuple[str, str], ...]
    events: EventRegister
    mismatches: tuple[str, ...]  # worded as the result page; empty: none found


def build_park_board(assessment: Assessment, rubric: Rubric, lang: str) -> ParkBoard | None:
    """Return the park's board pack of the assessment's year; None for a company."""
    park = assessment.organisation
    if park.kind is not OrganisationKind.PARK:
        return None
    cycle = assessment.cycle
    overview = park_residents_overview(park, cycle, lang)
    return ParkBoard(
        resident_headers(),
        resident_lines(overview, cycle.year, lang),
        _count_facts(assessment, rubric, overview, lang),
        event_register(assessment, rubric, lang),
        park_mismatches(assessment, rubric, lang),
    )


def _count_facts(
    assessment: Assessment, rubric: Rubric, overview: ParkOverview, lang: str
) -> tuple[tuple[str, str], ...]:
    """Say the count behind PK-RC-02: residents, three stars or more, what the park typed."""
    registered = len(overview.residents)
    facts = [
        (_("本系统登记的入园企业"), ngettext("%(num)d 家", "%(num)d 家", registered)),
        (
            _("其中三星及以上"),
            str(ngettext("%(num)d 家", "%(num)d 家", overview.three_stars_or_more))
            + (
                _(
                    "（含沿用 %(years)s 年度有效星级）",
                    years=_("、").join(map(str, overview.carried)),
                )
                if overview.carried
                else ""
            ),
        ),
    ]
    typed = {v.input_id: v.value for v in assessment.kpi_values}
    for input_id in sorted(resident_count_inputs(rubric)):
        label = next((i.label.get(lang) for i in rubric.kpi_inputs if i.id == input_id), input_id)
        facts.append((_("园区填报：%(label)s", label=label), figure_text(typed.get(input_id))))
    source = count_source(assessment, rubric)
    if source is not None:
        facts.append((_("三星及以上入园企业数的来源"), source))
    for kpi, value, places in overview.park_kpis:
        figure = f"{kpi_text(value, places)}{primary_unit(kpi, lang)}"
        facts.append((f"{kpi.id} {kpi.name.get(lang)}", figure))
    return tuple(facts)


def residents_sheet(park: str, year: int, overview: ParkOverview, lang: str) -> Sheet:
    """Write the residents page's table as a sheet (its download): the page's columns."""
    return _residents_sheet(park, year, resident_lines(overview, year, lang), ())


def _residents_sheet(
    park: str, year: int, lines: tuple[ResidentLine, ...], facts: tuple[tuple[str, str], ...]
) -> Sheet:
    rows: list[tuple[CellValue, ...]] = [
        (
            line.name,
            line.credit_code,
            line.status,
            line.submitted_on,
            line.self_count,
            _no_star(line.self_count, line.self_stars),
            line.final_count,
            _no_star(line.final_count, line.final_stars),
            line.counted,
        )
        for line in lines
    ]
    notes = (
        _("%(park)s · %(year)d 年度", park=park, year=year),
        *(_("%(label)s：%(value)s", label=label, value=value) for label, value in facts),
    )
    return Sheet(
        _("入园企业"),
        _resident_sheet_headers(),
        rows,
        widths=(36, 22, 10, 12, 12, 30, 12, 30, 48),
        notes=notes,
        wrapped=frozenset({0, 5, 7, 8}),
    )


def _resident_sheet_headers() -> tuple[str, ...]:
    """Name the sheet's columns: the page's, the stars as numbers, the code and the day.

    The stars are numbers a sheet sorts and sums ("1 星" as text could not be; QA, a park's
    office), each beside why there is none.
    """
    name, status, _self, _final, counted = resident_headers()
    return (
        name,
        _("统一社会信用代码"),
        status,
        _("提交日期"),
        _("自评星级（星数）"),
        _("自评未评星的原因"),
        _("最终星级（星数）"),
        _("最终未评星的原因"),
        counted,
    )


def _no_star(count: int | None, words: str) -> str:
    """Return the stars' words where the number is empty (未评定, and why); else nothing."""
    return words if count is None and words != "—" else ""


def park_sheets(park: str, year: int, board: ParkBoard) -> list[Sheet]:
    """Return the board pack's sheets of a park's results workbook."""
    events = board.events
    return [
        _residents_sheet(park, year, board.residents, board.count_facts),
        Sheet(
            _("事件登记"),
            events.header,
            list(events.rows),
            widths=tuple(40 if i in events.long else 12 for i in range(len(events.header))),
            notes=() if events.rows else (_("本年度未登记事件。"),),
            wrapped=events.long,
        ),
        Sheet(
            _("数据一致性核对"),
            (_("不一致之处"),),
            [(text,) for text in board.mismatches],
            widths=(100,),
            notes=()
            if board.mismatches
            else (_("未发现园区填报的数值与本系统统计或另处填报的同一数值不一致。"),),
            wrapped=frozenset({0}),
        ),
    ]
