"""The demo's peer-review round: two finished reviews with final ratings, one on site under way.

Runs after the demo world is built, through the same services the pages use. It adds
three peer reviewers of the pollution-prevention working group. (The reviewed companies'
2023 assessments, whose KPI data let the three-star series condition pass, are part of
the world: rcapp.demo.world.PLANS.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rcapp.accounts import services as accounts
from rcapp.accounts.models import GroupRole, User
from rcapp.assessments import queries as assessment_queries
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.clock import beijing_today
from rcapp.demo import world
from rcapp.reviews import reviewing, settling
from rcapp.reviews import services as reviews
from rcapp.reviews.consolidation import discrepancy_map, self_verdicts
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.models import Decision, FindingKind, Review, ReviewAssignment, ReviewKind
from rcapp.reviews.rules import NA

if TYPE_CHECKING:
    from rcapp.demo.build import Built

APPEAL_DAYS = 30


@dataclass(frozen=True)
class ReviewerSpec:
    email: str
    name: str
    org: str


REVIEWERS = (
    ReviewerSpec("reviewer.han@" + world.DOMAIN, "韩冬", "jiangbei-materials"),
    ReviewerSpec("reviewer.yu@" + world.DOMAIN, "于涛", "bincheng-dye"),
    ReviewerSpec("reviewer.xing@" + world.DOMAIN, "邢岩", "qirun-rubber"),
)
GROUP = "WG-PP"
LEAD = "pp.lead@" + world.DOMAIN
DEPUTY = "pp.deputy@" + world.DOMAIN  # manages the review of the lead's own company
# (reviewed company, kind, reviewer keys, answers file, finalise?)
PLAN = (
    ("donghai-fine", ReviewKind.ONSITE, ("han", "yu"), world.V1_FIVE_STAR, True),
    ("haicheng-agro", ReviewKind.DESK, ("han", "xing"), world.V1_FIVE_STAR, True),
    # left open, on site (qa70 p10: testers met no open on-site review): xing has to decide
    (world.OPEN_REVIEW_ORG, ReviewKind.ONSITE, ("lin", "xing"), world.V1_TWO_STAR, False),
)


def build_review_round(built: Built) -> list[Review]:
    """Add the reviewers and the reviews of the current year; the caller commits."""
    people = _reviewers(built)
    people["lin"] = built.users["reviewer.lin@" + world.DOMAIN]
    for cycle in {a.cycle.id: a.cycle for a in built.assessments}.values():
        if cycle.is_open:  # a closed year computed them when it was closed, before freezing
            compute_benchmarks(cycle, built.secretariat)  # before the ratings read them
    found = []
    for org_key, kind, keys, _file, finish in PLAN:
        assessment = _current(built, org_key)
        lead = built.users[DEPUTY if org_key == "jiangbei-materials" else LEAD]
        # No composer and no company notice (company_mail): the demo builds data and mails
        # nobody, neither the reviewers nor the company; the web and the CLI do both.
        review = reviews.assign_reviewers(
            assessment, kind, [people[k] for k in keys], lead, compose=None
        )
        first, second = review.assignments
        _review(first, strict=True)
        if finish:
            _review(second, strict=False)
            _settle(review, lead)
            settling.finalise_review(review, APPEAL_DAYS, lead)
            _close_first_action(review, built, org_key)
        found.append(review)
    return found


def _reviewers(built: Built) -> dict[str, User]:
    people = {}
    for spec in REVIEWERS:
        organisation = built.organisations[spec.org]
        user = accounts.create_account(
            spec.email,
            spec.name,
            None,
            password=world.DEMO_PASSWORD,
            organisation_id=organisation.id,
        ).user
        user.must_change_password = False
        accounts.assign_group_role(built.groups[GROUP], user, GroupRole.REVIEWER, built.secretariat)
        built.users[spec.email] = user
        people[spec.email.split("@")[0].split(".")[1]] = user
    return people


def _current(built: Built, org_key: str) -> Assessment:
    organisation = built.organisations[org_key]
    return next(
        a
        for a in built.assessments
        if a.organisation_id == organisation.id
        and a.cycle.year == world.CURRENT_YEAR
        and a.status is AssessmentStatus.SUBMITTED
    )


def _review(assignment: ReviewAssignment, *, strict: bool) -> None:
    """Decide every sampled item: the strict reviewer lowers some claims, the other fewer."""
    review = assignment.review
    rubric = assessment_queries.rubric_of(review.assessment)
    items = rubric.item_index()
    selfs = self_verdicts(self_scorecard(review.assessment, rubric))
    actor = assignment.reviewer
    for position, item_id in enumerate(review.sample):
        own = selfs[item_id]
        item = items[item_id]
        if own == NA:
            reviewing.save_decision(assignment, item, True, Decision.NA_ACCEPT, None, "", actor)
            continue
        assert isinstance(own, int)  # noqa: S101 - N/A handled above
        step = _step(position, strict)
        if step and own - step >= 0:
            reason = (
                "证据只覆盖部分装置，未见持续改进记录"
                if step == 1
                else "未见执行记录，仅有制度文件"
            )
            reviewing.save_decision(
                assignment, item, False, Decision.ADJUST, own - step, reason, actor
            )
        else:
            reviewing.save_decision(assignment, item, False, Decision.ACCEPT, None, "", actor)
    _findings(assignment, review.sample[:2], strict)
    reviewing.submit_assignment(assignment, actor)


def _step(position: int, strict: bool) -> int:
    if strict:
        return 2 if position == 1 else (1 if position % 4 == 0 else 0)
    return 1 if position == 0 else 0


def _findings(assignment: ReviewAssignment, items: list[str], strict: bool) -> None:
    actor = assignment.reviewer
    if strict and items:
        reviewing.add_finding(
            assignment,
            FindingKind.CORRECTIVE_ACTION,
            "补充该项的执行记录（近 12 个月），并由管理者代表签字确认。",
            items[-1],
            "HSE 部经理",
            world.action_due(beijing_today()),
            actor,
        )
        reviewing.add_finding(
            assignment,
            FindingKind.IMPROVEMENT,
            "承包商作业许可的抽查频次可按风险分级调整。",
            None,
            "",
            None,
            actor,
        )
    else:
        reviewing.add_finding(
            assignment,
            FindingKind.STRENGTH,
            "应急演练与周边社区联动，记录完整。",
            None,
            "",
            None,
            actor,
        )


def _settle(review: Review, lead: User) -> None:
    rubric = assessment_queries.rubric_of(review.assessment)
    selfs = self_verdicts(self_scorecard(review.assessment, rubric))
    found = discrepancy_map(review, rubric, self_scorecard(review.assessment, rubric))
    for item_id in found.unsettled:
        own = selfs[item_id]
        level = own - 1 if isinstance(own, int) and own > 0 else own
        settling.settle_item(
            review, item_id, level, "组长复核证据：制度已建立，执行记录不完整", lead
        )


def _close_first_action(review: Review, built: Built, org_key: str) -> None:
    actions = [f for f in review.findings if f.kind is FindingKind.CORRECTIVE_ACTION]
    if actions and org_key == "donghai-fine":
        settling.close_action(
            actions[0],
            "已补充 2025 年 1–12 月执行记录（文件编号 DH-HSE-2025-118）。",
            built.users[world.admin_email(org_key)],
        )
