"""Working-group pages: the groups with their member organisations.

Who leads each group is a matter of accounts: that package adds the roles section (and
the secretariat's assignment form) through organisations.hooks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, render_template
from flask_login import current_user

from rcapp.i18n import current_lang
from rcapp.organisations import queries
from rcapp.organisations.hooks import GROUP_PAGE, sections_for
from rcapp.organisations.models import WorkingGroup
from rcapp.permissions import Action, led_group_ids, require
from rcapp.web import get_or_404, login_required

bp = Blueprint("working_groups", __name__, url_prefix="/working-groups")


@bp.get("/")
@login_required
def index() -> str:
    require(current_user, Action.GROUP_VIEW)
    only = None if current_user.is_secretariat else led_group_ids(current_user)
    return render_template("organisations/groups.html", groups=queries.groups_with_members(only))


@bp.get("/<int:group_id>")
@login_required
def detail(group_id: int) -> str:
    group = get_or_404(WorkingGroup, group_id)
    require(current_user, Action.GROUP_VIEW, group)
    return render_group(group)


def render_group(
    group: WorkingGroup, overrides: Mapping[str, Mapping[str, Any]] | None = None
) -> str:
    """Render the group page; `overrides` replaces values of named sections (a bound form)."""
    return render_template(
        "organisations/group.html",
        group=group,
        # In the organisations list's order: pinyin, or the English name on English pages.
        members=queries.listed_order(group.organisations, current_lang()),
        sections=sections_for(GROUP_PAGE, group, overrides),
    )
