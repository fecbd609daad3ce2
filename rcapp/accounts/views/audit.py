"""The audit-log browser (secretariat): filter, newest first, before/after shown readably.

It lives with accounts because it names the users who acted; the audit package itself
sits below every domain (each one records into it) and so knows no users.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
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
from rcapp.i18n import current_lang
from rcapp.organisations.models import Organisation
from rcapp.pagination import paginate
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
    subject: str  # the entity named: "华彩涂料 #7", a user's name, or just "#3"
    subject_note: str  # a second, quieter line: a user's e-mail and id
    action: str
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Names:
    """The organisations and users a page of entries mentions, read once for the page."""

    organisations: dict[int, str] = field(default_factory=dict)  # in the page's language
    users: dict[int, User] = field(default_factory=dict)

    def organisation(self, organisation_id: int) -> str:
        name = self.organisations.get(organisation_id)
        return f"{name} #{organisation_id}" if name else f"#{organisation_id}"

    def user(self, user_id: int) -> str:
        user = self.users.get(user_id)
        if user is None:
            return f"#{user_id}"
        return f"{_('%(name)s（%(email)s）', name=user.name, email=user.email)} #{user_id}"


@bp.get("/")
@login_required
def index() -> str:
    require(current_user, Action.AUDIT_VIEW)
    form = AuditFilterForm(request.args)
    form.validate()
    page = paginate(search(form), request.args.get("page", 1, type=int))
    rows = audit_rows(page.items)
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


def audit_rows(entries: list[AuditEntry]) -> list[AuditRow]:
    """Word a page of entries (names, labels) as the page and the Excel export show them."""
    names = page_names(entries)
    kpi_labels = kpi_input_labels()(
        {e.entity_id for e in entries if e.entity == "assessment" and e.action.startswith("kpi.")}
    )
    return [
        AuditRow(
            entry=entry,
            at=to_beijing(entry.at),
            actor=names.users.get(entry.actor_id) if entry.actor_id is not None else None,
            subject=_subject(entry, names),
            subject_note=_subject_note(entry, names),
            action=action_label(entry.action),
            field=_field(entry, names, kpi_labels.get(entry.entity_id)),
            before=readable(entry.before, names),
            after=readable(entry.after, names),
        )
        for entry in entries
    ]


def actor_text(row: AuditRow) -> str:
    """Who did it, in one line: a person, or the background worker or command line."""
    entry = row.entry
    if row.actor is not None:
        return str(_("%(name)s（%(email)s）", name=row.actor.name, email=row.actor.email))
    if entry.actor_id is not None:
        return f"#{entry.actor_id}"
    return str(_("自动任务") if entry.action in WORKER_ACTIONS else _("命令行"))


def page_names(entries: list[AuditEntry]) -> Names:
    """Read the names of every organisation and user the entries mention: two queries."""
    organisation_ids: set[int] = set()
    user_ids: set[int] = {e.actor_id for e in entries if e.actor_id is not None}
    for entry in entries:
        if entry.entity == "organisation":
            organisation_ids.add(entry.entity_id)
        elif entry.entity == "user":
            user_ids.add(entry.entity_id)
        if (user_id := _field_user(entry.field)) is not None:
            user_ids.add(user_id)
        for stored in (entry.before, entry.after):
            if (organisation_id := _stored_organisation(stored)) is not None:
                organisation_ids.add(organisation_id)
    lang = current_lang()
    organisations = {
        o.id: o.display_name(lang)
        for o in db.session().scalars(
            select(Organisation).where(Organisation.id.in_(organisation_ids))
        )
    }
    users = {u.id: u for u in db.session().scalars(select(User).where(User.id.in_(user_ids)))}
    return Names(organisations, users)


def _field_user(stored_field: str | None) -> int | None:
    """Return the user of a membership or role entry (its field is "user:<id>")."""
    prefix, _sep, rest = (stored_field or "").partition(":")
    return int(rest) if prefix == "user" and rest.isdigit() else None


def _stored_organisation(stored: str | None) -> int | None:
    """Return the organisation a stored value names (an extension: {"organisation_id": 7})."""
    if not stored or "organisation_id" not in stored:
        return None
    try:
        value = json.loads(stored)
    except ValueError:
        return None
    found = value.get("organisation_id") if isinstance(value, dict) else None
    return found if isinstance(found, int) else None


def _subject(entry: AuditEntry, names: Names) -> str:
    if entry.entity == "organisation":
        return names.organisation(entry.entity_id)
    user = names.users.get(entry.entity_id) if entry.entity == "user" else None
    return user.name if user is not None else f"#{entry.entity_id}"


def _subject_note(entry: AuditEntry, names: Names) -> str:
    user = names.users.get(entry.entity_id) if entry.entity == "user" else None
    return f"{user.email} #{user.id}" if user is not None else ""


def _field(entry: AuditEntry, names: Names, kpi_labels: dict[str, str] | None) -> str:
    user_id = _field_user(entry.field)
    if user_id is not None:
        return f"{ENTITY_LABELS['user']} {names.user(user_id)}"
    return field_label(entry.field, entry.action, kpi_labels)


def readable(stored: str | None, names: Names | None = None) -> str:
    """Turn a stored JSON value into lines a person can read: `key: value`, lists joined.

    With `names`, an organisation id is shown by the organisation's name.
    """
    if stored is None:
        return "—"
    try:
        value = json.loads(stored)
    except ValueError:
        return stored
    if isinstance(value, dict):
        return "\n".join(_line(key, item, names) for key, item in value.items())
    return _scalar(value)


def _line(key: str, item: Any, names: Names | None) -> str:
    if key == "organisation_id" and names is not None and isinstance(item, int):
        return f"{ENTITY_LABELS['organisation']}: {names.organisation(item)}"
    return f"{key_label(key)}: {_scalar(item)}"


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
