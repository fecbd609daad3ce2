"""A finding's delete button from a page opened before the finding was deleted or replaced.

The button carries what its row showed (`finding_stamp`): a finding of that id with other
content (an id used again on SQLite) is not the one the reviewer meant, and is not deleted.
A finding deleted meanwhile is named with who deleted it, from the audit log, whose entry
keeps the finding's id (reviews.reviewing.delete_finding).
"""

from __future__ import annotations

import hashlib
import json

from flask_babel import gettext as _
from flask_login import current_user

from rcapp.audit.queries import actor_name, before_of, recent_changes
from rcapp.i18n import someone
from rcapp.reviews.models import Finding, ReviewAssignment

_SHOWN_CHARS = 40  # how much of a finding's text a message quotes


def finding_stamp(finding: Finding) -> str:
    """Return a short digest of what a finding's row shows."""
    shown = [
        finding.kind.value,
        finding.item_id,
        finding.text,
        finding.owner,
        None if finding.due_on is None else finding.due_on.isoformat(),
    ]
    text = json.dumps(shown, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def dropped_stamp(finding: Finding) -> str:
    """Return a digest of a dropped finding's row: what it says, and when and why dropped.

    A restore button from a page that showed another drop (restored and dropped again
    since) is refused, as an edit from an older page is.
    """
    dropped = None if finding.dropped_at is None else finding.dropped_at.isoformat()
    text = json.dumps([finding_stamp(finding), dropped, finding.dropped_reason])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _quoted(text: object) -> str:
    words = " ".join(str(text or "").split())
    return words if len(words) <= _SHOWN_CHARS else f"{words[:_SHOWN_CHARS]}…"


def deleted_text(assignment: ReviewAssignment, finding_id: int) -> str | None:
    """Say who deleted finding `finding_id` of the review; None when the log has no such entry."""
    entries = recent_changes(
        "review", assignment.review_id, None, ("review.finding_delete",), limit=200
    )
    for entry in entries:
        before = before_of(entry)
        if not isinstance(before, dict) or before.get("finding") != finding_id:
            continue
        text = _quoted(before.get("text"))
        if entry.actor_id == current_user.id:
            return str(_("发现“%(text)s”已在您的另一窗口、标签页或设备中删除。", text=text))
        by = someone(actor_name(entry))
        return str(_("发现“%(text)s”已被 %(name)s 删除。", text=text, name=by))
    return None


def changed_text(finding: Finding) -> str:
    """Say that the row's finding is not the one the page showed, and that it stays."""
    return str(
        _(
            "此发现在您打开本页后已有变化（现为“%(text)s”），未删除；"
            "请核对后如仍要删除请再次删除。",
            text=_quoted(finding.text),
        )
    )
