"""Register organisations in bulk: download the template, upload, check, preview, confirm.

Nothing is written until the secretariat confirms the preview, and then all rows or none.
Checking takes about 10 s per 1,000 rows, so the upload and the confirmation each hand the
file to the worker (import_tasks) and show a page that waits for it (import_job); once
checked, the page shows the preview. On confirmation the file is checked again, and if what
it would write differs from the preview (the register changed meanwhile) the new preview is
shown instead.
"""

from __future__ import annotations

import io

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp.downloads import send_download
from rcapp.i18n import current_lang
from rcapp.organisations import import_hold, import_job, import_tasks, queries
from rcapp.organisations.forms import KIND_LABELS, ImportConfirmForm, ImportFileForm
from rcapp.organisations.import_columns import MAX_BYTES, MAX_ROWS, label
from rcapp.organisations.import_job import APPLYING, CHECKED, CHECKING, Job, Preview
from rcapp.organisations.import_tasks import Confirmer
from rcapp.organisations.import_template import template_workbook
from rcapp.organisations.import_words import ENDED, ended_words
from rcapp.organisations.models import OrganisationKind
from rcapp.organisations.views import bp
from rcapp.permissions import Action, require
from rcapp.web import login_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/import/template.xlsx")
@login_required
def import_template() -> Response:
    require(current_user, Action.ORG_CREATE)
    lang = current_lang()
    names = [g.display_name(lang) for g in queries.working_groups()]
    data = template_workbook(lang, names)
    filename = "organisation-import.xlsx" if lang == "en" else "单位批量导入模板.xlsx"
    return send_download(io.BytesIO(data), filename, XLSX)


# The waiting page asks every second whether the worker is done (as the scorecard's page).
POLL_SECONDS = 1


def _kind_label(kind: str) -> str:
    return str(KIND_LABELS[OrganisationKind(kind)])


def _page(
    form: ImportFileForm,
    preview: Preview | None = None,
    token: str = "",
    status: int = 200,
    current: Job | None = None,
) -> tuple[str, int]:
    confirm = ImportConfirmForm()
    if preview is not None:
        confirm.fingerprint.data = preview.fingerprint
    page = render_template(
        "organisations/import.html",
        form=form,
        plan=preview,
        token=token,
        confirm=confirm,
        column_label=label,
        kind_label=_kind_label,
        max_rows=MAX_ROWS,
        max_mb=MAX_BYTES // (1024 * 1024),
        problems=preview.problems_in(current_lang()) if preview else [],
        row_problems=preview.row_problems if preview else 0,
        current=current,
    )
    return page, status


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_upload() -> tuple[str, int] | Response:
    require(current_user, Action.ORG_CREATE)
    form = ImportFileForm()
    current = import_job.latest(current_user.id)
    if not form.validate_on_submit():
        return _page(form, status=400 if request.method == "POST" else 200, current=current)
    if current is not None and current.state == APPLYING and not current.is_lost():
        form.file.errors = [_("上一个文件正在导入，请等导入完成后再上传。")]
        return _page(form, status=409, current=current)
    data = form.file.data.read(MAX_BYTES + 1)  # the worker refuses a larger one, in words
    name = str(getattr(form.file.data, "filename", "") or "")
    job = import_job.start(current_user.id, data, current_lang(), name, str(current_user.name))
    import_tasks.check_import(current_user.id, job.token)
    return redirect(url_for(".import_job_page", token=job.token))


@bp.get("/import/<token>")
@login_required
def import_job_page(token: str) -> tuple[str, int] | Response:
    """Wait for the worker, then show the preview (or say how the import ended)."""
    require(current_user, Action.ORG_CREATE)
    job = import_job.load(current_user.id, token)
    if job is None:
        flash(_gone_words(token), "error")
        return redirect(url_for(".import_upload"))
    if job.is_lost():
        # Dead, or silent for 15 minutes: a write that never reached its commit never will.
        if import_tasks.give_up(current_user.id, job):
            flash(_("导入被中断（后台任务没有完成）：没有写入任何内容，可以重新上传。"), "error")
            return redirect(url_for(".import_upload"))
        if job.state == APPLYING:  # written in one transaction: all rows or none, but which?
            flash(_("导入被中断（后台任务没有完成）：请在单位列表中核对是否已写入。"), "error")
            return redirect(url_for(".index"))
        flash(_("文件检查被中断（后台任务没有完成），没有写入任何内容。请重新上传文件。"), "error")
        return redirect(url_for(".import_upload"))
    if job.waiting:
        page = render_template(
            "organisations/import_wait.html",
            job=job,
            poll_seconds=POLL_SECONDS,
            waiting=job.queued_minutes(),  # QA35 D4: the worker may not be running
            quiet=job.quiet_minutes(),  # QA43 D2: the worker running it seems gone
            lost_in=job.lost_in_minutes(),
            import_wait=True,
        )
        return page, 200
    return _ended(job)


def _gone_words(token: str) -> str:
    """Say why the user cannot open this import: a colleague's (QA43 S1), or ended long ago."""
    colleagues = import_job.someone_elses(current_user.id, token)
    if colleagues is None:
        return str(_("这次导入已结束或已过期，请重新上传。"))
    if colleagues.uploaded_by:
        return str(_("这次导入由 %(name)s 上传，只有上传人可以打开。", name=colleagues.uploaded_by))
    return str(_("这次导入由另一位秘书处成员上传，只有上传人可以打开。"))


def _ended(job: Job) -> tuple[str, int] | Response:
    if job.state in ENDED or job.preview is None:
        # QA: the address of a written, cancelled or replaced import said "ended or expired"
        # (its state was dropped at the first look); it says how it ended for a day now.
        import_hold.drop_file(current_user.id, job.token)
        page = render_template("organisations/import_ended.html", job=job, words=ended_words(job))
        return page, 200
    preview = job.preview
    if not preview.ok or not preview.has_work:
        return _page(ImportFileForm(formdata=None), preview, status=400 if not preview.ok else 200)
    if job.changed:
        flash(
            _("预览之后，单位名册已被修改，导入的结果随之不同：请核对新的预览，尚未写入任何内容。"),
            "error",
        )
    return _page(ImportFileForm(formdata=None), preview, job.token, 409 if job.changed else 200)


@bp.get("/import/<token>/state")
@login_required
def import_job_state(token: str) -> Response:
    """Tell the waiting page whether the worker is still at it (js/import-wait.js)."""
    require(current_user, Action.ORG_CREATE)
    job = import_job.load(current_user.id, token)
    waiting = job is not None and job.waiting and not job.is_lost()
    stalled = job is not None and (
        job.queued_minutes() is not None or job.quiet_minutes() is not None
    )
    started = job is not None and job.started_at is not None
    return jsonify(waiting=waiting, stalled=stalled, started=started)


@bp.post("/import/<token>")
@login_required
def import_confirm(token: str) -> Response:
    require(current_user, Action.ORG_CREATE)
    confirm = ImportConfirmForm()
    if not confirm.validate_on_submit():
        flash(_("页面已过期，请重新上传文件。"), "error")
        return redirect(url_for(".import_upload"))
    job = import_job.load(current_user.id, token)
    if job is None or (job.state == CHECKED and import_hold.held(current_user.id, token) is None):
        flash(_("这次导入已结束或已过期，请重新上传。"), "error")
        return redirect(url_for(".import_upload"))
    if request.form.get("action") != "apply":
        if job.state not in (CHECKING, CHECKED):  # being written, or ended: the page says so
            return redirect(url_for(".import_job_page", token=token))
        import_job.cancel(current_user.id, token)
        flash(_("已取消导入，没有写入任何内容。"), "success")
        return redirect(url_for(".index"))
    waiting_page = redirect(url_for(".import_job_page", token=token))
    if job.state != CHECKED or job.preview is None:
        return waiting_page  # a second click: the first one's import is under way or done
    if confirm.fingerprint.data != job.preview.fingerprint:
        return waiting_page  # confirmed from an older preview: the current one is shown
    job.state, job.started_at = APPLYING, None  # queued until a worker takes it
    job.actor = Confirmer(
        current_user.id, bool(current_user.is_active), bool(current_user.is_secretariat)
    ).as_dict()
    job.confirmed_by = str(current_user.name)
    import_job.save(current_user.id, job)
    import_tasks.apply_import(current_user.id, token)
    return waiting_page
