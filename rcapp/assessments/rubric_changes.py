"""What changed in the rubric since the organisation's previous assessment.

A second-year company copies last year's answers into a rubric version that may have
merged, added or dropped items (the crosswalks say which). The overview lists those
changes with the crosswalk's notes, each changed item's card says how it changed, and the
copy's message counts them.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext

from rcapp.assessments.carry_over import previous_assessment
from rcapp.assessments.messages import _
from rcapp.assessments.models import Assessment
from rcapp.rubrics.app_crosswalks import chain_between
from rcapp.rubrics.crosswalk import MappingKind
from rcapp.rubrics.version_changes import VersionChanges, other_ids, version_changes


@dataclass(frozen=True)
class ChangesSince:
    year: int  # the previous assessment's year
    changes: VersionChanges


def changes_since_previous(assessment: Assessment) -> ChangesSince | None:
    """Return the rubric's changes since the previous assessment; None when it is the same."""
    previous = previous_assessment(assessment)
    if previous is None:
        return None
    old = f"{previous.rubric_id}@{previous.rubric_version}"
    new = f"{assessment.rubric_id}@{assessment.rubric_version}"
    if old == new:
        return None
    changes = version_changes(chain_between(old, new) or ())
    return None if changes is None else ChangesSince(previous.cycle.year, changes)


def item_notes(changes: VersionChanges | None, lang: str) -> dict[str, str]:
    """Return the short note each changed item's card shows, by the new item's id."""
    if changes is None:
        return {}
    separator = str(_("、"))
    version = changes.new_version
    notes = {}
    for item_id, mapping in changes.by_new_item().items():
        ids = separator.join(other_ids(mapping))
        if mapping.kind is MappingKind.MERGED:
            text = _("第%(version)s版合并了 %(ids)s，请按新内容重新评定", version=version, ids=ids)
        elif mapping.kind is MappingKind.SPLIT:
            text = _(
                "第%(version)s版由 %(ids)s 拆分而来，请按新内容重新评定", version=version, ids=ids
            )
        elif mapping.kind is MappingKind.RENAMED:
            text = _("第%(version)s版改了编号，原为 %(ids)s", version=version, ids=ids)
        elif mapping.note is not None:
            text = _(
                "第%(version)s版新增的评价项，上年没有答案：%(note)s",
                version=version,
                note=mapping.note.get(lang),
            )
        else:
            text = _("第%(version)s版新增的评价项，上年没有答案", version=version)
        notes[item_id] = str(text)
    return notes


KIND_TITLES = {
    MappingKind.MERGED: lazy_gettext("合并的评价项（请按新内容重新评定）"),
    MappingKind.NEW: lazy_gettext("新增的评价项（上年没有答案）"),
    MappingKind.DROPPED: lazy_gettext("取消的评价项（上年的答案未复制）"),
    MappingKind.SPLIT: lazy_gettext("拆分的评价项（请按新内容重新评定）"),
    MappingKind.RENAMED: lazy_gettext("改了编号的评价项（上年的答案未复制）"),
}


def copy_changes_text(since: ChangesSince) -> str:
    """Return the copy's message on the rubric's changes: items new, dropped and merged."""
    changes = since.changes
    return _(
        "评价细则已从第%(old)s版改为第%(new)s版：%(new_items)s 个新评价项上年没有答案，须重新填写；"
        "上年有 %(dropped)s 个评价项已取消，其答案未复制；%(merged)s 个评价项由几项合并而成，"
        "请按新内容重新评定。详见下面“自 %(year)s 年度以来评价细则的变化”。",
        old=changes.old_version,
        new=changes.new_version,
        new_items=sum(len(m.to_ids) for m in changes.new),
        dropped=sum(len(m.from_ids) for m in changes.dropped),
        merged=len(changes.merged),
        year=since.year,
    )
