"""Login, password, user and organisation-member forms."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from rcapp.accounts.models import GroupRole, OrgRole
from rcapp.accounts.password_rules import (
    MAX_PASSWORD_LENGTH,
    MIN_DISTINCT_CHARACTERS,
    MIN_PASSWORD_LENGTH,
    PasswordProblem,
    password_problem,
)
from rcapp.email_addresses import is_sendable
from rcapp.fields import CleanForm, CleanQueryForm, options
from rcapp.i18n import current_lang
from rcapp.organisations.models import Organisation


class LoginForm(CleanForm):
    email = EmailField(
        _l("电子邮箱"),
        validators=[DataRequired(message=_l("请输入电子邮箱。"))],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("密码"),
        validators=[DataRequired(message=_l("请输入密码。"))],
        render_kw={"autocomplete": "current-password"},
    )


class LogoutForm(CleanForm):
    """Log out (the CSRF token only)."""


class ForgotPasswordForm(CleanForm):
    email = EmailField(
        _l("电子邮箱"),
        render_kw={"autocomplete": "email"},
        validators=[
            DataRequired(message=_l("请输入电子邮箱。")),
            Length(max=254, message=_l("电子邮箱不能超过 %(max)d 个字符。")),
        ],
    )


class NewPasswordForm(CleanForm):
    # Browsers offer to generate and keep a password only in fields marked as new ones.
    password = PasswordField(
        _l("新密码"),
        validators=[DataRequired(message=_l("请输入新密码。"))],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("确认新密码"),
        validators=[EqualTo("password", message=_l("两次输入的密码不一致。"))],
        render_kw={"autocomplete": "new-password"},
    )
    # Whose password this is (the view sets them): it must not contain their e-mail
    # address, their name or their organisation's name.
    owner_email = ""
    owner_names: list[str] = []
    owner_name = ""

    def validate_password(self, field: Any) -> None:
        check_password_rules(field.data, self.owner_email, self.owner_names, self.owner_name)


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(
        _l("当前密码"),
        validators=[DataRequired(message=_l("请输入当前密码。"))],
        render_kw={"autocomplete": "current-password"},
    )


def password_message(problem: PasswordProblem) -> str:
    """Say which password rule is broken, in the user's language."""
    messages = {
        PasswordProblem.TOO_SHORT: _l("密码至少需要 %(min)d 个字符。", min=MIN_PASSWORD_LENGTH),
        PasswordProblem.TOO_LONG: _l("密码不能超过 %(max)d 个字符。", max=MAX_PASSWORD_LENGTH),
        PasswordProblem.REPETITIVE: _l(
            "密码中不同的字符太少（例如 aaaaaaaaaa），请至少使用 %(count)d 个不同的字符。",
            count=MIN_DISTINCT_CHARACTERS,
        ),
        PasswordProblem.COMMON: _l("这个密码太常见，很容易被猜到，请换一个。"),
        PasswordProblem.SEQUENCE: _l(
            "密码几乎全由连续的数字、字母或键盘上相邻的键组成（例如 0123456789a、qwertyuiop），"
            "很容易被猜到，请换一个。"
        ),
        PasswordProblem.PERSONAL: _l("密码不能包含您的电子邮箱或所在单位的名称（含英文名称）。"),
        PasswordProblem.NAME: _l("密码不能包含姓名（不区分大小写，忽略空格）。"),
    }
    return str(messages[problem])


def check_password_rules(
    password: str | None, email: str, names: list[str], person: str = ""
) -> None:
    problem = password_problem(password or "", email=email, names=names, person=person)
    if problem is not None:
        raise ValidationError(password_message(problem))


BAD_EMAIL = _l("电子邮箱格式不正确，例如 zhang@example.cn。")


def sendable_email(_form: Any, field: Any) -> None:
    """Refuse an address the mail sender could not write (rcapp.email_addresses, qa60 #1)."""
    if field.data and not is_sendable(field.data):
        raise ValidationError(BAD_EMAIL)


def email_field(label: Any = None) -> EmailField:
    """Return a field for an address people are mailed at: required, sendable, <= 254 long."""
    return EmailField(
        label or _l("电子邮箱"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("请填写电子邮箱。")),
            Length(max=254, message=_l("电子邮箱不能超过 %(max)d 个字符。")),
            sendable_email,
        ],
    )


ROLE_LABELS = {OrgRole.MEMBER: _l("填报人"), OrgRole.ADMIN: _l("管理员")}


def role_in_sentence(role: OrgRole) -> str:
    """Name a role inside a sentence ("…changed from contributor to administrator")."""
    words = {
        OrgRole.MEMBER: pgettext("in a sentence", "填报人"),
        OrgRole.ADMIN: pgettext("in a sentence", "管理员"),
    }
    return str(words[role])


GROUP_ROLE_LABELS = {
    GroupRole.LEAD: _l("组长"),
    GroupRole.DEPUTY: _l("副组长"),
    GroupRole.REVIEWER: _l("评审员"),
}


def _optional_int(value: Any) -> int | None:
    return int(value) if value not in (None, "", "None") else None


def _strip(value: str | None) -> str | None:
    return value.strip() if value else value


class MemberForm(CleanForm):
    """An organisation admin adds a colleague; the colleague sets a password by invitation."""

    name = StringField(
        _l("姓名"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("请填写姓名。")),
            Length(max=100, message=_l("姓名不能超过 %(max)d 个字符。")),
        ],
    )
    email = email_field()
    role = SelectField(_l("角色"), choices=options(ROLE_LABELS.items()), default="member")
    # The invitation mail and the first pages after login are in this language (User.language);
    # the form opens on the language of whoever adds the account. Each language is named in
    # itself, as language menus do.
    language = SelectField(
        _l("邮件与界面语言"),
        choices=options([("zh_CN", "中文"), ("en", "English")]),
        default=lambda: "en" if current_lang() == "en" else "zh_CN",
    )


class JoinForm(CleanForm):
    """The secretariat adds an existing account to one more organisation."""

    email = email_field()
    role = SelectField(_l("角色"), choices=options(ROLE_LABELS.items()), default="member")


class UserForm(MemberForm):
    """The secretariat creates any account: with an invitation link or a first password."""

    is_secretariat = BooleanField(_l("秘书处工作人员"))
    organisation_id = SelectField(_l("所属单位"), coerce=_optional_int, validate_choice=True)
    access = RadioField(
        _l("首次登录方式"),
        choices=options(
            [("invite", _l("生成邀请链接（14 天内有效）")), ("password", _l("设置初始密码"))]
        ),
        default="invite",
    )
    # Checked in validate_password only when "set a first password" is chosen.
    password = PasswordField(_l("初始密码"), render_kw={"autocomplete": "new-password"})

    def set_organisations(self, organisations: list[Organisation]) -> None:
        self._names = {o.id: [o.name_zh, o.name_en or ""] for o in organisations}
        lang = current_lang()
        self.organisation_id.choices = options([("", _l("（不属于任何单位）"))]) + options(
            (str(o.id), _("%(name)s（%(code)s）", name=o.display_name(lang), code=o.credit_code))
            for o in organisations
        )

    def validate_password(self, field: Any) -> None:
        if self.access.data != "password":
            field.data = None
            return
        if not field.data:
            raise ValidationError(_l("选择“设置初始密码”时，请填写初始密码。"))
        names = getattr(self, "_names", {}).get(self.organisation_id.data, [])
        check_password_rules(field.data, self.email.data or "", names, self.name.data or "")

    def validate_organisation_id(self, field: Any) -> None:
        if field.data is None and not self.is_secretariat.data:
            raise ValidationError(_l("请选择所属单位，或勾选“秘书处工作人员”。"))


def _change_reason() -> StringField:
    """Why a role is given or taken (optional), kept in the audit log's reason (QA47 D3)."""
    return StringField(
        _l("修改原因（可不填）"),
        filters=[_strip],
        validators=[Length(max=500, message=_l("修改原因不能超过 %(max)d 个字符。"))],
        render_kw={"maxlength": 500},
    )


class RoleForm(CleanForm):
    role = SelectField(_l("角色"), choices=options(ROLE_LABELS.items()))
    # The role the page showed: a change made since is not undone unawares.
    shown = HiddenField()
    reason = _change_reason()


class CorrectEmailForm(CleanForm):
    """The right address for an account whose invitation was never used (qa60 #2)."""

    email = email_field(_l("正确的电子邮箱"))


class RemoveMemberForm(CleanForm):
    """The confirmation page posts `confirmed`; a bare POST only leads to that page."""

    confirmed = HiddenField()


class DeactivateForm(CleanForm):
    """The confirmation page posts `confirmed`; a bare POST or a GET only leads to that page."""

    confirmed = HiddenField()
    # Shown to the organisation's admins beside the stopped account (and in the audit log).
    reason = TextAreaField(
        _l("停用原因"),  # the form's one field, optional: its help says so (QA47)
        filters=[_strip],
        validators=[Length(max=500, message=_l("停用原因不能超过 %(max)d 个字符。"))],
    )


class UserSearchForm(CleanQueryForm):
    """The users list filter; read from the query string, so no CSRF token."""

    q = StringField(_l("姓名、电子邮箱或单位"))
    status = SelectField(
        _l("状态"),
        choices=options([("", _l("全部")), ("active", _l("已启用")), ("inactive", _l("已停用"))]),
    )


class GroupRoleForm(CleanForm):
    email = EmailField(
        _l("用户电子邮箱"),
        filters=[_strip],
        validators=[DataRequired(message=_l("请填写用户的电子邮箱。"))],
    )
    role = SelectField(_l("角色"), choices=options(GROUP_ROLE_LABELS.items()))
    reason = _change_reason()


class RemoveGroupRoleForm(CleanForm):
    reason = _change_reason()
