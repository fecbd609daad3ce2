"""Who is compared with whom: the peer groups an organisation of each kind is placed in.

Companies answer the company rubric and are compared in their working groups, sector,
park (the companies of one chemical park) and province. A chemical park answers the park
rubric (other sections, other KPIs), so it is compared only with other parks: all parks
of the cycle, and the parks of its province. No group mixes the two kinds.
"""

from __future__ import annotations

from flask_babel import gettext, ngettext, pgettext

from rcapp.benchmarks.stats import GroupKind
from rcapp.organisations.models import OrganisationKind

_COMPANY_GROUPS = frozenset(
    {GroupKind.WORKING_GROUP, GroupKind.SECTOR, GroupKind.PARK, GroupKind.PROVINCE}
)
_PARK_GROUPS = frozenset({GroupKind.ALL_PARKS, GroupKind.PARK_PROVINCE})

_COMPARED_WITH: dict[OrganisationKind, frozenset[GroupKind]] = {
    OrganisationKind.COMPANY: _COMPANY_GROUPS,
    OrganisationKind.PARK: _PARK_GROUPS,
}


def group_kind_text(kind: GroupKind) -> str:
    """Name the kind of a group as its heading does, e.g. "江苏省（省份，12 家）"."""
    texts = {
        GroupKind.WORKING_GROUP: pgettext("peer group", "工作组"),
        GroupKind.SECTOR: pgettext("peer group", "行业"),
        GroupKind.PARK: pgettext("peer group", "化工园区"),
        GroupKind.PROVINCE: pgettext("peer group", "省份"),
        GroupKind.ALL_PARKS: pgettext("peer group", "园区"),
        GroupKind.PARK_PROVINCE: pgettext("peer group", "本省园区"),
    }
    return str(texts[kind])


def members_text(with_data: int, total: int | None = None) -> str:
    """Say what a group's count counts, e.g. "6 家成员，其中 3 家有对标数据".

    The statistics count the members with benchmark data (a submitted self-assessment in the
    year's computation); a group that has a member list of its own (a working group, a park's
    residents) also gives its size, as its own page does: "3 家" beside a page saying the
    group has 6 members read as a contradiction. Without a list (a province, a sector): only
    the members with data.
    """
    if total is None:
        return str(ngettext("%(num)d 家有对标数据", "%(num)d 家有对标数据", with_data))
    return str(
        ngettext(
            "%(num)d 家成员，其中 %(with_data)d 家有对标数据",
            "%(num)d 家成员，其中 %(with_data)d 家有对标数据",
            total,
            with_data=with_data,
        )
    )


def no_statistics_text(computed: bool, with_data: int, total: int | None, minimum: int) -> str:
    """Say the one reason a group shows no statistics (qa72 M3), never "too few, or not computed".

    Not computed yet for the year, or fewer members with benchmark data than `minimum`:
    "6 家成员，其中 3 家有对标数据，不足 5 家，不显示组统计。"
    """
    if not computed:
        return str(gettext("本年度的对标数据尚未计算，不显示组统计；秘书处计算后显示。"))
    return str(
        gettext(
            "%(members)s，不足 %(n)d 家，不显示组统计。",
            members=members_text(with_data, total),
            n=minimum,
        )
    )


def no_statistics_short(computed: bool, with_data: int, minimum: int) -> str:
    """Give `no_statistics_text`'s reason in a few words, for a clause of advice.

    E.g. "同组仅 3 家有对标数据，至少需 5 家", or "同组统计尚未计算".
    """
    if not computed:
        return str(gettext("同组统计尚未计算"))
    return str(
        ngettext(
            "同组仅 %(num)d 家有对标数据，至少需 %(n)d 家",
            "同组仅 %(num)d 家有对标数据，至少需 %(n)d 家",
            with_data,
            n=minimum,
        )
    )


def kind_and_members(kind: GroupKind, with_data: int, total: int | None = None) -> str:
    """Follow a group's name, e.g. "（工作组，6 家成员，其中 3 家有对标数据）"."""
    return str(
        gettext(
            "（%(kind)s，%(members)s）",
            kind=group_kind_text(kind),
            members=members_text(with_data, total),
        )
    )


def compared_with(kind: OrganisationKind) -> frozenset[GroupKind]:
    """Return the kinds of peer group whose statistics compare with an organisation's own."""
    return _COMPARED_WITH[kind]


def members_kind(group: GroupKind) -> OrganisationKind:
    """Return the kind of organisation a peer group of this kind is made of."""
    return OrganisationKind.PARK if group in _PARK_GROUPS else OrganisationKind.COMPANY
