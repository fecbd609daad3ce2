"""The outbox page (secretariat): every message, newest first, with its delivery state."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.accounts.hooks import Withdrawal
from rcapp.fields import CleanForm
from rcapp.mail.failures import read as read_failure
from rcapp.mail.link_tokens import mask_links
from rcapp.mail.models import MessageStatus, OutboxMessage
from rcapp.mail.services import requeue_failed
from rcapp.mail.tasks import deliver_outbox
from rcapp.pagination import paginate
from rcapp.permissions import Action, require
from rcapp.web import login_required

bp = Blueprint("mail", __name__, url_prefix="/outbox")


# Why a message was cancelled, as its status says it: "已取消（收件地址已更正）".
_CANCEL_REASONS: dict[str, object] = {
    Withdrawal.CORRECTED: _l("收件地址已更正"),
    Withdrawal.DELETED: _l("未使用的账号已删除"),
}


def cancel_reason(code: str | None) -> str:
    """Word the reason a message was cancelled (an unknown one: 原因不明)."""
    return str(_CANCEL_REASONS.get(code or "", _l("原因不明")))


class RetryForm(CleanForm):
    """Queue another delivery run (CSRF token only)."""


@bp.get("/")
@login_required
def outbox() -> str:
    require(current_user, Action.CYCLE_MANAGE)
    statement = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    status = request.args.get("status", "")
    if status in set(MessageStatus):
        statement = statement.where(OutboxMessage.status == status)
    page = paginate(statement, request.args.get("page", 1, type=int))
    return render_template(
        "mail/outbox.html",
        page=page,
        status=status,
        statuses=list(MessageStatus),
        form=RetryForm(),
        read_failure=read_failure,
        mask_links=mask_links,
        cancel_reason=cancel_reason,
    )


@bp.post("/deliver")
@login_required
def deliver() -> Response:
    require(current_user, Action.CYCLE_MANAGE)
    if not RetryForm().validate_on_submit():
        abort(400)
    requeue_failed()  # the user asks for it: messages that gave up are tried again too
    db.session().commit()
    deliver_outbox()
    flash(_("已安排发送待发邮件；稍后刷新本页查看结果。"), "success")
    return redirect(url_for(".outbox"))
