"""One save from a page, as the section, prerequisite and KPI pages run it.

The save commits what is valid; a lost-update race that slips past the version check (two
saves of one row at the same moment) is retried once, when it shows up as the stale-version
conflict the user can decide on. Problems and conflicts go next to their fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, NamedTuple

from flask import flash, redirect, request
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments import form_data
from rcapp.assessments.changes import Conflict, SaveResult
from rcapp.assessments.forms import RubricForm
from rcapp.assessments.locked_meanwhile import KEPT, is_locked, locked_meanwhile_text
from rcapp.assessments.messages import _
from rcapp.assessments.models import Assessment
from rcapp.assessments.validation import KpiEntry
from rcapp.assessments.views.deadline_words import saved_note, saved_text
from rcapp.errors import InvalidState
from rcapp.permissions import Action, locked_only, require
from rcapp.web import user_object

_ANCHOR = re.compile(r"[A-Za-z][A-Za-z0-9._-]{0,80}")


def user_names(conflicts: Iterable[Conflict]) -> dict[int, str]:
    ids = {c.updated_by_id for c in conflicts if c.updated_by_id is not None}
    if not ids:
        return {}
    rows = db.session().execute(select(User.id, User.name).where(User.id.in_(ids)))
    return {row.id: row.name for row in rows}


def _commit_save(save: Callable[[], SaveResult]) -> SaveResult:
    try:
        result = save()
        db.session().commit()
    except (StaleDataError, IntegrityError):
        # Another save of the same row committed between our read and our write: start
        # again from what is stored now, so it comes back as a conflict to decide on.
        db.session().rollback()
        result = save()
        db.session().commit()
    return result


def refuse_locked(assessment: Assessment, outcome: str = KEPT) -> int:
    """Refuse a save: the assessment was submitted, or its year closed, since the page was opened.

    Every write page of an assessment answers so (not the bare "locked" page): the status to
    render the page again with, the input kept; the message names the cause (locked_meanwhile).
    `outcome`: NOT_DELETED for a delete button, which says nothing was deleted instead.
    """
    db.session().rollback()
    flash(locked_meanwhile_text(assessment, outcome), "error")
    return 409


def refused_for_lock(assessment: Assessment, outcome: str = KEPT) -> int | None:
    """Refuse a save of a locked assessment (refuse_locked) by a member; None otherwise.

    Only one who could save were it not locked is told about the lock: a lead or anyone
    else who may only read it is refused (403) before any lock wording (qa72 m5).
    """
    if is_locked(assessment) and locked_only(user_object(), Action.ASSESSMENT_EDIT, assessment):
        return refuse_locked(assessment, outcome)
    return None


def set_aside(form: RubricForm, stored: RubricForm) -> RubricForm:
    """Return the page of a save a lock refused: `stored` shown, the input set aside.

    The read-only page showed the typed input as plain text, as if saved (qa53 M2): it
    now shows what is stored, and the input in a box marked as not saved (form.unsaved).
    """
    stored.unsaved = tuple(form.unsaved_lines())
    return stored


class Posted(NamedTuple):
    """What a page's POST left: the form to show, the status (None: redirect), whether it ran."""

    form: Any
    status: int | None
    saved: bool


def post_kpi_form(
    assessment: Assessment,
    form: Any,
    stored_form: Callable[[], Any],
    save: Callable[[dict[str, KpiEntry]], SaveResult],
) -> Posted:
    """Run a KPI form's POST (the KPI page, an earlier year's 补录 page) as run_save does.

    A lock refuses it with the input set aside (`stored_form`: the form as stored); else
    the editor's right is checked and `save` gets the typed entries.
    """
    refused = refused_for_lock(assessment)
    if refused is not None:
        return Posted(set_aside(form, stored_form()), refused, saved=False)
    require(current_user, Action.ASSESSMENT_EDIT, assessment)
    entries = form.to_entries()
    return Posted(form, run_save(form, lambda: save(entries), assessment), saved=True)


def run_save(
    form: RubricForm, save: Callable[[], SaveResult], assessment: Assessment
) -> int | None:
    """Run one save; None when all was saved cleanly, else the status to re-render with.

    Items a colleague changed meanwhile and the user did not are shown with the stored
    values and counted apart ("另有 27 项已被…"), not as input errors.
    """
    if not form.validate_on_submit():
        flash(_("表单已过期，请重新提交。"), "error")
        return 400
    me = current_user.id
    try:
        saved = _commit_save(save)
        names = user_names(saved.conflicts)
        result = _settle(form, saved, names, me)
    except InvalidState:
        return refuse_locked(assessment)
    form.changed = result.changed
    refreshed = _refreshed_text(form, names, me)
    if result.conflicts and all(c.updated_by_id == me for c in result.conflicts):
        flash(_own_conflicts_text(len(result.conflicts)) + _also(refreshed), "error")
        return 409
    if result.conflicts:
        message = ngettext(
            "有 %(num)d 项在您打开本页后已被他人修改：这些项未保存，您的输入仍在页面上，"
            "请查看标出的字段后决定。",
            "有 %(num)d 项在您打开本页后已被他人修改：这些项未保存，您的输入仍在页面上，"
            "请查看标出的字段后决定。",
            len(result.conflicts),
        )
        conflicted = {c.subject for c in result.conflicts}
        wrong = [s for s in form.wrong_subjects() if s not in conflicted]
        if wrong:  # a value refused too: the bar counts both (qa53 m1)
            message = _(
                "%(conflicts)s另有 %(count)s 处输入有误，未保存，请按标出的提示修改。",
                conflicts=message,
                count=len(wrong),
            )
        if result.changed:  # said as the refusal banner says it: the rest is not to redo
            message = _("%(conflicts)s其余修改已保存。", conflicts=message)
        flash(message + _also(refreshed), "error")
        _flash_draft_note(assessment, result)
        return 409
    if not result.ok:
        _flash_draft_note(assessment, result)
    if form.section_na_taken:  # shown again, beside the section's tick (qa41 D5)
        flash(form.section_na_taken, "warning")
    if result.ok and not result.warnings:
        if refreshed:
            flash(_saved_refreshed(result, refreshed), "success")
        else:
            flash(saved_text(assessment), "success")
        # Shown again where a field now shows a colleague's change, marked beside it.
        return 200 if form.section_na_taken or form.taken_notes else None
    if result.ok:
        flash(_("已保存；请核对标出的提示。") + _also(refreshed), "warning")
        _flash_draft_note(assessment, result)
        return 200
    flash(_refused_text(form, len(result.problems)) + _also(refreshed), "error")
    return 422


def _settle(
    form: RubricForm,
    result: SaveResult,
    names: dict[int, str],
    me: int,
) -> SaveResult:
    """Show a save's outcome on the form; return it with only the conflicts left to decide."""
    # The page shown again carries the versions of what was just stored (qa38 D2).
    form.take_stored(
        {s.subject: (s.version, form_data.stored_form_data(s.current)) for s in result.stored}
    )
    form.apply_problems(result.problems)
    stored = {c.subject: form_data.stored_form_data(c.current) for c in result.conflicts}
    left = form.apply_conflicts(result.conflicts, names, stored, me)
    form.apply_warnings(result.warnings)  # last: a doubt beside a refusal is not "saved"
    return replace(result, conflicts=tuple(left))  # those the user changed nothing of: settled


def _refreshed_text(form: RubricForm, names: dict[int, str], me: int) -> str:
    """Count the items that now show a colleague's values ("", none): not errors to fix."""
    count = len(form.refreshed)
    if not count:
        return ""
    by = set(form.refreshed.values())
    if by == {me}:
        return str(
            ngettext(
                "%(num)d 项已在您的另一窗口、标签页或设备中修改，现已显示修改后的值，请查看。",
                "%(num)d 项已在您的另一窗口、标签页或设备中修改，现已显示修改后的值，请查看。",
                count,
            )
        )
    known = [names[i] for i in sorted(i for i in by if i is not None) if i in names]
    who = _("、").join(known) if len(known) == len(by) and me not in by else _("他人")
    return str(
        ngettext(
            "%(num)d 项已被 %(names)s 修改，现已显示其修改后的值，请查看。",
            "%(num)d 项已被 %(names)s 修改，现已显示其修改后的值，请查看。",
            count,
            names=who,
        )
    )


def _also(refreshed: str) -> str:
    """Add the refreshed items to another message: "另有 27 项已被…"."""
    return _("另有 %(refreshed)s", refreshed=refreshed) if refreshed else ""


def _saved_refreshed(result: SaveResult, refreshed: str) -> str:
    """Word a clean save that also refreshed items: what was saved, then what to look at."""
    if result.changed:
        return _("已保存您的修改。另有 %(refreshed)s", refreshed=refreshed)
    return refreshed


def _flash_draft_note(assessment: Assessment, result: SaveResult) -> None:
    """Past the deadline, say that what this save kept is a draft (qa53 M1)."""
    if result.changed and (note := saved_note(assessment)):
        flash(note, "warning")


def _own_conflicts_text(count: int) -> str:
    """Word the user's own save in another window or tab: not "someone else"."""
    return str(
        ngettext(
            "有 %(num)d 项在您打开本页后已在另一窗口、标签页或设备中修改：这些项未保存，"
            "本页的输入仍在页面上，请查看标出的字段后决定。",
            "有 %(num)d 项在您打开本页后已在另一窗口、标签页或设备中修改：这些项未保存，"
            "本页的输入仍在页面上，请查看标出的字段后决定。",
            count,
        )
    )


def _refused_text(form: RubricForm, problems: int) -> str:
    """Count what the list of marked fields atop the page shows: fields, not messages."""
    wrong = form.wrong_subjects()
    count = len(wrong) or problems  # a problem with no field on the page still counts
    doubtful = len([s for s in form.marked_subjects() if s not in wrong])
    if doubtful:
        return _(
            "其余内容已保存；标出的 %(count)s 处需要修改后再保存，"
            "另有 %(doubtful)s 处已保存、请核对。",
            count=count,
            doubtful=doubtful,
        )
    return _("其余内容已保存；标出的 %(count)s 处需要修改后再保存。", count=count)


def anchor_from_request() -> str | None:
    """Where on the page the user pressed the button (an element or item id), if sane."""
    for name in ("anchor", "upload", "delete_evidence_item"):
        value = request.form.get(name, "")
        if _ANCHOR.fullmatch(value):
            return value if name == "anchor" else f"item-{value}"
    return None


def back_to_page(anchor: str | None, query: str = "") -> Response:
    """Redirect to the page just saved, scrolled back to where the user was.

    `query` (such as "?core=1") keeps the view the user had chosen.
    """
    url = request.path + query
    return redirect(f"{url}#{anchor}" if anchor else url)
