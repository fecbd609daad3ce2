"""What a stale events page is told when its event was deleted or changed meanwhile.

The register's delete forms carry the version the row showed, the edit form its version too;
ids are never reused (migration ff232b4dc449), and a form never acts on an event other than
the one its user saw (qa41 D1, D6, S1). Who comes from the audit log: a colleague by name,
the user themself as their other window, tab or device.
"""

from __future__ import annotations

from flask_login import current_user

from rcapp.assessments.messages import _
from rcapp.assessments.models import Assessment
from rcapp.audit.queries import Hand, last_hand
from rcapp.audit.whose import whose_text

_SAVES = ("event.add", "event.update")  # what gives an event its stored values


def _hand(assessment_id: int, event_id: int, actions: tuple[str, ...]) -> Hand | None:
    return last_hand("assessment", assessment_id, f"event:{event_id}", actions, current_user.id)


def saved_by(assessment: Assessment, event_id: int) -> Hand | None:
    """Tell whose hand saved the event's stored values (None: the audit log saw none)."""
    return _hand(assessment.id, event_id, _SAVES)


def was_deleted(assessment: Assessment, event_id: int) -> bool:
    """Whether the audit log saw the event deleted from this assessment's register."""
    return _hand(assessment.id, event_id, ("event.delete",)) is not None


def deleted_text(assessment: Assessment, event_id: int) -> str:
    """Say that the event was deleted (a second delete, or a delete of a gone row)."""
    return whose_text(
        _hand(assessment.id, event_id, ("event.delete",)),
        mine=_("您已在另一窗口、标签页或设备中删除此事件。"),
        named=lambda name: _("此事件在您打开本页后已被 %(name)s 删除。", name=name),
        unknown=_("此事件在您打开本页后已被他人删除。"),
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
    return whose_text(
        _hand(assessment.id, event_id, ("event.update",)),
        mine=_(
            "您已在另一窗口、标签页或设备中修改此事件，未删除；"
            "请核对修改后的记录，如仍要删除请再次删除。"
        ),
        named=lambda name: _(
            "此事件在您打开本页后已被 %(name)s 修改，未删除；"
            "请核对修改后的记录，如仍要删除请再次删除。",
            name=name,
        ),
        unknown=_(
            "此事件在您打开本页后已被他人修改，未删除；请核对修改后的记录，如仍要删除请再次删除。"
        ),
    )
