"""Corrective actions of final (or reopened) peer reviews as a worksheet, with the list's filters.

The organisation sees its own actions, a group lead those of the groups it leads, the
secretariat all of them: each row passes the review rule `SEE_FINAL`, the same check as
the final-rating page that lists them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.clock import beijing_today
from rcapp.cycles.closed_groups import in_group_by_cycle
from rcapp.cycles.models import ReportingCycle
from rcapp.fields import id_number
from rcapp.organisations.models import Organisation, WorkingGroup
from rcapp.permissions import Action, can, grants_of
from rcapp.reports.data_lists import _
from rcapp.reports.excel import Sheet
from rcapp.reviews.finding_item import finding_item_title
from rcapp.reviews.messages import ACTION_TEXT
from rcapp.reviews.models import ActionStatus, Finding, FindingKind, Review, has_outcome_clause
from rcapp.reviews.outcome_rows import action_raiser, days_overdue
from rcapp.reviews.permissions import ReviewAction, can_review


@dataclass(frozen=True)
class ActionFilters:
    year: int | None = None
    status: ActionStatus | None = None
    organisation_id: int | None = None
    group_id: int | None = None

    @classmethod
    def from_args(cls, args: Any, year: int | None) -> ActionFilters:
        """Read the filters from a query string; unknown values are ignored, not guessed.

        `year` is the page's year (cycles.asked.asked_year: `?cycle=` is a cycle id).
        """
        status = args.get("status", "")
        return cls(
            year=year,
            status=ActionStatus(status) if status in ActionStatus._value2member_map_ else None,
            organisation_id=args.get("organisation", type=id_number),
            group_id=args.get("group", type=id_number),
        )

    def notes(self, lang: str) -> list[tuple[str, str]]:
        organisation = self.organisation_id and db.session().get(Organisation, self.organisation_id)
        group = self.group_id and db.session().get(WorkingGroup, self.group_id)
        return [
            (_("年度"), str(self.year) if self.year else ""),
            (_("状态"), str(ACTION_TEXT[self.status]) if self.status else ""),
            (_("单位"), organisation.display_name(lang) if organisation else ""),
            (_("工作组"), group.display_name(lang) if group else ""),
        ]

    def file_stem(self, lang: str) -> str:
        """Name the download by what it holds, as side-by-side-WG-DS-2024-zh (qa65 #2).

        One name for every year and group let the second download overwrite the first.
        """
        group = self.group_id and db.session().get(WorkingGroup, self.group_id)
        parts = ["corrective-actions", group.code if group else "", str(self.year or ""), lang]
        return "-".join(part for part in parts if part)


def may_filter(user: Any, filters: ActionFilters) -> bool:
    """Tell whether the user may see the organisation and group the filters name.

    The file's filter line names them: another organisation's name, over no rows, told
    who it was. An organisation the user may view (its own, one of a group it leads; any
    for the secretariat); a group it has a role in or its organisation belongs to.
    """
    session = db.session()
    if filters.organisation_id is not None:
        organisation = session.get(Organisation, filters.organisation_id)
        if organisation is None or not can(user, Action.ORG_VIEW, organisation):
            return False
    if filters.group_id is not None:
        group = session.get(WorkingGroup, filters.group_id)
        if group is None or not _group_known_to(user, group):
            return False
    return True


def _group_known_to(user: Any, group: WorkingGroup) -> bool:
    if getattr(user, "is_secretariat", False):
        return True
    grants = grants_of(user)
    if any(group_id == group.id for group_id, _role in grants.group_roles):
        return True
    return any(grants.org_role(member.id) is not None for member in group.organisations)


def visible_actions(user: Any, filters: ActionFilters) -> list[Finding]:
    """Return the corrective actions the user may see, filters applied.

    Those of final reviews and of reviews reopened by an upheld appeal: their actions stand
    meanwhile, and the final page lists them (`Review.has_outcome`).
    """
    statement = (
        select(Finding)
        .join(Review, Finding.review_id == Review.id)
        .join(Assessment, Review.assessment_id == Assessment.id)
        .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
        .join(Organisation, Assessment.organisation_id == Organisation.id)
        .where(Finding.kind == FindingKind.CORRECTIVE_ACTION, has_outcome_clause())
        .order_by(
            ReportingCycle.year.desc(),
            Organisation.name_sort,
            Organisation.name_zh,
            Finding.due_on,
            Finding.id,
        )
    )
    if filters.year is not None:
        statement = statement.where(ReportingCycle.year == filters.year)
    if filters.status is not None:
        statement = statement.where(Finding.action_status == filters.status)
    if filters.organisation_id is not None:
        statement = statement.where(Organisation.id == filters.organisation_id)
    if filters.group_id is not None:
        # the group's members in each action's year (closed_groups: a closed year's kept)
        # and the reviews the group ran, whose organisation may have left it since (qa48 D1)
        statement = statement.where(
            in_group_by_cycle(filters.group_id, ReportingCycle.id)
            | (Review.working_group_id == filters.group_id)
        )
    found = db.session().scalars(statement)
    return [f for f in found if can_review(user, ReviewAction.SEE_FINAL, f)]


def scope_note(user: Any) -> str | None:
    """Say that the file holds only what the user may see (the filters alone do not say it).

    A lead who asks for another group's actions gets only those of its members it may see;
    without this the file's filter line read as if it were the whole group's list.
    """
    if getattr(user, "is_secretariat", False):
        return None
    # One group runs each review (leads_review_of): a member of the lead's group whose
    # review another group runs is not in the file, so the note names reviews, not members.
    return str(
        _(
            "仅列出您有权查看的整改项：本单位的，以及由您担任组长或副组长的工作组负责评审的单位的"
            "（评审由其他工作组负责的成员不在其中）。"
        )
    )


# The columns of free text (organisation, item text, requirement, evidence, reason, raiser):
# wrapped.
WRAPPED = frozenset({0, 3, 4, 9, 10, 11})


def raisers_of(user: Any, rows: Sequence[Finding], lang: str) -> dict[int, str]:
    """Name who raised each action as the final page does for `user` (action_raiser).

    The organisation of the reviewer only where the user assigns the reviewers (the lead
    of the review, the secretariat), not on the reviewed organisation's own rows.
    """
    assigns: dict[int, bool] = {}
    for f in rows:
        if f.review_id not in assigns:
            assigns[f.review_id] = can_review(user, ReviewAction.MANAGE, f.review.assessment)
    return {f.id: action_raiser(f, assigns[f.review_id], lang) for f in rows}


def actions_sheet(
    rows: Sequence[Finding],
    lang: str,
    notes: Sequence[str] = (),
    today: dt.date | None = None,
    raisers: Mapping[int, str] | None = None,
) -> Sheet:
    """One row per action; an open one past its due date says by how many days, as the page.

    `raisers`: who raised each action, by its id (raisers_of); the last column.
    """
    today = today or beijing_today()
    raisers = raisers or {}
    header = (
        _("单位"),
        _("年度"),
        _("评价项"),
        _("评价项内容"),
        _("整改要求"),
        _("责任人"),
        _("完成期限"),
        _("状态"),
        _("逾期天数"),
        _("整改证据"),
        _("退回理由"),
        _("提出人"),
    )
    body = (
        (
            f.review.assessment.organisation.display_name(lang),
            f.review.assessment.cycle.year,
            f.item_id or "",
            finding_item_title(f, lang),  # whole: the file is read away from the pages
            f.text,
            f.owner or "",
            f.due_on,
            str(ACTION_TEXT[f.action_status]) if f.action_status else "",
            days_overdue(f, today) or None,
            _evidence(f),
            f.reopen_reason or "",
            raisers.get(f.id, ""),
        )
        for f in rows
    )
    widths = (32, 8, 12, 50, 50, 12, 12, 18, 10, 40, 40, 32)
    return Sheet(_("整改清单"), header, body, widths=widths, notes=notes, wrapped=WRAPPED)


def _evidence(finding: Finding) -> str:
    """Return the closing evidence, saying so when the lead sent it back (as the review page)."""
    evidence = finding.closing_evidence or ""
    if evidence and finding.reopen_reason and finding.action_status is ActionStatus.OPEN:
        return _("未被接受的整改证据：") + evidence
    return evidence
