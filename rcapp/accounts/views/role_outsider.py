"""Warn the secretariat that a new group role went to someone of no member organisation.

qa51 S4: a company user was made a reviewer of the parks group without a word. Not refused:
the secretariat may want an outside reviewer (a small group needs them, qa51 M2); the
confirmation says whose organisation it is and that it is not one of the group's.
"""

from __future__ import annotations

from flask_babel import gettext as _

from rcapp.accounts.models import User
from rcapp.i18n import current_lang
from rcapp.organisations.models import WorkingGroup


def outsider_text(group: WorkingGroup, user: User) -> str | None:
    """Say that none of the user's organisations is a member of `group` (None: one is)."""
    members = {o.id for o in group.organisations}
    own = [m.organisation for m in user.memberships]
    if any(o.id in members for o in own):
        return None
    lang = current_lang()
    group_name = group.display_name(lang)
    if not own:
        return str(
            _(
                "请注意：%(name)s 不属于任何单位，不是%(group)s成员单位的人员。"
                "如无意指定组外人员，请取消该角色。",
                name=user.name,
                group=group_name,
            )
        )
    return str(
        _(
            "请注意：%(name)s 所在单位（%(organisations)s）不是%(group)s的成员单位。"
            "如是有意指定组外人员（例如为评审员不足的工作组增加评审员），可保留；否则请取消该角色。",
            name=user.name,
            organisations=str(_("、")).join(o.display_name(lang) for o in own),
            group=group_name,
        )
    )
