"""The KPI page's target form: read the fields, word the answer rules' violations by label."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (  # type: ignore[attr-defined] # stubs 3.2 lack SelectChoice (WTForms 3.3)
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)

from rcapp.assessments.kpi_targets import TargetInput
from rcapp.assessments.messages import N_, _, number_text, problem_text
from rcapp.assessments.models import KpiTarget
from rcapp.assessments.validation import NOTE_MAX, Problem, number_field
from rcapp.fields import CleanForm, MaxLength, number_keys
from rcapp.rubrics.model import Kpi, Rubric
from rcapp.scoring.answer_rules import Violation

TARGET_MESSAGES = {
    "target_kpi_unknown": N_("%(label)s：请选择本评价标准中的指标。"),
    "target_base_year_missing": N_("%(label)s：请填写基准年。"),
    "target_base_year_late": N_("%(label)s：基准年 %(base)s 不能晚于本评价年度 %(year)s。"),
    "target_base_year_incomparable": N_(
        "%(label)s：%(base)s 年度的评价细则对%(kpi)s的定义（公式或单位）与本年度不同，数值不可比，"
        "不能作为基准年；请改选定义相同的年度，例如本年度 %(year)s。"
    ),
    "target_duplicate": N_(
        "%(label)s：%(kpi)s已有 %(deadline)s 年的目标，请在下方目标列表中修改该目标，或另选目标年。"
    ),
    "target_deadline_missing": N_("%(label)s：请填写目标年。"),
    "target_deadline_early": N_("%(label)s：目标年须晚于基准年 %(base)s。"),
    "target_value_xor": N_("%(label)s：目标值与变化率须填写其一，且只填一项。"),
    "target_negative": N_("%(label)s：目标值不能为负数。"),
    "target_share_range": N_(
        "%(label)s：此指标为百分比，目标值须在 0 至 100 之间（填写的是 %(value)s）。"
    ),
    "target_share_change": N_(
        "%(label)s：按此变化率，目标为 %(value)s%%，超出百分比指标的 0 至 100%% 范围。"
    ),
    "target_change_below": N_("%(label)s：降低幅度不能超过 100%%（填写的是 %(value)s）。"),
    "target_worse_lower": N_(
        "%(label)s：%(kpi)s越低越好，目标值不能高于基准年数值%(base_value)s。"
    ),
    "target_worse_higher": N_(
        "%(label)s：%(kpi)s越高越好，目标值不能低于基准年数值%(base_value)s。"
    ),
    "target_change_worse_lower": N_(
        "%(label)s：%(kpi)s越低越好，变化率须为负数或 0（降低 8%% 填 -8）。"
    ),
    "target_change_worse_higher": N_(
        "%(label)s：%(kpi)s越高越好，变化率须为正数或 0（提高 8%% 填 8）。"
    ),
    "not_a_year": N_("%(label)s：“%(text)s”不是有效年份。"),
}


class TargetForm(CleanForm):
    kpi_id = SelectField(_l("指标"), validate_choice=False)
    base_year = StringField(_l("基准年"), render_kw={"inputmode": "numeric"})
    deadline = StringField(_l("目标年"), render_kw={"inputmode": "numeric"})
    value = StringField(_l("目标值"), render_kw={"inputmode": "decimal"})
    # Signed (-8 is a reduction of 8 %): the ordinary keyboard, which has a minus (qa44 D1).
    change_pct = StringField(_l("较基准年变化率（百分比）"), render_kw=number_keys())
    note = TextAreaField(_l("说明"), validators=[MaxLength(NOTE_MAX)])
    version = HiddenField()
    # The values the edit form was opened with (stale_forms.shown_values): a refused stale
    # save tells the colleague's changes from the user's own.
    original = HiddenField()
    compared = ("kpi_id", "base_year", "deadline", "value", "change_pct", "note")

    def set_choices(self, rubric: Rubric, lang: str) -> None:
        self.kpi_names = {k.id: k.name.get(lang) for k in rubric.kpis}
        self.kpi_id.choices = kpi_choices(rubric, lang)

    def to_input(self) -> tuple[TargetInput, list[Violation]]:
        """Read the fields; text that is no year or number is a violation of its own."""
        bad: list[Violation] = []
        years = {name: _year(self, name, bad) for name in ("base_year", "deadline")}
        numbers = {name: _number(self, name, bad) for name in ("value", "change_pct")}
        entry = TargetInput(
            kpi_id=self.kpi_id.data or "",
            base_year=years["base_year"],
            deadline=years["deadline"],
            value=numbers["value"],
            change_pct=numbers["change_pct"],
            note=self.note.data or "",
        )
        return entry, bad

    def apply_violations(self, violations: list[Violation]) -> None:
        for violation in violations:
            field = getattr(self, violation.field if violation.field != "kpi" else "kpi_id")
            kpi_name = getattr(self, "kpi_names", {}).get(violation.params.get("kpi", ""))
            text = violation_text(violation, str(field.label.text), kpi_name)
            field.errors = [*field.errors, text]


def kpi_choices(rubric: Rubric, lang: str) -> list[SelectChoice]:
    """List the KPIs by code and name, the core ones first, each kind under a heading (qa71 m9)."""
    core, other = str(_("核心指标")), str(_("其他指标"))
    ordered = sorted(rubric.kpis, key=lambda kpi: not kpi.core)  # stable: rubric order within
    return [
        SelectChoice(kpi.id, _kpi_label(kpi, lang), optgroup=core if kpi.core else other)
        for kpi in ordered
    ]


def _kpi_label(kpi: Kpi, lang: str) -> str:
    if kpi.core:
        return _("%(code)s %(name)s（核心）", code=kpi.id, name=kpi.name.get(lang))
    return _("%(code)s %(name)s", code=kpi.id, name=kpi.name.get(lang))


# What the shared number parser refuses is worded as on the KPI and events forms.
PARSER_CODES = frozenset({"not_a_number", "decimal_comma", "too_large", "too_many_decimals"})


def violation_text(violation: Violation, label: str, kpi_name: str | None = None) -> str:
    if violation.code in PARSER_CODES:
        problem = Problem("target", violation.field, violation.code, violation.params)
        return problem_text(problem, label)
    params = {key: number_text(value) for key, value in violation.params.items()}
    if kpi_name:
        params["kpi"] = kpi_name
    if "base_value" in violation.params:
        base = violation.params["base_value"]  # "（0.45）" when known, else nothing to show
        params["base_value"] = "" if base is None else _("（%(value)s）", value=number_text(base))
    if "base" in violation.params:
        params["base"] = str(violation.params["base"])  # a year: no thousands separator
    for year in ("year", "deadline"):  # years: no thousands separator
        if year in violation.params:
            params[year] = str(violation.params[year])
    return _(TARGET_MESSAGES[violation.code], **{**params, "label": label})


def target_form_data(target: KpiTarget) -> dict[str, Any]:
    return {
        "kpi_id": target.kpi_id,
        "base_year": str(target.base_year),
        "deadline": str(target.deadline),
        "value": number_text(target.value) if target.value is not None else "",
        "change_pct": number_text(target.change_pct) if target.change_pct is not None else "",
        "note": target.note or "",
        "version": str(target.version),
    }


def _text(form: TargetForm, name: str) -> str:
    return str(getattr(form, name).data or "").strip()


def _year(form: TargetForm, name: str, bad: list[Violation]) -> int | None:
    text = _text(form, name)
    if not text:
        return None
    if not text.isdigit() or not 1900 <= int(text) <= 2200:
        bad.append(Violation("not_a_year", name, {"text": text}))
        return None
    return int(text)


def _number(form: TargetForm, name: str, bad: list[Violation]) -> Decimal | None:
    # Read, and refused, as every other number field: "1,5" is not taken for 15, and "1e400"
    # gets the same message as on the KPI and events forms.
    problems: list[Problem] = []
    text = _text(form, name)
    if name == "change_pct":  # the field is in per cent: "-8%" means -8 (qa34 S17)
        text = text.removesuffix("%").removesuffix("％").strip()
    ok, number = number_field("target", name, text, problems)
    bad.extend(Violation(p.code, name, p.params) for p in problems)
    return number if ok else None
