"""Check an organisation import file row by row with the register form's own rules.

Each row is put through forms.OrganisationForm (the "添加单位" form), so a row is refused
for exactly what the form refuses, in the same words. On top of the form: the park and the
working groups are named in words (resolved here against the register and the file), and
names and credit codes may not repeat within the file or a name another organisation's.

A row whose credit code is already registered is an update of that organisation: the
preview shows each change, old → new. Nothing is written here (import_apply writes).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from rcapp import db
from rcapp.fields import options
from rcapp.organisations import services
from rcapp.organisations.credit_code import normalise_credit_code
from rcapp.organisations.forms import COMMITMENT_LABELS, KIND_LABELS, OrganisationForm
from rcapp.organisations.group_kinds import wrong_group_text, wrong_kind_groups
from rcapp.organisations.import_columns import (
    COLUMN_OF_FIELD,
    COLUMNS,
    GROUP_SEPARATORS,
    MAX_BYTES,
    MAX_ROWS,
    label,
    letter,
)
from rcapp.organisations.import_read import FileProblem, FileRow, read_workbook
from rcapp.organisations.kind_text import kind_refusal_text
from rcapp.organisations.models import (
    CONTACT_FIELDS,
    CommitmentStatus,
    Organisation,
    OrganisationKind,
    WorkingGroup,
)
from rcapp.organisations.provinces import PROVINCE_NAMES_EN
from rcapp.organisations.sectors import SECTOR_NAMES_EN

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_SPLIT = re.compile(f"[{GROUP_SEPARATORS}]")


@dataclass(frozen=True)
class Problem:
    """A refused cell (or the file), already in the user's language."""

    row: int | None
    key: str
    message: str

    def text(self) -> str:
        if self.row is None:
            return self.message
        if not self.key:
            return str(_("第 %(row)d 行：%(message)s", row=self.row, message=self.message))
        return str(
            _(
                "第 %(row)d 行“%(column)s”：%(message)s",
                row=self.row,
                column=label(self.key),
                message=self.message,
            )
        )


@dataclass
class RowPlan:
    """One valid row: the form's values, the groups, and what it changes if it is an update."""

    row: int
    values: dict[str, Any]
    group_ids: list[int]
    existing: Organisation | None = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # column, old, new
    park_row: int | None = None  # the park is created by this file's row `park_row`


@dataclass
class ImportPlan:
    problems: list[Problem] = field(default_factory=list)
    creates: list[RowPlan] = field(default_factory=list)
    updates: list[RowPlan] = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def has_work(self) -> bool:
        return bool(self.creates or self.updates)

    def fingerprint(self) -> str:
        """Sum up what the preview showed: confirming another plan is refused (stale check)."""
        shown = [
            [p.row, sorted((k, str(v)) for k, v in p.values.items()), p.group_ids]
            for p in self.creates
        ] + [
            [
                p.row,
                sorted((k, str(v)) for k, v in p.values.items()),
                p.group_ids,
                p.existing.id if p.existing else 0,
                p.existing.version if p.existing else 0,
                sorted(g.id for g in p.existing.working_groups) if p.existing else [],
            ]
            for p in self.updates
        ]
        return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()[:32]


def plan_file(data: bytes) -> ImportPlan:
    """Read and check an uploaded file; the plan says what confirming it would write."""
    if len(data) > MAX_BYTES:
        return ImportPlan([_file_problem(FileProblem("too_big"))])
    read = read_workbook(data)
    fatal = [p for p in read.problems if p.code != "formula"]
    if fatal:
        return ImportPlan([_file_problem(p) for p in fatal])
    header = _header_problems(read.header)
    if header:
        return ImportPlan(header)
    plan = ImportPlan([_file_problem(p) for p in read.problems])
    _Checker(plan).check(read.rows)
    plan.problems.sort(key=lambda p: (p.row or 0, _order(p.key)))
    return plan


def _order(key: str) -> int:
    return next((i for i, c in enumerate(COLUMNS) if c.key == key), -1)


def _file_problem(problem: FileProblem) -> Problem:
    match problem.code:
        case "not_xlsx":
            message = _("这不是 Excel（.xlsx）文件。请下载模板，填写后另存为 .xlsx 再上传。")
        case "empty_file":
            message = _(
                "文件是空的（0 字节），没有任何内容：可能保存或复制时出了错。"
                "请在 Excel 中打开填好的名单，确认内容还在，保存后重新上传。"
            )
        case "csv_file":
            message = _(
                "这是 CSV 文件，不是 Excel 工作簿，无法导入。请在 Excel 中打开它，"
                "用“另存为”选择“Excel 工作簿（*.xlsx）”后上传。"
            )
        case "expands_too_far":
            message = _("文件解压后的内容过大（超过 64 MB），不像是单位名单。")
        case "too_big":
            message = _("文件超过 %(mb)d MB，不像是单位名单。", mb=MAX_BYTES // (1024 * 1024))
        case "too_many_rows":
            message = _("文件超过 %(max)d 行，请分成几个文件导入。", max=MAX_ROWS)
        case "no_rows":
            message = _("文件中没有填写任何单位。")
        case _:  # a formula
            message = _("请直接填写文字，不要使用公式（%(formula)s）。", formula=problem.found)
    return Problem(problem.row, problem.key, str(message))


def _labels_in(lang: str) -> list[str]:
    with force_locale(lang):
        return [str(column.label) for column in COLUMNS]


def _header_problems(header: tuple[str, ...]) -> list[Problem]:
    """Check that the first row is the template's header, in either language."""
    zh, en = _labels_in("zh_CN"), _labels_in("en")
    found = list(header) + [""] * (len(COLUMNS) - len(header))
    for index, column in enumerate(COLUMNS):
        if column.added_later and not any(text.strip() for text in found[index:]):
            return []  # a template from before these columns: read without them
        if found[index].strip() not in (zh[index], en[index]):
            message = _(
                "第 1 行 %(letter)s 列应为“%(expected)s”，文件中为“%(found)s”。"
                "请使用下载的模板，不要增删或移动列。",
                letter=letter(column.key),
                expected=label(column.key),
                found=found[index],
            )
            return [Problem(None, "", str(message))]
    return []


def _words(labels: dict[Any, Any]) -> dict[str, str]:
    """Map a closed list's labels in both languages (and the stored values) to the value."""
    words: dict[str, str] = {}
    for value, text in labels.items():
        words[str(value).casefold()] = str(value)
        for lang in ("zh_CN", "en"):
            with force_locale(lang):
                words[str(text).casefold()] = str(value)
    return words


def _date_text(text: str | None) -> str:
    if not text:
        return ""
    found = _DATE.match(text.strip())
    if found is None:
        return text
    year, month, day = found.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


class _Checker:
    def __init__(self, plan: ImportPlan) -> None:
        self.plan = plan
        statement = select(Organisation).options(selectinload(Organisation.working_groups))
        self.register = list(db.session().scalars(statement))
        self.by_code = {o.credit_code: o for o in self.register}
        self.by_id = {o.id: o for o in self.register}
        self.by_zh: dict[str, Organisation] = {}
        self.by_en: dict[str, Organisation] = {}
        for o in sorted(self.register, key=lambda o: o.id):
            self.by_zh.setdefault(o.name_zh.strip(), o)
            if o.name_en:
                self.by_en.setdefault(o.name_en.strip().casefold(), o)
        self.groups = list(db.session().scalars(select(WorkingGroup).order_by(WorkingGroup.code)))
        self.group_words: dict[str, WorkingGroup] = {}
        for g in self.groups:
            for word in (g.code, g.name_zh, g.name_en):
                self.group_words.setdefault(word.strip().casefold(), g)
        locale = get_locale()
        self.lang = "en" if locale is not None and locale.language == "en" else "zh"
        self.kinds = _words(KIND_LABELS)
        self.statuses = _words(COMMITMENT_LABELS)
        self.provinces = {en.casefold(): zh for zh, en in PROVINCE_NAMES_EN.items()}
        self.sectors = {en.casefold(): zh for zh, en in SECTOR_NAMES_EN.items()}

    def problem(self, row: int, key: str, message: Any) -> None:
        self.plan.problems.append(Problem(row, key, str(message)))

    def check(self, rows: Iterable[FileRow]) -> None:
        rows = list(rows)
        self.file_parks = self._file_parks(rows)
        seen: dict[tuple[str, str], int] = {}
        for row in rows:
            self._duplicates_in_file(row, seen)
            self._check_row(self._with_stored(row))

    def _with_stored(self, row: FileRow) -> FileRow:
        """Fill the empty cells of a row updating a registered organisation with its values.

        An import never clears what is registered: a list of names and codes only updates
        no one's province, commitment or working groups (the edit form clears a field).
        """
        existing = self.by_code.get(normalise_credit_code(row.cells["credit_code"] or ""))
        if existing is None:
            return row
        signed_on = existing.commitment_signed_on
        stored: dict[str, str | None] = {
            "kind": str(existing.kind),
            "name_zh": existing.name_zh,
            "name_en": existing.name_en,
            "province": existing.province,
            "city": existing.city,
            "sector": existing.sector,
            "parent_group": existing.parent_group,
            "park": self.by_id[existing.park_id].credit_code if existing.park_id else None,
            "groups": "；".join(g.code for g in existing.working_groups),
            "commitment_status": str(existing.commitment_status),
            "commitment_signed_on": signed_on.isoformat() if signed_on else None,
            "commitment_signatory": existing.commitment_signatory,
            **{name: getattr(existing, name) for name in CONTACT_FIELDS},
        }
        kept = services.park_after_kind(existing, self._kind(row), existing.park_id)
        if kept is None and not row.cells["park"]:
            stored["park"] = None  # a company made a park leaves its park (blank = keep)
        cells = {key: text or stored.get(key) for key, text in row.cells.items()}
        return FileRow(row.number, cells)

    def _kind(self, row: FileRow) -> str:
        text = row.cells["kind"] or ""
        return self.kinds.get(text.strip().casefold(), text)

    def _file_parks(self, rows: list[FileRow]) -> dict[str, int]:
        """Map the parks this file adds, by name and credit code, to the row adding them.

        A park row updating a registered park is not one: companies find it in the register.
        """
        parks: dict[str, int] = {}
        for row in rows:
            code = normalise_credit_code(row.cells["credit_code"] or "")
            if self._kind(row) == OrganisationKind.PARK and code not in self.by_code:
                for key in ("name_zh", "name_en", "credit_code"):
                    text = row.cells[key]
                    if text:
                        word = normalise_credit_code(text) if key == "credit_code" else text
                        parks.setdefault(word.strip().casefold(), row.number)
        return parks

    def _duplicates_in_file(self, row: FileRow, seen: dict[tuple[str, str], int]) -> None:
        for key in ("credit_code", "name_zh", "name_en"):
            text = row.cells[key]
            if not text:
                continue
            word = normalise_credit_code(text) if key == "credit_code" else text.strip()
            first = seen.setdefault((key, word.casefold()), row.number)
            if first != row.number:
                self.problem(
                    row.number,
                    key,
                    _("与第 %(first)d 行重复；同一单位只能登记一次。", first=first),
                )

    def _check_row(self, row: FileRow) -> None:
        cells = row.cells
        before = len(self.plan.problems)
        # One message per cell: a formula read as empty is not also "请填写…" (QA32 S7).
        said = {p.key for p in self.plan.problems if p.row == row.number}
        kind = self._kind(row)
        code = normalise_credit_code(cells["credit_code"] or "")
        existing = self.by_code.get(code)
        park_id, park_row, park_choice = self._park(row, kind, existing)
        group_ids = self._groups(row)
        formdata = MultiDict(
            {
                "kind": kind,
                "name_zh": cells["name_zh"] or "",
                "name_en": cells["name_en"] or "",
                "credit_code": cells["credit_code"] or "",
                "province": self._province(cells["province"]),
                "city": cells["city"] or "",
                "sector": self._sector(cells["sector"]),
                "parent_group": cells["parent_group"] or "",
                "park_id": park_id,
                "commitment_status": self._status(cells["commitment_status"]),
                "commitment_signed_on": _date_text(cells["commitment_signed_on"]),
                "commitment_signatory": cells["commitment_signatory"] or "",
                **{name: cells.get(name) or "" for name in CONTACT_FIELDS},
            }
        )
        formdata.setlist("working_groups", [str(i) for i in group_ids])
        form = OrganisationForm(formdata=formdata, meta={"csrf": False})
        form.park_id.choices = options([("", "")] + ([park_choice] if park_choice else []))
        form.working_groups.choices = options((g.id, g.code) for g in self.groups)
        if not form.validate():
            for name, messages in form.errors.items():
                key = COLUMN_OF_FIELD.get(str(name))
                label = _("%(field)s：%(value)s", field=form[str(name)].label.text, value="")
                for message in messages if key and key not in said else ():
                    text = str(message)  # the problem names the column: not the label again
                    self.problem(row.number, key or "", text.removeprefix(label).lstrip())
        if "groups" not in said and not form.kind.errors:
            self._group_kinds(row, kind, group_ids)
        if len(self.plan.problems) > before or said:
            return
        values = form.values()
        if park_row is not None:
            values["park_id"] = None
        refused = services.kind_change_refused(existing, kind) if existing else None
        if refused is not None:
            self.problem(row.number, "kind", kind_refusal_text(refused, kind))
            return
        self._names_taken(row, values, existing)
        if len(self.plan.problems) > before:
            return
        planned = RowPlan(row.number, values, group_ids, existing, park_row=park_row)
        if existing is None:
            self.plan.creates.append(planned)
            return
        planned.changes = self._changes(planned, existing)
        if planned.changes:
            self.plan.updates.append(planned)
        else:
            self.plan.unchanged += 1

    def _province(self, text: str | None) -> str:
        return self.provinces.get((text or "").strip().casefold(), text or "")

    def _sector(self, text: str | None) -> str:
        return self.sectors.get((text or "").strip().casefold(), text or "")

    def _status(self, text: str | None) -> str:
        if not text:
            return str(CommitmentStatus.NOT_SIGNED)
        return self.statuses.get(text.strip().casefold(), text)

    def _park(
        self, row: FileRow, kind: str, existing: Organisation | None
    ) -> tuple[str, int | None, tuple[str, str] | None]:
        """Resolve the park cell: (the form's park_id, the file's park row, the form's choice).

        A park of this file is given the form a stand-in id (minus its row number).
        """
        text = (row.cells["park"] or "").strip()
        if not text:
            return "", None, None
        word = text.casefold()
        in_file = self.file_parks.get(
            normalise_credit_code(text).casefold()
        ) or self.file_parks.get(word)
        if in_file is not None and in_file != row.number:
            return str(-in_file), in_file, (str(-in_file), text)
        found = (
            self.by_code.get(normalise_credit_code(text))
            or self.by_zh.get(text)
            or self.by_en.get(word)
        )
        if found is not None and found.kind is OrganisationKind.PARK and found is not existing:
            return str(found.id), None, (str(found.id), text)
        if kind == OrganisationKind.PARK:  # the form says a park is in no park
            return "0", None, ("0", text)
        if found is not None:
            message = _(
                "“%(name)s”不是化工园区；请填写化工园区的名称或统一社会信用代码。", name=text
            )
        else:
            message = _(
                "找不到名称或统一社会信用代码为“%(name)s”的化工园区；"
                "请先登记该园区（可写在本文件中），或留空。",
                name=text,
            )
        self.problem(row.number, "park", message)
        return "", None, None

    def _groups(self, row: FileRow) -> list[int]:
        ids: list[int] = []
        for word in _SPLIT.split(row.cells["groups"] or ""):
            if not word.strip():
                continue
            group = self.group_words.get(word.strip().casefold())
            if group is None:
                known = str(_("、")).join(g.display_name(self.lang) for g in self.groups) or "—"
                self.problem(
                    row.number,
                    "groups",
                    _(
                        "没有名为“%(name)s”的工作组。现有工作组：%(known)s",
                        name=word.strip(),
                        known=known,
                    ),
                )
            elif group.id not in ids:
                ids.append(group.id)
        return ids

    def _group_kinds(self, row: FileRow, kind: str, group_ids: list[int]) -> None:
        """Refuse a group of the other kind (group_kinds), as the service would on writing."""
        chosen = [g for g in self.groups if g.id in group_ids]
        remedy = str(_("请从本列中删去它。"))
        for group in wrong_kind_groups(kind, chosen):
            text = wrong_group_text(kind, group.display_name(self.lang), remedy)
            self.problem(row.number, "groups", text)

    def _names_taken(
        self, row: FileRow, values: dict[str, Any], existing: Organisation | None
    ) -> None:
        for key, index in (("name_zh", self.by_zh), ("name_en", self.by_en)):
            name = values.get(key)
            if not name:
                continue
            word = name.strip() if key == "name_zh" else name.strip().casefold()
            other = index.get(word)
            if other is not None and other is not existing:
                self.problem(
                    row.number,
                    key,
                    _(
                        "已有单位使用这个名称：“%(name)s”（统一社会信用代码 %(code)s）。"
                        "同一单位只能登记一次；如是另一家单位，请填写能区分两者的全称。",
                        name=getattr(other, key),
                        code=other.credit_code,
                    ),
                )

    def _changes(self, planned: RowPlan, existing: Organisation) -> list[tuple[str, str, str]]:
        changes = []
        for name, new in planned.values.items():
            old = getattr(existing, name)
            if name == "park_id" and planned.park_row is not None:
                changes.append(("park", self._park_name(old), self._file_park(planned)))
            elif old != new:
                key = COLUMN_OF_FIELD[name]
                changes.append((key, self._shown(name, old), self._shown(name, new)))
        old_groups = sorted(g.id for g in existing.working_groups)
        if old_groups != sorted(planned.group_ids):
            changes.append(
                ("groups", self._group_names(old_groups), self._group_names(planned.group_ids))
            )
        return changes

    def _file_park(self, planned: RowPlan) -> str:
        return str(_("（本文件第 %(row)d 行新登记的园区）", row=planned.park_row or 0))

    def _park_name(self, park_id: int | None) -> str:
        park = self.by_id.get(park_id) if park_id is not None else None
        return park.display_name(self.lang) if park is not None else ""

    def _group_names(self, ids: Iterable[int]) -> str:
        wanted = set(ids)
        return str(_("；")).join(g.display_name(self.lang) for g in self.groups if g.id in wanted)

    def _shown(self, name: str, value: Any) -> str:
        if value is None:
            return ""
        if name == "park_id":
            return self._park_name(value)
        if name == "kind":
            return str(KIND_LABELS[OrganisationKind(value)])
        if name == "commitment_status":
            return str(COMMITMENT_LABELS[CommitmentStatus(value)])
        if hasattr(value, "isoformat"):
            return str(value.isoformat())
        return str(value)
