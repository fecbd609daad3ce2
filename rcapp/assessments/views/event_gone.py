"""What a stale events page is told when its event was deleted or changed meanwhile.

The register's delete forms carry the version the row showed, the edit form its version too;
ids are never reused (migration ff232b4dc449), and a form never acts on an event other than
the one its user saw (qa41 D1, D6, S1). Who comes from the audit log.
"""

from __future__ import annotations

from rcapp.assessments.messages import _
from rcapp.assessments.models import Assessment
from rcapp.audit.queries import Deed, last_deed
from rcapp.i18n import someone


def _deed(assessment: Assessment, event_id: int, action: str) -> Deed | None:
    return last_deed("assessment", assessment.id, "event", event_id, (action,))


def _who(assessment: Assessment, event_id: int, action: str) -> str:
    deed = _deed(assessment, event_id, action)
    return someone(deed.by if deed is not None else None)


def was_deleted(assessment: Assessment, event_id: int) -> bool:
    """Whether the audit log saw the event deleted from this assessment's register."""
    return _deed(assessment, event_id, "event.delete") is not None


def deleted_text(assessment: Assessment, event_id: int) -> str:
    """Say that the event was deleted (a second delete, or a delete of a gone row)."""
    return _(
        "此事件在您打开本页后已被 %(name)s 删除。",
        name=_who(assessment, event_id, "event.delete"),
    )


def kept_text(assessment: Assessment, event_id: int) -> str:
    """Say that the event being edited was deleted; the input is kept for a new registration."""
    return " ".join(
        [
            deleted_text(assessment, event_id),
            _("您的输入未保存，仍显示在下面；如仍需要，可将其作为新事件再次登记。"),
        ]
    )


def changed_text(assessment: Assessment, event_id: int) -> str:
    """Say that the event was changed after the page was opened: it is not deleted."""
    return _(
        "此事件在您打开本页后已被 %(name)s 修改，未删除；"
        "请核对修改后的记录，如仍要删除请再次删除。",
        name=_who(assessment, event_id, "event.update"),
    )
