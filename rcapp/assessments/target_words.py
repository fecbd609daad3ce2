"""Where and when an organisation's own KPI targets are set, said for the assessment's state.

Targets count towards the 4- and 5-star condition of the result they are stored with: a
submitted result is kept (snapshots), so its targets are set before submitting and stay as
they are after. Pages that ask for targets say so for the state the reader is in (qa14 D7):
a draft's targets are added on its KPI page; a submitted one's are set in next year's
self-assessment, or its organisation asks the secretariat to return it.
"""

from __future__ import annotations

from rcapp.assessments.facts import AssessmentFacts
from rcapp.assessments.messages import _
from rcapp.assessments.models import Assessment


def targets_where(assessment: Assessment | AssessmentFacts, member: bool) -> str:
    """Say where the assessment's own targets are set; `member`: the reader belongs to it."""
    year = assessment.cycle.year
    if assessment.is_editable and assessment.cycle.is_open:
        if member:
            return _("指标目标在本自评的 KPI 数据页设定，提交自评前均可添加或修改。")
        return _("指标目标由单位在提交自评前于 KPI 数据页设定。")
    if not assessment.cycle.is_open:
        return _(
            "指标目标须在提交自评前于 KPI 数据页设定；%(year)s 年度已关闭，其目标不能再修改，"
            "可在下一年度的自评中设定。",
            year=year,
        )
    if member:
        return _(
            "指标目标须在提交自评前于 KPI 数据页设定；%(year)s 年度的自评已提交，其目标不能再修改。"
            "可在下一年度的自评中设定；如须计入 %(year)s 年度的结果，请联系秘书处退回本自评。",
            year=year,
        )
    return _(
        "指标目标由单位在提交自评前于 KPI 数据页设定；"
        "%(year)s 年度的自评已提交，其目标不能再修改。",
        year=year,
    )
