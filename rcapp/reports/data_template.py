"""The bridge from an assessment to its offline template (TemplateData), blank or pre-filled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from flask_babel import force_locale, gettext

from rcapp import db
from rcapp.assessments.computed_kpis import earlier_with_computed, last_year_shown
from rcapp.assessments.event_names import type_names
from rcapp.assessments.event_residents import residents_in
from rcapp.assessments.forms import GRADE_LABELS
from rcapp.assessments.messages import number_text
from rcapp.assessments.models import Answer, Assessment, Event, KpiValue
from rcapp.assessments.queries import (
    answers_by_item,
    computed_inputs_of,
    events_of,
    kpi_values_by_input,
    last_year_kpi_inputs,
    registry,
)
from rcapp.assessments.views.evidence_words import rule_words
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation, OrganisationKind
from rcapp.reports.data_backfill import backfill_rows_of
from rcapp.reports.data_kpi_rows import kpi_row
from rcapp.reports.excel import sheet_title
from rcapp.reports.template_model import (
    FORMAT,
    AnswerRow,
    AnswerSheet,
    EventCell,
    TemplateData,
)
from rcapp.rubrics.input_codes import input_codes
from rcapp.rubrics.model import Item, ItemKind, Rubric


def _(msgid: str, /, **params: object) -> str:
    return str(gettext(msgid, **params))


def build_template(assessment: Assessment, lang: str, *, prefill: bool = True) -> TemplateData:
    """Describe the template of `assessment` in `lang`; `prefill` copies the stored answers."""
    with force_locale("en" if lang == "en" else "zh_CN"):
        return _template(assessment, lang, prefill)


def identifiers_of(assessment: Assessment) -> dict[str, str]:
    return {
        "format": FORMAT,
        "assessment": str(assessment.id),
        "organisation": assessment.organisation.credit_code,
        "cycle": str(assessment.cycle.year),
        "rubric_id": assessment.rubric_id,
        "rubric_version": str(assessment.rubric_version),
        "rubric_sha256": assessment.rubric_sha256,
    }


def labels() -> dict[str, str]:
    """Headers and sheet titles in the current language (the reader accepts both)."""
    return {
        "instructions": _("填写说明"),
        "prerequisites": _("前置条件"),
        "kpi_sheet": _("KPI 数据"),
        "events_sheet": _("事件"),
        "backfill_sheet": _("往年数据（补录）"),
        "backfill_note": _(
            "本单位在以下年度没有自评：可补录该年度核心指标的原始数据（自报，标为“往年数据（补录）”）；"
            "只可填写浅黄色单元格，本年度自评提交前可修改。"
        ),
        "col_year": _("年度"),
        "note": _("只可填写浅黄色单元格；其他内容受保护，请勿改动工作表名称或行的顺序。"),
        "pick_from_list": _("请从下拉列表中选择。"),
        "na_not_offered": _("本项不可选“不适用”。"),
        "col_id": _("编号"),
        "col_element": _("要素"),
        "col_prompt": _("评价项"),
        "col_guidance": _("等级说明"),
        "col_answer": _("等级 / 数值"),
        "col_na": _("不适用"),
        "col_na_reason": _("不适用理由"),
        "col_evidence_note": _("证据说明"),
        "col_comment": _("备注"),
        "col_range": _("单位与范围"),
        "col_label": _("名称"),
        "col_unit": _("计量单位"),
        "col_value": _("数值"),
        "col_note": _("说明"),
        "col_event_type": _("事件类型"),
        "col_grade": _("事件等级"),
        "col_occurred_on": _("发生日期（年-月-日）"),
        "col_fatalities": _("死亡人数"),
        "col_injuries": _("重伤人数（含急性工业中毒）"),
        "col_direct_loss": _("直接经济损失（万元）"),
        "col_description": _("事件经过"),
        "col_is_resolved": _("整改措施已完成"),
        "col_resident": _("发生单位（入园企业）"),
        "col_resident_name": _("未登记入园企业名称"),
        "col_resident_credit_code": _("未登记入园企业的统一社会信用代码（选填）"),
        "resident_hint": _(
            "发生在园区本身的留空；发生在未在本系统登记的入园企业的，本列留空，"
            "在后两列填写其名称和统一社会信用代码（选填）。"
        ),
        "resident_name_hint": _(
            "未在本系统登记的入园企业：填写名称，统一社会信用代码可不填（18 位）。"
            "已登记的入园企业请在“发生单位（入园企业）”列选择，二者只填其一。"
        ),
    }


def _template(assessment: Assessment, lang: str, prefill: bool) -> TemplateData:
    rubric = (
        registry()
        .get(assessment.rubric_id, assessment.rubric_version, assessment.rubric_sha256)
        .rubric
    )
    organisation = assessment.organisation.display_name(lang)
    year, organisation_id = assessment.cycle.year, assessment.organisation_id
    computed = computed_inputs_of(organisation_id, year, rubric)
    typed_last = last_year_kpi_inputs(assessment)
    counted_last = earlier_with_computed(organisation_id, year - 1, rubric, typed_last)
    data = template_data(
        rubric,
        assessment.organisation_id,
        lang,
        # a blank template says so: the import words its clashes as such (qa34 D4)
        identifiers={**identifiers_of(assessment), "prefill": "1" if prefill else "0"},
        title=f"{organisation} · {_('%(year)s 年度责任关怀评价', year=assessment.cycle.year)}",
        stored=answers_by_item(assessment) if prefill else {},
        values=kpi_values_by_input(assessment) if prefill else {},
        computed=computed,
        # the KPI page's 上年 column, read only (QA58 8)
        last_year=last_year_shown(typed_last, counted_last, computed),
        last_year_header=_("上年（%(year)s）：仅供对照，导入时忽略", year=year - 1),
        cycle=assessment.cycle,
    )
    backfill = backfill_rows_of(assessment, rubric, lang, prefill)
    if not backfill:  # a year with nothing to backfill keeps the template as it was
        return data
    years = _("、").join(str(y) for y in sorted({row.year for row in backfill}))
    said = _("“往年数据（补录）”工作表可补录 %(years)s 年度的核心指标原始数据。", years=years)
    return replace(data, backfill=backfill, instructions=(*data.instructions, said))


def template_data(
    rubric: Rubric,
    organisation_id: int,
    lang: str,
    *,
    identifiers: dict[str, str],
    title: str,
    stored: dict[str, Answer],
    values: dict[str, KpiValue],
    notice: str = "",
    computed: Mapping[str, Decimal] | None = None,
    last_year: Mapping[str, Decimal] | None = None,
    last_year_header: str = "",
    cycle: ReportingCycle | None = None,
) -> TemplateData:
    """Describe a template of `rubric` (in the current locale), pre-filled from `stored`.

    `computed`: the inputs rcapp counts itself this year (with_computed), shown locked.
    `cycle`: the year whose residents a park's events may name (None: today's).
    """
    residents = _residents(organisation_id, cycle, lang)
    words = labels()
    taken = {words["instructions"], words["kpi_sheet"], words["events_sheet"]}
    sheets = [_section_sheet(rubric, i, stored, lang, taken) for i in range(len(rubric.sections))]
    if rubric.prerequisites:
        sheets.insert(0, _prerequisite_sheet(rubric, stored, lang, words, taken))
    codes = input_codes(rubric)  # the KPI codes of the reports, not the input ids
    return TemplateData(
        lang=lang,
        identifiers={
            **identifiers,
            "lang": lang,
            "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        },
        title=title,
        instructions=_instructions(rubric, lang),
        labels=words,
        yes=_("是"),
        no=_("否"),
        answer_sheets=tuple(sheets),
        kpis=tuple(
            replace(
                kpi_row(k, values.get(k.id), lang, codes[k.id], (computed or {}).get(k.id)),
                last_year=(last_year or {}).get(k.id),
            )
            for k in rubric.kpi_inputs
        ),
        event_types=tuple((t.id, t.label.get(lang)) for t in rubric.event_types),
        grades=tuple((g.value, str(label)) for g, label in GRADE_LABELS.items()),
        grade_hint=grade_hint(rubric, lang),
        events=tuple(
            _event_row(rubric, e, lang, residents is not None) for e in events_of(organisation_id)
        ),
        residents=residents,
        notice=notice,
        last_year_header=last_year_header,
    )


def _residents(
    organisation_id: int, cycle: ReportingCycle | None, lang: str
) -> tuple[str, ...] | None:
    """Return a park's residents of the year by name, as its residents page writes them.

    None for a company: its events name no resident.
    """
    organisation = db.session().get(Organisation, organisation_id)
    if organisation is None or organisation.kind is not OrganisationKind.PARK:
        return None
    return tuple(o.display_name(lang) for o in residents_in(organisation, cycle))


def grade_hint(rubric: Rubric, lang: str) -> str:
    """Say which event types take a grade, beside the grade drop-down on every row.

    A grade picked for an ungraded type is refused on import ("不分等级，请留空").
    """
    graded = [type_names(t.label.get(lang))[0] for t in rubric.event_types if t.graded]
    return _(
        "只有这些事件类型填写等级：%(types)s。其他类型不分等级，等级请留空。",
        types=_("、").join(graded),
    )


def _instructions(rubric: Rubric, lang: str) -> tuple[str, ...]:
    return (
        rubric.shown_label(lang),
        _(
            "每个板块一张工作表：在“等级 / 数值”列从下拉列表选择等级（或填写数值），"
            "不适用时在“不适用”列选“是”并填写理由。"
        ),
        _("“KPI 数据”工作表填写本年度原始数据；“事件”工作表只登记新事件，已登记的事件仅供查看。"),
        grade_hint(rubric, lang),
        _(
            "“KPI 数据”工作表的编号是年度报告和评分卡中的指标编号；"
            "用于计算某项指标的数据编为“指标编号-第几项”（如 OHS-03-2）。"
        ),
        _("填好后在系统的自评页面上传本文件：系统先列出所有问题和将要修改的内容，确认后才写入。"),
        _(
            "请勿改动工作表名称、编号或隐藏内容，不要插入、删除或移动列，也不要合并填写的单元格，"
            "否则文件无法导入（整行排序不影响导入）。"
        ),
    )


def _levels_text(item: Item, lang: str) -> str:
    if item.kind is ItemKind.YES_NO:
        # The pages' evidence rule beside it (QA63 m2): "是" without evidence counts as "否".
        rule = rule_words(item)
        return _("1 = 是；0 = 否") + (f"\n{rule}" if rule else "")
    return "\n".join(f"{n} = {text.get(lang)}" for n, text in enumerate(item.levels or ()))


def _section_sheet(
    rubric: Rubric, index: int, stored: dict[str, Answer], lang: str, taken: set[str]
) -> AnswerSheet:
    section = rubric.sections[index]
    rows = []
    if section.na_allowed:
        answer = stored.get(section.id)
        rows.append(
            AnswerRow(
                subject=section.id,
                kind="section_na",
                element="",
                choices=(),
                prompt=_("整个板块不适用"),
                guidance="",
                na_allowed=True,
                is_na=bool(answer and answer.is_na),
                na_reason=answer.kept_na_reason if answer else "",
            )
        )
    for element in section.elements:
        rows.extend(
            _item_row(item, element.id, stored.get(item.id), lang) for item in element.items
        )
    title = sheet_title(f"{section.id} {section.title.get(lang)}", taken)
    return AnswerSheet(section.id, title, section.title.get(lang), tuple(rows))


def _item_row(item: Item, element_id: str, answer: Answer | None, lang: str) -> AnswerRow:
    number = item.kind is ItemKind.NUMBER
    unit = item.unit.get(lang) if item.unit else ""
    low = "" if item.min is None else number_text(item.min)
    high = "" if item.max is None else number_text(item.max)
    return AnswerRow(
        subject=item.id,
        kind="item",
        element=element_id,
        prompt=item.prompt.get(lang),
        guidance=_levels_text(item, lang)
        if not number
        else (item.guidance.get(lang) if item.guidance else ""),
        choices=() if number else tuple(str(n) for n in range(item.max_level + 1)),
        number=number,
        minimum=item.min,
        maximum=item.max,
        range_text=f"{unit} {low}–{high}".strip() if number else "",
        unit=unit if number else "",
        entry_hint=_("本项填写百分比（0–100），不是等级") if item.is_percent else "",
        na_allowed=item.na_allowed,
        level=answer.level if answer else None,
        value=answer.value if answer else None,
        is_na=bool(answer and answer.is_na),
        na_reason=answer.kept_na_reason if answer else "",
        evidence_note=(answer.evidence_note or "") if answer else "",
        comment=(answer.comment or "") if answer else "",
    )


def _prerequisite_sheet(
    rubric: Rubric, stored: dict[str, Answer], lang: str, words: dict[str, str], taken: set[str]
) -> AnswerSheet:
    rows = []
    for prerequisite in rubric.prerequisites:
        answer = stored.get(prerequisite.id)
        rows.append(
            AnswerRow(
                subject=prerequisite.id,
                kind="prerequisite",
                element="",
                prompt=prerequisite.prompt.get(lang),
                guidance=_("1 = 是；0 = 否"),
                choices=("1", "0"),
                level=answer.level if answer else None,
                comment=(answer.comment or "") if answer else "",
            )
        )
    title = sheet_title(words["prerequisites"], taken)
    return AnswerSheet("PREREQ", title, words["prerequisites"], tuple(rows))


def _event_row(
    rubric: Rubric, event: Event, lang: str, with_resident: bool
) -> tuple[EventCell, ...]:
    """Return a registered event as the 事件 sheet shows it: counts and loss as numbers.

    A park's row ends with the resident where it happened: a registered one by name, or
    one not registered in rcapp by the name and credit code typed (all empty: the park).

    Written as text, Excel flagged 死亡人数 "以文本形式存储的数字" and SUM gave 0 (qa65 #4b).
    """
    types = {t.id: t.label.get(lang) for t in rubric.event_types}
    grades = {g.value: str(label) for g, label in GRADE_LABELS.items()}
    loss = event.direct_loss_10k_yuan
    return (
        types.get(event.event_type, event.event_type),
        grades.get(event.grade, "") if event.grade else "",
        event.occurred_on.isoformat(),
        event.fatalities,
        event.injuries,
        loss,
        event.description,
        _("是") if event.is_resolved else _("否"),
        *(_where_cells(event, lang) if with_resident else ()),
    )


def _where_cells(event: Event, lang: str) -> tuple[str, str, str]:
    """Return a park event's 发生单位, unregistered name and code cells (template_model)."""
    registered = event.resident.display_name(lang) if event.resident else ""
    return registered, event.resident_name or "", event.resident_credit_code or ""
