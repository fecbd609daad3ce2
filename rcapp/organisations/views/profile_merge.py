"""A stale organisation profile saved field by field, as the section pages save their items.

When someone saved the profile after the page was opened, the fields only one side changed
are merged (stale_forms.merge_stale): the colleague's stay, the user's are written. Only the
fields both changed, differently, are held back: the user's input stays on the page with
the stored value beside it, and the rest of the save is kept (qa41 S6).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms import Form

from rcapp.organisations.models import Organisation


def keep_stored(
    values: Mapping[str, Any],
    groups: list[int] | None,
    both: Collection[str],
    organisation: Organisation,
) -> tuple[dict[str, Any], list[int] | None]:
    """Return the values and groups to write: the stored ones for the fields both changed."""
    kept = {name: getattr(organisation, name) if name in both else v for name, v in values.items()}
    if groups is not None and "working_groups" in both:
        groups = [group.id for group in organisation.working_groups]
    return kept, groups


def kept_text(
    form: Form, theirs: Collection[str], own: bool = False, who: str | None = None
) -> str:
    """Say which fields someone else changed meanwhile: kept, beside the user's own changes.

    `own`: the user changed them himself, in another window, tab or device. `who`: the
    colleagues who did, named (merged_by), else "someone else".
    """
    names = str(_("、")).join(str(form[name].label.text) for name in theirs)
    if own:
        return str(
            _("您在另一窗口、标签页或设备中修改的字段（%(fields)s）已一并保留。", fields=names)
        )
    if who:
        return str(
            _("您打开本页后%(who)s修改的字段（%(fields)s）已一并保留。", who=who, fields=names)
        )
    return str(_("您打开本页后他人修改的字段（%(fields)s）已一并保留。", fields=names))


def conflicts_text(count: int, *, saved: bool, own: bool = False, who: str | None = None) -> str:
    """Word the fields held back as the section pages word their items (saving.run_save).

    `own`: the user saved them himself meanwhile, in another window, tab or device. `who`:
    the colleagues who did, named (merged_by), else "someone else".
    """
    message = ngettext(
        "有 %(num)d 个字段在您打开本页后已被他人修改：此字段未保存，您的输入仍在页面上，"
        "请查看标出的字段后决定。",
        "有 %(num)d 个字段在您打开本页后已被他人修改：这些字段未保存，您的输入仍在页面上，"
        "请查看标出的字段后决定。",
        count,
    )
    if who:
        message = ngettext(
            "有 %(num)d 个字段在您打开本页后已被%(who)s修改：此字段未保存，您的输入仍在页面上，"
            "请查看标出的字段后决定。",
            "有 %(num)d 个字段在您打开本页后已被%(who)s修改：这些字段未保存，您的输入仍在页面上，"
            "请查看标出的字段后决定。",
            count,
            who=who,
        )
    if own:
        message = ngettext(
            "有 %(num)d 个字段您已在另一窗口、标签页或设备中修改：此字段未保存，"
            "本页的输入仍在页面上，请查看标出的字段后决定。",
            "有 %(num)d 个字段您已在另一窗口、标签页或设备中修改：这些字段未保存，"
            "本页的输入仍在页面上，请查看标出的字段后决定。",
            count,
        )
    if saved:  # the refusal banner's words: the rest is not to redo
        return str(_("%(conflicts)s其余修改已保存。", conflicts=message))
    return str(message)


def merged_by(by: Mapping[str, str | None], names: Collection[str]) -> str | None:
    """Name the colleagues who saved `names` meanwhile: "王芳", "王芳、李强".

    None when the audit log does not name each of them: the words then say "someone else".
    """
    named = [by.get(name) for name in names]
    if not named or None in named:
        return None
    return str(_("、")).join(dict.fromkeys(n for n in named if n))
