"""Forms to open a reporting cycle, move its deadline and reopen it."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from rcapp.fields import CleanForm, DayField, options
from rcapp.rubrics.registry import RubricSummary

FIRST_YEAR, LAST_YEAR = 2000, 2100


def rubric_value(summary: RubricSummary) -> str:
    return f"{summary.id}@{summary.version}"


def _rubric_choices(summaries: list[RubricSummary], lang: str) -> list[Any]:
    return options([("", _("请选择"))]) + options(
        (
            rubric_value(s),
            f"{s.title.get(lang)} · {s.id} v{s.version}（{s.effective_year}）",
        )
        for s in sorted(summaries, key=lambda s: (-s.effective_year, s.id, -s.version))
    )


class DeadlineForm(CleanForm):
    deadline = DayField(
        _l("截止日期"), validators=[InputRequired(message=_l("请填写截止日期（年-月-日）。"))]
    )


class CycleForm(DeadlineForm):
    year = IntegerField(
        _l("年度"),
        validators=[
            InputRequired(message=_l("请填写年度，例如 2025。")),
            NumberRange(FIRST_YEAR, LAST_YEAR, message=_l("年度须在 %(min)s 到 %(max)s 之间。")),
        ],
    )
    company_rubric = SelectField(
        _l("企业评价细则"), validators=[DataRequired(message=_l("请选择企业评价细则。"))]
    )
    park_rubric = SelectField(
        _l("园区评价细则"), validators=[DataRequired(message=_l("请选择园区评价细则。"))]
    )

    def set_rubrics(self, summaries: list[RubricSummary], lang: str) -> None:
        self.summaries = {rubric_value(s): s for s in summaries}
        self.company_rubric.choices = _rubric_choices(
            [s for s in summaries if s.kind == "company"], lang
        )
        self.park_rubric.choices = _rubric_choices([s for s in summaries if s.kind == "park"], lang)

    def validate_deadline(self, field: Any) -> None:
        if (
            field.data is not None
            and self.year.data is not None
            and field.data.year < self.year.data
        ):
            raise ValidationError(_("截止日期不能早于 %(year)d 年。", year=self.year.data))

    def chosen(self) -> tuple[RubricSummary, RubricSummary]:
        return self.summaries[self.company_rubric.data], self.summaries[self.park_rubric.data]


class ReopenForm(CleanForm):
    reason = TextAreaField(
        _l("重新开放的原因"),
        validators=[
            DataRequired(message=_l("请填写重新开放的原因，它将记入审计日志。")),
            Length(min=5, max=2000, message=_l("原因须为 %(min)d 到 %(max)d 个字符。")),
        ],
    )
