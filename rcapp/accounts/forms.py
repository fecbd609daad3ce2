"""Login and password forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from rcapp.accounts.services import MIN_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    email = EmailField(_l("电子邮箱"), validators=[DataRequired(message=_l("请输入电子邮箱。"))])
    password = PasswordField(_l("密码"), validators=[DataRequired(message=_l("请输入密码。"))])


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        _l("新密码"),
        validators=[
            DataRequired(message=_l("请输入新密码。")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=128,
                message=_l("密码长度须为 %(min)d 到 %(max)d 个字符。"),
            ),
        ],
    )
    confirm = PasswordField(
        _l("确认新密码"),
        validators=[EqualTo("password", message=_l("两次输入的密码不一致。"))],
    )


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(
        _l("当前密码"), validators=[DataRequired(message=_l("请输入当前密码。"))]
    )
