"""Words for import problems and changes: where (sheet, row, column) and what is wrong."""

from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import gettext

from rcapp.assessments.messages import (
    N_,
    localised_params,
    number_param,
    problem_text,
    with_grade_names,
)
from rcapp.assessments.validation import Problem
from rcapp.figures import figure_text
from rcapp.i18n import current_lang
from rcapp.reports.data_template import labels
from rcapp.reports.importer import LocatedProblem
from rcapp.reports.template_read import FileProblem
from rcapp.rubrics.model import Text

# Problems of the whole file (not Excel, another organisation's, year's or rubric's): no
# correction in Excel helps; the page offers this assessment's own template instead.
WRONG_FILE = frozenset(
    {
        "not_xlsx",
        "expands_too_far",
        "not_template",
        "other_organisation",
        "other_cycle",
        "other_assessment",
        "other_rubric",
        "blank_other_rubric",
        "edited_rubric",
    }
)


# Refusals whose message itself says what to do: the page adds no "correct it in Excel".
FIX_SAID = frozenset({"empty_file", "csv_file", "too_big"})


def fix_said(problems: list[LocatedProblem]) -> bool:
    """Whether every problem is one whose message says how to fix it."""
    return bool(problems) and all(
        isinstance(p.problem, FileProblem) and p.problem.code in FIX_SAID for p in problems
    )


def wrong_file(problems: list[LocatedProblem]) -> bool:
    """Whether a problem is of the whole file: the wrong file was chosen."""
    return any(
        isinstance(p.problem, FileProblem) and p.problem.code in WRONG_FILE for p in problems
    )


def earlier_year_of(problems: list[LocatedProblem]) -> int | None:
    """Return the earlier year of the organisation's own file of another year, if it is one.

    Last year's filled template cannot be imported into this year's assessment; the page
    points to 从上年复制, which does what the user wants (qa45 S12).
    """
    codes = {p.problem.code: p.problem for p in problems if isinstance(p.problem, FileProblem)}
    if "other_organisation" in codes or "other_cycle" not in codes:
        return None
    params = codes["other_cycle"].params
    found, expected = str(params.get("found", "")), str(params.get("expected", ""))
    if found.isdigit() and expected.isdigit() and int(found) < int(expected):
        return int(found)
    return None


FILE_MESSAGES = {
    "not_xlsx": N_("这不是可以读取的 Excel（.xlsx）文件。"),
    "empty_file": N_(
        "文件是空的（0 字节），没有任何内容：可能保存或复制时出了错。"
        "请在 Excel 中打开填好的模板，确认内容还在，保存后重新上传。"
    ),
    "csv_file": N_(
        "这是 CSV 文件，不是 Excel 工作簿：CSV 只保存一张工作表，模板的其他工作表和"
        "隐藏的标识都丢失了，无法导入。请打开填好的模板，用“另存为”选择“Excel 工作簿（*.xlsx）”"
        "后上传；如只剩 CSV，请下载模板，把内容转抄过去。"
    ),
    "too_big": N_(
        "文件超过 10 MB，不像是填报模板（填好的模板通常不到 1 MB）。请上传从本页下载的模板；"
        "不要在模板中插入图片或粘贴其他表格，证据文件请在网页上各评价项处上传。"
    ),
    "expands_too_far": N_("文件解压后的内容过大（超过 64 MB），不像是本系统的填报模板。"),
    "not_template": N_("这不是本系统导出的填报模板（缺少隐藏的标识信息）。"),
    "sheet_missing": N_("文件中找不到这张工作表：工作表不能改名或删除。"),
    "unknown_subject": N_("未知的编号“%(id)s”。"),
    "id_moved": N_(
        "编号“%(id)s”与本行的评价项（或指标名称）不符：编号单元格被改动过；请恢复原编号，"
        "或重新下载模板后填写。"
    ),
    "row_twice": N_("编号“%(id)s”在本工作表中出现了两次：请删除复制出的行。"),
    "row_missing": N_("编号“%(id)s”所在的行被删除了。"),
    "row_without_id": N_("这一行没有编号：请不要在表中插入行。"),
    "header_moved": N_(
        "%(column)s 列应为“%(expected)s”，现为“%(found)s”；请勿插入、删除或移动列。"
    ),
    "header_blank": N_("%(column)s 列应为“%(expected)s”，现为空白；请勿插入、删除或移动列。"),
    "merged_value": N_(
        "第 %(first)s–%(last)s 行 %(column)s 列是合并单元格，请取消合并并逐行填写"
        "（合并后只有第一行的值会被读取）。"
    ),
    "date_in_number": N_(
        "此单元格为日期格式，填写的数字被读成了日期：请将单元格格式改为“常规”后重新填写。"
    ),
    "not_yes_no": N_("“%(text)s”不是“是”或“否”。"),
    "other_organisation": N_("文件属于另一家单位“%(found)s”，不是本单位“%(expected)s”。"),
    "other_cycle": N_("文件属于 %(found)s 年度，不是 %(expected)s 年度。"),
    "other_assessment": N_("文件属于另一份自评（%(found)s），不是本自评（%(expected)s）。"),
    "other_rubric": N_("文件按另一版本的评价细则导出（%(found)s），本自评使用 %(expected)s。"),
    "blank_other_rubric": N_(
        "这份空白模板按“%(found)s”生成，本自评使用“%(expected)s”，版本不同，没有导入任何内容："
        "请下载本自评的模板，把已填写的内容转抄过去后再上传。"
    ),
    "edited_rubric": N_(
        "文件导出时所用的评价细则 %(expected)s 与本系统中的同一版本内容不同，"
        "请从本自评重新下载模板后再填写。"
    ),
    "event_outside_year": N_(
        "日期 %(date)s 不在 %(year)s 年度内：是否属于其他年度？一票否决按事件日期回溯，请核对日期。"
    ),
    "event_registered": N_("这起事件已在事件登记中（类型、日期和经过相同），不再重复导入。"),
    "formula_without_value": N_(
        "单元格中是公式，文件里没有它的计算结果：请在 Excel 中打开并保存后再上传，或直接填写数值。"
    ),
    # a notice: a formula in a text cell is kept as typed, never calculated (qa65 #4)
    "formula_as_text": N_(
        "以“=”开头的内容将按文字保存，公式不会计算：保存的是“%(text)s”这段文字本身。"
        "如要保存公式的结果，请在 Excel 中将单元格复制后“选择性粘贴”为数值，再上传。"
    ),
    "not_editable": N_("这份自评目前不能修改（已提交或年度已关闭），无法导入。"),
    "protected_prompt": N_(
        "“评价项”列是评价细则的原文，不能在文件中修改：这一格的修改不会导入"
        "（本行填写的其他内容照常导入）。对条款措辞的意见请写在“备注”列。"
    ),
    "system_value": N_(
        "这一项按本系统评价结果统计，填写的数值不计入：文件中的数值不会导入"
        "（KPI 数据页面同样不采用填写的数值）；本行的说明照常导入。"
    ),
    # a warning, not a refusal: the KPI and events pages' own rule (import_register.py)
    "kpi_register_mismatch": N_(
        "%(kpis)s：KPI 数据为 %(kpi)s，本年度事件登记（含“事件”工作表中将导入的事件）为"
        " %(register)s，两者不一致（%(label)s）。请核对；不影响导入。"
    ),
    "section_row_cell": N_(
        "“整个板块不适用”这一行只读取“不适用”和“不适用理由”两列，这一格填写的内容不会导入："
        "等级、证据说明和备注请填在相应评价项的行中。"
    ),
    "event_blanked": N_(
        "这一行是已登记的事件，清空单元格不会删除它（事件不能通过模板删除）："
        "如需删除，请在“事件登记”页面删除该事件。"
    ),
    # a warning: the row is kept as registered, the rest of the file imports
    "event_edited": N_(
        "这一行是已登记的事件，在文件中修改不会导入（已登记的事件不能通过模板修改）："
        "如需修改，请在“事件登记”页面编辑该事件；新的事件请填在登记表下方的空白行中。"
    ),
    "backfill_year_closed": N_(
        "本单位已有 %(year)s 年度的自评，该年度的数据以那份自评为准，不能再补录（网页上同样不能）："
        "这一行没有导入。请删除这一行，或重新下载模板（新模板中已没有该年度）。"
    ),
    "unknown_backfill_row": N_(
        "“%(id)s”不是模板列出的补录行：只能补录模板中列出的年度和编号"
        "（本单位已有自评的年度不能补录），请删除这一行。"
    ),
    # a warning: the row is kept as it is, the rest of the file imports
    "backfill_fixed": N_(
        "这一项随 %(year)s 年度自评补录，该年度结果按此计算，不能再修改：文件中的修改不会导入。"
    ),
    "protected_label": N_(
        "“名称”列是指标的名称，不能在文件中修改：这一格的修改不会导入（本行填写的数值和说明照常导入）。"
    ),
}
# Parameters written as figures to read (3,500,000,000), not as plain numbers.
FIGURES = frozenset({"loss", "yuan"})

# Field problems worded for a file being previewed: nothing is saved yet, and the cells are
# columns of the sheet, not the web page's controls.
IMPORT_MESSAGES = {
    "implausible_max": N_("%(subject)s：数值超过通常上限 %(max)s，请核对（确认导入后将保存）。"),
    "implausible_max_yuan": N_(
        "%(subject)s：数值超过通常上限 %(max)s，可能按“元”填写了；本项单位是“万元”，"
        "请核对（确认导入后将保存）。"
    ),
    "implausible_max_kg": N_(
        "%(subject)s：数值超过通常上限 %(max)s，可能按“千克”填写了；本项单位是“吨”，"
        "请核对（确认导入后将保存）。"
    ),
    "implausible_jump": N_(
        "%(subject)s：与去年的 %(last)s 相差十倍以上，请核对（确认导入后将保存）。"
    ),
    "dropped_to_zero": N_(
        "%(subject)s：去年为 %(last)s，今年为 0，核心指标 %(kpi_id)s“%(kpi)s”随之降低，"
        "请核对（确认导入后将保存）。"
    ),
    "zero_with_output": N_(
        "%(subject)s：为 0，而%(others)s不为 0，核心指标 %(kpi_id)s“%(kpi)s”将为 0，"
        "请核对（确认导入后将保存）。"
    ),
    "na_and_answer": N_(
        "评价项 %(subject)s：“不适用”为“是”，“等级 / 数值”列又填了“%(answer)s”，只能保留一项。"
        "按不适用导入请清空“等级 / 数值”（网页上勾选“不适用”时同样会清除等级）；"
        "保留等级请将“不适用”改为“否”。"
    ),
    # the answer written joins the web's N/A to the file's level (import_written.py)
    "web_na_and_answer": N_(
        "评价项 %(subject)s：网页上此项标为“不适用”，文件却填了等级“%(answer)s”。"
        "按此等级作答请在文件的“不适用”列填“否”；保留网页上的“不适用”请删去等级。"
    ),
    # the answer written joins the web's level to the file's N/A
    "web_answer_and_na": N_(
        "评价项 %(subject)s：文件的“不适用”为“是”，网页上此项却已填等级或数值“%(answer)s”，"
        "空白模板不会清除它。按不适用保存请先在网页上清除该项的等级；否则请删去文件中的“是”。"
    ),
    # the same three for a number item, whose cell holds a value, not a level (wordfix 6)
    "na_and_value": N_(
        "评价项 %(subject)s：“不适用”为“是”，“等级 / 数值”列又填了数值“%(answer)s”，只能保留一项。"
        "按不适用导入请清空“等级 / 数值”（网页上勾选“不适用”时同样会清除数值）；"
        "保留数值请将“不适用”改为“否”。"
    ),
    "web_na_and_value": N_(
        "评价项 %(subject)s：网页上此项标为“不适用”，文件却填了数值“%(answer)s”。"
        "按此数值作答请在文件的“不适用”列填“否”；保留网页上的“不适用”请删去数值。"
    ),
    "web_value_and_na": N_(
        "评价项 %(subject)s：文件的“不适用”为“是”，网页上此项却已填数值“%(answer)s”，"
        "空白模板不会清除它。按不适用保存请先在网页上清除该项的数值；否则请删去文件中的“是”。"
    ),
    # an event row's cells have no label: the message names the column's meaning itself
    "loss_raises_grade": N_(
        "直接经济损失 %(loss)s 万元即 %(yuan)s 元，按国务院令第493号达到“%(derived)s”事故的标准"
        "（仅按死亡和重伤人数为“%(by_people)s”）。请核对单位是万元（35 万元 = 350,000 元）"
        "（确认导入后将按此保存）。"
    ),
    # a yes/no item's cell takes 1/0 (its drop-down and 等级说明 say so), not the words (qa21 S13)
    "yes_no": N_("评价项 %(subject)s：请填写 1（是）或 0（否）。"),
    "event_type_unknown": N_("未知的事件类型“%(text)s”：请从下拉列表中选择事件类型。"),
    "resident_name_unknown": N_(
        "%(subject)s：“%(text)s”不是本园区在本系统中登记的入园企业；请按“园区内企业”列表中的名称"
        "从下拉列表中选择，发生在园区本身的请留空；发生在未在本系统登记的入园企业的，请将本列留空，"
        "在“未登记入园企业名称”列填写其名称。"
    ),
    # a park row's unregistered resident (columns J, K): event_residents.check_where's rule
    "resident_both": N_(
        "%(subject)s：本行已在“发生单位（入园企业）”列选择了本系统登记的入园企业，"
        "就不要再填写未登记入园企业的名称或代码；二者只填其一。"
    ),
    "resident_name_missing": N_(
        "%(subject)s：填写了未登记入园企业的统一社会信用代码，请同时填写其名称。"
    ),
    "resident_registered": N_(
        "%(subject)s：“%(text)s”已在本系统登记为本园区的入园企业；请清空本行的未登记入园企业"
        "名称和代码，在“发生单位（入园企业）”列从下拉列表中选择它。"
    ),
    "resident_unknown": N_(
        "%(subject)s：不是本园区在本系统中登记的入园企业；请从下拉列表中选择，发生在园区本身的请留空。"
    ),
    # a level typed past the drop-down as a common spelling: read, and said (bulkrace 3)
    "level_read_as": N_("评价项 %(subject)s：“%(text)s”按等级 %(level)s 读入。"),
    # ... and one that is no single whole level: refused, quoted, the column's values named
    "level_unreadable": N_(
        "评价项 %(subject)s：“%(text)s”不是一个等级：请填写 0–%(max)s 之间的一个整数"
        "（也可写作“3级”“三级”“L3”），不能填范围、小数或约数。"
    ),
    # a ratio typed for a percentage: a doubt, the value is imported as it is (QA36 S8)
    "percent_ratio": N_(
        "评价项 %(subject)s：文件中为 %(value)s，按 %(value)s%% 计；是否指 %(percent)s%%？"
        "如是，请在文件中改为 %(percent)s（确认导入后将按 %(value)s%% 保存）。"
    ),
}
FIELD_LABELS = {
    "level": N_("等级 / 数值"),
    "value": N_("数值"),
    "is_na": N_("不适用"),
    "na_reason": N_("不适用理由"),
    "evidence_note": N_("证据说明"),
    "comment": N_("备注"),
    "note": N_("说明"),
    "event_type": N_("事件类型"),
    "grade": N_("事件等级"),
    "occurred_on": N_("发生日期"),
    "fatalities": N_("死亡人数"),
    "injuries": N_("重伤人数（含急性工业中毒）"),
    "direct_loss": N_("直接经济损失（万元）"),
    "direct_loss_10k_yuan": N_("直接经济损失（万元）"),  # the checks' name of the same column
    "description": N_("事件经过"),
    "is_resolved": N_("整改措施已完成"),
    "resident": N_("发生单位（入园企业）"),
    "resident_id": N_("发生单位（入园企业）"),  # the checks' name of the same column
    "resident_name": N_("未登记入园企业名称"),
    "resident_credit_code": N_("未登记入园企业的统一社会信用代码（选填）"),
}


def _(msgid: str, /, **params: object) -> str:
    return str(gettext(msgid, **params))


def where_text(problem: LocatedProblem) -> str:
    """'Sheet “X”, row 5, column E (Level / value)' (only the parts the problem has)."""
    parts = []
    if problem.sheet:
        parts.append(_("工作表“%(sheet)s”", sheet=problem.sheet))
    if problem.row is not None:
        parts.append(_("第 %(row)s 行", row=problem.row))
    if problem.column_name:  # the header the template writes over the column (one list)
        header = labels()[f"col_{problem.column_name}"]
        parts.append(_("%(column)s 列（%(header)s）", column=problem.column, header=header))
    elif problem.column:
        parts.append(_("%(column)s 列", column=problem.column))
    return _("，").join(parts) if parts else _("文件")


def what_text(problem: LocatedProblem) -> str:
    found = problem.problem
    if isinstance(found, FileProblem):
        msgid = FILE_MESSAGES.get(found.code)
        if msgid is None:
            return found.code
        lang = current_lang()
        params = {
            k: v.get(lang) if isinstance(v, Text) else str(v) for k, v in found.params.items()
        }
        return _(msgid, **{"sheet": found.sheet, **params})
    label = subject_label(problem)
    if label is not None and named_by_header(problem):
        return without_subject(field_problem_text(found, SUBJECT_SLOT), label)
    return field_problem_text(found, label)


def field_problem_text(found: Problem, label: str | None) -> str:
    """Word a field problem as the import says it, its subject named `label` (else its id)."""
    yes_no = found.code == "level_range" and str(found.params.get("max")) == "1"
    msgid = IMPORT_MESSAGES.get("yes_no" if yes_no else found.code)
    if msgid is not None:
        # figures as the KPI page writes them (通常上限 20,000), not 20000 (qa89)
        said = {
            k: figure_text(v) if k in FIGURES else number_param(v) for k, v in found.params.items()
        }
        params = with_grade_names(localised_params(said))
        return _(msgid, **{**params, "subject": label or found.subject})
    return problem_text(found, label)


# Stands for the subject while a message is worded, so that a message opening with it can
# be told from one naming it further on (a character no message or label holds).
SUBJECT_SLOT = "\ue000"
_OPENING_SUBJECT = re.compile(f"^{SUBJECT_SLOT}(?:：|: ?)")


def without_subject(text: str, label: str) -> str:
    """Drop the subject opening `text` ("发生日期：" / "Date: "), else name it `label`."""
    return _OPENING_SUBJECT.sub("", text).replace(SUBJECT_SLOT, label)


def named_by_header(problem: LocatedProblem) -> bool:
    """Whether the location already names the field: an event cell, under its column's header.

    "F 列（直接经济损失（万元））" says the field; the message then does not say it again.
    """
    found = problem.problem
    return (
        bool(problem.column_name)
        and problem.label is None
        and not isinstance(found, FileProblem)
        and found.subject in RECORD_KINDS
    )


# Subjects that name a kind of record, not a row the sheet lists by its id: an event row has
# no id, so its problems are named by the field, as the events page names them beside it.
RECORD_KINDS = frozenset({"event"})


def subject_label(problem: LocatedProblem) -> str | None:
    """Name what a field problem is about: the row's label (a KPI input), else the field's.

    None leaves the subject as it is: an item or input id the sheet's 编号 column shows.
    """
    if problem.label is not None:
        return problem.label.get(current_lang())
    found = problem.problem
    if isinstance(found, FileProblem) or found.subject not in RECORD_KINDS:
        return None
    return field_label(found.field)


def located_text(problem: LocatedProblem) -> str:
    return _("%(where)s：%(what)s", where=where_text(problem), what=what_text(problem))


# Warnings shown apart, first and open, not folded among the evidence notes: an event dated
# in another year counts toward that year's veto (the events page marks its row as well).
SHOWN_FIRST = frozenset({"event_outside_year"})


def worded_warnings(warnings: list[LocatedProblem]) -> tuple[list[str], list[str]]:
    """Word a plan's warnings: (those shown first, the others)."""
    first = [p for p in warnings if p.problem.code in SHOWN_FIRST]
    return [located_text(p) for p in first], [located_text(p) for p in warnings if p not in first]


def field_label(name: str) -> str:
    msgid = FIELD_LABELS.get(name)
    return name if msgid is None else _(msgid)


# The preview's columns that hold figures: written to read (1,650,000), as the KPI page and
# the workbook show them, so the system's and the file's figures are compared at a glance.
FIGURE_FIELDS = frozenset({"value", "fatalities", "injuries", "direct_loss"})
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def shown_figure(name: str, text: str) -> str:
    """Write a preview cell's plain number with thousands separators (1650000 → 1,650,000).

    Only the figure columns: a level or a date is left as it is.
    """
    if name not in FIGURE_FIELDS or not PLAIN_NUMBER.fullmatch(text):
        return text
    return figure_text(Decimal(text))
