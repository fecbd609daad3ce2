"""The secretariat's working-group form: code, kind, names and the code of practice it owns."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from rcapp.fields import CleanForm, options
from rcapp.i18n import current_lang
from rcapp.organisations import group_services
from rcapp.organisations.models import WorkingGroup, WorkingGroupKind

GROUP_KIND_LABELS = {
    WorkingGroupKind.CODE: _l("准则工作组（负责一项准则）"),
    WorkingGroupKind.PUBLICITY: _l("宣传培训工作组"),
    WorkingGroupKind.PARKS: _l("园区工作组"),
    WorkingGroupKind.COLLEGES: _l("高校工作组"),
}


class WorkingGroupForm(CleanForm):
    code = StringField(
        _l("代码"),
        validators=[
            DataRequired(message=_l("请填写工作组代码。")),
            Length(max=32, message=_l("代码不能超过 %(max)d 个字符。")),
            Regexp(
                r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
                message=_l("代码只能由字母、数字、连字符和下划线组成，例如 WG-PS。"),
            ),
        ],
    )
    kind = SelectField(
        _l("类型"),
        choices=options(GROUP_KIND_LABELS.items()),
        default=WorkingGroupKind.CODE.value,
        validate_choice=True,
    )
    name_zh = StringField(
        _l("中文名称"),
        validators=[
            DataRequired(message=_l("请填写中文名称。")),
            Length(max=200, message=_l("中文名称不能超过 %(max)d 个字符。")),
        ],
    )
    name_en = StringField(
        _l("英文名称"),
        validators=[
            DataRequired(message=_l("请填写英文名称（英文页面显示）。")),
            Length(max=200, message=_l("英文名称不能超过 %(max)d 个字符。")),
        ],
    )
    section_id = SelectField(_l("负责的准则"), validate_choice=True)
    # Shown once another group already owns the chosen code: the programme may split a code.
    share_section = BooleanField(_l("确认：这项准则由两个工作组共同负责"))

    def __init__(self, *args: Any, group: WorkingGroup | None = None, **kwargs: Any) -> None:
        super().__init__(*args, obj=group, **kwargs)
        self.group = group
        self.shared_with: list[WorkingGroup] = []

    def set_sections(self, sections: list[tuple[str, str]]) -> None:
        """Offer the codes of practice (id, title); a stored one no rubric has stays offered."""
        pairs = list(sections)
        stored = self.group.section_id if self.group is not None else None
        if stored and stored not in {section_id for section_id, _title in pairs}:
            pairs.append((stored, stored))
        self.section_id.choices = options([("", _("（无）"))] + pairs)

    def validate_code(self, field: Any) -> None:
        code = (field.data or "").strip().upper()
        existing = group_services.find_by_code(code) if code else None
        if existing is not None and existing is not self.group:
            raise ValidationError(taken_text(existing))

    def validate_section_id(self, field: Any) -> None:
        if self.kind.data == WorkingGroupKind.CODE.value and not field.data:
            raise ValidationError(_("准则工作组须选择它负责的准则。"))
        if self.kind.data != WorkingGroupKind.CODE.value or not field.data:
            return
        stored = self.group.section_id if self.group is not None else None
        if field.data == stored:
            return  # kept as it was: confirmed (or never shared) when it was chosen
        self.shared_with = group_services.groups_owning(field.data, self.group)
        if self.shared_with and not self.share_section.data:
            names = _("；").join(
                f"{other.code} {other.display_name(current_lang())}" for other in self.shared_with
            )
            raise ValidationError(
                _(
                    "这项准则已由工作组“%(names)s”负责。同行评审的抽样和组内对标默认看这项准则；"
                    "如确实要由两个工作组共同负责，请勾选下面的确认后再保存。",
                    names=names,
                )
            )

    def values(self) -> dict[str, Any]:
        kind = WorkingGroupKind(self.kind.data)
        return {
            "code": (self.code.data or "").strip().upper(),
            "kind": kind,
            "name_zh": self.name_zh.data,
            "name_en": self.name_en.data,
            "section_id": (self.section_id.data or None) if kind is WorkingGroupKind.CODE else None,
        }


def taken_text(existing: WorkingGroup) -> str:
    return str(
        _(
            "代码 %(code)s 已被工作组“%(name)s”使用；每个工作组的代码须不同。",
            code=existing.code,
            name=existing.display_name(current_lang()),
        )
    )
