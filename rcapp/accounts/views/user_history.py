"""An organisation's own record of who did what with its users and its profile (qa60 #3).

The secretariat's audit log had it all; the organisation's admin, who decides who sees the
company's data, could not answer "who made 王磊 an admin, and when, and why?". This page
shows the entries about the organisation itself and about its members' accounts, worded by
the audit log's own renderer. Nothing about another organisation: an attempt to add an
address that belongs elsewhere (member.add_attempt) names that account, so it stays out.
"""

from __future__ import annotations

import dataclasses

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import Select, and_, or_, select

from rcapp.accounts.models import Membership
from rcapp.accounts.views.admin import bp
from rcapp.accounts.views.audit import AuditRow, audit_rows
from rcapp.audit.labels import ENTITY_LABELS
from rcapp.audit.models import AuditEntry
from rcapp.organisations.models import Organisation
from rcapp.pagination import paginate
from rcapp.permissions import Action, require
from rcapp.translation_memo import kept
from rcapp.web import get_or_404, login_required

# The organisation's own profile, partners and memberships.
ORGANISATION_ACTIONS = (
    "create",
    "update",
    "member.add",
    "member.role",
    "member.remove",
    "member.delete_unused",
    "partner.add",
    "partner.update",
    "partner.remove",
)
# What was done to a member's account (not their logins: those are theirs).
USER_ACTIONS = (
    "create",
    "invite",
    "invitation.accept",
    "email.correct",
    "deactivate",
    "reactivate",
)
_SECRETARIAT = _l("秘书处")


def organisation_user_history(organisation_id: int) -> Select[AuditEntry]:
    """Entries on the organisation and on its current members' accounts, newest first."""
    members = select(Membership.user_id).where(Membership.organisation_id == organisation_id)
    return (
        select(AuditEntry)
        .where(
            or_(
                and_(
                    AuditEntry.entity == "organisation",
                    AuditEntry.entity_id == organisation_id,
                    AuditEntry.action.in_(ORGANISATION_ACTIONS),
                ),
                and_(
                    AuditEntry.entity == "user",
                    AuditEntry.entity_id.in_(members),
                    AuditEntry.action.in_(USER_ACTIONS),
                ),
            )
        )
        .order_by(AuditEntry.id.desc())
    )


@bp.get("/organisations/<int:organisation_id>/users/history")
@login_required
def user_history(organisation_id: int) -> str:
    organisation = get_or_404(Organisation, organisation_id)
    require(current_user, Action.ORG_MANAGE_USERS, organisation)
    page = paginate(
        organisation_user_history(organisation.id), request.args.get("page", 1, type=int)
    )
    rows = [_secretariat_as_such(row) for row in audit_rows(page.items)]
    return render_template(
        "accounts/user_history.html",
        organisation=organisation,
        page=page,
        rows=rows,
        entity_labels=ENTITY_LABELS,
    )


def _secretariat_as_such(row: AuditRow) -> AuditRow:
    """Name the secretariat's staff as the organisation's other pages do: "秘书处"."""
    if row.actor is not None and row.actor.is_secretariat:
        return dataclasses.replace(row, actor=None, actor_label=kept(_SECRETARIAT))
    if row.actor is None and row.entry.actor_name:  # an account since deleted: its name
        return dataclasses.replace(row, actor_label=row.entry.actor_name)
    return row
