"""The secretariat's forms for a verification, a good-practice case and withdrawing either."""

from __future__ import annotations

from typing import Any, TypeVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import FileField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from rcapp.assessments.recognition_models import PublishedIn, Verifier
from rcapp.assessments.recognition_services import GoodPracticeCase, Verification
from rcapp.clock import beijing_today
from rcapp.fields import CleanForm, DayField, options

VERIFIER_LABELS = {
    Verifier.SECRETARIAT: _l("秘书处"),
    Verifier.THIRD_PARTY: _l("第三方机构"),
}
PUBLISHED_IN_LABELS = {
    PublishedIn.REPORT: _l("报告"),
    PublishedIn.URL: _l("网页"),
    PublishedIn.MEETING: _l("会议"),
}
_NOTE_MAX = 1000
_T = TypeVar("_T")


def _filled(value: _T | None) -> _T:
    """Return a validated required field's value (the form refused it empty)."""
    if value is None:
        raise ValueError("a required field is empty after validation")
    return value


def _not_future(_form: Any, field: Any) -> None:
    if field.data is not None and field.data > beijing_today():
        raise ValidationError(_("%(label)s不能晚于今天。", label=field.label.text))


def _note() -> TextAreaField:
    return TextAreaField(
        _l("说明"),
        validators=[
            Optional(),
            Length(max=_NOTE_MAX, message=_l("说明不能超过 %(max)d 个字符。")),
        ],
    )


class VerificationForm(CleanForm):
    verifier = RadioField(
        _l("核实方"),
        choices=options(VERIFIER_LABELS.items()),
        default=Verifier.SECRETARIAT.value,
        validators=[InputRequired(message=_l("请选择核实方。"))],
    )
    verifier_name = StringField(
        _l("机构名称"),
        validators=[Length(max=200, message=_l("机构名称不能超过 %(max)d 个字符。"))],
    )
    on_date = DayField(
        _l("核实日期"),
        past=True,
        validators=[InputRequired(message=_l("请填写核实日期（年-月-日）。")), _not_future],
    )
    note = _note()
    evidence = FileField(_l("核实报告或证明文件（可选）"))
    shown_id = HiddenField()

    def validate_verifier_name(self, field: Any) -> None:
        if self.verifier.data == Verifier.THIRD_PARTY.value and not (field.data or "").strip():
            raise ValidationError(_("由第三方机构核实时，请填写机构名称。"))

    def verification(self) -> Verification:
        return Verification(
            verifier=Verifier(self.verifier.data),
            verifier_name=self.verifier_name.data or "",
            on_date=_filled(self.on_date.data),
            note=self.note.data or "",
        )


class CaseForm(CleanForm):
    title = StringField(
        _l("案例标题"),
        validators=[
            DataRequired(message=_l("请填写案例标题。")),
            Length(max=200, message=_l("案例标题不能超过 %(max)d 个字符。")),
        ],
    )
    published_in = RadioField(
        _l("发布形式"),
        choices=options(PUBLISHED_IN_LABELS.items()),
        default=PublishedIn.REPORT.value,
        validators=[InputRequired(message=_l("请选择发布形式。"))],
    )
    published_where = StringField(
        _l("发布位置（报告名称、网址或会议名称）"),
        validators=[
            DataRequired(message=_l("请填写发布位置：报告名称、网址或会议名称。")),
            Length(max=500, message=_l("发布位置不能超过 %(max)d 个字符。")),
        ],
    )
    on_date = DayField(
        _l("发布日期"),
        past=True,
        validators=[InputRequired(message=_l("请填写发布日期（年-月-日）。")), _not_future],
    )
    note = _note()
    shown_id = HiddenField()

    def validate_published_where(self, field: Any) -> None:
        url = self.published_in.data == PublishedIn.URL.value
        if url and not (field.data or "").lower().startswith(("http://", "https://")):
            raise ValidationError(
                _("发布形式为网页时，发布位置须为以 http:// 或 https:// 开头的网址。")
            )

    def case(self) -> GoodPracticeCase:
        return GoodPracticeCase(
            title=_filled(self.title.data),
            published_in=PublishedIn(self.published_in.data),
            published_where=_filled(self.published_where.data),
            on_date=_filled(self.on_date.data),
            note=self.note.data or "",
        )


class WithdrawRecognitionForm(CleanForm):
    reason = TextAreaField(
        _l("撤销原因"),
        validators=[
            DataRequired(message=_l("请填写撤销原因，它将记入审计日志。")),
            Length(max=_NOTE_MAX, message=_l("撤销原因不能超过 %(max)d 个字符。")),
        ],
    )
    version = HiddenField()

    def shown_version(self) -> int:
        """Return the version the page showed (-1 when missing: never the stored one)."""
        text = (self.version.data or "").strip()
        return int(text) if text.isdigit() else -1


def shown_id_of(field: Any) -> int | None:
    """Read the hidden id of the record the page showed (empty: none)."""
    text = (field.data or "").strip()
    return int(text) if text.isdigit() else None
