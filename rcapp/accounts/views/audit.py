"""The audit-log browser (secretariat): filter, newest first, before/after shown readably.

It lives with accounts because it names the users who acted; the audit package itself
sits below every domain (each one records into it) and so knows no users.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import Select, or_, select
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import Optional, ValidationError

from rcapp import db
from rcapp.accounts.models import User
from rcapp.audit.labels import (
    ACTING_AS,
    ACTION_GROUPS,
    ACTION_LABELS,
    ENTITY_LABELS,
    GONE_ORGANISATION,
    HIDDEN_KEYS,
    ITEM_ACTIONS,
    LOGIN_PAGE_ACTIONS,
    NO_ACCOUNT,
    PREFIX_LABELS,
    WORKER_ACTIONS,
    Owner,
    action_label,
    after_words,
    event_type_labels,
    field_label,
    item_titles,
    key_label,
    kpi_input_labels,
    old_vetoes,
    older_zero,
    owners,
    short_title,
    shown_order,
    stars_folded,
    value_label,
    yes_no_items,
)
from rcapp.audit.models import AuditEntry
from rcapp.audit.queries import in_scope
from rcapp.clock import BEIJING, to_beijing
from rcapp.fields import ID_MAX, CleanQueryForm, DayField, InRange, options
from rcapp.i18n import current_lang
from rcapp.organisations.former_names import named_like
from rcapp.organisations.models import Organisation, WorkingGroup
from rcapp.pagination import paginate
from rcapp.permissions import Action, require
from rcapp.rubrics.app_registry import rubric_label
from rcapp.translation_memo import kept, translations_kept
from rcapp.web import beijing_time, login_required

bp = Blueprint("audit", __name__, url_prefix="/audit")

# Messages worded on every row, kept as labels: translated once a page (translation_memo).
_NAME_EMAIL = _l("%(name)s（%(email)s）")
_CYCLE_NAMED = _l("%(year)d 年度评价周期")
_REVIEW_NAMED = _l("%(organisation)s %(year)d 年度同行评审")
_ASSESSMENT_NAMED = _l("%(organisation)s %(year)d 年度自评")
_WORKER = _l("自动任务")
_COMMAND_LINE = _l("命令行")
_LOGIN_PAGE = _l("登录页（未登录）")
_NO_SUCH_ACCOUNT = _l("（无此账号）")
_LIST_JOIN = _l("、")
_YES = _l("是")
_NO = _l("否")
_ALLOWED_UNTIL = _l("%(organisation)s 至 %(day)s")
_ALLOWED_OPEN = _l("%(organisation)s（未设截止日）")


class AuditFilterForm(CleanQueryForm):
    """Read from the query string, so no CSRF token."""

    entity = SelectField(
        _l("对象类型"),
        choices=options([("", _l("全部")), *ENTITY_LABELS.items()]),
        validate_choice=False,  # an unknown type simply matches nothing
    )
    entity_id = IntegerField(  # type: ignore[call-arg]  # WTForms 3.3 has it; 3.2 stubs not
        _l("对象编号"),
        validators=[
            Optional(),
            InRange(1, ID_MAX, message=_l("对象编号须在 %(min)s 到 %(max)s 之间。")),
        ],
        # Not the shared "例如 2025": a number like a year reads as a year here (QA13 S18).
        invalid_value_message=_l("对象编号：请填写整数编号，例如 37。"),
        render_kw={"inputmode": "numeric"},
    )
    organisation = StringField(
        _l("单位（名称）"),
        description=_l("单位本身、其用户、自评和同行评审（含整改、申诉）的记录。"),
    )
    year = IntegerField(  # type: ignore[call-arg]  # WTForms 3.3 has it; 3.2 stubs not
        _l("年度"),
        validators=[
            Optional(),
            InRange(2000, 2100, message=_l("年度须在 %(min)s 到 %(max)s 之间。")),
        ],
        description=_l("该年度的评价周期、自评和同行评审的记录。"),
        invalid_value_message=_l("年度：请填写四位年份，例如 2025。"),
        render_kw={"inputmode": "numeric"},
    )
    actor = StringField(_l("操作人（姓名或电子邮箱）"))
    action = SelectField(
        _l("操作"),
        choices=options(
            [
                ("", _l("全部")),
                *((key, label) for key, (label, _keys) in ACTION_GROUPS.items()),
                *ACTION_LABELS.items(),
            ]
        ),
        validate_choice=False,
    )
    date_from = DayField(_l("起始日期"), validators=[Optional()], past=True)
    date_to = DayField(_l("结束日期"), validators=[Optional()], past=True)

    def validate_entity_id(self, field: IntegerField) -> None:
        # A number alone matches records of every type that share it (QA47 S12).
        if field.data is not None and not self.entity.data:
            raise ValidationError(_("对象编号：请同时选择对象类型，或改用“单位”和“年度”筛选。"))

    def validate_organisation(self, field: StringField) -> None:
        typed = (field.data or "").strip()
        if typed and not organisations_named(typed):
            raise ValidationError(_("单位：没有名称包含“%(name)s”的单位。", name=typed))

    def validate_date_to(self, field: DayField) -> None:
        # A range that ends before it starts selects nothing; say so rather than list 0 (QA15 S12).
        start = self.date_from.data
        if field.data is not None and start is not None and field.data < start:
            raise ValidationError(_("结束日期不能早于起始日期（%(day)s）。", day=start.isoformat()))


@dataclass(frozen=True)
class Listed:
    """A long list a value holds, said by its count and shown one entry a line.

    "Accept the rest" stores every item it accepted with its level (often over a hundred):
    the pages fold them under the count (<details>), the export lists them in one cell.
    """

    summary: str  # "其余 149 项接受自评等级"
    lines: tuple[str, ...]  # "MS.G1.1 领导作用和承诺: 4"


# Actions whose `after` holds such a list, and its key.
LISTED_KEYS = {"review.accept_rest": "levels"}


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    at: dt.datetime
    actor: User | None
    subject: str  # the entity named: "华彩涂料", "2025 年度评价周期", a user's name; "#3": gone
    subject_note: str  # a second, quieter line: a user's e-mail
    action: str
    field: str
    before: str
    after: str
    subject_named: bool = False  # the subject says what it is ("… 年度自评"): no type before it
    # Who did it, as a word in place of the person (an assessment's history names people
    # outside the organisation only as its other pages do: "秘书处", "同行评审员").
    actor_label: str | None = None
    listed: Listed | None = None  # in place of `after` when the entry holds a long list


@dataclass(frozen=True)
class Names:
    """The organisations, users, years and groups a page of entries mentions, read once."""

    organisations: dict[int, str] = field(default_factory=dict)  # in the page's language
    users: dict[int, User] = field(default_factory=dict)
    owners: dict[str, dict[int, Owner]] = field(default_factory=dict)  # cycle, assessment, review
    groups: dict[int, str] = field(default_factory=dict)

    # Organisations some entries name by their Chinese name (a reminder round's list): that
    # name -> the name in the page's language.
    by_chinese_name: dict[str, str] = field(default_factory=dict)

    def organisation(self, organisation_id: int) -> str:
        """Name the record an entry is about: by its name; its number only when it is gone."""
        name = self.organisations.get(organisation_id)
        return name or f"#{organisation_id}"

    def organisation_named(self, organisation_id: int) -> str:
        """Name an organisation a value mentions, as the stored lists of names read (QA15 S10).

        By its name today (the name users know it by now, as the subject of an entry is
        named); one deleted since reads so, not as a bare number.
        """
        return self.organisations.get(organisation_id) or kept(GONE_ORGANISATION)

    def user(self, user_id: int) -> str:
        user = self.users.get(user_id)
        if user is None:
            return f"#{user_id}"
        return str(kept(_NAME_EMAIL) % {"name": user.name, "email": user.email})

    def user_named(self, user_id: int) -> str:
        """Name a user a value mentions (关闭人, 评审员): name and e-mail, no database number."""
        user = self.users.get(user_id)
        if user is None:
            return f"#{user_id}"
        return kept(_NAME_EMAIL) % {"name": user.name, "email": user.email}

    def owned(self, entity: str, entity_id: int) -> str | None:
        """Name a cycle, assessment or review as users know it; None if it is not found."""
        owner = self.owners.get(entity, {}).get(entity_id)
        if owner is None:
            return None
        if entity == "cycle":
            return kept(_CYCLE_NAMED) % {"year": owner.year}
        named = {"organisation": owner.organisation, "year": owner.year}
        if entity == "review":
            return kept(_REVIEW_NAMED) % named
        return kept(_ASSESSMENT_NAMED) % named

    def assessment_organisation(self, assessment_id: int) -> str:
        owner = self.owners.get("assessment", {}).get(assessment_id)
        return owner.organisation if owner is not None else f"#{assessment_id}"


@bp.get("/")
@login_required
def index() -> str:
    require(current_user, Action.AUDIT_VIEW)
    form = AuditFilterForm(request.args)
    form.validate()
    page = paginate(search(form), request.args.get("page", 1, type=int))
    rows = audit_rows(page.items)
    typed = (form.organisation.data or "").strip()
    return render_template(
        "audit/index.html",
        matched=organisations_named(typed) if typed and not form.organisation.errors else [],
        lang=current_lang(),
        form=form,
        page=page,
        rows=rows,
        entity_labels=ENTITY_LABELS,
        action_labels=ACTION_LABELS,
    )


def search(form: AuditFilterForm) -> Select[AuditEntry]:
    # Ids grow in insertion order, so the primary key gives "newest first" without a sort
    # over the whole (large) log.
    statement = select(AuditEntry).order_by(AuditEntry.id.desc())
    if form.entity.data:
        statement = statement.where(AuditEntry.entity == form.entity.data)
    if form.entity_id.data is not None and not form.entity_id.errors and form.entity.data:
        statement = statement.where(AuditEntry.entity_id == form.entity_id.data)
    if (typed := (form.organisation.data or "").strip()) and not form.organisation.errors:
        matched = [o.id for o in organisations_named(typed)]
        statement = statement.where(in_scope("organisation", matched))
    if form.year.data is not None and not form.year.errors:
        statement = statement.where(in_scope("year", [form.year.data]))
    if actor := (form.actor.data or "").strip():
        pattern = f"%{actor}%"
        actors = select(User.id).where(or_(User.email.ilike(pattern), User.name.ilike(pattern)))
        statement = statement.where(
            or_(
                AuditEntry.actor_id.in_(actors),
                # as kept in the entry: also finds a deleted account's entries
                AuditEntry.actor_name.ilike(pattern),
                AuditEntry.actor_email.ilike(pattern),
            )
        )
    if action := (form.action.data or "").strip():
        # "partner" also finds partner.add/update/remove (links and old bookmarks use it);
        # a group ("account") finds each of its actions so.
        keys = ACTION_GROUPS[action][1] if action in ACTION_GROUPS else (action,)
        statement = statement.where(
            or_(
                *(AuditEntry.action == key for key in keys),
                *(AuditEntry.action.like(f"{key}.%") for key in keys),
            )
        )
    if form.date_from.data is not None and not form.date_from.errors:
        statement = statement.where(AuditEntry.at >= _day_start(form.date_from.data))
    if form.date_to.data is not None and not form.date_to.errors:
        next_day = form.date_to.data + dt.timedelta(days=1)
        statement = statement.where(AuditEntry.at < _day_start(next_day))
    return statement


def organisations_named(typed: str) -> list[Organisation]:
    """Return the organisations whose Chinese or English name holds `typed`."""
    pattern = f"%{_like_escaped(typed)}%"
    return list(
        db.session().scalars(
            select(Organisation)
            .where(
                or_(
                    Organisation.name_zh.ilike(pattern, escape="\\"),
                    Organisation.name_en.ilike(pattern, escape="\\"),
                    named_like(typed),
                )
            )
            .order_by(Organisation.id)
        )
    )


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=BEIJING)


def audit_rows(entries: list[AuditEntry]) -> list[AuditRow]:
    """Word a page of entries (names, labels) as the page and the Excel export show them."""
    with translations_kept():  # each label translated once for the page, not once a row
        return _worded(entries)


def _worded(entries: list[AuditEntry]) -> list[AuditRow]:
    names = page_names(entries)
    kpi_labels = kpi_input_labels()(_assessments(entries, "kpi."))
    event_types = event_type_labels()(_assessments(entries, "event."))
    binary = yes_no_items()(_assessments(entries, "answer."))
    vetoed = _old_vetoes(entries)
    titles = item_titles()(
        {
            (e.entity, e.entity_id)
            for e in entries
            if (e.field and e.action.startswith(ITEM_ACTIONS)) or e.action in LISTED_KEYS
        }
    )
    return [
        _row(entry, names, kpi_labels, event_types, binary, titles, vetoed) for entry in entries
    ]


def _old_vetoes(entries: list[AuditEntry]) -> set[tuple[str, int]]:
    """Return the (entity, id) of older entries' bare "stars": 0 that a veto left (qa55 #1)."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        if any(older_zero(_stored_dict(v)) for v in (entry.before, entry.after)):
            wanted.setdefault(entry.entity, set()).add(entry.entity_id)
    return {(entity, found) for entity, ids in wanted.items() for found in old_vetoes(entity)(ids)}


def _row(
    entry: AuditEntry,
    names: Names,
    kpi_labels: dict[int, dict[str, str]],
    event_types: dict[int, dict[str, str]],
    binary: dict[int, dict[str, str]],
    titles: dict[tuple[str, int], dict[str, str]],
    vetoed: set[tuple[str, int]],
) -> AuditRow:
    listed = _listed(entry, titles.get((entry.entity, entry.entity_id), {}))
    veto_kept = (entry.entity, entry.entity_id) in vetoed
    return AuditRow(
        entry=entry,
        at=to_beijing(entry.at),
        actor=names.users.get(entry.actor_id) if entry.actor_id is not None else None,
        subject=_subject(entry, names),
        subject_note=_subject_note(entry, names),
        action=action_label(entry.action, _stored_dict(entry.after).get(ACTING_AS)),
        field=_field(entry, names, kpi_labels.get(entry.entity_id), titles),
        before=readable(
            _yes_no(entry, entry.before, binary),
            names,
            entry.action,
            event_types.get(entry.entity_id),
            veto_kept,
        ),
        after=""
        if listed is not None
        else readable(
            _reworded(entry, _yes_no(entry, entry.after, binary)),
            names,
            entry.action,
            event_types.get(entry.entity_id),
            veto_kept,
        ),
        subject_named=entry.entity_id in names.owners.get(entry.entity, {}),
        actor_label=_actor_label(entry, names),
        listed=listed,
    )


def _listed(entry: AuditEntry, titles: dict[str, str]) -> Listed | None:
    """List the items an entry holds with their levels, each beside its title (None: none)."""
    key = LISTED_KEYS.get(entry.action)
    levels = _stored_dict(entry.after).get(key) if key is not None else None
    if not isinstance(levels, dict) or not levels:  # older entries stored the count alone
        return None
    lines = tuple(
        f"{_item_named(item, titles)}: {_scalar(level, 'level')}" for item, level in levels.items()
    )
    count = len(lines)
    return Listed(
        ngettext("其余 %(num)d 项接受自评等级", "其余 %(num)d 项接受自评等级", count), lines
    )


def _item_named(item_id: str, titles: dict[str, str]) -> str:
    """Name an item by its code with its shortened title beside it, as the log does (QA47 S3)."""
    title = titles.get(item_id)
    return f"{item_id} {short_title(title)}" if title else item_id


def after_text(row: AuditRow) -> str:
    """Put the `after` value in one cell (the export): a list's count, then one entry a line."""
    if row.listed is None:
        return row.after
    return "\n".join([f"{row.listed.summary}:", *row.listed.lines])


def _yes_no(entry: AuditEntry, stored: str | None, binary: dict[int, dict[str, str]]) -> str | None:
    """Read a yes/no item's stored level 1 / 0 as the answer 是 / 否 (QA47 S5)."""
    if entry.field not in binary.get(entry.entity_id, {}):
        return stored
    value = _stored_dict(stored)
    if not _is_id(value.get("level")):
        return stored
    value["answer"] = bool(value.pop("level"))
    return json.dumps(value, ensure_ascii=False)


def _reworded(entry: AuditEntry, stored: str | None) -> str | None:
    """Word what a package above audit stored as data (audit.labels.after_words)."""
    words = after_words(entry.action)
    value = _stored_dict(stored)
    if words is None or not value:
        return stored
    return json.dumps(words(entry.entity_id, value), ensure_ascii=False)


def _actor_label(entry: AuditEntry, names: Names) -> str | None:
    """Who made an entry when no user row names them; None when one does.

    A deleted account reads as it was kept in the entry (name and e-mail, QA47 D6); no
    actor at all is the worker, the login page or the command line.
    """
    if entry.actor_id is not None and entry.actor_id in names.users:
        return None
    if entry.actor_name:
        return str(
            kept(_NAME_EMAIL) % {"name": entry.actor_name, "email": entry.actor_email or "—"}
        )
    return kept(_nobody(entry.action)) if entry.actor_id is None else None


def _assessments(entries: list[AuditEntry], action_prefix: str) -> set[int]:
    return {
        e.entity_id
        for e in entries
        if e.entity == "assessment" and e.action.startswith(action_prefix)
    }


def subject_text(row: AuditRow) -> str:
    """Name the record an entry is about in one line: a user with the e-mail beside."""
    if row.subject_note:
        return str(kept(_NAME_EMAIL) % {"name": row.subject, "email": row.subject_note})
    return row.subject


def actor_text(row: AuditRow) -> str:
    """Who did it, in one line: a person, or the background worker or command line."""
    if row.actor is not None:
        return str(kept(_NAME_EMAIL) % {"name": row.actor.name, "email": row.actor.email})
    return row.actor_label or f"#{row.entry.actor_id}"


def _nobody(action: str) -> Any:
    """Who made an entry without an actor: the worker, the login page or the command line."""
    if action in WORKER_ACTIONS:
        return _WORKER
    return _LOGIN_PAGE if action in LOGIN_PAGE_ACTIONS else _COMMAND_LINE


# Stored keys that hold the id of another row, and what it is.
_USER_KEYS = ("closed_by_id", "reviewer")  # and any other "…_by_id"
_ORGANISATION_KEYS = ("organisation_id", "organisation")
# named under their own label: an organisation's park (qa62 #3), the resident company where
# a park's event happened
_LABELLED_ORGANISATION_KEYS = ("park_id", "resident_id")
# deadline.late: the organisations made late; deadline.kept_on_time: those still on time
_ORGANISATION_LIST_KEYS = ("organisation_ids",)
_ASSESSMENT_KEYS = ("from_assessment",)
_RUBRIC_KEYS = ("rubric", "company_rubric", "park_rubric")
_OWNED = ("cycle", "assessment", "review")


def page_names(entries: list[AuditEntry]) -> Names:
    """Read the names of everything the entries mention: one query per kind of thing."""
    organisation_ids: set[int] = set()
    user_ids: set[int] = {e.actor_id for e in entries if e.actor_id is not None}
    owned: dict[str, set[int]] = {entity: set() for entity in _OWNED}
    group_ids: set[int] = set()
    chinese_names: set[str] = set()
    for entry in entries:
        if entry.entity == "organisation":
            organisation_ids.add(entry.entity_id)
        elif entry.entity == "user":
            user_ids.add(entry.entity_id)
        elif entry.entity == "working_group":
            group_ids.add(entry.entity_id)
        elif entry.entity in owned:
            owned[entry.entity].add(entry.entity_id)
        if (user_id := _field_user(entry.field)) is not None:
            user_ids.add(user_id)
        for stored in (_stored_dict(entry.before), _stored_dict(entry.after)):
            for key, value in stored.items():
                if key in _ORGANISATION_KEYS + _LABELLED_ORGANISATION_KEYS and _is_id(value):
                    organisation_ids.add(value)
                elif _is_user_key(key) and _is_id(value):
                    user_ids.add(value)
                elif key == "group" and _is_id(value):
                    group_ids.add(value)
                elif key in _ASSESSMENT_KEYS and _is_id(value):
                    owned["assessment"].add(value)
                elif key in _ORGANISATION_LIST_KEYS and isinstance(value, list):
                    organisation_ids.update(v for v in value if _is_id(v))
                elif key == "frozen_assessments" and isinstance(value, list):
                    owned["assessment"].update(v for v in value if _is_id(v))
                elif key == "organisations" and isinstance(value, list):
                    chinese_names.update(v for v in value if isinstance(v, str))
                elif key == "late_allowances" and isinstance(value, dict):
                    organisation_ids.update(int(v) for v in value if str(v).isdigit())
    lang = current_lang()
    organisations: dict[int, str] = {}
    if organisation_ids:
        organisations = {
            o.id: o.display_name(lang)
            for o in db.session().scalars(
                select(Organisation).where(Organisation.id.in_(organisation_ids))
            )
        }
    users = {u.id: u for u in db.session().scalars(select(User).where(User.id.in_(user_ids)))}
    groups: dict[int, str] = {}
    if group_ids:
        groups = {
            g.id: g.display_name(lang)
            for g in db.session().scalars(
                select(WorkingGroup).where(WorkingGroup.id.in_(group_ids))
            )
        }
    found = {entity: owners(entity)(ids) for entity, ids in owned.items() if ids}
    by_chinese_name: dict[str, str] = {}
    if chinese_names:
        by_chinese_name = {
            o.name_zh: o.display_name(lang)
            for o in db.session().scalars(
                select(Organisation).where(Organisation.name_zh.in_(chinese_names))
            )
        }
    return Names(organisations, users, found, groups, by_chinese_name)


def _is_user_key(key: str) -> bool:
    """Tell whether a stored key holds a user's id (a reviewer's does, an invitee's e-mail)."""
    return key in _USER_KEYS or key.endswith("_by_id")


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _stored_dict(stored: str | None) -> dict[str, Any]:
    """Return the stored value when it is an object ({"organisation_id": 7}), else {}."""
    if not stored or not stored.startswith("{"):
        return {}
    try:
        value = json.loads(stored)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _field_user(stored_field: str | None) -> int | None:
    """Return the user of a membership or role entry (its field is "user:<id>")."""
    prefix, _sep, rest = (stored_field or "").partition(":")
    return int(rest) if prefix == "user" and rest.isdigit() else None


def _subject(entry: AuditEntry, names: Names) -> str:
    if entry.entity == "organisation":
        return names.organisation(entry.entity_id)
    if entry.entity == "working_group" and entry.entity_id in names.groups:
        return names.groups[entry.entity_id]
    if (owned := names.owned(entry.entity, entry.entity_id)) is not None:
        return owned
    if entry.entity == "user" and entry.entity_id == NO_ACCOUNT:  # login.unknown
        return kept(_NO_SUCH_ACCOUNT)
    user = names.users.get(entry.entity_id) if entry.entity == "user" else None
    return user.name if user is not None else f"#{entry.entity_id}"


def _subject_note(entry: AuditEntry, names: Names) -> str:
    user = names.users.get(entry.entity_id) if entry.entity == "user" else None
    return user.email if user is not None else ""


def _field(
    entry: AuditEntry,
    names: Names,
    kpi_labels: dict[str, str] | None,
    titles: dict[tuple[str, int], dict[str, str]] | None = None,
) -> str:
    user_id = _field_user(entry.field)
    if user_id is not None:
        return f"{kept(ENTITY_LABELS['user'])} {names.user(user_id)}"
    prefix, _sep, rest = (entry.field or "").partition(":")
    if prefix == "partner" and rest:  # named as listed ("合作伙伴 盐城安运物流"), not "#9"
        stored = _stored_dict(entry.after) or _stored_dict(entry.before)
        if isinstance(name := stored.get("name"), str) and name:
            return f"{kept(PREFIX_LABELS['partner'])} {name}"
    shown = field_label(entry.field, entry.action, kpi_labels)
    title = (titles or {}).get((entry.entity, entry.entity_id), {}).get(entry.field or "")
    if title and entry.action.startswith(ITEM_ACTIONS):  # the code, then its title (QA47 S3)
        return f"{shown} {short_title(title)}"
    return shown


def readable(
    stored: str | None,
    names: Names | None = None,
    action: str = "",
    event_types: dict[str, str] | None = None,
    veto_kept: bool = False,
) -> str:
    """Turn a stored JSON value into lines a person can read: `key: value`, lists joined.

    With `names`, the ids a value holds (an organisation, a user, assessments) are shown by
    name; `action` words keys whose meaning depends on it (an evidence file's checksum);
    `event_types` names an event's type as the assessment's rubric does; `veto_kept`: an
    older bare "stars": 0 was a veto's (stars_folded).
    """
    if stored is None:
        return "—"
    try:
        value = json.loads(stored)
    except ValueError:
        return stored
    if isinstance(value, dict):
        value = stars_folded(value, veto_kept)  # 未评定（一票否决）, not "星级: 0" (qa55 #1)
        unset = _other_resident_unset(value)
        lines = (
            _line(key, value[key], names, action, event_types)
            for key in sorted(value, key=shown_order)
            if key not in unset
        )
        return "\n".join(line for line in lines if line is not None) or "—"
    # a membership's entries store the organisation role alone ("member")
    return _scalar(value, "role" if action.startswith("member.") else "")


# A park's event names where it happened either way: a registered resident company, or one
# not registered, by the name (and code) the park typed (assessments.event_residents).
_REGISTERED_RESIDENT: tuple[str, ...] = ("resident_id",)
_UNREGISTERED_RESIDENT: tuple[str, ...] = ("resident_name", "resident_credit_code")


def _other_resident_unset(value: dict[str, Any]) -> set[str]:
    """Return the empty resident fields of the way an event's entry does not name it.

    "发生单位（入园企业）: —" beside an unregistered resident's name read as if the resident
    were missing; an entry naming a registered one has no unregistered name to show either.
    """
    if value.get("resident_name"):
        hidden = _REGISTERED_RESIDENT
    elif _is_id(value.get("resident_id")):
        hidden = _UNREGISTERED_RESIDENT
    else:
        return set()
    return {key for key in hidden if key in value and value[key] in (None, "")}


def _line(
    key: str,
    item: Any,
    names: Names | None,
    action: str,
    event_types: dict[str, str] | None = None,
) -> str | None:
    if key in HIDDEN_KEYS:
        return None
    if key == "event_type" and isinstance(item, str) and item in (event_types or {}):
        return f"{key_label(key, action)}: {(event_types or {})[item]}"
    if names is not None and _is_id(item):
        if key in _ORGANISATION_KEYS:
            return f"{kept(ENTITY_LABELS['organisation'])}: {names.organisation_named(item)}"
        if key in _LABELLED_ORGANISATION_KEYS:
            return f"{key_label(key, action)}: {names.organisation_named(item)}"
        if _is_user_key(key):
            return f"{key_label(key)}: {names.user_named(item)}"
        if key == "group":
            return f"{key_label(key)}: {names.groups.get(item, f'#{item}')}"
        if key in _ASSESSMENT_KEYS:
            return f"{key_label(key)}: {names.owned('assessment', item) or f'#{item}'}"
    if key == "organisations" and names is not None and isinstance(item, list):
        shown = [
            names.by_chinese_name.get(v, v) if isinstance(v, str) else _scalar(v) for v in item
        ]
        return f"{key_label(key, action)}: {kept(_LIST_JOIN).join(shown) or '—'}"
    if key in _ORGANISATION_LIST_KEYS and names is not None and isinstance(item, list):
        # One name a line: English names hold commas ("Co., Ltd."), a joined list blurs them.
        listed = [names.organisation_named(v) for v in item if _is_id(v)]
        return "\n".join([f"{key_label(key, action)}:", *listed]) if listed else None
    if key == "late_allowances" and names is not None and isinstance(item, dict):
        return "\n".join([f"{key_label(key)}:", *_allowances(item, names)])
    if key == "frozen_assessments" and names is not None and isinstance(item, list):
        shown = [names.assessment_organisation(v) for v in item if _is_id(v)]
        return f"{key_label(key)}: {kept(_LIST_JOIN).join(shown) or '—'}"
    if key in _RUBRIC_KEYS and isinstance(item, str) and (rubric := _rubric(item)):
        return f"{key_label(key)}: {rubric}"
    return f"{key_label(key, action)}: {_scalar(item, key)}"


def _allowances(stored: dict[str, Any], names: Names) -> list[str]:
    """One line an organisation: whose late submission runs again, to which day (reopen)."""
    lines = []
    for key, day in stored.items():
        organisation = names.organisation_named(int(key)) if str(key).isdigit() else str(key)
        if isinstance(day, str) and day:
            lines.append(kept(_ALLOWED_UNTIL) % {"organisation": organisation, "day": day})
        else:
            lines.append(kept(_ALLOWED_OPEN) % {"organisation": organisation})
    return lines


_RUBRIC_KEY = re.compile(r"^([a-z0-9][a-z0-9_-]*)(?:@| v)(\d+)$")


def _rubric(stored: str) -> str | None:
    """Name a stored rubric version ("rc-park@1", "rc-company v2") by its title and version."""
    match = _RUBRIC_KEY.match(stored)
    if match is None:
        return None
    return rubric_label(match[1], int(match[2]), current_lang())


_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


# Stored numbers (a Decimal is stored as its text, "0.280000") shown as the pages show them:
# without trailing zeros, or with the column's places where the page keeps them.
_NUMBER_KEYS = frozenset({"value", "change_pct", "direct_loss_10k_yuan"})
_NUMBER_PLACES = {"direct_loss_10k_yuan": 2}  # the events page shows 万元 with 2 places


def _number(value: Any, key: str) -> str | None:
    """Show a stored number in the pages' format; None when `value` is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if number.is_zero():
        number = number.copy_abs()  # entries written before "-0" was read as 0
    places = _NUMBER_PLACES.get(key)
    if places is not None:
        return f"{number.quantize(Decimal(1).scaleb(-places)):f}"
    return f"{number.normalize():f}"


def _scalar(value: Any, key: str = "") -> str:
    if value is None:
        return "—"
    if key in _NUMBER_KEYS and (number := _number(value, key)) is not None:
        return number
    if isinstance(value, bool):
        return kept(_YES if value else _NO)
    if isinstance(value, list):
        return kept(_LIST_JOIN).join(_scalar(item, key) for item in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{key_label(k)}={_scalar(item, k)}" for k, item in value.items())
    if isinstance(value, str) and _TIMESTAMP.match(value):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        return beijing_time(moment, with_seconds=True)  # stored in UTC, shown as the page is
    return str(value_label(value, key))
