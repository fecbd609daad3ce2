"""Forms for organisations, value-chain partners, the organisation list filter and group roles."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from rcapp.clock import beijing_today
from rcapp.fields import ID_MAX, CleanForm, CleanQueryForm, DayField, options
from rcapp.i18n import current_lang
from rcapp.organisations.contact_fields import ContactFields
from rcapp.organisations.contact_fields import blank_to_none as _blank_to_none
from rcapp.organisations.credit_code import normalise_credit_code
from rcapp.organisations.credit_code_field import check_credit_code
from rcapp.organisations.group_kinds import wrong_group_text, wrong_kind_groups
from rcapp.organisations.models import (
    CONTACT_FIELDS,
    CommitmentStatus,
    Organisation,
    OrganisationKind,
    PartnerRelation,
    ValueChainPartner,
    WorkingGroup,
)
from rcapp.organisations.provinces import PROVINCES, province_label

KIND_LABELS = {OrganisationKind.COMPANY: _l("企业"), OrganisationKind.PARK: _l("化工园区")}
COMMITMENT_LABELS = {
    CommitmentStatus.NOT_SIGNED: _l("未签署"),
    CommitmentStatus.SIGNED: _l("已签署"),
    CommitmentStatus.SUSPENDED: _l("暂停"),
    CommitmentStatus.WITHDRAWN: _l("已退出"),
}
RELATION_LABELS = {
    PartnerRelation.SUPPLIER: _l("供应商"),
    PartnerRelation.CUSTOMER: _l("客户"),
    PartnerRelation.CARRIER: _l("承运商"),
    PartnerRelation.CONTRACTOR: _l("承包商"),
    PartnerRelation.OTHER: _l("其他"),
}


def _normalise(value: str | None) -> str | None:
    return normalise_credit_code(value) if value else value


def _optional_int(value: Any) -> int | None:
    if value in (None, "", "None"):
        return None
    number = int(value)
    return number if abs(number) <= ID_MAX else None  # no row has it; PostgreSQL would refuse it


class ProfileForm(ContactFields):
    """What an organisation's own admin may change (services.PROFILE_FIELDS).

    The legal Chinese name and the chemical park are the secretariat's (OrganisationForm):
    the profile page shows them read-only.
    """

    name_en = StringField(
        _l("英文名称"),
        filters=[_blank_to_none],
        validators=[Optional(), Length(max=200, message=_l("英文名称不能超过 %(max)d 个字符。"))],
    )
    province = SelectField(
        _l("省份"),
        choices=options([("", _l("请选择"))] + [(p, province_label(p)) for p in PROVINCES]),
        validators=[DataRequired(message=_l("请选择省份。"))],
    )
    city = StringField(
        _l("城市"),
        validators=[
            DataRequired(message=_l("请填写城市。")),
            Length(max=100, message=_l("城市不能超过 %(max)d 个字符。")),
        ],
    )
    sector = StringField(
        _l("行业"),
        render_kw={"list": "sector-options"},  # the known sectors offered, free text allowed
        filters=[_blank_to_none],
        validators=[Optional(), Length(max=100, message=_l("行业不能超过 %(max)d 个字符。"))],
    )
    parent_group = StringField(
        _l("所属集团"),
        filters=[_blank_to_none],
        validators=[Optional(), Length(max=200, message=_l("所属集团不能超过 %(max)d 个字符。"))],
    )
    # A changed name: renamed (the old one kept as a former name) or a typo corrected.
    name_change = RadioField(
        _l("名称修改方式"),
        choices=options(
            [("rename", _l("更名（保留原名为曾用名）")), ("correct", _l("更正错字（不保留）"))]
        ),
        default="rename",
    )
    # The profile's version when the form was loaded: a stale save is refused (lost update).
    version = HiddenField()
    # The values the page was opened with (stale_forms.shown_values): a refused stale save
    # tells the colleague's changes from the user's own.
    original = HiddenField()
    compared: tuple[str, ...] = (
        "name_en",
        "province",
        "city",
        "sector",
        "parent_group",
        *CONTACT_FIELDS,
    )

    def keeps_former_name(self) -> bool:
        return bool(self.name_change.data != "correct")

    def values(self) -> dict[str, Any]:
        # a park's form has no company fields (ParkProfileForm): their stored values stay
        return {name: getattr(self, name).data for name in ProfileForm.compared if name in self}


class ParkProfileForm(ProfileForm):
    """A chemical park's own profile form: worded for a park, without company fields (qa38 S4).

    A park (its administrative committee) has no industry class: its `sector` is its
    category (化工园区（省级认定）, sectors._PARK_NAMES), asked as 园区类别. It belongs to no
    corporate group: 所属集团 is not asked, and what is stored stays.
    """

    sector = StringField(
        _l("园区类别"),
        render_kw={"list": "sector-options"},
        filters=[_blank_to_none],
        validators=[Optional(), Length(max=100, message=_l("园区类别不能超过 %(max)d 个字符。"))],
    )
    parent_group = None  # type: ignore[assignment]  # WTForms: a subclass drops the field
    compared = ("name_en", "province", "city", "sector", *CONTACT_FIELDS)


def _group_id(value: Any) -> int:
    """Accept a WorkingGroup (from `obj=organisation`) as well as a submitted id.

    WTForms reads `obj.working_groups` before any `working_groups=` keyword, so without this
    the edit form showed no group ticked and a plain save removed every group.
    """
    if isinstance(value, WorkingGroup):
        return value.id
    return int(value)


class OrganisationForm(ProfileForm):
    """The secretariat's full form: also kind, credit code, legal name, park, groups, commitment."""

    name_zh = StringField(
        _l("中文名称"),
        validators=[
            DataRequired(message=_l("请填写中文名称。")),
            Length(max=200, message=_l("中文名称不能超过 %(max)d 个字符。")),
        ],
    )
    park_id = SelectField(_l("所在化工园区"), coerce=_optional_int, validate_choice=True)
    kind = SelectField(
        _l("类型"),
        choices=options(KIND_LABELS.items()),
        validators=[DataRequired(message=_l("请选择类型。"))],
    )
    credit_code = StringField(
        _l("统一社会信用代码"),
        filters=[_normalise],
        validators=[DataRequired(message=_l("请填写统一社会信用代码。")), check_credit_code],
    )
    working_groups = SelectMultipleField(
        _l("工作组"),
        coerce=_group_id,
        validate_choice=True,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    commitment_status = SelectField(
        _l("承诺书状态"), choices=options(COMMITMENT_LABELS.items()), default="not_signed"
    )
    commitment_signed_on = DayField(_l("签署日期"), validators=[Optional()], past=True)
    compared = (
        "name_zh",
        *ProfileForm.compared,
        "park_id",
        "kind",
        "credit_code",
        "working_groups",
        "commitment_status",
        "commitment_signed_on",
        "commitment_signatory",
    )
    commitment_signatory = StringField(
        _l("签署人"),
        filters=[_blank_to_none],
        validators=[Optional(), Length(max=100, message=_l("签署人不能超过 %(max)d 个字符。"))],
    )

    def set_groups(self, groups: list[WorkingGroup]) -> None:
        # By name only, as every other list of working groups (the code is no word of the page)
        self.working_groups.choices = options(
            (g.id, g.display_name(current_lang())) for g in groups
        )
        self.groups_by_id = {g.id: g for g in groups}

    groups_by_id: dict[int, WorkingGroup] = {}  # noqa: RUF012 - replaced per form by set_groups

    def validate_working_groups(self, field: Any) -> None:
        """Refuse a group made of the other kind: a company in the parks group, a park elsewhere.

        A company was saved into 园区工作组 without a word (secwords #3); the group's
        statistics compare parks with parks (WorkingGroup.member_kind). Said here, beside the
        field; the services refuse it too (group_kinds), for the import and the command line.
        """
        kind = self.current_kind()
        if kind is None:
            return
        chosen = [self.groups_by_id[i] for i in field.data or () if i in self.groups_by_id]
        wrong = wrong_kind_groups(kind, chosen)
        if wrong:
            raise ValidationError(wrong_groups_text(kind, wrong))

    def set_parks(self, parks: list[Organisation]) -> None:
        lang = current_lang()
        self.park_id.choices = options(
            [("", _("（不在园区内）"))] + [(str(p.id), p.display_name(lang)) for p in parks]
        )

    def current_kind(self) -> str | None:
        return str(self.kind.data) if self.kind.data else None

    # The park the edited organisation is in now: kept as it is, it is left when the kind
    # becomes park (services.park_after_kind); another park chosen for a park is refused.
    stored_park_id: int | None = None

    def validate_park_id(self, field: Any) -> None:
        if field.data is None or field.data == self.stored_park_id:
            return
        if self.current_kind() == OrganisationKind.PARK:
            raise ValidationError(_("化工园区不能位于另一个化工园区内，请将“所在化工园区”留空。"))

    def validate_commitment_signed_on(self, field: Any) -> None:
        if field.data is not None and field.data > dt.datetime.now(dt.UTC).date():
            raise ValidationError(_("签署日期不能晚于今天。"))

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        # An empty optional date stops its own validators, so the "signed needs a date"
        # rule runs here.
        signed_on = self.commitment_signed_on
        if self.commitment_status.data == CommitmentStatus.SIGNED and signed_on.data is None:
            if not signed_on.errors:
                signed_on.errors = [_("承诺书状态为“已签署”时，请填写签署日期。")]
            return False
        return valid

    def values(self) -> dict[str, Any]:
        return super().values() | {
            "name_zh": self.name_zh.data,
            "park_id": self.park_id.data,
            "kind": OrganisationKind(self.kind.data),
            "credit_code": self.credit_code.data,
            "commitment_status": CommitmentStatus(self.commitment_status.data),
            "commitment_signed_on": self.commitment_signed_on.data,
            "commitment_signatory": self.commitment_signatory.data,
        }


def wrong_groups_text(kind: str, groups: list[WorkingGroup]) -> str:
    """Say why the form's "工作组" cannot hold the first of `groups` (group_kinds)."""
    name = groups[0].display_name(current_lang())
    return wrong_group_text(kind, name, str(_("请在“工作组”中取消勾选它。")))


def _not_after_today(_form: Any, field: Any) -> None:
    """Refuse a joining date after today: joining is a past event, a later date a slip."""
    today = beijing_today()
    if field.data is not None and field.data > today:
        raise ValidationError(_("加入日期不能晚于今天（%(today)s）。", today=today.isoformat()))


def partner_label(partner: ValueChainPartner) -> str:
    """Name a partner so that two of one name can be told apart: its code, else its relation."""
    if partner.credit_code:
        code = partner.credit_code
        return str(_("“%(name)s”（统一社会信用代码 %(code)s）", name=partner.name, code=code))
    relation = RELATION_LABELS.get(partner.relation, partner.relation)
    return str(_("“%(name)s”（%(relation)s）", name=partner.name, relation=relation))


class PartnerForm(CleanForm):
    name = StringField(
        _l("合作伙伴名称"),
        validators=[
            DataRequired(message=_l("请填写合作伙伴名称。")),
            Length(max=200, message=_l("合作伙伴名称不能超过 %(max)d 个字符。")),
        ],
    )
    credit_code = StringField(
        _l("统一社会信用代码"),
        filters=[_normalise, _blank_to_none],
        validators=[Optional(), check_credit_code],
    )
    relation = SelectField(
        _l("合作关系"),
        choices=options(RELATION_LABELS.items()),
        validators=[DataRequired(message=_l("请选择合作关系。"))],
    )
    joined_on = DayField(_l("加入日期"), validators=[Optional(), _not_after_today], past=True)
    note = TextAreaField(
        _l("备注"),
        filters=[_blank_to_none],
        validators=[Optional(), Length(max=500, message=_l("备注不能超过 %(max)d 个字符。"))],
    )
    # The partner the edit page showed (partners.partner_stamp): a stale save is refused.
    seen = HiddenField()
    original = HiddenField()  # as ProfileForm.original
    compared = ("name", "credit_code", "relation", "joined_on", "note")

    def values(self) -> dict[str, Any]:
        return {
            "name": (self.name.data or "").strip(),
            "credit_code": self.credit_code.data,
            "relation": PartnerRelation(self.relation.data),
            "joined_on": self.joined_on.data,
            "note": self.note.data,
        }


class OrganisationFilterForm(CleanQueryForm):
    """The list filter; read from the query string, so no CSRF token."""

    q = StringField(_l("名称或信用代码"))
    kind = SelectField(_l("类型"), choices=options([("", _l("全部")), *KIND_LABELS.items()]))
    province = SelectField(
        _l("省份"),
        choices=options([("", _l("全部"))] + [(p, province_label(p)) for p in PROVINCES]),
    )
    working_group = SelectField(_l("工作组"), coerce=_optional_int, validate_choice=False)
    commitment_status = SelectField(
        _l("承诺书状态"), choices=options([("", _l("全部")), *COMMITMENT_LABELS.items()])
    )

    def set_groups(self, groups: list[WorkingGroup]) -> None:
        self.working_group.choices = options(
            [("", _("全部"))] + [(str(g.id), g.display_name(current_lang())) for g in groups]
        )


class ImportFileForm(CleanForm):
    """The organisation list to import (checked by import_check, nothing written yet)."""

    file = FileField(
        _l("填好的单位导入模板（.xlsx）"),
        validators=[FileRequired(message=_l("请选择要导入的 Excel 文件。"))],
    )


class ImportConfirmForm(CleanForm):
    """CSRF, and what the preview showed: a file that now means something else is refused."""

    fingerprint = HiddenField()
