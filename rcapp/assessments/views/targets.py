"""The KPI page's own-target rows: add, change, delete (the form sits on the KPI page)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from rcapp import db
from rcapp.assessments import form_data, forms, kpi_targets, queries
from rcapp.assessments.locked_meanwhile import NOT_DELETED
from rcapp.assessments.messages import _
from rcapp.assessments.models import Assessment, KpiTarget
from rcapp.assessments.target_form import TargetForm, target_form_data
from rcapp.assessments.views import kpi_page
from rcapp.assessments.views.blueprint import bp, load
from rcapp.assessments.views.saving import refused_for_lock
from rcapp.audit.queries import Hand, last_hand
from rcapp.audit.whose import mark_fields, whose_text
from rcapp.i18n import current_lang
from rcapp.permissions import Action, require
from rcapp.rubrics.model import Rubric
from rcapp.stale_forms import merge_stale, shown_values
from rcapp.web import login_required


def _kpi_form(assessment: Assessment, rubric: Rubric) -> Any:
    """Build the page's KPI figures form as stored (the target form is the one being saved)."""
    stored = form_data.kpi_form_data(rubric, queries.kpi_values_by_input(assessment))
    return forms.build_kpi_form(rubric, current_lang())(data=stored)


def _back(assessment: Assessment) -> Any:
    url = url_for("assessments.kpis", assessment_id=assessment.id, _anchor="targets")
    return redirect(url)


def _save(assessment: Assessment, target: KpiTarget | None) -> Any:
    rubric = queries.rubric_of(assessment)
    data = None if target is None or TargetForm().is_submitted() else target_form_data(target)
    form = TargetForm(data=data)
    form.set_choices(rubric, current_lang())
    if not form.is_submitted():
        form.original.data = shown_values(form, form.compared)
        if target is not None:  # a base year refused since it was saved: say so at once
            form.apply_violations(kpi_targets.stored_violations(assessment, rubric, target))
        return kpi_page(assessment, rubric, _kpi_form(assessment, rubric), 200, form, target)
    if (refused := refused_for_lock(assessment)) is not None:
        return kpi_page(assessment, rubric, _kpi_form(assessment, rubric), refused, form, target)
    require(current_user, Action.ASSESSMENT_EDIT, assessment)
    if not form.validate():
        return kpi_page(assessment, rubric, _kpi_form(assessment, rubric), 400, form, target)
    entry, bad = form.to_input()
    if target is not None and form.version.data and form.version.data != str(target.version):
        return _changed_meanwhile(assessment, rubric, form, target)
    try:
        if bad:  # unreadable fields; the rules still speak for the other fields
            unread = {violation.field for violation in bad}
            rules = kpi_targets.target_violations(assessment, rubric, entry, target)
            # An unreadable value or rate was filled: not "fill one of them" (qa34 S17).
            if unread & {"value", "change_pct"}:
                rules = [v for v in rules if v.code != "target_value_xor"]
            saved, violations = None, bad + [v for v in rules if v.field not in unread]
        else:
            saved, violations = kpi_targets.save_target(
                assessment, rubric, entry, current_user, target
            )
        if saved is None:
            db.session().rollback()
            form.apply_violations(violations)
            return kpi_page(assessment, rubric, _kpi_form(assessment, rubric), 422, form, target)
        db.session().commit()
    except StaleDataError:
        # A colleague's save landed between the version check above and this write (the
        # row's version no longer matched in the UPDATE): the same answer as above.
        db.session().rollback()
        if target is None:
            raise
        stored = db.session().get(KpiTarget, target.id)
        if stored is None:  # deleted meanwhile: the input is kept to add again
            return _edited_gone(assessment, target.id)
        return _changed_meanwhile(assessment, rubric, form, stored)
    flash(_("指标目标已保存。"), "success")
    if kpi_targets.base_year_without_data(assessment, rubric, entry):  # saved, but say so
        kpi = next((k.name.get(current_lang()) for k in rubric.kpis if k.id == entry.kpi_id), "")
        flash(
            _(
                "%(year)s 年度没有%(kpi)s的数据，无法计算该目标的进度；"
                "请改选有数据的基准年，或核对该年度的绩效数据。",
                year=str(entry.base_year),
                kpi=kpi,
            ),
            "warning",
        )
    return _back(assessment)


_SAVES = ("target.add", "target.update")  # what gives a target its stored values


def _changed_meanwhile(
    assessment: Assessment, rubric: Rubric, form: TargetForm, target: KpiTarget
) -> Any:
    """Keep the user's own changes, take the colleague's, and mark what others changed.

    The form is now based on the stored target, so a second save cannot undo a change it
    did not show (rcapp.stale_forms).
    """
    form.version.data = str(target.version)
    stored = TargetForm(formdata=None, data=target_form_data(target))
    merged = merge_stale(form, stored, form.compared, form.original.data)
    form.original.data = shown_values(stored, form.compared)
    # who saved it last, from the audit log: the same user in another tab is told so
    hand = _hand(assessment, target.id, _SAVES)
    kpi_name = next((k.name.get(current_lang()) for k in rubric.kpis if k.id == target.kpi_id), "")
    mark_fields(
        form,
        merged,
        lambda name: (kpi_name or target.kpi_id) if name == "kpi_id" else stored[name].data,
        hand,
    )
    message = whose_text(
        hand,
        mine=_(
            "您已在另一窗口、标签页或设备中修改此目标，本页的修改未保存，仍显示在下面；"
            "请核对标出的字段，再次保存将以本页的输入为准。"
        ),
        named=lambda name: _(
            "此目标在您打开本页后已被 %(name)s 修改，您的修改未保存，仍显示在下面；"
            "请核对标出的字段，再次保存将以您的输入为准。",
            name=name,
        ),
        unknown=_(
            "此目标在您打开本页后已被他人修改，您的修改未保存，仍显示在下面；"
            "请核对标出的字段，再次保存将以您的输入为准。"
        ),
    )
    flash(message, "error")
    return kpi_page(assessment, rubric, _kpi_form(assessment, rubric), 409, form, target)


@bp.post("/<int:assessment_id>/targets")
@login_required
def add_target(assessment_id: int) -> Any:
    return _save(load(assessment_id, Action.ASSESSMENT_VIEW), None)  # EDIT: _save


@bp.route("/<int:assessment_id>/targets/<int:target_id>", methods=["GET", "POST"])
@login_required
def edit_target(assessment_id: int, target_id: int) -> Any:
    # Opened, the form needs EDIT (a locked one says why); saved, _save checks it after
    # the lock, so a save refused by a lock since the page was opened keeps its input.
    action = Action.ASSESSMENT_VIEW if request.method == "POST" else Action.ASSESSMENT_EDIT
    assessment = load(assessment_id, action)
    target = _target_if_kept(assessment, target_id)
    if target is None:
        return _edited_gone(assessment, target_id)
    return _save(assessment, target)


def _target_if_kept(assessment: Assessment, target_id: int) -> KpiTarget | None:
    """Return the target; None when the audit log saw it deleted (else a gone id is a 404)."""
    target = db.session().get(KpiTarget, target_id)
    if target is not None:
        if target.assessment_id != assessment.id:
            abort(404)  # another assessment's target: not to be seen from here
        return target
    if _hand(assessment, target_id, ("target.delete",)) is None:
        abort(404)
    return None


def _hand(assessment: Assessment, target_id: int, actions: tuple[str, ...]) -> Hand | None:
    """Tell whose hand last did one of `actions` to the target (None: the audit log saw none)."""
    return last_hand("assessment", assessment.id, f"target:{target_id}", actions, current_user.id)


def _deleted_text(assessment: Assessment, target_id: int) -> str:
    return whose_text(
        _hand(assessment, target_id, ("target.delete",)),
        mine=_("您已在另一窗口、标签页或设备中删除此指标目标。"),
        named=lambda name: _("此指标目标在您打开本页后已被 %(name)s 删除。", name=name),
        unknown=_("此指标目标在您打开本页后已被他人删除。"),
    )


def _edited_gone(assessment: Assessment, target_id: int) -> Any:
    """Answer a save of a target deleted meanwhile (qa41 D1, as D6): keep the input to add again."""
    if not TargetForm().is_submitted():
        flash(_deleted_text(assessment, target_id), "error")
        return _back(assessment)
    rubric = queries.rubric_of(assessment)
    form = TargetForm()
    form.set_choices(rubric, current_lang())
    form.version.data = form.original.data = None
    kept = _("您的输入未保存，仍显示在下面；如仍需要，可将其作为新目标再次添加。")
    flash(f"{_deleted_text(assessment, target_id)} {kept}", "error")
    return kpi_page(assessment, rubric, _kpi_form(assessment, rubric), 409, form, None)


@bp.post("/<int:assessment_id>/targets/<int:target_id>/delete")
@login_required
def delete_target(assessment_id: int, target_id: int) -> Any:
    """Delete the target the page showed: one deleted or changed meanwhile stays as it is."""
    assessment = load(assessment_id, Action.ASSESSMENT_VIEW)
    target = _target_if_kept(assessment, target_id)
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    if target is None:
        flash(_deleted_text(assessment, target_id), "error")
        return _back(assessment)
    if refused_for_lock(assessment, NOT_DELETED) is not None:
        return _back(assessment)
    require(current_user, Action.ASSESSMENT_EDIT, assessment)
    seen = request.form.get("version", "")
    if seen.isdigit() and int(seen) != target.version:
        changed = whose_text(
            _hand(assessment, target_id, ("target.update",)),
            mine=_(
                "您已在另一窗口、标签页或设备中修改此指标目标，未删除；"
                "请核对修改后的记录，如仍要删除请再次删除。"
            ),
            named=lambda name: _(
                "此指标目标在您打开本页后已被 %(name)s 修改，未删除；"
                "请核对修改后的记录，如仍要删除请再次删除。",
                name=name,
            ),
            unknown=_(
                "此指标目标在您打开本页后已被他人修改，未删除；"
                "请核对修改后的记录，如仍要删除请再次删除。"
            ),
        )
        flash(changed, "error")
        return _back(assessment)
    kpi_targets.delete_target(assessment, target, current_user)
    db.session().commit()
    flash(_("指标目标已删除。"), "success")
    return _back(assessment)
