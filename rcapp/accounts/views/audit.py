"""The audit-log browser (secretariat): filter, newest first, before/after shown readably.

It lives with accounts because it names the users who acted; the audit package itself
sits below every domain (each one records into it) and so knows no users.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import Select, or_, select
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import Optional

from rcapp import db
from rcapp.accounts.models import User
from rcapp.audit.labels import (
    ACTION_LABELS,
    ENTITY_LABELS,
    WORKER_ACTIONS,
    action_label,
    field_label,
    key_label,
    kpi_input_labels,
    value_label,
)
from rcapp.audit.models import AuditEntry
from rcapp.clock import BEIJING, to_beijing
from rcapp.fields import ID_MAX, CleanQueryForm, DayField, InRange, options
from rcapp.pagination import Page, paginate
from rcapp.permissions import Action, require
from rcapp.web import login_required

bp = Blueprint("audit", __name__, url_prefix="/audit")


class AuditFilterForm(CleanQueryForm):
    """Read from the query string, so no CSRF token."""

    entity = SelectField(
        _l("对象类型"),
        choices=options([("", _l("全部")), *ENTITY_LABELS.items()]),
        validate_choice=False,  # an unknown type simply matches nothing
    )
    entity_id = IntegerField(
        _l("对象编号"),
        validators=[
            Optional(),
            InRange(1, ID_MAX, message=_l("对象编号须在 %(min)s 到 %(max)s 之间。")),
        ],
        render_kw={"inputmode": "numeric"},
    )
    actor = StringField(_l("操作人（姓名或电子邮箱）"))
    action = SelectField(
        _l("操作"),
        choices=options([("", _l("全部")), *ACTION_LABELS.items()]),
        validate_choice=False,
    )
    date_from = DayField(_l("起始日期"), validators=[Optional()])
    date_to = DayField(_l("结束日期"), validators=[Optional()])


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    at: dt.datetime
    actor: User | None
    action: str
    field: str
    before: str
    after: str


@bp.get("/")
@login_required
def index() -> str:
    require(current_user, Action.AUDIT_VIEW)
    form = AuditFilterForm(request.args)
    form.validate()
    page = paginate(search(form), request.args.get("page", 1, type=int))
    rows = _rows(page)
    return render_template(
        "audit/index.html",
        form=form,
        page=page,
        rows=rows,
        entity_labels=ENTITY_LABELS,
        action_labels=ACTION_LABELS,
        worker_actions=WORKER_ACTIONS,
    )


def search(form: AuditFilterForm) -> Select[AuditEntry]:
    # Ids grow in insertion order, so the primary key gives "newest first" without a sort
    # over the whole (large) log.
    statement = select(AuditEntry).order_by(AuditEntry.id.desc())
    if form.entity.data:
        statement = statement.where(AuditEntry.entity == form.entity.data)
    if form.entity_id.data is not None and not form.entity_id.errors:
        statement = statement.where(AuditEntry.entity_id == form.entity_id.data)
    if actor := (form.actor.data or "").strip():
        pattern = f"%{actor}%"
        actors = select(User.id).where(or_(User.email.ilike(pattern), User.name.ilike(pattern)))
        statement = statement.where(AuditEntry.actor_id.in_(actors))
    if action := (form.action.data or "").strip():
        # "partner" also finds partner.add/update/remove (links and old bookmarks use it).
        statement = statement.where(
            or_(AuditEntry.action == action, AuditEntry.action.like(f"{action}.%"))
        )
    if form.date_from.data is not None and not form.date_from.errors:
        statement = statement.where(AuditEntry.at >= _day_start(form.date_from.data))
    if form.date_to.data is not None and not form.date_to.errors:
        next_day = form.date_to.data + dt.timedelta(days=1)
        statement = statement.where(AuditEntry.at < _day_start(next_day))
    return statement


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=BEIJING)


def _rows(page: Page[AuditEntry]) -> list[AuditRow]:
    actor_ids = {entry.actor_id for entry in page.items if entry.actor_id is not None}
    actors = {
        user.id: user for user in db.session().scalars(select(User).where(User.id.in_(actor_ids)))
    }
    kpi_labels = kpi_input_labels()(
        {
            e.entity_id
            for e in page.items
            if e.entity == "assessment" and e.action.startswith("kpi.")
        }
    )
    return [
        AuditRow(
            entry=entry,
            at=to_beijing(entry.at),
            actor=actors.get(entry.actor_id) if entry.actor_id is not None else None,
            action=action_label(entry.action),
            field=field_label(entry.field, entry.action, kpi_labels.get(entry.entity_id)),
            before=readable(entry.before),
            after=readable(entry.after),
        )
        for entry in page.items
    ]


def readable(stored: str | None) -> str:
    """Turn a stored JSON value into lines a person can read: `key: value`, lists joined."""
    if stored is None:
        return "—"
    try:
        value = json.loads(stored)
    except ValueError:
        return stored
    if isinstance(value, dict):
        return "\n".join(f"{key_label(key)}: {_scalar(item)}" for key, item in value.items())
    return _scalar(value)


def _scalar(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, list):
        return str(_("、")).join(_scalar(item) for item in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{key_label(key)}={_scalar(item)}" for key, item in value.items())
    return str(value_label(value))
