"""Self-assessment pages: list, start, overview, sections, prerequisites, KPIs, submit, result."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import flash, get_flashed_messages, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.assessments import (
    carry_over,
    form_data,
    forms,
    kpi_table,
    kpi_targets,
    park_refresh,
    queries,
    services,
)
from rcapp.assessments.basis_words import basis_note
from rcapp.assessments.compare_words import total_note
from rcapp.assessments.completeness import (
    Missing,
    core_kpi_inputs,
    evidence_caps,
    missing_parts,
    section_progress,
    unfiled_prerequisites,
)
from rcapp.assessments.computed_kpis import (
    computed_kpis,
    present_inputs,
    typed_inputs,
)
from rcapp.assessments.copied import unreviewed_copies
from rcapp.assessments.data_doubts import declared_na
from rcapp.assessments.event_register import event_places
from rcapp.assessments.grade_words import grade_words_of_inputs
from rcapp.assessments.group_stats_hook import missing_stats_of, section_medians_of
from rcapp.assessments.guide import first_year
from rcapp.assessments.kpi_backfill import open_backfill_years
from rcapp.assessments.kpi_backfill_rows import backfill_filled, backfill_inputs
from rcapp.assessments.kpi_doubts import stored_kpi_doubts
from rcapp.assessments.last_year import last_year_state
from rcapp.assessments.locked_meanwhile import NOT_SUBMITTED, locked_meanwhile_text
from rcapp.assessments.lowered_mail import queue_lowered_notice
from rcapp.assessments.messages import (
    _,
    kpi_category_text,
    missing_text,
    number_text,
)
from rcapp.assessments.missing_groups import missing_groups
from rcapp.assessments.models import Assessment, AssessmentStatus, KpiTarget
from rcapp.assessments.outside_year import outside_year, outside_year_reason
from rcapp.assessments.park_partners import park_partners
from rcapp.assessments.return_mail import queue_return_notice
from rcapp.assessments.review_hook import read_review
from rcapp.assessments.review_state import review_state_of, shown_of_record
from rcapp.assessments.rubric_changes import (
    KIND_TITLES,
    changes_since_previous,
    copy_changes_text,
)
from rcapp.assessments.same_figure_words import figure_notes, warn_differing_figures
from rcapp.assessments.section_na_doubts import section_na_doubts
from rcapp.assessments.snapshots import final_of_record, snapshot_scorecard
from rcapp.assessments.start_hint import evidence_level, nearly_empty
from rcapp.assessments.target_form import TargetForm
from rcapp.assessments.views import (
    bulk_evidence,  # noqa: F401 - its routes
    evidence_words,  # noqa: F401 - its template globals
    guide,  # noqa: F401 - its route
    kpi_words,  # noqa: F401 - its template filter
    number_level_words,  # noqa: F401 - its template global
    submit_check,  # noqa: F401 - its route
    take_stored,  # noqa: F401 - its template global
)
from rcapp.assessments.views.backfill_words import (
    backfill_cap,
    fill_state,
    optional_backfill,
    with_backfill_note,
)
from rcapp.assessments.views.blueprint import bp, load, may
from rcapp.assessments.views.data_problems import data_panel, target_cells
from rcapp.assessments.views.deadline_words import closed_message, past_deadline
from rcapp.assessments.views.draft_beside import draft_beside, submit_outcome
from rcapp.assessments.views.gate_words import lowered_text, run_note
from rcapp.assessments.views.kpi_live import live_checks
from rcapp.assessments.views.kpi_redraw import page_figures
from rcapp.assessments.views.partner_words import partner_texts
from rcapp.assessments.views.reach_words import reach_below_cap
from rcapp.assessments.views.recognition import recognition_panel
from rcapp.assessments.views.result_page import result_page
from rcapp.assessments.views.saving import (
    anchor_from_request,
    back_to_page,
    post_kpi_form,
)
from rcapp.assessments.views.submit_words import no_star_why, submit_confirm, submitted_text
from rcapp.assessments.views.system_count_words import system_count_note, with_count_note
from rcapp.assessments.year_marks import year_marks
from rcapp.clock import beijing_today
from rcapp.cycles.closed_parks import cycle_of_year
from rcapp.cycles.deadlines import may_submit_now
from rcapp.cycles.models import ReportingCycle
from rcapp.errors import InvalidState
from rcapp.figures import figure_text
from rcapp.i18n import current_lang
from rcapp.mail.tasks import deliver_outbox
from rcapp.organisations.models import Organisation
from rcapp.pagination import paginate
from rcapp.permissions import Action, can, require
from rcapp.rubrics.input_codes import input_codes
from rcapp.rubrics.model import Prerequisite, Rubric, RubricKind
from rcapp.scoring import GateKind, Scorecard, StarRating
from rcapp.web import get_or_404, login_required, user_object


@bp.get("/")
@login_required
def index() -> str:
    """List the assessments the user may see, a page at a time, by year and name if asked."""
    year = request.args.get("year", type=int)
    name = (request.args.get("q") or "").strip()[:100]
    statement = queries.visible_assessments(current_user, year, name)
    page = paginate(statement, request.args.get("page", 1, type=int), per_page=LIST_PAGE)
    startable = [
        (membership.organisation, cycle)
        for membership in current_user.memberships
        for cycle in queries.open_cycles()
        if queries.find_assessment(membership.organisation_id, cycle.id) is None
        and not outside_year(membership.organisation, cycle)
    ]
    return render_template(
        "assessments/index.html",
        assessments=page.items,
        rated=queries.rated_stars([a.id for a in page.items]),
        marks=year_marks(page.items),
        total_note=total_note(),
        page=page,
        years=queries.cycle_years(),
        year=year,
        # the download names the year filtered as every year page does: by its cycle id
        year_cycle=None if year is None else cycle_of_year(year),
        q=name,
        startable=startable,
        form=forms.ActionForm(),
    )


LIST_PAGE = 100


@bp.post("/start/<int:organisation_id>/<int:cycle_id>")
@login_required
def start(organisation_id: int, cycle_id: int) -> Response:
    organisation = get_or_404(Organisation, organisation_id)
    cycle = get_or_404(ReportingCycle, cycle_id)
    require(current_user, Action.ASSESSMENT_START, organisation)
    if not cycle.is_open:
        raise InvalidState("reporting cycle", cycle.status, "start an assessment")
    started = queries.find_assessment(organisation.id, cycle.id) is not None
    if not started and outside_year(organisation, cycle):
        flash(outside_year_reason(organisation, [cycle.year]), "warning")
        return redirect(url_for("assessments.index"))
    if forms.ActionForm().validate_on_submit():
        assessment = services.get_or_start_assessment(organisation, cycle, current_user)
        db.session().commit()
        return redirect(url_for("assessments.overview", assessment_id=assessment.id))
    return redirect(url_for("assessments.index"))


def _overview(assessment: Assessment, missing: list[Missing] | None = None) -> str:
    rubric = queries.rubric_of(assessment)
    answers = queries.answers_by_item(assessment)
    # typed or computed by rcapp: what the submit check counts (qa38 D1)
    kpi_values = present_inputs(assessment, rubric)
    lang = current_lang()
    cap = backfill_cap(assessment, rubric)
    progress = section_progress(rubric, answers)
    prerequisites_done = sum(
        1 for p in rubric.prerequisites if p.id in answers and answers[p.id].level is not None
    )
    gaps = prerequisites_done < len(rubric.prerequisites) or any(
        row.done < row.total for row in progress
    )
    can_submit = may(Action.ASSESSMENT_SUBMIT, assessment)
    # Past the deadline (or the extension) the button would only be refused: say why instead.
    closed = None
    if can_submit and not may_submit_now(
        assessment.cycle, assessment.organisation_id, beijing_today()
    ):
        can_submit, closed = False, closed_message(assessment)
        if closed in get_flashed_messages():  # the submit just refused says it once (qa53 M1)
            closed = None
    # Before the button: what would refuse the submit (no confirm then), and the data
    # problems a submit goes through with but that cost the stars needing consistent data.
    open_parts = (
        missing_parts(
            rubric, answers, kpi_values, typed_inputs(assessment), queries.filed_ids(assessment)
        )
        if can_submit
        else []
    )
    # Items counting lower for want of a file, from the stored answers and files.
    capped = evidence_caps(rubric, answers, {a.item_id for a in assessment.attachments})
    data_problems: tuple[str, ...] = ()
    confirm = None
    if can_submit and not open_parts:
        panel = data_panel(assessment, rubric, lang)
        data_problems = panel.problems
        # The confirmation names the provisional result the submit would record.
        confirm = (
            None
            if panel.card is None
            else submit_confirm(
                panel.card,
                len(capped),
                no_star_why(rubric, panel.card, lang),
                submit_outcome(assessment, rubric, lang),
            )
        )
    copied = unreviewed_copies(rubric, answers) if assessment.is_editable else []
    # Offered only while something is still unanswered: it never overwrites.
    previous = carry_over.previous_assessment(assessment) if gaps else None
    # A new rubric version since last year: what changed, from the crosswalk.
    since = changes_since_previous(assessment) if assessment.is_editable else None
    return render_template(
        "assessments/overview.html",
        assessment=assessment,
        rated=queries.rated_stars([assessment.id]).get(assessment.id),
        rubric=rubric,
        lang=lang,
        progress=progress,
        prerequisites_done=prerequisites_done,
        core_inputs=core_kpi_inputs(rubric),
        kpi_values=kpi_values,
        missing=missing_groups(rubric, [(m, missing_text(m, lang)) for m in missing or []]),
        can_edit=may(Action.ASSESSMENT_EDIT, assessment),
        previous=previous,
        previous_files=len(previous.attachments) if previous is not None else 0,
        previous_draft=previous is not None and not _is_submitted(previous),
        can_submit=can_submit,
        open_parts=len(open_parts),
        data_problems=data_problems,
        capped=capped,
        items=rubric.item_index(),
        # a park's safety-risk grade from its typed score (grade_words)
        grades=grade_words_of_inputs(rubric, typed_inputs(assessment), lang),
        submit_confirm=confirm,
        copied=copied,
        since=since,
        kind_titles=KIND_TITLES,
        item_sections={item.id: section.id for section, _element, item in rubric.iter_items()},
        copied_count=sum(part.count for part in copied),
        submission_closed=closed,
        # An unfinished assessment of a closed year: say the year is closed, not "revise".
        year_closed=not assessment.cycle.is_open
        and assessment.status is not AssessmentStatus.SUBMITTED,
        can_return=may(Action.ASSESSMENT_RETURN, assessment),
        # Where to start, while a draft of an open year is nearly empty.
        start_hint=assessment.is_editable
        and assessment.cycle.is_open
        and not missing
        and nearly_empty(progress),
        evidence_level=evidence_level(rubric),
        # an organisation's first year: the overview links the guide (qa50 #12)
        first_year=assessment.is_editable
        and first_year(assessment.organisation_id, assessment.cycle.year),
        # a short run of KPI reporting caps this year's stars: said before answering (qa50 #7)
        # ... and names the earlier years backfill may still fill in as this year's way up
        history_cap=cap,
        run_note=run_note,
        # years before signing the commitment: optional backfill, said plainly (newcomer #1)
        optional_backfill=optional_backfill(assessment, rubric),
        # a veto or a hazard holding the stars lower: the result page's ceiling instead
        reach_below_cap=reach_below_cap(assessment, rubric, cap, lang),
        # the template to offer: the filled one once something is saved (qa21 S5)
        has_saved=bool(assessment.answers or assessment.kpi_values),
        action_form=forms.ActionForm(),
        return_form=forms.ReturnForm(),
    )


@bp.get("/<int:assessment_id>")
@login_required
def overview(assessment_id: int) -> str:
    return _overview(load(assessment_id, Action.ASSESSMENT_VIEW))


def kpi_page(
    assessment: Assessment,
    rubric: Rubric,
    form: Any,
    status: int,
    target_form: TargetForm | None = None,
    editing: KpiTarget | None = None,
) -> Any:
    """Render the KPI page; `target_form` carries a refused target's input and messages."""
    if target_form is None:
        target_form = TargetForm()
        target_form.set_choices(rubric, current_lang())
    this_year = {k: row.value for k, row in queries.kpi_values_by_input(assessment).items()}
    figures = page_figures(assessment, rubric, this_year)
    last_year, computed = figures.last_year, figures.computed
    year, organisation_id = assessment.cycle.year, assessment.organisation_id
    panel = data_panel(assessment, rubric, current_lang())
    return render_template(
        "assessments/kpis.html",
        assessment=assessment,
        rubric=rubric,
        form=form,
        figure_notes=figure_notes(assessment, rubric),
        # the result page's 请核对 list and badges, the same doubts (parkshare #2)
        kpi_doubts=stored_kpi_doubts(
            assessment, rubric, current_lang(), settled=not assessment.is_editable
        ),
        lang=current_lang(),
        can_edit=may(Action.ASSESSMENT_EDIT, assessment),
        last_year=last_year,
        # the 上年 column named by its year, and why it is empty (qa45 S4)
        last_year_number=assessment.cycle.year - 1,
        last_year_state=last_year_state(assessment) if not last_year else "reported",
        # earlier years without an assessment: their core inputs, self-declared (qa63)
        backfill_open=open_backfill_years(assessment),
        backfilled=backfill_filled(rubric, organisation_id, year),  # year → inputs filled
        backfill_needed=len(backfill_inputs(rubric)),
        fill_state=fill_state,  # a year's "2 / 19", as the result page's note says it
        this_year=this_year,
        number_text=number_text,
        figure_text=figure_text,
        change_text=kpi_table.change_text,
        key=forms.key,
        computed=computed,
        # Shown in place of a typed count: the system's, last year's too (qa19 D1).
        figures_last=figures.figures_last,
        last_shown=figures.last_shown,
        counted=figures.counted,
        basis_note_text=basis_note,  # the PDF's and the workbook's words too (qa42 D1)
        groups=figures.groups,
        category_text=partial(kpi_category_text, park=rubric.kind is RubricKind.PARK),
        panel=panel,
        partner_texts=partner_texts(assessment, rubric, current_lang()),
        # a park's "1+3" count: its residents' registered partners beside the field
        park_partners=park_partners(assessment.organisation, year, rubric, current_lang()),
        target_form=target_form,
        editing_target=editing,
        targets=assessment.kpi_targets,
        target_cells=target_cells(rubric, panel.card, assessment.kpi_targets, current_lang())
        if panel.card is not None
        else {},
        incomparable_targets=kpi_targets.incomparable_targets(assessment, rubric),
        kpi_names={k.id: k.name.get(current_lang()) for k in rubric.kpis},
        # the rows the core KPIs need, marked and, on ?core=1, the only ones shown
        core_ids={kpi_input.id for kpi_input in core_kpi_inputs(rubric)},
        only_core=only_core_inputs(),
        # under the rates a count of rcapp's feeds: what it counts (qa38 S5)
        system_count_note=system_count_note(rubric, current_lang(), bool(computed)),
        system_kpis={k.id for k in computed_kpis(rubric)},
        input_codes=input_codes(rubric),  # as in the Excel template and the guidance
        live_checks=live_checks(
            rubric, {i.id: i.label.get(current_lang()) for i in rubric.kpi_inputs}, last_year
        ),
        action_form=forms.ActionForm(),
    ), status


@bp.route("/<int:assessment_id>/kpis", methods=["GET", "POST"])
@login_required
def kpis(assessment_id: int) -> Any:
    assessment = load(assessment_id, Action.ASSESSMENT_VIEW)
    rubric = queries.rubric_of(assessment)
    stored = form_data.kpi_form_data(rubric, queries.kpi_values_by_input(assessment))
    form_class = forms.build_kpi_form(rubric, current_lang())
    form = form_class(data=stored)
    status: int | None = 200
    if request.method == "POST":
        form, status, saved = post_kpi_form(
            assessment,
            form,
            lambda: form_class(formdata=None, data=stored),
            lambda entries: services.save_kpi_inputs(assessment, rubric, entries, current_user),
        )
        if saved and status != 400:
            warn_differing_figures(assessment, rubric)
    if status is None:
        return back_to_page(anchor_from_request(), "?core=1" if only_core_inputs() else "")
    return kpi_page(assessment, rubric, form, status)


def only_core_inputs() -> bool:
    """Whether the KPI page shows only the inputs the core KPIs need (its ?core=1 link)."""
    return request.args.get("core") == "1"


@bp.post("/<int:assessment_id>/copy-previous")
@login_required
def copy_previous(assessment_id: int) -> Response:
    assessment = load(assessment_id, Action.ASSESSMENT_EDIT)
    if forms.ActionForm().validate_on_submit():
        rubric = queries.rubric_of(assessment)
        done = carry_over.copy_from_previous(assessment, rubric, current_user)
        db.session().commit()
        flash(_copied_text(done), "success")
        if done.from_draft:
            flash(
                _(
                    "复制来源是 %(year)s 年度没有提交的自评，其答案未经同行评审，请特别仔细核对。",
                    year=done.year,
                ),
                "warning",
            )
        if done.files:
            flash(
                _(
                    "请逐一核对随答案复制的上年证据文件是否仍然有效"
                    "（如证书、许可证、检测报告可能已过期），过期的请删除并上传新的。"
                ),
                "warning",
            )
        if done.missing_files:
            flash(
                ngettext(
                    "另有 %(num)d 个上年证据文件已不在存储中，未能复制，请重新上传。",
                    "另有 %(num)d 个上年证据文件已不在存储中，未能复制，请重新上传。",
                    done.missing_files,
                ),
                "warning",
            )
        if done.skipped:
            flash(
                ngettext(
                    "另有 %(num)d 项上年答案不符合本年度评价细则，未复制，请重新填写。",
                    "另有 %(num)d 项上年答案不符合本年度评价细则，未复制，请重新填写。",
                    done.skipped,
                ),
                "warning",
            )
        since = changes_since_previous(assessment)
        if since is not None:
            flash(copy_changes_text(since), "warning")
        if done.targets:
            flash(
                _(
                    "另复制了 %(count)s 个尚未到期的指标目标，请在 KPI 数据页核对。",
                    count=done.targets,
                ),
                "success",
            )
    return redirect(url_for("assessments.overview", assessment_id=assessment.id))


def _copied_text(done: carry_over.CarryOver) -> str:
    """Say what the copy filled: answers and the evidence files that came with them."""
    if done.files:
        files = ngettext(
            "随答案复制了 %(num)d 个证据文件。",
            "随答案复制了 %(num)d 个证据文件。",
            done.files,
        )
    else:
        files = _("没有证据文件随答案复制；需要证据的评价项，请在其下方“上传证据文件”。")
    return _(
        "已从 %(year)s 年度复制 %(count)s 项答案到空白项（已填写的未改动）。%(files)s"
        "请逐项核对后保存；本自评仍为草稿，不会自动提交。",
        year=done.year,
        count=done.copied,
        files=files,
    )


def _is_submitted(assessment: Assessment) -> bool:
    return assessment.status is AssessmentStatus.SUBMITTED


def _already_submitted(assessment: Assessment) -> Response:
    # A double click, a retry or a colleague was first: the assessment is submitted once.
    flash(_("本自评已提交，无需重复提交。"), "success")
    return redirect(url_for("assessments.result", assessment_id=assessment.id))


def _closed_meanwhile(assessment: Assessment) -> Response:
    """Say the year was closed while the page was open, and that nothing was submitted."""
    flash(locked_meanwhile_text(assessment, NOT_SUBMITTED), "error")
    return redirect(url_for("assessments.overview", assessment_id=assessment.id))


@bp.get("/<int:assessment_id>/submit")
@login_required
def submit_reloaded(assessment_id: int) -> Response:
    """Show the overview for a GET of the submit address, not a 405 (qa38 S2).

    A reload after 提交自评 (the browser stays on the POST's address), or the address opened:
    the overview lists what is still missing.
    """
    assessment = load(assessment_id, Action.ASSESSMENT_VIEW)
    return redirect(url_for("assessments.overview", assessment_id=assessment.id))


@bp.post("/<int:assessment_id>/submit")
@login_required
def submit(assessment_id: int) -> Any:
    assessment = load(assessment_id, Action.ASSESSMENT_VIEW)
    if _is_submitted(assessment):
        return _already_submitted(assessment)
    if not assessment.cycle.is_open and may(Action.ASSESSMENT_VIEW, assessment):
        return _closed_meanwhile(assessment)
    require(current_user, Action.ASSESSMENT_SUBMIT, assessment)
    if not forms.ActionForm().validate_on_submit():
        return redirect(url_for("assessments.overview", assessment_id=assessment.id))
    rubric = queries.rubric_of(assessment)

    def notify(final: Scorecard) -> None:  # resubmitted data lowered the final rating
        words = lambda lang: lowered_text(rubric, final, lang)  # noqa: E731 - read per reader
        queue_lowered_notice(assessment, words, current_user)

    try:
        card = services.submit_assessment(assessment, current_user, on_lowered=notify)
    except services.SubmissionClosed:
        db.session().rollback()
        flash(closed_message(assessment), "error")
        return redirect(url_for("assessments.overview", assessment_id=assessment.id))
    except services.Incomplete as incomplete:
        db.session().rollback()
        missing = len(incomplete.missing)
        flash(
            ngettext(
                "尚有 %(num)d 处未完成，不能提交。", "尚有 %(num)d 处未完成，不能提交。", missing
            ),
            "error",
        )
        return _overview(assessment, incomplete.missing), 422
    except InvalidState:
        db.session().rollback()  # reloads the status another request committed
        if _is_submitted(assessment):
            return _already_submitted(assessment)
        if not assessment.cycle.is_open:  # closed between the check above and the submit
            return _closed_meanwhile(assessment)
        raise
    db.session().commit()
    deliver_outbox()  # a lowered final rating's notices, after the commit that stored them
    # Read out as every page reads stars ("1 星", 未评定…), not a bare number (qa20 S12);
    # a final rating of record is said beside the self stars, lowered or not.
    kept = final_of_record(assessment)
    final = None if kept is None else snapshot_scorecard(kept)
    flash(submitted_text(rubric, card, final, current_lang()), "success")
    return redirect(url_for("assessments.result", assessment_id=assessment.id))


@bp.post("/<int:assessment_id>/return")
@login_required
def return_for_revision(assessment_id: int) -> Any:
    seen = load(assessment_id, Action.ASSESSMENT_VIEW)
    if not _is_submitted(seen) and can(current_user, Action.CYCLE_MANAGE):
        # A colleague returned it first (or a double click): say so, keep what was typed.
        typed = (forms.ReturnForm().comment.data or "").strip()
        message = _("本自评已退回（或已不是“已提交”状态），本次退回未执行。")
        if typed:
            message += " " + _("您填写的退回意见未保存：%(text)s", text=typed)
        flash(message, "error")
        return redirect(url_for("assessments.overview", assessment_id=seen.id))
    assessment = load(assessment_id, Action.ASSESSMENT_RETURN)
    form = forms.ReturnForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for e in form.comment.errors) or _("请重新提交。"), "error")
        return redirect(url_for("assessments.overview", assessment_id=assessment.id))
    services.return_assessment(assessment, form.comment.data or "", current_user)
    queue_return_notice(assessment, current_user)
    db.session().commit()
    deliver_outbox()  # on the task queue, after the commit that stored the notices
    flash(_("已退回，组织可以修改后重新提交。"), "success")
    return redirect(url_for("assessments.overview", assessment_id=assessment.id))


def unfiled_of(assessment: Assessment, rubric: Rubric) -> list[Prerequisite]:
    """Return the prerequisites answered 是 that lack their evidence file (no credit)."""
    answers = queries.answers_of_items(assessment, [p.id for p in rubric.prerequisites])
    return unfiled_prerequisites(rubric, answers, queries.filed_ids(assessment))


@bp.get("/<int:assessment_id>/result")
@login_required
def result(assessment_id: int) -> str:
    assessment = load(assessment_id, Action.RESULT_VIEW)
    rubric = queries.rubric_of(assessment)
    # A first review running, or reviewed again after an upheld appeal (the earlier final
    # rating, kept, until the new one): review_state's one rule, as home and scorecard.
    # the review read once: its state, and the outcome link if this user may follow it
    reading = read_review(assessment, user_object())
    state = review_state_of(assessment, reading)
    shown = shown_of_record(assessment, rubric, state)
    # why the peer group lacks statistics, as the benchmark pages say it, and their link
    missing = missing_stats_of(assessment, user_object())
    page = result_page(
        rubric,
        shown,
        current_lang(),
        assessment.cycle.year,
        state.awaiting_review,
        submitted=assessment.status is AssessmentStatus.SUBMITTED,
        frozen_review=state.frozen,
        missing=missing.words,
        group_medians=section_medians_of(assessment),
        vetoed_at=event_places(assessment, current_lang()),  # where a park's vetoing event was
    )
    page = with_count_note(page, assessment, rubric, current_lang())  # qa42 S2
    stored_inputs = queries.kpi_inputs_compared(assessment)  # backfilled years read with them
    page = with_backfill_note(page, assessment, rubric, stored_inputs.backfilled())
    return render_template(
        "assessments/result.html",
        assessment=assessment,
        # backfill that would raise the KPI-reporting cap: one of the things still to do
        history_cap=backfill_cap(assessment, rubric),
        optional_backfill=optional_backfill(assessment, rubric),
        can_edit=may(Action.ASSESSMENT_EDIT, assessment),
        rereview=state.rereview,
        underway=state.underway,
        review_frozen=state.frozen,
        rubric=rubric,
        page=page,
        stats_missing=missing,
        lang=current_lang(),
        # only the pairs that differ: a figure to copy across is the section pages' business
        figure_notes=[note for note in figure_notes(assessment, rubric) if note.differ],
        # prerequisites answered 是 without their file: the submit is refused until uploaded
        unfiled=unfiled_of(assessment, rubric) if assessment.is_editable else [],
        kpi_doubts=stored_kpi_doubts(
            assessment,
            rubric,
            current_lang(),
            stored_inputs,
            settled=not assessment.is_editable,  # a fall to 0 is then no data problem
        ),
        # a section declared N/A against the organisation's own figures (qa49 M5)
        na_doubts=section_na_doubts(
            rubric,
            declared_na(page.card),
            dict(stored_inputs.this_year),
            current_lang(),
        ),
        # the inputs the doubts read: no second statement for the partner counts
        partner_texts=partner_texts(
            assessment, rubric, current_lang(), dict(stored_inputs.this_year)
        ),
        # the review outcome page, if final and the user may open it (assessments is below
        # reviews: the reviews package answers through the hook)
        final_review_id=reading.final_review_id,
        targets_held=targets_hold(page.card.rating),
        may_edit=may(Action.ASSESSMENT_EDIT, assessment),
        deadline_passed=past_deadline(assessment),
        # a park's result a resident's new rating changes, its refresh queued and not taken
        refresh_waits=park_refresh.result_waits(assessment),
        # ... and where that refresh stands otherwise: queued, running, failed, last done
        refresh=park_refresh.refresh_status(assessment),
        draft=draft_beside(assessment, rubric, shown, current_lang()),
        recognition=recognition_panel(assessment),
    )


def targets_hold(rating: StarRating) -> bool:
    """Whether the own-targets condition fails in a band above the rating (qa14 D7)."""
    return any(
        gate.kind is GateKind.TARGETS_ON_TRACK
        for band in rating.bands
        if band.stars > rating.stars
        for gate in band.failed
    )
