"""What the reviewer's submit confirmation says goes to the lead, one line a part.

Her decisions (kept at the self level or changed, and how many carry a reason), her
findings by kind with their photos and files, and the items left undecided, which count as
accepted (consolidation.decision_verdict). Lines are split on newlines by forms.js's dialog.
"""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _
from flask_babel import ngettext

from rcapp.reviews.models import Decision, Finding, FindingKind, ReviewAssignment

KEPT = (Decision.ACCEPT, Decision.NA_ACCEPT)


def submit_confirm_text(assignment: ReviewAssignment, rest_left: int) -> str:
    """Return the confirmation's text: what is sent, what is accepted, then the lock."""
    decisions = assignment.decisions
    kept = sum(d.decision in KEPT for d in decisions)
    reasoned = sum(bool((d.reason or "").strip()) for d in decisions)
    findings = [f for f in assignment.review.findings if f.assignment_id == assignment.id]
    lines = [
        _("将提交给工作组组长或副组长："),
        ngettext(
            "结论 %(num)d 项：维持自评等级 %(kept)d 项，调整等级 %(changed)d 项，"
            "其中写明理由 %(reasoned)d 项。",
            "结论 %(num)d 项：维持自评等级 %(kept)d 项，调整等级 %(changed)d 项，"
            "其中写明理由 %(reasoned)d 项。",
            len(decisions),
            kept=kept,
            changed=len(decisions) - kept,
            reasoned=reasoned,
        ),
        _findings_line(findings),
    ]
    if rest_left:
        lines.append(
            ngettext(
                "其余 %(num)d 个未抽查、未给出结论的评价项将按单位的自评等级接受"
                "（自评为“不适用”的按不适用接受）。",
                "其余 %(num)d 个未抽查、未给出结论的评价项将按单位的自评等级接受"
                "（自评为“不适用”的按不适用接受）。",
                rest_left,
            )
        )
    lines.append(_("提交后评审结论和发现将被锁定，不能再修改。确定提交？"))
    return "\n".join(lines)


def _findings_line(findings: list[Finding]) -> str:
    """Count her findings by kind and their files; none is said so, without an empty bracket."""
    if not findings:
        return str(_("无发现。"))
    kinds = Counter(f.kind for f in findings)
    return str(
        ngettext(
            "发现 %(num)d 条（亮点 %(strengths)d、改进机会 %(improvements)d、"
            "须整改项 %(actions)d），附照片或文件 %(files)d 个。",
            "发现 %(num)d 条（亮点 %(strengths)d、改进机会 %(improvements)d、"
            "须整改项 %(actions)d），附照片或文件 %(files)d 个。",
            len(findings),
            strengths=kinds[FindingKind.STRENGTH],
            improvements=kinds[FindingKind.IMPROVEMENT],
            actions=kinds[FindingKind.CORRECTIVE_ACTION],
            files=sum(len(f.files) for f in findings),
        )
    )
