"""Say on every editing page that the submission deadline has passed, and what that means.

After the deadline (or the secretariat's extension) a save is still kept, as a draft; only
submitting needs the secretariat to open a late submission. The overview, the header of
every assessment page and each save's message say so with the same rule (may_submit_now).
"""

from __future__ import annotations

from rcapp.assessments.facts import AssessmentFacts
from rcapp.assessments.messages import _
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.clock import beijing_today
from rcapp.cycles.deadlines import may_submit_now, own_deadline


def past_deadline(assessment: Assessment | AssessmentFacts) -> bool:
    """Whether an unsubmitted assessment of an open year can no longer be submitted today."""
    return (
        assessment.status is not AssessmentStatus.SUBMITTED
        and assessment.cycle.is_open
        and not may_submit_now(assessment.cycle, assessment.organisation_id, beijing_today())
    )


def closed_message(assessment: Assessment | AssessmentFacts) -> str:
    """Word why a submit is refused now: the deadline, or the extension, has passed."""
    deadline = own_deadline(assessment.cycle, assessment.organisation_id)
    if deadline.extended:  # the secretariat's extension has run out too
        return _(
            "逾期提交的延期日期 %(date)s 已过，不能再提交；如需再次延期，请联系秘书处。",
            date=deadline.day.isoformat(),
        )
    return _("提交截止日期已过；如需逾期提交，请联系秘书处开通。")


def saved_text(assessment: Assessment) -> str:
    """Word a clean save: past the deadline, that it was kept as a draft only."""
    if past_deadline(assessment):
        return _("已保存为草稿。%(closed)s", closed=closed_message(assessment))
    return _("已保存。")


def saved_note(assessment: Assessment) -> str | None:
    """Word the deadline, if passed, beside any other save message (some saved, some refused)."""
    if past_deadline(assessment):
        return _("已保存的内容为草稿。%(closed)s", closed=closed_message(assessment))
    return None
