"""Why an assessment cannot be changed now, and what can be done: in the page's words.

Said on its read-only pages and on the page a locked write page answers with (409), so a
member is told "submitted on … by …, ask the secretariat to return it", not "no permission".
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.facts import AssessmentFacts
from rcapp.assessments.messages import _
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.review_hook import review_underway
from rcapp.i18n import current_lang, person_text
from rcapp.object_cache import PerKey
from rcapp.web import beijing_time


@dataclass(frozen=True)
class LockNotice:
    why: str  # what locks it: submitted when and by whom, a closed year, a peer review
    what: str | None  # what a member can do about it; None for those who cannot ask


# Notices by everything they are made from (facts read on this request, the language):
# a read-only section page served from what it keeps asks on every request.
_notices: PerKey[Hashable, LockNotice | None] = PerKey(size=1024)


def lock_notice(assessment: Assessment | AssessmentFacts, member: bool) -> LockNotice | None:
    """Return why `assessment` cannot be changed, None while it can be.

    `member`: the reader belongs to the organisation (and is told whom to ask).
    """
    if isinstance(assessment, AssessmentFacts) and assessment.review_underway is not None:
        key = (
            current_lang(),
            member,
            assessment.status,
            assessment.cycle,
            assessment.submitted_at,
            assessment.submitted_by_name,
            assessment.review_underway,
        )
        return _notices.get(key, lambda: _worded(assessment, member))
    return _worded(assessment, member)


def _worded(assessment: Assessment | AssessmentFacts, member: bool) -> LockNotice | None:
    submitted = assessment.status is AssessmentStatus.SUBMITTED
    if assessment.is_editable and assessment.cycle.is_open:
        return None
    reasons = [_submitted_text(assessment)] if submitted else []
    if not assessment.cycle.is_open:
        reasons.append(
            _("%(year)s 年度已关闭，本年度的自评不能再修改。", year=assessment.cycle.year)
        )
        what = _("如需更正，请联系秘书处。")
    else:
        reasons.append(_("自评已锁定，秘书处退回之前不能修改。"))
        what = _("如需修改，请联系秘书处退回本自评。")
    if submitted and _under_review(assessment):
        reasons.append(_("本自评正在同行评审中。"))
    return LockNotice(why="".join(reasons), what=what if member else None)


def _under_review(assessment: Assessment | AssessmentFacts) -> bool:
    """Whether a peer review is in progress: read with the facts, else asked of reviews."""
    if isinstance(assessment, AssessmentFacts) and assessment.review_underway is not None:
        return assessment.review_underway
    return review_underway(assessment) is not None  # type: ignore[arg-type]


def _submitted_text(assessment: Assessment | AssessmentFacts) -> str:
    time = beijing_time(assessment.submitted_at)
    if isinstance(assessment, AssessmentFacts):  # the name was read with the facts
        name = assessment.submitted_by_name
    else:
        user = (
            None
            if assessment.submitted_by_id is None
            else db.session().get(User, assessment.submitted_by_id)
        )
        name = None if user is None else user.name
    if name is None:
        return _("本自评已于 %(time)s提交。", time=time)
    # with its pinyin on an English page, as the header names people (qa64 p2)
    return _("本自评已于 %(time)s由 %(name)s 提交。", time=time, name=person_text(name))
