"""What a stale events page is told when its event was deleted or changed meanwhile.

The register's delete forms carry the version the row showed, the edit form its version too;
ids are never reused (migration ff232b4dc449), and a form never acts on an event other than
the one its user saw (qa41 D1, D6, S1). Who comes from the audit log.
"""

from __future__ import annotations

from rcapp.assessments.messages import _
from rcapp.assessments.models import Assessment
from rcapp.audit.queries import last_actor_name, last_change


def _who(assessment: Assessment, event_id: int, actions: tuple[str, ...]) -> str:
    field = f"event:{event_id}"
    return last_actor_name("assessment", assessment.id, field, actions) or _("其他用户")


def was_deleted(assessment: Assessment, event_id: int) -> bool:
    """Whether the audit log saw the event deleted from this assessment's register."""
    return (
        last_change("assessment", assessment.id, f"event:{event_id}", ("event.delete",)) is not None
    )


def deleted_text(assessment: Assessment, event_id: int) -> str:
    """Say that the event was deleted (a second delete, or a delete of a gone row)."""
    return _(
        "此事件在您打开本页后已被 %(name)s 删除。",
        name=_who(assessment, event_id, ("event.delete",)),
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
        name=_who(assessment, event_id, ("event.update",)),
    )
