"""Say why a save of an assessment page was refused: it was locked since the page was opened.

One answer for every write page of an assessment (section, prerequisites, KPI figures and
targets, events, submit): the year was closed by the secretariat at a time, or a colleague
submitted it at a time. The page is shown again with the input kept; the message says so.
A delete button (an event, a KPI target, an evidence file) says the delete did not happen.
"""

from __future__ import annotations

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.messages import _
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.web import beijing_time

KEPT = "kept"  # the page is shown again with the input
NOT_SUBMITTED = "not_submitted"  # the submit button: nothing was typed, nothing submitted
NOT_DELETED = "not_deleted"  # a delete button: nothing was typed, nothing deleted


def is_locked(assessment: Assessment) -> bool:
    """Whether nothing of `assessment` may be changed now: submitted, or its year closed."""
    return not (assessment.is_editable and assessment.cycle.is_open)


def locked_meanwhile_text(assessment: Assessment, outcome: str = KEPT) -> str:
    """Word the refusal for its cause: the year closed (when), or submitted (when, by whom)."""
    cycle = assessment.cycle
    if not cycle.is_open:
        when = cycle.close_requested_at or cycle.closed_at
        if outcome == NOT_SUBMITTED:
            return _(
                "%(year)s 年度已于 %(time)s由秘书处关闭，本次提交未执行，本自评仍未提交。"
                "如需逾期提交或更正，请联系秘书处。",
                year=cycle.year,
                time=beijing_time(when),
            )
        if outcome == NOT_DELETED:
            return _(
                "%(year)s 年度已于 %(time)s由秘书处关闭，本年度的自评不能再修改；"
                "删除未执行。如需更正，请联系秘书处。",
                year=cycle.year,
                time=beijing_time(when),
            )
        return _(
            "%(year)s 年度已于 %(time)s由秘书处关闭，本年度的自评不能再修改；"
            "您的输入未保存，仍显示在页面上。如需更正，请联系秘书处。",
            year=cycle.year,
            time=beijing_time(when),
        )
    name = _submitter_name(assessment)
    if outcome == NOT_DELETED:
        if assessment.status is AssessmentStatus.SUBMITTED and name is not None:
            return _(
                "本自评在您打开本页后已于 %(time)s由 %(name)s 提交，不能再修改；删除未执行。",
                time=beijing_time(assessment.submitted_at),
                name=name,
            )
        return _("本自评在您打开本页后已提交，不能再修改；删除未执行。")
    if assessment.status is AssessmentStatus.SUBMITTED and name is not None:
        return _(
            "本自评在您打开本页后已于 %(time)s由 %(name)s 提交，不能再修改；"
            "您的输入未保存，仍显示在页面上。",
            time=beijing_time(assessment.submitted_at),
            name=name,
        )
    return _("本自评在您打开本页后已提交，不能再修改；您的输入未保存，仍显示在页面上。")


def _submitter_name(assessment: Assessment) -> str | None:
    if assessment.submitted_by_id is None:
        return None
    user = db.session().get(User, assessment.submitted_by_id)
    return None if user is None else user.name
