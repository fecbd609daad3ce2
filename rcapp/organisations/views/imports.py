"""Register organisations in bulk: download the template, upload, check, preview, confirm.

Nothing is written until the secretariat confirms the preview, and then all rows or none.
The file waits on disk between the two steps (import_hold); on confirmation it is checked
again, and if what it would write differs from the preview (the register changed
meanwhile) the new preview is shown instead.
"""

from __future__ import annotations

import io

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.downloads import send_download
from rcapp.errors import RcappError
from rcapp.i18n import current_lang
from rcapp.organisations import import_hold, queries
from rcapp.organisations.forms import KIND_LABELS, ImportConfirmForm, ImportFileForm
from rcapp.organisations.import_apply import apply_plan
from rcapp.organisations.import_check import ImportPlan, plan_file
from rcapp.organisations.import_columns import MAX_BYTES, MAX_ROWS, label
from rcapp.organisations.import_template import template_workbook
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


def _page(
    form: ImportFileForm,
    plan: ImportPlan | None = None,
    token: str = "",
    status: int = 200,
    filename: str = "",
) -> tuple[str, int]:
    confirm = ImportConfirmForm()
    if plan is not None:
        confirm.fingerprint.data = plan.fingerprint()
    page = render_template(
        "organisations/import.html",
        form=form,
        plan=plan,
        token=token,
        confirm=confirm,
        column_label=label,
        filename=filename,
        kind_label=lambda kind: KIND_LABELS[kind],
        max_rows=MAX_ROWS,
        max_mb=MAX_BYTES // (1024 * 1024),
        problems=[p.text() for p in plan.problems] if plan else [],
    )
    return page, status


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_upload() -> tuple[str, int] | Response:
    require(current_user, Action.ORG_CREATE)
    form = ImportFileForm()
    if not form.validate_on_submit():
        return _page(form, status=400 if request.method == "POST" else 200)
    data = form.file.data.read(MAX_BYTES + 1)
    plan = plan_file(data)
    if not plan.ok or not plan.has_work:
        return _page(form, plan, status=400 if not plan.ok else 200)
    name = str(getattr(form.file.data, "filename", "") or "")
    return _page(form, plan, import_hold.hold(current_user.id, data), filename=name)


@bp.post("/import/<token>")
@login_required
def import_confirm(token: str) -> tuple[str, int] | Response:
    require(current_user, Action.ORG_CREATE)
    confirm = ImportConfirmForm()
    if not confirm.validate_on_submit():
        flash(_("页面已过期，请重新上传文件。"), "error")
        return redirect(url_for(".import_upload"))
    data = import_hold.held(current_user.id, token)
    if data is None:
        flash(_("这次导入已结束或已过期，请重新上传。"), "error")
        return redirect(url_for(".import_upload"))
    if request.form.get("action") != "apply":
        import_hold.drop(current_user.id, token)
        flash(_("已取消导入，没有写入任何内容。"), "success")
        return redirect(url_for(".index"))
    plan = plan_file(data)  # again: the register may have changed since the preview
    if not plan.ok or plan.fingerprint() != confirm.fingerprint.data:
        if plan.ok and plan.has_work:
            flash(
                _(
                    "预览之后，单位名册已被修改，导入的结果随之不同：请核对新的预览，尚未写入任何内容。"
                ),
                "error",
            )
        else:
            import_hold.drop(current_user.id, token)
        token = token if plan.ok and plan.has_work else ""
        return _page(ImportFileForm(formdata=None), plan, token, 409, _filename())
    try:
        written = apply_plan(plan, current_user, _filename())
    except RcappError:  # a colleague registered one of these meanwhile: nothing is kept
        db.session().rollback()
        flash(_("导入时单位名册已被他人修改，没有写入任何内容。请重新上传文件。"), "error")
        return redirect(url_for(".import_upload"))
    db.session().commit()
    import_hold.drop(current_user.id, token)
    flash(
        _(
            "已导入：新增 %(created)d 个单位，修改 %(updated)d 个单位。",
            created=written.created,
            updated=written.updated,
        ),
        "success",
    )
    return redirect(url_for(".index"))


def _filename() -> str:
    return str(request.form.get("filename", ""))[:200]
