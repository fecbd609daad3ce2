"""The organisation import template: one row per organisation, drop-downs, a notes sheet.

Closed lists (type, province, commitment status) are drop-downs that refuse other values;
working groups and sectors are drop-downs that also accept typed text (several groups in
one cell, separated by "；"). Every column is formatted as text, so what people type or
paste ("=…", "+86…", "-", "@…") stays text, and every string written here is a text cell.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from rcapp.organisations.forms import COMMITMENT_LABELS, KIND_LABELS
from rcapp.organisations.import_columns import (
    COLUMNS,
    FIRST_ROW,
    GROUP_SEPARATORS,
    MAX_BYTES,
    MAX_ROWS,
    SHEET_EN,
    SHEET_ZH,
    label,
    letter,
)
from rcapp.organisations.provinces import PROVINCES, province_name
from rcapp.organisations.sectors import sector_options
from rcapp.xlsx_text import guard_text

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B5E4A")
REQUIRED_FILL = PatternFill("solid", fgColor="8A4B08")
LAST_ROW = FIRST_ROW + MAX_ROWS - 1


def text_cell(sheet: Worksheet, row: int, column: int, value: str) -> None:
    """Write `value` as a text cell, never a formula (openpyxl reads "=…" as one)."""
    guard_text(sheet.cell(row=row, column=column, value=value))


def template_workbook(lang: str, groups: Sequence[str]) -> bytes:
    """Build the template in `lang` ("zh" or "en"); `groups`: the working groups' names."""
    with force_locale("en" if lang == "en" else "zh_CN"):
        book = Workbook()
        sheet = book.active
        if sheet is None:  # pragma: no cover - a new workbook has one sheet
            raise RuntimeError("no sheet")
        sheet.title = SHEET_EN if lang == "en" else SHEET_ZH
        lists = book.create_sheet(str(_("选项")))
        notes = book.create_sheet(str(_("填写说明")))
        _header(sheet)
        _lists(sheet, lists, lang, groups)
        lists.sheet_state = "hidden"
        _notes(notes)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def _header(sheet: Worksheet) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        text_cell(sheet, 1, index, label(column.key))
        cell = sheet.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        dimension = sheet.column_dimensions[letter(column.key)]
        dimension.width = column.width
        dimension.number_format = "yyyy-mm-dd" if column.key == "commitment_signed_on" else "@"
    sheet.freeze_panes = "C2"


def _lists(sheet: Worksheet, lists: Worksheet, lang: str, groups: Sequence[str]) -> None:
    choices: list[tuple[str, list[str], bool]] = [
        ("kind", [str(text) for text in KIND_LABELS.values()], True),
        ("province", [province_name(p, lang) for p in PROVINCES], True),
        ("commitment_status", [str(text) for text in COMMITMENT_LABELS.values()], True),
        ("groups", list(groups), False),
        ("sector", [text for _value, text in sector_options(lang)], False),
    ]
    for index, (key, values, strict) in enumerate(choices, start=1):
        text_cell(lists, 1, index, label(key))
        for row, value in enumerate(values, start=2):
            text_cell(lists, row, index, value)
        if not values:
            continue
        where = chr(ord("A") + index - 1)
        source = f"'{lists.title}'!${where}$2:${where}${len(values) + 1}"
        validation = DataValidation(type="list", formula1=source, allow_blank=True)
        validation.showErrorMessage = strict  # groups and sectors may be typed
        validation.errorTitle = label(key)
        validation.error = str(_("请从列表中选择。"))
        validation.promptTitle = label(key)
        validation.prompt = _prompt(key)
        validation.showInputMessage = True
        column = letter(key)
        validation.add(f"{column}{FIRST_ROW}:{column}{LAST_ROW}")
        sheet.add_data_validation(validation)


def _prompt(key: str) -> str:
    if key == "groups":
        return str(_("可填多个工作组，用“；”分隔。"))
    if key == "sector":
        return str(_("可从列表中选择，也可直接填写。"))
    return str(_("请从列表中选择。"))


def _notes(notes: Worksheet) -> None:
    lines = [
        str(_("单位批量导入模板：每行一个单位，填写“添加单位”表单的同一些内容。")),
        str(_("标题为棕色的列必须填写：类型、中文名称、统一社会信用代码、省份、城市。")),
        # One stored form whichever template: the province by its Chinese name (the English
        # list is mapped back), the city as typed, so in Chinese (English pages show pinyin).
        str(
            _(
                "省份：从列表中选择，系统按中文名称保存。城市：请填写中文名称（例如 南京市），"
                "英文页面显示其拼音。"
            )
        ),
        str(
            _(
                "统一社会信用代码为 18 位；与系统中已有单位相同时，这一行将修改该单位"
                "（预览中逐项列出旧值 → 新值）。"
            )
        ),
        str(
            _(
                "所在化工园区：填写园区的名称或统一社会信用代码；园区可以是系统中已有的，也可以写在本文件中。化工园区本身此列留空。"
            )
        ),
        str(
            _(
                "工作组：填写工作组名称，多个用“%(sep)s”分隔。新增单位：留空即不属于任何工作组；"
                "修改已有单位（统一社会信用代码已登记）：留空的列保持原值。",
                sep=GROUP_SEPARATORS[0],
            )
        ),
        str(
            _(
                "承诺书状态——新增单位：留空即为“未签署”；"
                "修改已有单位（统一社会信用代码已登记）：留空的列保持原值。"
                "“已签署”须填写签署日期（年-月-日，例如 2025-03-31）。"
            )
        ),
        str(_("修改已有单位时，留空的单元格保留系统中现有的内容（导入不会清空已登记的内容）。")),
        str(
            _(
                "地址、HSE 联系人、联系电话、联系邮箱：现场评审员前往和联系时使用。"
                "联系电话填写以 1 开头的 11 位手机号码，或带区号的固定电话（如 0571-88881234）。"
            )
        ),
        str(_("上传后先检查全部行：任何一行有问题都不会写入任何内容；问题逐条写明行号和列名。")),
        str(
            _(
                "最多 %(rows)d 行，文件不超过 %(mb)d MB，只接受 .xlsx。",
                rows=MAX_ROWS,
                mb=MAX_BYTES // (1024 * 1024),
            )
        ),
    ]
    notes.column_dimensions["A"].width = 110
    for row, line in enumerate(lines, start=1):
        text_cell(notes, row, 1, line)
        notes.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
