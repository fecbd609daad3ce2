"""The demo accounts as a Markdown table: printed by `rcapp demo` and kept in the README."""

from __future__ import annotations

from rcapp.accounts.models import GroupRole, OrgRole
from rcapp.demo import review_round, world

SECRETARIAT_LABEL = "秘书处 secretariat"
SECRETARIAT_ORGANISATION = "中国石油和化学工业联合会 责任关怀工作委员会"
GROUP_ROLE_LABELS = {
    GroupRole.LEAD: "工作组组长 working-group lead",
    GroupRole.DEPUTY: "工作组副组长 deputy lead",
    GroupRole.REVIEWER: "同行评审员 peer reviewer",
}
ORG_ROLE_LABELS = {
    OrgRole.ADMIN: "组织管理员 organisation admin",
    OrgRole.MEMBER: "组织成员 organisation member",
}
HEADER = ("角色 role", "电子邮箱 e-mail", "组织 organisation")


def role_label(person: world.PersonSpec) -> str:
    """Name what the account is for: its group roles if any, else its place in the organisation."""
    if person.secretariat:
        return SECRETARIAT_LABEL
    if person.group_roles:
        names = {group.code: group.name_zh for group in world.GROUPS}
        by_role: dict[GroupRole, list[str]] = {}
        for code, role in person.group_roles:
            by_role.setdefault(role, []).append(names[code])
        return "；".join(
            f"{GROUP_ROLE_LABELS[role]}（{'、'.join(groups)}）" for role, groups in by_role.items()
        )
    return ORG_ROLE_LABELS[person.org_role]


def account_rows() -> list[tuple[str, str, str]]:
    """List every demo account: the world's people and the review round's reviewers.

    The review round's reviewers come after the world's own (QA33 S12: they did the demo
    reviews and were missing).
    """
    names = {organisation.key: organisation.name_zh for organisation in world.ORGANISATIONS}
    rows = [
        (
            role_label(person),
            person.email,
            names[person.org] if person.org else SECRETARIAT_ORGANISATION,
        )
        for person in world.PEOPLE
    ]
    group = next(g.name_zh for g in world.GROUPS if g.code == review_round.GROUP)
    reviewer = GROUP_ROLE_LABELS[GroupRole.REVIEWER]
    added = [
        (f"{reviewer}（{group}）", spec.email, names[spec.org]) for spec in review_round.REVIEWERS
    ]
    after = max(i for i, row in enumerate(rows) if row[1].startswith("reviewer.")) + 1
    return rows[:after] + added + rows[after:]


def accounts_table() -> str:
    """Return the accounts as a Markdown table (one line per account, no trailing newline)."""
    lines = [_row(HEADER), _row(("---",) * len(HEADER))]
    lines.extend(
        _row((role, f"`{email}`", organisation)) for role, email, organisation in account_rows()
    )
    return "\n".join(lines)


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"
