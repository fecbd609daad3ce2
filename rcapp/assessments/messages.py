"""Words for the pages: field problems, upload refusals, missing parts (translated msgids)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rcapp.assessments.changes import Conflict
from rcapp.assessments.completeness import Missing
from rcapp.assessments.storage import TYPE_NAMES, UploadRefused
from rcapp.assessments.validation import Problem
from rcapp.figures import figure_text
from rcapp.i18n import current_lang, gettext
from rcapp.organisations.credit_code import CreditCodeProblem
from rcapp.organisations.credit_code_field import credit_code_message
from rcapp.rubrics.grade_names import GRADE_NAMES
from rcapp.rubrics.kpi_categories import KPI_CATEGORY_NAMES


def _(msgid: str, /, **params: Any) -> str:
    """Translate a Chinese msgid through the per-request catalogue."""
    return gettext(msgid, **params)


def number_text(value: Any) -> str:
    """Show 100.000000 as 100 and 0.50 as 0.5."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def N_(msgid: str) -> str:  # noqa: N802 - the extractor's conventional marker name
    """Mark a msgid for extraction; it is translated where it is shown."""
    return msgid


def NP_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - babel.cfg's marker for pairs
    """Mark a plural msgid pair for extraction; it is translated (ngettext) where it is shown."""
    return singular, plural


# Messages worded without the field, where no label is known (a spreadsheet column).
UNLABELLED_MESSAGES = {
    "too_many_decimals": N_("最多 %(places)s 位小数。"),
    # An import preview: nothing is saved yet; the item is named by its number.
    "evidence_cap": N_(
        "评价项 %(subject)s：没有证据（证据说明或证据文件），"
        "等级 %(claimed)s 只按等级 %(counted)s 计分；等级 %(needed)s 及以上须有证据。"
    ),
    "file_cap": N_(
        "评价项 %(subject)s：只有证据说明、没有上传证据文件，"
        "等级 %(claimed)s 只按等级 %(counted)s 计分；等级 %(needed)s 及以上须上传证据文件。"
    ),
    # A yes/no item, in its page's words (evidence_words.cap_text): no "等级 1" to misread.
    "yes_no_evidence_cap": N_(
        "评价项 %(subject)s：目前按“否”计：答“是”须有证据（证据说明或上传文件）。"
    ),
    "yes_no_file_cap": N_("评价项 %(subject)s：目前按“否”计：答“是”须上传证据文件。"),
    "percent_like_level": N_(
        "评价项 %(subject)s：数值 %(value)s%%？本项填写百分比（0–100），不是等级；"
        "如确为 %(value)s%%，可忽略此提示。"
    ),
}

PROBLEM_MESSAGES = {
    "level_range": N_("%(subject)s：请选择 0–%(max)s 之间的等级。"),
    "yes_no": N_("%(subject)s：请选择“是”或“否”。"),
    "not_a_number": N_("%(subject)s：“%(text)s”不是有效数字。"),
    # how to type a number written as on paper (number_words; qa65 #3): pages and imports
    "decimal_comma": N_(
        "%(subject)s：“%(text)s”不是有效数字。小数点请用“.”，不用“,”（逗号只用作千位分隔符）："
        "如 12.5、1234.5 或 1,234.5。"
    ),
    "none_word": N_("%(subject)s：“%(text)s”不是数字；本年度未发生的请填 0。"),
    "number_with_words": N_(
        "%(subject)s：“%(text)s”不是有效数字。只填数字（如 %(example)s），"
        "不带单位（本项单位为“%(unit)s”）或“约”等文字；千位分隔符可以保留。"
    ),
    "percent_for_quantity": N_(
        "%(subject)s：“%(text)s”不是有效数字。本项填写的是数量（单位为“%(unit)s”），不是百分比："
        "请填写数量本身，不带 %%；比率由系统按公式算出。"
    ),
    "below_min": N_("%(subject)s：数值不能小于 %(min)s。"),
    "above_max": N_("%(subject)s：数值不能大于 %(max)s。"),
    "not_integer": N_("%(subject)s：须为整数。"),
    "na_not_allowed": N_("%(subject)s：此项不允许选择“不适用”。"),
    "na_reason_required": N_("%(subject)s：选择“不适用”时须填写理由。"),
    "section_na_reason_short": N_(
        "%(subject)s：整个板块不适用时，理由至少 %(min)s 个字，说明本单位为何不涉及这一准则"
        "（如不生产、不销售相关产品）。"
    ),
    "na_reason_without_na": N_(
        "%(subject)s：未勾选“不适用”，不适用理由不会保存；请勾选“不适用”，或清空理由。"
    ),
    "too_long": N_("%(subject)s：内容过长，最多 %(limit)s 个字符。"),
    "implausible_max": N_("%(subject)s：数值超过通常上限 %(max)s，请核对（已保存）。"),
    "implausible_max_yuan": N_(
        "%(subject)s：数值超过通常上限 %(max)s，可能按“元”填写了；本项单位是“万元”，"
        "请核对（已保存）。"
    ),
    "implausible_max_kg": N_(
        "%(subject)s：数值超过通常上限 %(max)s，可能按“千克”填写了；本项单位是“吨”，"
        "请核对（已保存）。"
    ),
    "implausible_jump": N_("%(subject)s：与去年的 %(last)s 相差十倍以上，请核对（已保存）。"),
    "dropped_to_zero": N_(
        "%(subject)s：去年为 %(last)s，今年为 0，核心指标 %(kpi_id)s“%(kpi)s”随之降低，"
        "请核对（已保存）。"
    ),
    "zero_with_output": N_(
        "%(subject)s：为 0，而%(others)s不为 0，核心指标 %(kpi_id)s“%(kpi)s”将为 0，"
        "请核对（已保存）。"
    ),
    "evidence_cap": N_(
        "%(subject)s：没有证据（证据说明或证据文件），等级 %(claimed)s 只按等级 %(counted)s 计分；"
        "等级 %(needed)s 及以上须有证据（已保存）。"
    ),
    "file_cap": N_(
        "%(subject)s：只有证据说明、没有上传证据文件，等级 %(claimed)s 只按等级 %(counted)s 计分；"
        "等级 %(needed)s 及以上须上传证据文件（已保存）。"
    ),
    "yes_no_evidence_cap": N_(
        "%(subject)s：目前按“否”计：答“是”须有证据（证据说明或上传文件）（已保存）。"
    ),
    "yes_no_file_cap": N_("%(subject)s：目前按“否”计：答“是”须上传证据文件（已保存）。"),
    "percent_like_level": N_(
        "%(subject)s：数值 %(value)s%%？本项填写百分比（0–100），不是等级；"
        "如确为 %(value)s%%，可忽略此提示。"
    ),
    "too_large": N_("%(subject)s：数值过大，绝对值须小于 %(limit)s。"),
    "too_many_decimals": N_("%(subject)s：最多 %(places)s 位小数。"),
    "na_and_answer": N_("%(subject)s：已选择等级或填写数值，不能同时选择“不适用”；请二选一。"),
    "share_over_100": N_(
        "%(subject)s：按此数值，“%(kpi)s”将为 %(value)s%%，超过 100%%，请核对（未保存）。"
    ),
    "residents_below_register": N_(
        "%(subject)s：填写的 %(value)s 少于本系统登记的入园企业 %(registered)s 家，"
        "请核对（未保存）。"
    ),
    "hours_over_a_year": N_(
        "%(subject)s：按此数值，“%(hours)s”÷“%(headcount)s”为每人 %(value)s 小时，"
        "超过一年的 %(limit)s 小时，请核对（已保存）。"
    ),
    "zero_denominator": N_(
        "%(subject)s：为 0 时，“%(kpi)s”无法计算（分母为 0），请核对（已保存）。"
    ),
    # Event fields sit in a form of their own: the field names the subject.
    "event_type_required": N_("请选择事件类型。"),
    "event_type_unknown": N_("未知的事件类型“%(text)s”。"),
    "grade_required": N_("请选择事件等级。"),
    "grade_not_graded": N_("%(subject)s：“%(type)s”不分等级，请留空。"),
    "date_invalid": N_("%(subject)s：请填写有效日期（年-月-日）。"),
    "date_unreadable": N_(
        "%(subject)s：“%(text)s”不是有效日期，请按“年-月-日”填写，例如 %(date)s。"
    ),
    "date_future": N_("%(subject)s：不能晚于今天。"),
    "date_too_old": N_("%(subject)s：早于 20 年前，请核对。"),
    "count_invalid": N_("%(subject)s：须为 0 到 %(max)s 之间的整数。"),
    "duplicate": N_(
        "本组织已登记过同一日期（%(date)s）、同一类型、经过相同的事件，本次未保存。"
        "如确为另一起事件，请再次点击“保存事件”。"
    ),
    "required": N_("请填写事件描述。"),
    "resident_unknown": N_("%(subject)s：所选企业不是本园区的入园企业，请从列表中选择（未保存）。"),
    "resident_both": N_(
        "%(subject)s：已从列表中选择了本系统登记的入园企业，就不要再填写企业名称或代码；"
        "二者只填其一（未保存）。"
    ),
    "resident_name_missing": N_(
        "%(subject)s：请填写事件发生的企业名称（未在本系统登记的入园企业）（未保存）。"
    ),
    "resident_registered": N_(
        "%(subject)s：“%(text)s”已在本系统登记为本园区的入园企业，请从列表中选择它（未保存）。"
    ),
    "grade_below_figures": N_(
        "按死亡、重伤人数和直接经济损失，本事件为“%(derived)s”事故（国务院令第493号）："
        "等级不能低于“%(derived)s”，请改选等级或核对数字。"
    ),
    "na_forbidden": N_("%(subject)s：每家企业都有此板块，不能整体声明“不适用”。"),
    "loss_raises_grade": N_(
        "%(subject)s：%(loss)s 万元即 %(yuan)s 元，按国务院令第493号达到“%(derived)s”事故的标准"
        "（仅按死亡和重伤人数为“%(by_people)s”）。请核对单位是万元（35 万元 = 350,000 元）；"
        "数值无误请勾选“数值无误”后再次保存（未保存）。"
    ),
}


def with_grade_names(params: dict[str, str]) -> dict[str, str]:
    """Name the Decree 493 grades a message gives (derived, by_people) in the page's language."""
    return {k: grade_text(v) if k in ("derived", "by_people") else v for k, v in params.items()}


def grade_text(grade: str) -> str:
    """Name an accident grade (Decree 493) or environmental level; an unknown one as stored."""
    msgid = GRADE_NAMES.get(grade)  # type: ignore[call-overload]
    return grade if msgid is None else _(msgid)


# A park's inputs under a heading that fits a park: its "safety" KPIs are the park's
# safety-risk score, accidents and deaths, not occupational health and safety.
PARK_KPI_CATEGORIES = {"safety": N_("园区安全生产")}


def kpi_category_text(category: str, park: bool = False) -> str:
    """Name a KPI category (of a park's rubric if `park`).

    The rubric check admits only the categories named in KPI_CATEGORY_NAMES; inputs no KPI
    uses (category "") are "other".
    """
    msgid = (PARK_KPI_CATEGORIES if park else {}).get(category) or KPI_CATEGORY_NAMES.get(category)
    return _("其他") if msgid is None else _(msgid)


UPLOAD_MESSAGES = {
    # the accepted types named as the help names them (accepted_types_text), as `types`
    "type": N_("文件“%(name)s”的类型不允许：仅接受 %(types)s。"),
    "photo_type": N_(
        "文件“%(name)s”是 HEIC 格式的照片，不能上传：请在相册中将其导出为 JPG 后再上传"
        "（或上传其截图）；"
        "iPhone 在“设置 › 相机 › 格式”中选择“兼容性最佳”后，拍摄的照片即为 JPG。"
    ),
    "no_name": N_(
        "文件“%(name)s”只有扩展名，没有文件名，未上传：请把文件改名（如“检测报告.pdf”）后再上传。"
    ),
    "content": N_("文件“%(name)s”的内容与扩展名 %(ext)s 不符，未上传。"),
    "size": N_("文件“%(name)s”超过 %(limit_mb)s MB 的上限，未上传。"),
    "empty": N_("文件“%(name)s”是空文件，未上传。"),
    "count": N_("每个评价项最多上传 %(limit)s 个证据文件。"),
    "finding_count": N_("文件“%(name)s”未附上：每条发现最多附 %(limit)s 个文件。"),
    "per_upload": N_("文件“%(name)s”未上传：每次最多上传 %(limit)s 个文件，请再上传一次。"),
    "duplicate": N_("文件“%(name)s”已上传过（同名、内容相同），未重复上传。"),
    "same_content": N_("文件“%(name)s”与已上传的《%(existing)s》内容相同，未重复上传。"),
}


def localised_params(params: dict[str, str]) -> dict[str, str]:
    """Pick `name_zh`/`name_en` pairs by the page's language, as `name`."""
    lang = current_lang()
    picked = dict(params)
    for name in [n[:-3] for n in params if n.endswith("_zh")]:
        picked[name] = params.get(f"{name}_{lang}") or params[f"{name}_zh"]
    return picked


def number_param(value: Any) -> str:
    """Write a limit as people say it: 100 万亿 / 100 trillion, not 1e14."""
    if isinstance(value, Decimal) and abs(value) >= 10**12:
        return _("%(number)s 万亿", number=figure_text(value / 10**12))
    return figure_text(value) if isinstance(value, Decimal) else number_text(value)


def problem_text(problem: Problem, label: str | None = None) -> str:
    """Word the message shown next to the field; it names the field by its label.

    Without a label (no field on the page) the item or input id stands in.
    """
    params = localised_params({key: number_param(value) for key, value in problem.params.items()})
    subject = label or problem.subject
    code = problem.code
    if code == "credit_code":  # the app's one wording of a wrong code (organisation forms)
        found = CreditCodeProblem(**dict(problem.params))
        return _("%(subject)s：%(text)s", subject=subject, text=credit_code_message(found))
    if code == "level_range" and params.get("max") == "1":
        code = "yes_no"
    params = with_grade_names(params)
    msgid = (UNLABELLED_MESSAGES.get(code) if label is None else None) or PROBLEM_MESSAGES.get(code)
    if msgid is None:
        return _("%(subject)s：输入有误（%(code)s）。", subject=subject, code=code)
    return _(msgid, **{**params, "subject": subject})


# Said while typing, before any save, or of a value a save refused (it says why beside):
# the same doubts without "(saved)" or "(not saved)".
LIVE_MESSAGES = {
    "implausible_max": N_("%(subject)s：数值超过通常上限 %(max)s，请核对。"),
    "implausible_max_yuan": N_(
        "%(subject)s：数值超过通常上限 %(max)s，可能按“元”填写了；本项单位是“万元”，请核对。"
    ),
    "implausible_max_kg": N_(
        "%(subject)s：数值超过通常上限 %(max)s，可能按“千克”填写了；本项单位是“吨”，请核对。"
    ),
    "implausible_jump": N_("%(subject)s：与去年的 %(last)s 相差十倍以上，请核对。"),
    "dropped_to_zero": N_(
        "%(subject)s：去年为 %(last)s，今年为 0，核心指标 %(kpi_id)s“%(kpi)s”随之降低，请核对。"
    ),
    "zero_with_output": N_(
        "%(subject)s：为 0，而%(others)s不为 0，核心指标 %(kpi_id)s“%(kpi)s”将为 0，请核对。"
    ),
    "share_over_100": N_(
        "%(subject)s：按此数值，“%(kpi)s”将为 %(value)s%%，超过 100%%，不能保存，请核对。"
    ),
    "residents_below_register": N_(
        "%(subject)s：填写的 %(value)s 少于本系统登记的入园企业 %(registered)s 家，"
        "不能保存，请核对。"
    ),
    "hours_over_a_year": N_(
        "%(subject)s：按此数值，“%(hours)s”÷“%(headcount)s”为每人 %(value)s 小时，"
        "超过一年的 %(limit)s 小时，请核对。"
    ),
    "zero_denominator": N_("%(subject)s：为 0 时，“%(kpi)s”无法计算（分母为 0），请核对。"),
}


def loss_confirmed_text(problem: Problem, day: str) -> str:
    """Word a stored event's loss that raises its grade, confirmed "数值无误", for reviewers."""
    params = localised_params({key: number_param(value) for key, value in problem.params.items()})
    return _(
        "%(day)s 的事件：直接损失 %(loss)s 万元即 %(yuan)s 元，按国务院令第493号达到"
        "“%(derived)s”事故的标准（仅按死亡和重伤人数为“%(by_people)s”）；"
        "单位已勾选“数值无误”确认该数值，请核对。",
        **with_grade_names(params),
        day=day,
    )


# Said of a stored figure on other pages (the reviewer's and the lead's 请核查): the reader
# did not type it, so the figure doubted is given beside the one it is checked against (qa62 3c).
STORED_MESSAGES = {
    "implausible_max": N_("%(subject)s：本年 %(value)s，超过通常上限 %(max)s，请核对。"),
    "implausible_max_yuan": N_(
        "%(subject)s：本年 %(value)s，超过通常上限 %(max)s，可能按“元”填写了；本项单位是“万元”，"
        "请核对。"
    ),
    "implausible_max_kg": N_(
        "%(subject)s：本年 %(value)s，超过通常上限 %(max)s，可能按“千克”填写了；本项单位是“吨”，"
        "请核对。"
    ),
    "implausible_jump": N_("%(subject)s：本年 %(value)s，与去年的 %(last)s 相差十倍以上，请核对。"),
    "share_over_100": N_(
        "%(subject)s：本年 %(value)s，按此“%(kpi)s”为 %(share)s%%，超过 100%%，请核对。"
    ),
    "residents_below_register": N_(
        "%(subject)s：本年 %(value)s，少于本系统登记的入园企业 %(registered)s 家，请核对。"
    ),
}


def stored_problem_text(problem: Problem, label: str, value: Decimal) -> str:
    """Word a doubt about a stored figure (`value`) for someone who did not type it."""
    msgid = STORED_MESSAGES.get(problem.code)
    if msgid is None:
        return live_problem_text(problem, label)
    given = {**problem.params, "value": value}
    params = localised_params({key: number_param(number) for key, number in given.items()})
    return _(msgid, **{**params, "subject": label})


def live_problem_text(problem: Problem, label: str) -> str:
    """Word a problem found while the user types (the KPI page's script shows it).

    Also a doubt about a value its save refused: it was not saved, so "(已保存)" is not said.
    """
    msgid = LIVE_MESSAGES.get(problem.code)
    if msgid is None:
        return problem_text(problem, label)
    params = localised_params({key: number_param(value) for key, value in problem.params.items()})
    return _(msgid, **{**params, "subject": label})


STORED_FIELDS = {
    "level": N_("成熟度等级"),
    "value": N_("数值"),
    "is_na": N_("不适用"),
    "na_reason": N_("不适用理由"),
    "evidence_note": N_("证据说明"),
    "comment": N_("备注"),
    "note": N_("说明"),
    "description": N_("事件经过"),
    "occurred_on": N_("发生日期"),
}


def stored_text(current: Any) -> str:
    """List the stored values of a conflict briefly: "等级：3；证据说明：演练记录"."""
    parts = []
    for name, value in current.items():
        if value is None or value is False or value == "" or name not in STORED_FIELDS:
            continue
        # numbers as the tables write them (1,620,000), not 1620000 (qa53)
        shown = _("是") if value is True else number_param(value)
        parts.append(_("%(field)s：%(value)s", field=_(STORED_FIELDS[name]), value=shown))
    return _("；").join(parts) if parts else _("（已清空）")


def conflict_text(conflict: Conflict, by: str | None, mine: bool = False) -> str:
    """Tell the user someone saved this meanwhile, what is stored now, and how to decide.

    `mine`: the user saved it themself, in another window or tab (not "someone else").
    The link named (take_stored_link) follows the note: no retyping the stored content.
    """
    # the stored text may end a sentence of its own: "…复核。" gets no second 。 (qa53)
    stored = stored_text(conflict.current).removesuffix("。")
    if mine:
        return _(
            "您在另一窗口、标签页或设备中已修改此项，现存内容：%(stored)s。本页的输入仍保留在页面上，"
            "未保存；再次保存将以本页的输入覆盖。点“采用现存内容，放弃我的输入”则重新打开本页，"
            "显示现存内容，本页未保存的输入将丢失。",
            stored=stored,
        )
    if by:
        return _(
            "%(name)s 在您打开本页后已修改此项，现存内容：%(stored)s。您的输入仍保留在页面上，"
            "未保存；再次保存将以您的输入覆盖。点“采用现存内容，放弃我的输入”则重新打开本页，"
            "显示现存内容，本页未保存的输入将丢失。",
            name=by,
            stored=stored,
        )
    return _(
        "其他用户在您打开本页后已修改此项，现存内容：%(stored)s。您的输入仍保留在页面上，"
        "未保存；再次保存将以您的输入覆盖。点“采用现存内容，放弃我的输入”则重新打开本页，"
        "显示现存内容，本页未保存的输入将丢失。",
        stored=stored,
    )


def accepted_types_text() -> str:
    """Name the accepted file types, as the upload help and the type refusal both say them.

    From storage.TYPE_NAMES, the list the upload check goes by: "PDF、OFD、Word（DOC、DOCX）、
    Excel（XLS、XLSX）、JPG……" (the help said "Word、Excel", the refusal "DOC、DOCX、XLS、XLSX").
    """
    joiner = _("、")
    names = []
    for name, extensions in TYPE_NAMES.items():
        shown = [ext.lstrip(".").upper() for ext in extensions]
        if name in shown:
            names.append(name)  # JPG stands for .jpeg too
        else:
            names.append(_("%(type)s（%(extensions)s）", type=name, extensions=joiner.join(shown)))
    return joiner.join(names)


def upload_refused_text(error: UploadRefused) -> str:
    """Word an upload refusal; its figures (size in MB, file counts) as every figure is written."""
    params = {key: _upload_param(value) for key, value in error.params.items()}
    if error.code == "type":
        params["types"] = accepted_types_text()
    msgid = UPLOAD_MESSAGES.get(error.code)
    if msgid is None:
        return _("文件“%(name)s”未上传。", name=params.get("name", ""))
    return _(msgid, **params)


def _upload_param(value: Any) -> str:
    """Write a figure with separators (1,024 MB); a file name or extension as it is."""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return figure_text(value)
    return str(value)


def missing_text(missing: Missing, lang: str) -> str:
    label = missing.label.get(lang)
    if missing.kind == "prerequisite":
        return _("前置条件 %(id)s（%(label)s）尚未作答", id=missing.shown_id, label=label)
    if missing.kind == "prerequisite_file":
        if missing.hint is None:
            return _(
                "前置条件 %(id)s（%(label)s）答“是”，但没有上传证据文件："
                "请上传证明该条已满足的文件。",
                id=missing.shown_id,
                label=label,
            )
        return _(
            "前置条件 %(id)s（%(label)s）答“是”，但没有上传证据文件。该条要求：%(hint)s",
            id=missing.shown_id,
            label=label,
            hint=missing.hint.get(lang),
        )
    if missing.kind == "kpi_input":
        return _("KPI 数据 %(id)s（%(label)s）尚未填写", id=missing.shown_id, label=label)
    if missing.kind == "same_figure" and missing.differing is not None:
        item_value, input_value = missing.differing
        return _(
            "评价项 %(id)s 填报 %(item)s，KPI 数据 %(code)s 填报 %(kpi)s：两处报告同一数值，"
            "请改为一致后再提交",
            id=missing.subject_id,
            item=figure_text(item_value),
            code=missing.code,
            kpi=figure_text(input_value),
        )
    return _("评价项 %(id)s（%(label)s）尚未作答", id=missing.subject_id, label=label)
