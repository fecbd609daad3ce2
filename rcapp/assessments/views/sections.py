"""The answer pages: one section of the rubric, and the prerequisites.

Each page is one form: answers, evidence file inputs and evidence delete buttons. Every
button saves what was typed first, then uploads or deletes, then returns to the element
or item the user was at; a page that cannot save is shown again with all input kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import flash, render_template, request
from flask_babel import ngettext
from flask_login import current_user

from rcapp import db
from rcapp.assessments import form_data, forms, queries, services, storage
from rcapp.assessments.completeness import (
    Capped,
    caps_once_last_file_gone,
    evidence_caps,
    unfiled_prerequisites,
)
from rcapp.assessments.models import Assessment
from rcapp.assessments.prerequisite_checks import prerequisite_checks
from rcapp.assessments.returns import latest_item_comments
from rcapp.assessments.rubric_changes import changes_since_previous, item_notes
from rcapp.assessments.same_figure_words import figure_notes, warn_differing_figures
from rcapp.assessments.section_na_doubts import section_na_doubt
from rcapp.assessments.shown_form import ShownForm
from rcapp.assessments.views import evidence as evidence_views
from rcapp.assessments.views import (
    evidence_words,  # noqa: F401 - its template globals
    percent_words,  # noqa: F401 - its template global
)
from rcapp.assessments.views.blueprint import bp, load, may, section_or_404
from rcapp.assessments.views.kept_page import kept_section_page, shown_section_keys
from rcapp.assessments.views.kept_section import kept_section
from rcapp.assessments.views.locked import notice_for
from rcapp.assessments.views.saving import (
    anchor_from_request,
    back_to_page,
    refused_for_lock,
    run_save,
    set_aside,
)
from rcapp.i18n import current_lang
from rcapp.i18n import gettext as _
from rcapp.permissions import Action, require
from rcapp.rubrics.input_codes import input_codes
from rcapp.rubrics.model import Rubric, Section
from rcapp.web import login_required


def _answers_page(
    template: str, assessment: Assessment, rubric: Rubric, form: Any, status: int, **extra: Any
) -> Any:
    """Render a page of answer fields (a section or the prerequisites) with its evidence."""
    return render_template(template, **_page_values(assessment, rubric, form), **extra), status


def _page_values(
    assessment: Assessment,
    rubric: Rubric,
    form: Any,
    files: Mapping[str, Sequence[queries.ShownFile]] | None = None,
) -> dict[str, Any]:
    """Return the values of an answers page; `files` its evidence files (read if not given)."""
    if files is None:
        files = queries.attachments_of_items(assessment, form.subjects)
    return {
        "assessment": assessment,
        "rubric": rubric,
        "form": form,
        "lang": current_lang(),
        "attachments": files,
        "can_edit": may(Action.ASSESSMENT_EDIT, assessment),
        "can_upload": may(Action.EVIDENCE_UPLOAD, assessment),
        "lock": notice_for(assessment),
        "upload_limits": storage.upload_limits(),
        "item_fields": form_data.item_fields,
    }


def _capped(
    rubric: Rubric,
    section: Section,
    answers: Mapping[str, queries.StoredAnswer],
    files: Mapping[str, Any],
) -> dict[str, Capped]:
    """Return the page's items counting lower for want of a file, from what the page read."""
    return {c.item_id: c for c in evidence_caps(rubric, answers, set(files), {section.id})}


def _capped_by_deleting(
    rubric: Rubric,
    section: Section,
    answers: Mapping[str, queries.StoredAnswer],
    files: Mapping[str, Sequence[Any]],
) -> dict[str, tuple[Capped, ...]]:
    """Per item with one file: the items counting lower once it is deleted (the confirm says)."""
    single = [item_id for item_id, found in files.items() if len(found) == 1]
    return caps_once_last_file_gone(rubric, answers, single, {section.id})


def _section_page(
    assessment: Assessment,
    rubric: Rubric,
    section: Section,
    form: Any,
    status: int,
    stored: form_data.ShownSectionData | None = None,
    answers: Mapping[str, queries.StoredAnswer] | None = None,
    return_to: str | None = None,
    files: Mapping[str, Sequence[queries.ShownFile]] | None = None,
) -> Any:
    """Render the section page; `stored` is the stored answers when it shows them.

    Unedited, the form body and the whole page are kept and served again while nothing
    they show has changed (kept_page.py). The items counting lower for want of a file are
    marked from the stored answers (`answers`, read again when not given) and files
    (`files`, likewise): both are in the kept page's key.
    """
    values = _page_values(assessment, rubric, form, files)
    if answers is None:
        subjects = [item.id for element in section.elements for item in element.items]
        answers = queries.answers_of_items(assessment, [*subjects, section.id])
    rows = answers
    notes = latest_item_comments(assessment)
    body_key = page_key = None
    if stored is not None:
        body_key, page_key = shown_section_keys(
            assessment,
            section,
            values["lang"],
            stored,
            (values["attachments"], notes),
            values["can_edit"],
            values["can_upload"],
            notice=values["lock"],
        )

    def render() -> str:
        # Worked out only when rendering: a kept page is served without it.
        return render_template(
            "assessments/section.html",
            **values,
            section=section,
            section_key=forms.SECTION_KEY,
            return_notes=notes,
            body_key=body_key,
            capped=_capped(rubric, section, rows, values["attachments"]),
            deleting_caps=_capped_by_deleting(rubric, section, rows, values["attachments"]),
            copied={
                item_id: row.copied_from_year
                for item_id, row in rows.items()
                if row.copied_from_year is not None
            },
            version_notes=_version_notes(assessment, values["lang"]),
            return_to=return_to,
            figure_notes=figure_notes(assessment, rubric, section.id),
        )

    if body_key is None:
        return render(), status
    return kept_section_page(rubric, page_key, render), status


def _version_notes(assessment: Assessment, lang: str) -> dict[str, str]:
    """Return the notes on items the rubric changed since last year, while still editable."""
    if not assessment.is_editable:
        return {}
    since = changes_since_previous(assessment)
    return item_notes(None if since is None else since.changes, lang)


@bp.route("/<int:assessment_id>/sections/<section_id>", methods=["GET", "POST"])
@db.reads_first  # a save holds the write lock only while it writes (qa41 S4)
@login_required
def section(assessment_id: int, section_id: str) -> Any:
    if request.method == "GET":
        kept = kept_section(assessment_id, section_id)
        if kept is not None:
            return kept, 200
    assessment = load(assessment_id, Action.ASSESSMENT_VIEW)
    rubric = queries.rubric_of(assessment)
    found = section_or_404(rubric, section_id)
    subjects = [item.id for element in found.elements for item in element.items]
    form_class = forms.build_section_form(rubric, found, current_lang())
    if request.method == "GET":
        # Read as the kept page's key is (kept_section.py): the same rows, one statement.
        stored, files = queries.section_rows(assessment, subjects, found.id)
        shown = form_data.ShownSectionData(found, stored)
        return _section_page(
            assessment, rubric, found, ShownForm(form_class, shown), 200, shown, stored, None, files
        )
    stored = queries.answers_of_items(assessment, [*subjects, found.id])
    form = form_class(data=form_data.section_form_data(found, stored))
    form.clear_unsent_choices(request.form)
    if (refused := refused_for_lock(assessment, evidence_views.lock_outcome())) is not None:
        shown = form_class(formdata=None, data=form_data.section_form_data(found, stored))
        return _section_page(assessment, rubric, found, set_aside(form, shown), refused)
    require(current_user, Action.ASSESSMENT_EDIT, assessment)
    answers, section_na = form.to_answers(), form.section_na()
    with db.writes():  # the answers and the files; the rest reads without the lock
        status = run_save(
            form,
            lambda: services.save_section(
                assessment, rubric, section_id, answers, current_user, section_na
            ),
            assessment,
        )
        acted = None if status == 400 else evidence_views.page_actions(assessment, form.subjects)
    anchor = acted or anchor_from_request()
    if status in (None, 200) and section_na is not None and section_na.is_na:
        _warn_na_against_kpis(assessment, rubric, found)
    if status != 400:
        status = _warn_capped(assessment, rubric, form, status, acted)
        status = _refused_upload_status(status)
        warn_differing_figures(assessment, rubric, found.id)
    if status is None:
        return back_to_page(anchor)
    return _section_page(assessment, rubric, found, form, status, return_to=anchor)


def _warn_na_against_kpis(assessment: Assessment, rubric: Rubric, found: Section) -> None:
    """Warn when the section just declared N/A has figures of its own in the KPI data."""
    values = {k: row.value for k, row in queries.kpi_values_by_input(assessment).items()}
    doubt = section_na_doubt(rubric, found.id, values, current_lang())
    if doubt is not None:
        flash(doubt, "warning")


def _warn_unfiled_prerequisites(assessment: Assessment, rubric: Rubric) -> None:
    """Warn at save when a prerequisite is declared met without an uploaded file (qa64 m4).

    The same rule refuses the submit (completeness.unfiled_prerequisites): said at once,
    as items lacking evidence are, so the file is added before the submit is tried.
    """
    answers = queries.answers_of_items(assessment, [p.id for p in rubric.prerequisites])
    filed = queries.filed_ids(assessment)
    unfiled = [p.id for p in unfiled_prerequisites(rubric, answers, filed)]
    if unfiled:
        flash(
            ngettext(
                "前置条件 %(ids)s 答“是”，但没有上传证据文件：无证据不予认可，上传前不能提交。"
                "请按该条说明上传。",
                "前置条件 %(ids)s 答“是”，但没有上传证据文件：无证据不予认可，上传前不能提交。"
                "请按各条说明上传。",
                len(unfiled),
                ids=_("、").join(unfiled),
            ),
            "warning",
        )


def _refused_upload_status(status: int | None) -> int | None:
    """Return 422 when a file was refused: shown again beside its item, not after a redirect."""
    if evidence_views.refused_uploads() and status in (None, 200):
        return 422
    return status


def _warn_capped(
    assessment: Assessment, rubric: Rubric, form: Any, status: int | None, acted: str | None
) -> int | None:
    """Warn beside each item just changed (or given or rid of a file) that counts lower.

    Checked after the uploads, so a file uploaded with the level counts as its evidence.
    """
    touched = set(form.changed)
    if acted and acted.startswith("item-"):
        touched.add(acted.removeprefix("item-"))
    warnings = services.evidence_warnings(assessment, rubric, touched)
    if not warnings:
        return status
    form.apply_warnings(warnings)
    flash(
        ngettext(
            "%(num)d 个评价项缺少证据，按较低等级计分；请核对标出的提示。",
            "%(num)d 个评价项缺少证据，按较低等级计分；请核对标出的提示。",
            len(warnings),
        ),
        "warning",
    )
    return 200 if status is None else status


def _prerequisites_page(
    assessment: Assessment, rubric: Rubric, form: Any, status: int, return_to: str | None = None
) -> Any:
    return _answers_page(
        "assessments/prerequisites.html",
        assessment,
        rubric,
        form,
        status,
        return_to=return_to,
        checks=prerequisite_checks(assessment, rubric),  # P6: the KPI data's own verdict
        input_codes=input_codes(rubric),  # as on the KPI page and in the Excel template
        input_labels={i.id: i.label for i in rubric.kpi_inputs},
    )


@bp.route("/<int:assessment_id>/prerequisites", methods=["GET", "POST"])
@login_required
def prerequisites(assessment_id: int) -> Any:
    assessment = load(assessment_id, Action.ASSESSMENT_VIEW)
    rubric = queries.rubric_of(assessment)
    stored = form_data.prerequisites_form_data(
        rubric, queries.answers_of_items(assessment, [p.id for p in rubric.prerequisites])
    )
    form_class = forms.build_prerequisites_form(rubric)
    form = form_class(data=stored)
    if request.method == "GET":
        return _prerequisites_page(assessment, rubric, form, 200)
    if (refused := refused_for_lock(assessment, evidence_views.lock_outcome())) is not None:
        shown = set_aside(form, form_class(formdata=None, data=stored))
        return _prerequisites_page(assessment, rubric, shown, refused)
    require(current_user, Action.ASSESSMENT_EDIT, assessment)
    answers = form.to_answers()
    status = run_save(
        form,
        lambda: services.save_prerequisites(assessment, rubric, answers, current_user),
        assessment,
    )
    anchor = anchor_from_request()
    if status != 400:
        anchor = evidence_views.page_actions(assessment, form.subjects) or anchor
        status = _refused_upload_status(status)
        _warn_unfiled_prerequisites(assessment, rubric)
    if status is None:
        return back_to_page(anchor)
    return _prerequisites_page(assessment, rubric, form, status, return_to=anchor)
