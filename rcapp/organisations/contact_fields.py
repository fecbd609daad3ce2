"""The site address and contact fields of the organisation forms (own admin and secretariat).

On-site reviewers read them in their assignment mail and page (reviews.site_contact).
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField
from wtforms.validators import Length, Optional, ValidationError

from rcapp.email_addresses import is_sendable
from rcapp.fields import CleanForm
from rcapp.organisations.contact_phone import normalise_phone


def blank_to_none(value: str | None) -> str | None:
    """Store an empty or blank optional text as None (the organisation forms' filter)."""
    return value.strip() or None if value else None


def _phone_written_one_way(value: str | None) -> str | None:
    """Store a valid number as contact_phone writes it; leave an invalid one for the check."""
    value = blank_to_none(value)
    return (normalise_phone(value) or value) if value else None


def check_phone(_form: Any, field: Any) -> None:
    if field.data and normalise_phone(field.data) is None:
        raise ValidationError(PHONE_MESSAGE)


def check_email(_form: Any, field: Any) -> None:
    if field.data and not is_sendable(field.data):
        raise ValidationError(_l("联系邮箱格式不正确，例如 hse@example.cn。"))


PHONE_MESSAGE = _l(
    "联系电话格式不正确：请填写以 1 开头的 11 位手机号码，"
    "或带区号的固定电话（如 0571-88881234，分机号写在“转”之后）。"
)


class ContactFields(CleanForm):
    """Where on-site reviewers go and whom they call; all optional."""

    site_address = StringField(
        _l("地址"),
        filters=[blank_to_none],
        validators=[Optional(), Length(max=300, message=_l("地址不能超过 %(max)d 个字符。"))],
    )
    hse_contact = StringField(
        _l("HSE 联系人"),
        filters=[blank_to_none],
        validators=[Optional(), Length(max=100, message=_l("HSE 联系人不能超过 %(max)d 个字符。"))],
    )
    contact_phone = StringField(
        _l("联系电话"),
        filters=[_phone_written_one_way],
        validators=[
            Optional(),
            Length(max=40, message=_l("联系电话不能超过 %(max)d 个字符。")),
            check_phone,
        ],
        render_kw={"inputmode": "tel", "autocomplete": "tel"},
    )
    contact_email = EmailField(
        _l("联系邮箱"),
        filters=[blank_to_none],
        validators=[
            Optional(),
            Length(max=254, message=_l("联系邮箱不能超过 %(max)d 个字符。")),
            check_email,
        ],
    )
