"""Event-register pages of an assessment: list and add, change, delete."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from rcapp import db
from rcapp.assessments import events, form_data, forms, queries
from rcapp.assessments.changes import Conflict
from rcapp.assessments.event_checks import outside_year
from rcapp.assessments.event_names import event_type_names, type_names
from rcapp.assessments.event_register import event_where
from rcapp.assessments.event_residents import resident_choices, takes_resident
from rcapp.assessments.locked_meanwhile import NOT_DELETED
from rcapp.assessments.messages import _, grade_text
from rcapp.assessments.models import Assessment, Event
from rcapp.assessments.views import event_gone
from rcapp.assessments.views.blueprint import bp, load, may
from rcapp.assessments.views.data_problems import data_panel
from rcapp.assessments.views.saving import refused_for_lock
from rcapp.audit.whose import mark_fields, whose_text
from rcapp.i18n import current_lang
from rcapp.permissions import Action, require
from rcapp.rubrics.model import GradeScale, Rubric
from rcapp.stale_forms import merge_stale, shown_values
from rcapp.web import login_required


def _events_page(
    assessment: Assessment,
    form: forms.EventForm,
    status: int = 200,
    editing: Event | None = None,
) -> Any:
    rubric = queries.rubric_of(assessment)
    register = queries.events_of(assessment.organisation_id)
    names, lacking = event_type_names(
        assessment, rubric, {e.event_type for e in register}, current_lang(), type_names
    )
    return render_template(
        "assessments/events.html",
        assessment=assessment,
        rubric=rubric,
        lang=current_lang(),
        form=form,
        editing=editing,
        events=register,
        # Recorded here but dated in another year: marked in its row.
        outside_year={
            e.id
            for e in register
            if e.recorded_in_id == assessment.id
            and outside_year(e.occurred_on, assessment.cycle.year)
        },
        event_types=names,
        types_not_in_rubric=lacking,
        grades=forms.GRADE_LABELS,
        grade_help=grade_help(rubric),
        can_edit=may(Action.ASSESSMENT_EDIT, assessment),
        # a park's register says where each event happened; a company's events are its own
        with_resident=takes_resident(assessment),
        event_where=event_where,
        action_form=forms.ActionForm(),
        panel=data_panel(assessment, rubric, current_lang(), with_computed=False),
    ), status


def grade_help(rubric: Rubric) -> list[tuple[str, str]]:
    """Return the grading rule of each scale the rubric's event types use, with their ids."""
    rules = {
        GradeScale.DECREE_493: _(
            "生产安全事故按《生产安全事故报告和调查处理条例》（国务院令第493号）分级："
            "一般、较大、重大、特别重大。"
        ),
        GradeScale.ENV_LEVELS: _(
            "突发环境事件按《国家突发环境事件应急预案》分级："
            "一般（Ⅳ级）、较大（Ⅲ级）、重大（Ⅱ级）、特别重大（Ⅰ级）。"
        ),
    }
    shown = []
    for scale, text in rules.items():
        ids = [t.id for t in rubric.event_types if t.graded and t.scale is scale]
        if ids:
            shown.append((" ".join(ids), text))
    return shown


def _event_form(
    assessment: Assessment, rubric: Rubric, event: Event | None = None, **kwargs: Any
) -> forms.EventForm:
    """Build the event form with its choices: a park's lists its residents of the year."""
    form = forms.EventForm(**kwargs)
    form.set_choices(rubric, current_lang())
    kept = None if event is None else event.resident
    residents = resident_choices(assessment, kept) if takes_resident(assessment) else None
    form.set_residents(residents, current_lang())
    return form


def _event_if_kept(assessment: Assessment, event_id: int) -> Event | None:
    """Return the organisation's event; None when it was deleted (the audit log knows it).

    An id the audit log never saw deleted from this assessment answers 404 as before.
    """
    event = db.session().get(Event, event_id)
    if event is not None:
        if event.organisation_id != assessment.organisation_id:
            abort(404)  # another organisation's event: not to be seen from here
        return event
    if not event_gone.was_deleted(assessment, event_id):
        abort(404)
    return None


@bp.route("/<int:assessment_id>/events", methods=["GET", "POST"])
@login_required
def events_page(assessment_id: int) -> Any:
    assessment = load(assessment_id, Action.ASSESSMENT_VIEW)
    rubric = queries.rubric_of(assessment)
    form = _event_form(assessment, rubric)
    if not form.is_submitted():
        return _events_page(assessment, form)
    if (refused := refused_for_lock(assessment)) is not None:
        return _events_page(assessment, form, refused)
    require(current_user, Action.ASSESSMENT_EDIT, assessment)
    if not form.validate():
        return _events_page(assessment, form, 400)
    confirmed = forms.read_version(form.confirm_duplicate)
    event, problems = events.add_event(assessment, rubric, form.to_input(), current_user, confirmed)
    if event is None:
        form.apply_problems(problems)
        if form.ask_to_confirm_duplicate(problems):
            flash(_("此事件可能已登记过，本次未保存；请查看标出的提示。"), "warning")
        return _events_page(assessment, form, 422)
    db.session().commit()
    flash(_("事件已登记。"), "success")
    _warn_outside_year(assessment, event)
    return redirect(url_for("assessments.events_page", assessment_id=assessment.id))


def outside_year_text(assessment: Assessment, event: Event) -> str | None:
    """Say that an event is dated outside the assessment's reporting year, None when inside."""
    year = assessment.cycle.year
    if not outside_year(event.occurred_on, year):
        return None
    return _(
        "日期 %(date)s 不在 %(year)s 年度内（已保存）：是否属于其他年度？"
        "一票否决按事件日期回溯，请核对日期。",
        date=event.occurred_on.isoformat(),
        year=str(year),
    )


def _warn_outside_year(assessment: Assessment, event: Event) -> None:
    text = outside_year_text(assessment, event)
    if text is not None:
        flash(text, "warning")


def _recorded_elsewhere(assessment: Assessment, event: Event) -> Any:
    """Send an earlier year's event back to the register, saying why (qa49 #6).

    The register lists it as 往年登记 without actions; opened by its address, its form was
    editable and a save answered 404. None when the event is this assessment's own.
    """
    if event.recorded_in_id == assessment.id:
        return None
    recorded = db.session().get(Assessment, event.recorded_in_id) if event.recorded_in_id else None
    if recorded is not None:
        flash(
            _(
                "这条事件登记在 %(year)s 年度的自评中，只能在该年度的自评中修改或删除，"
                "本年度只读显示（仍按事件日期计入一票否决）。未作任何修改。",
                year=str(recorded.cycle.year),
            ),
            "warning",
        )
    else:
        flash(_("这条事件是往年登记的，本年度只读显示。未作任何修改。"), "warning")
    return redirect(url_for("assessments.events_page", assessment_id=assessment.id))


@bp.route("/<int:assessment_id>/events/<int:event_id>", methods=["GET", "POST"])
@login_required
def edit_event(assessment_id: int, event_id: int) -> Any:
    # Opened, the form needs EDIT (a locked one says why); saved, the lock is checked
    # first, so a save refused by a lock since the page was opened keeps its input.
    action = Action.ASSESSMENT_VIEW if request.method == "POST" else Action.ASSESSMENT_EDIT
    assessment = load(assessment_id, action)
    event = _event_if_kept(assessment, event_id)
    rubric = queries.rubric_of(assessment)
    if event is None:
        return _edited_gone(assessment, rubric, event_id)
    if (elsewhere := _recorded_elsewhere(assessment, event)) is not None:
        return elsewhere
    form = _event_form(assessment, rubric, event, data=form_data.event_form_data(event))
    if not form.is_submitted():
        form.original.data = shown_values(form, form.compared)
    elif (refused := refused_for_lock(assessment)) is not None:
        return _events_page(assessment, form, refused, event)
    require(current_user, Action.ASSESSMENT_EDIT, assessment)
    if not form.validate_on_submit():
        return _events_page(assessment, form, 400 if form.is_submitted() else 200, event)
    based_on = forms.read_version(form.version)
    outcome = events.update_event(
        assessment, rubric, event, form.to_input(), current_user, based_on
    )
    if isinstance(outcome, Conflict):
        _show_changed(assessment, form, rubric, event, outcome)
        return _events_page(assessment, form, 409, event)
    if outcome:
        form.apply_problems(outcome)
        return _events_page(assessment, form, 422, event)
    db.session().commit()
    flash(_("事件已修改。"), "success")
    _warn_outside_year(assessment, event)
    return redirect(url_for("assessments.events_page", assessment_id=assessment.id))


def _edited_gone(assessment: Assessment, rubric: Rubric, event_id: int) -> Any:
    """Answer a save of an event deleted while its page was open (qa41 D6): keep the input.

    The register is shown with the input in its "new event" form, so saving again registers
    it anew, if the user still wants it (a GET of the gone event just says it is gone).
    """
    if request.method != "POST":
        flash(event_gone.deleted_text(assessment, event_id), "error")
        return redirect(url_for("assessments.events_page", assessment_id=assessment.id))
    form = _event_form(assessment, rubric)
    form.version.data = form.original.data = None
    flash(event_gone.kept_text(assessment, event_id), "error")
    return _events_page(assessment, form, 409)


def _show_changed(
    assessment: Assessment, form: forms.EventForm, rubric: Rubric, event: Event, conflict: Conflict
) -> None:
    """Keep the user's own changes, take the colleague's, and mark what others changed.

    The page is now based on the stored event, so a second save cannot undo a change it
    did not show (rcapp.stale_forms).
    """
    form.version.data = str(conflict.version)
    stored = forms.EventForm(formdata=None, data=form_data.event_form_data(event))
    merged = merge_stale(form, stored, form.compared, form.original.data)
    form.original.data = shown_values(stored, form.compared)
    hand = event_gone.saved_by(assessment, event.id)
    mark_fields(form, merged, lambda name: _stored_text(rubric, event, name), hand)
    message = whose_text(
        hand,
        mine=_(
            "您已在另一窗口、标签页或设备中修改此事件，本页的修改未保存，仍显示在此。"
            "请核对标出的字段；再次保存将以本页的输入为准。"
        ),
        named=lambda name: _(
            "此事件在您打开本页后已被 %(name)s 修改，您的修改未保存，仍显示在此。"
            "请核对标出的字段；再次保存将以您的输入为准。",
            name=name,
        ),
        unknown=_(
            "此事件在您打开本页后已被他人修改，您的修改未保存，仍显示在此。"
            "请核对标出的字段；再次保存将以您的输入为准。"
        ),
    )
    flash(message, "error")


def _stored_text(rubric: Rubric, event: Event, name: str) -> object:
    """Return a stored field of `event` as the page shows it, in the page's language."""
    if name == "event_type":
        types = {t.id: t.label.get(current_lang()) for t in rubric.event_types}
        return types.get(event.event_type, event.event_type)
    if name == "grade":
        return grade_text(event.grade) if event.grade else None
    if name == "is_resolved":
        return _("是") if event.is_resolved else _("否")
    if name == "resident":
        return event_where(event, current_lang())
    return form_data.event_form_data(event)[name]  # text as the form shows it


@bp.post("/<int:assessment_id>/events/<int:event_id>/delete")
@login_required
def delete_event(assessment_id: int, event_id: int) -> Any:
    """Delete the event the register showed: one deleted or changed meanwhile stays as it is.

    The form carries the version its row showed (qa41 D1, S1); an older page sends none.
    """
    # Locked since the register was opened: say why and go back (not the bare "locked" page).
    assessment = load(assessment_id, Action.ASSESSMENT_VIEW)
    back = redirect(url_for("assessments.events_page", assessment_id=assessment.id))
    if not forms.ActionForm().validate_on_submit():
        return back
    event = _event_if_kept(assessment, event_id)
    if event is None:
        flash(event_gone.deleted_text(assessment, event_id), "error")
        return back
    if (elsewhere := _recorded_elsewhere(assessment, event)) is not None:
        return elsewhere
    if refused_for_lock(assessment, NOT_DELETED) is not None:
        return back
    require(current_user, Action.ASSESSMENT_EDIT, assessment)
    seen = request.form.get("version", "")
    if seen.isdigit() and int(seen) != event.version:
        flash(event_gone.changed_text(assessment, event_id), "error")
        return back
    events.delete_event(assessment, event, current_user)
    db.session().commit()
    flash(_("事件已删除。"), "success")
    return back
