"""The secretariat's annual workbook: AnnualData laid out as sheets (rows generated lazily)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from decimal import Decimal

from flask_babel import gettext

from rcapp.assessments.rating_words import below_one_star_note
from rcapp.figures import shared_places
from rcapp.reports.annual_inputs_sheet import raw_inputs_sheet
from rcapp.reports.annual_model import AnnualData, Count, KpiColumn, OrgResult, PooledFigure
from rcapp.reports.excel import CellValue, Figure, RubricText, Score, Sheet
from rcapp.reports.star_words import result_type
from rcapp.scoring.kpi_text import at_places, figures_places, kpi_number

KPI_WIDTH = 16  # a KPI's column: its header "OHS-03 name (unit)" wraps in it, a figure fits


def _(msgid: str, /, **params: object) -> str:
    return str(gettext(msgid, **params))


def annual_sheets(data: AnnualData) -> list[Sheet]:
    """Organisations, gates, KPIs and their raw inputs, pooled figures, stars, participation."""
    sheets = [
        _organisations(data),
        _wrapped_conditions(_gates(data)),
        _kpis(data),
        _inputs(data),
        _pooled(data),
        _counts(
            _("星级分布"),
            (_("星级"), _("本年"), _("上年")),
            data.star_distribution,
            ((not_rated_note(data.vetoed),) if data.star_distribution[-1].count else ())
            + (below_one_star_note(),),
        ),
        _counts(_("参与情况"), (_("阶段"), _("数量")), data.participation),
        _groups(data),
    ]
    return [_titled(sheet, " · ".join(data.notes)) for sheet in sheets]


def _wrapped_conditions(sheet: Sheet) -> Sheet:
    """Wrap the failed conditions, hundreds of characters each, in their 40-wide cells."""
    return replace(sheet, wrapped=frozenset(range(len(_org_head()), len(sheet.header))))


def _titled(sheet: Sheet, title: str) -> Sheet:
    """Name the year on the sheet's first line: printed or copied alone, a sheet says it.

    Only 组织得分 named it (QA46 S15); a sheet with notes gets it before the first of them
    after the internal marking, which stays first (qa46 D4).
    """
    if not title or any(title in note for note in sheet.notes):
        return sheet
    notes = list(sheet.notes)
    at = 1 if notes and notes[0] == internal_mark() else 0
    if at < len(notes):
        notes[at] = f"{title} · {notes[at]}"
    else:
        notes.append(title)
    return replace(sheet, notes=tuple(notes))


def _groups(data: AnnualData) -> Sheet:
    """Working groups from self-assessment to finished peer review.

    Counted as the year page's table 各工作组的同行评审 (reviews.group_figures): the same
    numbers. A closed year adds the reviews its close froze unfinished.
    """
    closed = not data.provisional
    header = (
        _("工作组"),
        _("成员数"),
        _("已开始自评"),
        _("已提交自评"),
        _("未指派评审员"),
        _("同行评审中"),
        *((_("同行评审未完成（年度关闭时冻结）"),) if closed else ()),
        _("完成同行评审"),
    )
    every = [*data.groups, *([data.groups_total] if data.groups_total else [])]
    rows = [
        (
            g.group,
            g.members,
            g.started,
            g.submitted,
            g.not_reviewed,
            g.in_review,
            *((g.frozen,) if closed else ()),
            g.final,
        )
        for g in every
    ]
    note = _(
        "一个组织可属于多个工作组，在其所属的每个工作组中都计入（成员数、自评和同行评审各列），"
        "与年度页面“各工作组的同行评审”和各组“评审安排”页相同，所以各组之和可大于组织数。"
        "最后一行每个组织只计一次。"
    )
    widths = (28, 8, 10, 10, 12, 12, *((16,) if closed else ()), 12)
    return Sheet(_("工作组评审进展"), header, rows, widths=widths, notes=(note,))


def internal_mark() -> str:
    """Return the first row of every sheet that names organisations (qa46 D4).

    The workbook is the secretariat's working file, the data behind the report: it lists
    each named organisation's scores and raw KPIs, which the report publishes only pooled.
    """
    return _("内部资料，不公开：本表列出各组织名称及其数据，是年度报告的底稿，仅供秘书处使用。")


def _org_head() -> tuple[str, ...]:
    return (_("组织名称"), _("统一社会信用代码"), _("类型"), _("省份"))


def _org_cells(org: OrgResult) -> tuple[CellValue, ...]:
    return (org.name, org.credit_code, org.kind, org.province)


def _organisations(data: AnnualData) -> Sheet:
    # A closed year: who did not submit is out of its results, whatever the draft's state
    # (QA68 #10); that state at the close stays beside it.
    closed = not data.provisional
    header = (
        *_org_head(),
        _("承诺书签署日期"),  # chapter 1's 本年新签署 counts these dates in the year
        _("工作组"),
        _("状态"),
        *((_("关闭时的自评状态"),) if closed else ()),
        _("总分"),
        _("星级"),
        _("星级说明"),
        _("结果性质"),
        *(s.title for s in data.sections),
    )

    def rows() -> Iterator[Sequence[CellValue]]:
        # Words every row repeats, translated once a sheet, not once a row.
        comma = _("、")
        natures: dict[tuple[bool, bool, bool, bool], str] = {}
        for org in data.organisations:
            # Only results have a score, stars and a result type; others show their status.
            nature = None
            if org.submitted:
                kind = (org.final, org.published, org.reopened, org.review_frozen)
                nature = natures.get(kind) or natures.setdefault(kind, result_type(*kind))
            # the stars a number to sort and sum, 未评定 and why beside them (QA46 S11)
            yield (
                *_org_cells(org),
                org.signed_on,
                comma.join(org.groups),
                *_status_cells(org, closed),
                Score(org.overall),
                org.stars,
                None if org.stars is not None else org.not_rated,
                nature,
                *(Score(s) for s in org.sections or (None,) * len(data.sections)),
            )

    widths = (32, 22, 10, 10, 12, 24, 10, *((12,) if closed else ()), 8, 8, 20, 8)
    widths += (12,) * len(data.sections)
    # The marking, then one line above the header, so the header stays on row 3.
    notes = (internal_mark(), " · ".join((*data.notes, _results_only())))
    return Sheet(_("组织得分"), header, rows(), widths=widths, notes=notes)


def _status_cells(org: OrgResult, closed: bool) -> tuple[str | None, ...]:
    """Return the status; in a closed year, "not submitted (not counted)" and the one it had."""
    if not closed:
        return (org.status,)
    if org.submitted:
        return (org.status, None)
    return (_("未提交（不计入）"), org.status)


def _results_only() -> str:
    return _("只有已提交的自评是本年度结果，有得分和星级；草稿和退回修改的自评只列出状态。")


def _gates(data: AnnualData) -> Sheet:
    bands = range(1, data.max_stars + 1)
    header = (*_org_head(), *(_("%(n)s 星", n=n) for n in bands))

    def rows() -> Iterator[Sequence[CellValue]]:
        met, semicolon = _("满足"), _("；")  # translated once a sheet, not once a cell
        for org in data.organisations:
            if not org.submitted or not org.bands:
                continue
            by_stars = {band.stars: band for band in org.bands}
            cells: list[CellValue] = []
            for n in bands:
                band = by_stars.get(n)
                if band is None:
                    cells.append(None)
                else:
                    cells.append(met if band.passed else semicolon.join(band.failed))
            yield (*_org_cells(org), *cells)

    widths = (32, 22, 10, 10, *(40,) * len(bands))
    notes = (internal_mark(), _results_only())
    return Sheet(_("星级条件"), header, rows(), widths=widths, notes=notes)


def _kpi_head(kpi: KpiColumn) -> list[RubricText]:
    """Name a KPI's columns by its id and name, with subscripts, as the pooled sheet (QA52 m1).

    The id first: 73 columns are found by it, as the pooled sheet's 编号 column finds a row.
    """
    if kpi.own_unit is not None:  # an index KPI: the organisations' values are no index
        return [RubricText(f"{kpi.kpi_id} {kpi.name} ({kpi.own_unit})")]
    if not kpi.bases:
        return [RubricText(f"{kpi.kpi_id} {kpi.name} ({kpi.unit})")]
    return [RubricText(f"{kpi.kpi_id} {kpi.name} ({basis})") for basis in kpi.bases]


def _kpis(data: AnnualData) -> Sheet:
    submitted = [org for org in data.organisations if org.submitted]
    # A park's three-star count, rcapp's or typed by the park: which, beside its KPI.
    sourced = any(org.count_source for org in submitted)
    header: tuple[str | RubricText, ...] = (
        *_org_head(),
        *(h for kpi in data.kpis for h in _kpi_head(kpi)),
        *((_("三星及以上入园企业数来源"),) if sourced else ()),
    )

    def cells(org: OrgResult) -> list[Decimal | None]:
        found: list[Decimal | None] = []
        for kpi, figure in zip(data.kpis, org.kpis or (None,) * len(data.kpis), strict=True):
            width = max(1, len(kpi.bases))
            if figure is None:
                found.extend([None] * width)
            elif kpi.bases:
                found.extend(figure.by_basis or (None,) * width)
            else:
                found.append(figure.value)
        return found

    # One precision per column, by the KPI's own as the report prints it (QA46 S1).
    own = [kpi.places for kpi in data.kpis for _basis in range(max(1, len(kpi.bases)))]
    found = [cells(org) for org in submitted]  # gathered once: the columns and the rows read them
    columns = zip(*found, strict=True)
    places = [figures_places(n, column) for n, column in zip(own, columns, strict=False)]

    def rows() -> Iterator[Sequence[CellValue]]:
        for org, values in zip(submitted, found, strict=True):
            # the stored figure in full; the format shows the column's places (not a rounding)
            figures = (Figure(v, n, stored=True) for v, n in zip(values, places, strict=True))
            yield (*_org_cells(org), *figures, *((org.count_source,) if sourced else ()))

    figures = len(header) - len(_org_head()) - sourced
    widths = (32, 22, 10, 10, *(KPI_WIDTH,) * figures, *((24,) if sourced else ()))
    indexes = [
        _(
            "%(kpi)s：各组织的数值按公式计算（%(unit)s）；指数（基准年＝100）只用于汇总值，"
            "见“汇总指标”表。",
            kpi=kpi.name,
            unit=kpi.own_unit,
        )
        for kpi in data.kpis
        if kpi.own_unit is not None
    ]
    notes = (internal_mark(), _results_only(), *indexes)
    # the organisation's name stays beside its figures scrolled to the 73rd column
    return Sheet(_("关键绩效指标"), header, rows(), widths=widths, notes=notes, frozen_columns=1)


def _inputs(data: AnnualData) -> Sheet:
    """Return the raw inputs behind the KPI sheet's figures, in its rows."""
    return raw_inputs_sheet(data, _org_head(), _org_cells, (internal_mark(), _results_only()))


def _pooled(data: AnnualData) -> Sheet:
    columns = {kpi.kpi_id: kpi for kpi in data.kpis}
    header = (
        _("范围"),
        _("编号"),
        _("指标"),
        _("计量单位"),
        _("汇总值"),
        *(label[:1].upper() + label[1:] for label in data.basis_labels),  # a header of its own
        _("参与汇总的组织"),
        _("组织总数"),
        _("说明"),
    )
    rows: list[tuple[CellValue, ...]] = []
    places = _pooled_places(data)
    for figure in data.pooled:
        kpi = columns[figure.kpi_id]
        found = (figure.value, *figure.by_basis)
        decimals = places.get(figure.kpi_id) or [0]
        # The value prints as the annual report's trend row of the KPI does (pooled_places);
        # its other bases are the same KPI, so the same decimals and rounding (kpi_text):
        # OHS-06 read 0.00 pooled beside a per-million 0.
        shown = data.places.get(figure.kpi_id, decimals[0])
        values: tuple[CellValue, ...] = tuple(
            Figure(at_places(kpi_number(v), shown), shown) for v in found
        )
        if figure.withheld:
            values = ("—",) * len(values)
        rows.append(
            (
                figure.group,
                kpi.kpi_id,
                RubricText(kpi.name),
                RubricText(kpi.unit),
                *values,
                figure.counted,
                figure.total,
                _withheld_why(figure) if figure.withheld else _pooled_note(figure),
            )
        )
    return Sheet(
        _("汇总指标"),
        header,
        rows,
        widths=(20, 16, 30, 14, 12, 12, 12, 10, 10, 20),
        notes=(
            _("比率按汇总原始数据计算（不取平均值）。"),
            _(
                "每项指标只汇总评价细则含有该指标（且定义相同）的已提交组织；"
                "组织总数为这些组织的数量。"
            ),
            _(
                "参与汇总的组织在工作组中少于 %(n)s 家（与对标的最少成员数同一规则）、"
                "在全部组织中少于 %(m)s 家时，不显示汇总值（“—”），以免披露单个组织的数据。",
                n=data.min_group,
                m=data.min_industry,
            ),
            _complement_note(data.min_group),
        ),
    )


def _pooled_places(data: AnnualData) -> dict[str, list[int]]:
    """Each KPI's decimals per value column, over every group shown: one per indicator."""
    shown: dict[str, list[list[Decimal | None]]] = {}
    for figure in data.pooled:
        if not figure.withheld:
            shown.setdefault(figure.kpi_id, []).append([figure.value, *figure.by_basis])
    return {
        kpi_id: [shared_places(column) for column in zip(*values, strict=True)]
        for kpi_id, values in shown.items()
    }


def _complement_note(n: int) -> str:
    return _(
        "工作组的汇总值与全部组织（或包含它的更大工作组）的汇总值相减，若只剩 1 至 %(k)s 家"
        "组织，该工作组的汇总值也不显示（“—”），以免相减推算出其余组织的数据。",
        k=n - 1,
    )


def _pooled_note(figure: PooledFigure) -> str | None:
    """Say what an index is indexed to, and why a figure shown is empty (qa46 D3)."""
    if figure.base_year is not None:
        if figure.value is None and figure.counted:
            return _("基准年 %(year)s 年没有可汇总的数据，无法计算指数", year=figure.base_year)
        if figure.value is not None:
            return _(
                "指数：%(year)s 年（基准年）＝100，与年度报告第 5 章相同；"
                "各组织的数值见“关键绩效指标”表",
                year=figure.base_year,
            )
    if figure.value is None and not figure.counted:
        return _("没有组织报送此指标")
    return None


def _withheld_why(figure: PooledFigure) -> str:
    if figure.complement:
        return _("与合计相减会披露少于 %(n)s 家组织的数据，不显示", n=figure.least)
    return _("少于 %(n)s 家，不显示", n=figure.least)


def not_rated_note(vetoed: int) -> str:
    """Say what the star distribution's 未评定 counts, with the vetoed ones (qa46 S10)."""
    return _(
        "“未评定”：已提交、但未满足前置条件或被一票否决而没有星级的组织；"
        "其中因一票否决未评定 %(n)s 家。",
        n=vetoed,
    )


def _counts(
    title: str, header: Sequence[str], counts: Sequence[Count], notes: Sequence[str] = ()
) -> Sheet:
    rows: list[tuple[CellValue, ...]] = []
    for count in counts:
        full = (count.label, count.count, count.previous)
        rows.append(full[: len(header)])
    return Sheet(title, header, rows, widths=(24, 10, 10), notes=notes)
