"""Working-group pages: the groups with their members; the secretariat's create, edit, delete.

Who leads each group is a matter of accounts: that package adds the roles section (and
the secretariat's assignment form) through organisations.hooks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.i18n import current_lang
from rcapp.organisations import group_services, queries
from rcapp.organisations.code_sections import code_sections
from rcapp.organisations.group_form import GROUP_KIND_LABELS, WorkingGroupForm, taken_text
from rcapp.organisations.hooks import GROUP_PAGE, sections_for
from rcapp.organisations.models import WorkingGroup, WorkingGroupKind
from rcapp.organisations.standard_groups import STANDARD_GROUPS
from rcapp.permissions import Action, led_group_ids, require
from rcapp.web import get_or_404, login_required

bp = Blueprint("working_groups", __name__, url_prefix="/working-groups")


@bp.get("/")
@login_required
def index() -> str:
    require(current_user, Action.GROUP_VIEW)
    only = None if current_user.is_secretariat else led_group_ids(current_user)
    return render_template(
        "organisations/groups.html",
        groups=queries.groups_with_members(only),
        standard=STANDARD_GROUPS,
    )


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
        section_label=dict(code_sections(current_lang())).get(group.section_id or ""),
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create() -> str | Response:
    require(current_user, Action.GROUP_MANAGE)
    form = WorkingGroupForm()
    form.set_sections(code_sections(current_lang()))
    if form.validate_on_submit():
        try:
            group = group_services.create_group(form.values(), current_user)
        except group_services.GroupCodeTaken as taken:
            form.code.errors = [*form.code.errors, taken_text(taken.existing)]
        else:
            db.session().commit()
            name = group.display_name(current_lang())
            flash(_("已新建工作组“%(name)s”。", name=name), "success")
            return redirect(url_for(".detail", group_id=group.id))
    return render_template(
        "organisations/group_form.html", form=form, group=None, in_use=None, locked=False
    )


@bp.route("/<int:group_id>/edit", methods=["GET", "POST"])
@login_required
def edit(group_id: int) -> str | Response:
    group = get_or_404(WorkingGroup, group_id)
    require(current_user, Action.GROUP_MANAGE, group)
    form = WorkingGroupForm(group=group)
    form.set_sections(code_sections(current_lang()))
    locked = group_services.has_reviews(group)
    if form.validate_on_submit():
        try:
            group_services.update_group(group, form.values(), current_user)
        except group_services.GroupCodeTaken as taken:
            form.code.errors = [*form.code.errors, taken_text(taken.existing)]
        except group_services.GroupFieldsLocked as refused:
            for name in refused.fields:
                field = form[name]
                field.errors = [*field.errors, locked_text(field.label.text)]
        else:
            db.session().commit()
            flash(_("工作组信息已保存。"), "success")
            return redirect(url_for(".detail", group_id=group.id))
    uses = group_services.uses_of(group)
    in_use = in_use_text(uses) if uses else None
    return render_template(
        "organisations/group_form.html",
        form=form,
        group=group,
        in_use=in_use,
        locked=locked,
        kind_label=GROUP_KIND_LABELS.get(WorkingGroupKind(group.kind)),
        section_label=dict(code_sections(current_lang())).get(group.section_id or ""),
    )


def locked_text(label: str) -> str:
    return str(
        _(
            "这个工作组做过同行评审，“%(field)s”不能修改（只能修改名称）；未保存。",
            field=label,
        )
    )


@bp.post("/<int:group_id>/delete")
@login_required
def delete(group_id: int) -> Response:
    group = get_or_404(WorkingGroup, group_id)
    require(current_user, Action.GROUP_MANAGE, group)
    name = group.display_name(current_lang())
    try:
        group_services.delete_group(group, current_user)
    except group_services.GroupInUse as in_use:
        flash(in_use_text(in_use.uses), "error")
        return redirect(url_for(".edit", group_id=group.id))
    db.session().commit()
    flash(_("已删除工作组“%(name)s”。", name=name), "success")
    return redirect(url_for(".index"))


def in_use_text(uses: Mapping[str, int]) -> str:
    """Say why a group cannot be deleted: what still names it."""
    parts = []
    if uses.get(group_services.MEMBERS):
        parts.append(
            ngettext("%(num)d 个成员单位", "%(num)d 个成员单位", uses[group_services.MEMBERS])
        )
    if uses.get(group_services.ROLES):
        parts.append(
            ngettext(
                "%(num)d 个组长、副组长或评审员角色",
                "%(num)d 个组长、副组长或评审员角色",
                uses[group_services.ROLES],
            )
        )
    if uses.get(group_services.REVIEWS):
        parts.append(
            ngettext("%(num)d 次同行评审", "%(num)d 次同行评审", uses[group_services.REVIEWS])
        )
    if uses.get(group_services.CLOSED_MEMBERS):
        # qa51 P9: said what they are, not "其他记录"
        parts.append(
            ngettext(
                "%(num)d 条已关闭年度的成员记录（年度关闭时保存的本组成员单位，属于历史记录）",
                "%(num)d 条已关闭年度的成员记录（年度关闭时保存的本组成员单位，属于历史记录）",
                uses[group_services.CLOSED_MEMBERS],
            )
        )
    named = {
        group_services.MEMBERS,
        group_services.ROLES,
        group_services.REVIEWS,
        group_services.CLOSED_MEMBERS,
    }
    others = sum(n for table, n in uses.items() if table not in named)
    if others:
        parts.append(ngettext("%(num)d 条其他记录", "%(num)d 条其他记录", others))
    return str(
        _(
            "这个工作组还有 %(uses)s，不能删除。请先在各单位的编辑页取消其工作组、在本页取消角色；"
            "做过同行评审的工作组保留在记录中，只能修改名称。",
            uses=_("、").join(parts),
        )
    ) + (closed_years_text() if uses.get(group_services.CLOSED_MEMBERS) else "")


def closed_years_text() -> str:
    """Say why a group with a closed year's members stays (they are not for the user to undo)."""
    return str(_("已参与过已关闭年度的工作组保留在记录中（该年度的成员名单不能更改），不能删除。"))


@bp.post("/standard")
@login_required
def seed_standard() -> Response:
    """Create whichever of the programme's nine standard groups is missing."""
    require(current_user, Action.GROUP_MANAGE)
    created = group_services.seed_standard(current_user)
    db.session().commit()
    if created:
        flash(
            ngettext(
                "已新建 %(num)d 个标准工作组。", "已新建 %(num)d 个标准工作组。", len(created)
            ),
            "success",
        )
    else:
        flash(_("九个标准工作组都已存在，没有新建。"), "success")
    return redirect(url_for(".index"))
