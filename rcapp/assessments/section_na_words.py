"""What a section page says when a colleague set the whole section not applicable meanwhile.

The user left 本板块整体不适用 as the page showed it (applicable), so the save takes the
stored tick without a conflict to decide; but the items just saved do not count while the
section is not applicable, and the user must know who ticked it, when and why (qa41 D5).
"""

from __future__ import annotations

from rcapp.assessments.changes import Conflict
from rcapp.assessments.messages import _
from rcapp.web import beijing_time


def section_na_taken_text(conflict: Conflict, by: str | None, mine: bool) -> str:
    """Say who set the section not applicable, when and why, and what it means for the items."""
    reason = str(conflict.current.get("na_reason") or "—")
    when = beijing_time(conflict.updated_at)
    if mine:
        return _(
            "您已在另一窗口、标签页或设备中于 %(when)s将本板块设为整体不适用（理由：%(reason)s）。"
            "本页保存的评价项已保存，但本板块整体不适用期间不计分。",
            when=when,
            reason=reason,
        )
    return _(
        "%(name)s 在您打开本页后已于 %(when)s将本板块设为整体不适用（理由：%(reason)s）。"
        "本页保存的评价项已保存，但本板块整体不适用期间不计分；如本板块适用，请与 %(name)s "
        "核对后取消勾选。",
        name=by or _("其他用户"),
        when=when,
        reason=reason,
    )
