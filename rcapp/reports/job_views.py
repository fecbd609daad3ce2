"""Report jobs on the web: start one, watch it (the page may be left), fetch or retry it."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.assessments import park_refresh
from rcapp.cycles import services as cycle_services
from rcapp.cycles.hooks import cycle_results
from rcapp.cycles.models import ReportingCycle
from rcapp.db import utcnow
from rcapp.downloads import send_download
from rcapp.errors import InvalidState
from rcapp.i18n import current_lang
from rcapp.organisations.models import Organisation, WorkingGroup
from rcapp.permissions import Action, can, require
from rcapp.reports import (
    audit_export,
    edition_mail,
    edition_refusals,
    editions,
    job_words,
    jobs,
    queries,
    recompute_job,
    reopened_note,
    scorecard_scope,
    scorecard_views,
    tasks,
)
from rcapp.reports.blueprint import bp, report_lang
from rcapp.reports.edition_choices import MAX_CORRECTION_CHARS, PublishForm
from rcapp.reports.edition_withdrawals import MAX_REASON_CHARS, is_withdrawn, withdrawal_of
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from rcapp.reports.org_import_rows import import_rows, split_replaced
from rcapp.web import forget_nav_attention, get_or_404, login_required

CYCLE_JOBS = editions.PUBLISHABLE
POLL_SECONDS = 3
# A scorecard takes a few seconds: its page, waiting to start the download, looks every second.
SCORECARD_POLL_SECONDS = 1


def _visible_job(job_id: int) -> ReportJob:
    job = get_or_404(ReportJob, job_id)
    if not jobs.can_fetch(current_user, job):
        abort(403)
    return job


@bp.post("/cycles/<int:cycle_id>/jobs")
@login_required
def start_cycle_job(cycle_id: int) -> Response:
    cycle = get_or_404(ReportingCycle, cycle_id)
    require(current_user, Action.CYCLE_MANAGE)
    kind = request.form.get("kind", "")
    if kind not in {k.value for k in CYCLE_JOBS}:
        abort(400)
    if cycle.is_closing:  # a page opened before the close: the figures are still being frozen
        flash(
            _(
                "正在冻结结果：冻结完成、年度显示“已关闭”后才能生成，以免报告中的数字与冻结结果不同。"
            ),
            "error",
        )
        return redirect(url_for("cycles.detail", cycle_id=cycle.id))
    scope = scorecard_scope.Scope()
    if kind == JobKind.SCORECARDS.value:
        try:
            scope = _asked_scope()
        except LookupError:
            flash(_("评分卡范围：所选工作组不存在（可能已被删除），请重新选择工作组。"), "error")
            return redirect(url_for("cycles.detail", cycle_id=cycle.id, _anchor="reports-heading"))
    job = jobs.request_job(
        JobKind(kind), current_user, cycle=cycle, lang=report_lang(), params=scope.params()
    )
    jobs.purge_expired()
    db.session().commit()
    tasks.enqueue(job)
    return redirect(url_for(".job", job_id=job.id))


def _asked_scope() -> scorecard_scope.Scope:
    """Read the scorecards' scope from the form; LookupError: the group chosen is gone."""
    group = None
    group_id = request.form.get("group", "").strip()
    if group_id:
        group = db.session().get(WorkingGroup, int(group_id)) if group_id.isdigit() else None
        if group is None:
            raise LookupError(group_id)
    return scorecard_scope.Scope(group=group, rated_only=request.form.get("rated_only") == "1")


@bp.get("/jobs")
@login_required
def job_list() -> str:
    found = jobs.jobs_visible_to(current_user)
    imports, replaced = split_replaced(import_rows(current_user))
    now = utcnow()
    seen = jobs.worker_last_seen()
    stalls = {job.id: stalled for job in found if (stalled := job_words.stall(job, now, seen))}
    secretariat = current_user.is_secretariat
    refreshes = queries.stalled_park_refreshes() if secretariat else []
    reopened = queries.reopened_after(found)
    failed_refreshes = queries.failed_park_refreshes() if secretariat else []
    # A year's close freezes its results on the worker with no job row (QA68 #4): listed too.
    closing = [
        (cycle, cycle_results().freeze_progress(cycle))
        for cycle in (
            cycle_services.closing_cycles() if can(current_user, Action.CYCLE_MANAGE) else []
        )
    ]
    return render_template(
        "reports/jobs.html",
        closing=closing,
        jobs=found,
        stalls=stalls,
        refreshes=refreshes,
        failed_refreshes=failed_refreshes,
        any_stalled=bool(stalls or refreshes) or any(row.stall for row in imports),
        years=queries.job_years(found),
        organisations=queries.scorecard_organisations(found),
        reopened=reopened,
        provisional=editions.provisional(found, reopened),
        replaced_by=editions.replaced_by(found),
        withdrawn={job.id for job in found if is_withdrawn(job)},
        imports=imports,
        replaced=replaced,
    )


@bp.get("/jobs/<int:job_id>")
@login_required
def job(job_id: int) -> Response:
    found = _visible_job(job_id)
    if found.kind is JobKind.SCORECARD:
        return Response(
            scorecard_views.job_page(found, SCORECARD_POLL_SECONDS), mimetype="text/html"
        )
    return Response(job_page(found), mimetype="text/html")


def job_page(found: ReportJob, refused: PublishForm | None = None) -> str:
    """Render a (report) job's page; `refused`: the publish form refused, as it was typed.

    A correction note refused (missing, too long) is shown again in its field with the
    message naming it, not lost behind a redirect (edition_views.job_publish).
    """
    cycle = None if found.cycle_id is None else db.session().get(ReportingCycle, found.cycle_id)
    refusal = editions.refusal(found, cycle)
    may_publish = refusal is None and current_user.is_secretariat
    # While the job runs, js/job.js follows it in place (a Refresh header reloaded the page,
    # sending focus and screen readers back to the top); without script, a <noscript> refresh.
    return render_template(
        "reports/job.html",
        job=found,
        downloadable=jobs.result_path(found) is not None,
        poll_seconds=POLL_SECONDS,
        reopened=queries.reopened_after([found]).get(found.id),
        cycle=cycle,
        may_publish=may_publish,
        # the edition publishing would replace, and the one that replaced this (qa69 m1)
        replaces=editions.edition_in_force(found) if may_publish else None,
        next_edition=editions.next_edition_number(found) if may_publish else None,
        # who publishing mails, or nobody and why (edition_mail.audience)
        publish_mail=edition_mail.audience(found) if may_publish else None,
        scope=scorecard_scope.scope_of(found) if found.kind is JobKind.SCORECARDS else None,
        withdrawal=withdrawal_of(found),
        edition_name=_edition_name(found, cycle),
        may_withdraw=current_user.is_secretariat and found.edition is not None,
        replaced_by=editions.replaced_by([found]).get(found.id),
        publish_refusal=edition_refusals.refusal_words(refusal, cycle),
        audit_filters=_audit_filters(found),
        failure=job_words.failure_words(
            found.error, job_words.error_number(found.id, found.updated_at)
        ),
        **job_words.stall_notice(found, utcnow(), jobs.worker_last_seen()),
        lost_in=jobs.minutes_until_lost(found, utcnow()),
        recompute=recompute_job.shown_result(found),
        max_reason_chars=MAX_REASON_CHARS,
        max_correction_chars=MAX_CORRECTION_CHARS,
        refused=refused,
    )


def _edition_name(job: ReportJob, cycle: ReportingCycle | None) -> str | None:
    """Name the published edition as the publish message did (job_words)."""
    if job.edition is None or cycle is None:
        return None
    return job_words.edition_name(job, cycle.year, job.edition)


@bp.post("/jobs/park-refreshes/<int:park_id>/<int:year>/retry")
@login_required
def park_refresh_retry(park_id: int, year: int) -> Response:
    """Queue a failed park refresh again (the secretariat only); the worker runs it."""
    if not current_user.is_secretariat:
        abort(403)
    if park_refresh.retry_refresh(park_id, year):
        forget_nav_attention()
        park = db.session().get(Organisation, park_id)
        name = park.display_name(current_lang()) if park is not None else f"#{park_id}"
        # which refresh: the secretariat may retry several in a row (qa62 #12)
        flash(
            _(
                "已重新排队：%(park)s %(year)d 年入园企业星级变化后的重新计算。",
                park=name,
                year=year,
            ),
            "success",
        )
    else:
        flash(_("这次重新计算已不是失败状态（可能已重试或已完成），无需重试。"), "info")
    return redirect(url_for(".job_list", _anchor="park-refreshes"))


def _audit_filters(found: ReportJob) -> tuple[dict[str, str], tuple[str, ...]] | None:
    """Return an audit-log job's kept filters and their wording in the page's language."""
    if found.kind is not JobKind.AUDIT_LOG:
        return None
    return audit_export.kept_filters(found), audit_export.job_notes(found)


@bp.get("/jobs/<int:job_id>/download")
@login_required
def job_download(job_id: int) -> Response:
    found = _visible_job(job_id)
    path = jobs.result_path(found)
    if path is None:
        abort(410 if found.status is JobStatus.DONE else 404)
    name = found.result_name or path.name
    cycle = None if found.cycle_id is None else db.session().get(ReportingCycle, found.cycle_id)
    noted = reopened_note.noted_archive(found, path, cycle)  # made before the year reopened
    source = path if noted is None else io.BytesIO(noted)
    return send_download(source, name, found.result_mime or "application/octet-stream")


@bp.post("/jobs/<int:job_id>/retry")
@login_required
def job_retry(job_id: int) -> Response:
    found = _visible_job(job_id)
    try:
        jobs.retry_job(found, current_user)
    except InvalidState:
        flash(_("只有失败的任务可以重试。"), "error")
        return redirect(url_for(".job", job_id=found.id))
    db.session().commit()
    tasks.enqueue(found)
    forget_nav_attention()
    flash(_("已重新排队。"), "success")
    return redirect(url_for(".job", job_id=found.id))
