"""The columns of the organisation import workbook, in the register form's own words.

One row per organisation; the columns are the fields of the secretariat's form
(forms.OrganisationForm), in the same order and with the same labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

MAX_BYTES = 5 * 1024 * 1024  # a thousand organisations take about 100 KB
MAX_ROWS = 3000  # about 1,000 signatory companies and 100 parks, with room to spare
FIRST_ROW = 2  # row 1 is the header
SHEET_ZH, SHEET_EN = "单位", "Organisations"
GROUP_SEPARATORS = "；;、\n"  # several working groups in one cell


@dataclass(frozen=True)
class Column:
    key: str  # the form's field name, or "park" / "groups" for what is named in words
    label: LazyString
    required: bool = False
    width: int = 16
    # Added after templates were handed out: a file whose header stops before it is still read
    # (its rows leave the field as registered).
    added_later: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("kind", _l("类型"), required=True, width=12),
    Column("name_zh", _l("中文名称"), required=True, width=32),
    Column("name_en", _l("英文名称"), width=32),
    Column("credit_code", _l("统一社会信用代码"), required=True, width=22),
    Column("province", _l("省份"), required=True, width=14),
    Column("city", _l("城市"), required=True, width=12),
    Column("sector", _l("行业"), width=16),
    Column("parent_group", _l("所属集团"), width=24),
    Column("park", _l("所在化工园区"), width=28),
    Column("groups", _l("工作组"), width=28),
    Column("commitment_status", _l("承诺书状态"), width=12),
    Column("commitment_signed_on", _l("签署日期"), width=14),
    Column("commitment_signatory", _l("签署人"), width=12),
    # where on-site reviewers go and whom they call (text cells: a phone keeps its leading 0)
    Column("site_address", _l("地址"), width=36, added_later=True),
    Column("hse_contact", _l("HSE 联系人"), width=12, added_later=True),
    Column("contact_phone", _l("联系电话"), width=16, added_later=True),
    Column("contact_email", _l("联系邮箱"), width=24, added_later=True),
)
KEYS = tuple(column.key for column in COLUMNS)
BY_KEY = {column.key: column for column in COLUMNS}
# The form's field a column fills, where its name differs.
FORM_FIELD = {"park": "park_id", "groups": "working_groups"}
COLUMN_OF_FIELD = {FORM_FIELD.get(key, key): key for key in KEYS}


def label(key: str) -> str:
    return str(BY_KEY[key].label)


def letter(key: str) -> str:
    return chr(ord("A") + KEYS.index(key))
