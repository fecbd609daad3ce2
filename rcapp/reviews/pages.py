"""What the review pages show, built from rows: the reviewer's items and the lead's overview."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from werkzeug.datastructures import MultiDict

from rcapp.accounts.models import User
from rcapp.assessments.basis_words import basis_notes_of
from rcapp.assessments.computed_kpis import computed_ids, earlier_with_computed, inputs_of
from rcapp.assessments.models import Answer, Assessment, Attachment, SnapshotKind
from rcapp.assessments.queries import (
    FINAL_KINDS,
    Rated,
    answers_by_item,
    attachments_by_item,
    finals_of_record,
    last_year_kpi_inputs,
    peer_capped_snapshots,
    shown_vetoes,
    unrated_snapshots,
    vetoes_of,
)
from rcapp.assessments.rating_words import VetoedResults
from rcapp.assessments.submission_changes import ChangeSet, ItemChange
from rcapp.clock import beijing_today
from rcapp.cycles.models import ReportingCycle
from rcapp.object_cache import PerObject
from rcapp.organisations.models import WorkingGroup
from rcapp.reviews import queries
from rcapp.reviews.action_counts import (
    ActionCount,
    count_actions,
    count_findings,
    lead_share,
    shown_actions,
)
from rcapp.reviews.consolidation import self_verdicts
from rcapp.reviews.forms import DecisionForm
from rcapp.reviews.group_scope import Load, group_workload, reviews_run_by
from rcapp.reviews.left_year import paused_commitment
from rcapp.reviews.models import ItemDecision, Review, ReviewAssignment
from rcapp.reviews.resubmitted import checked_given, resubmitted_claims
from rcapp.reviews.reviewing import decision_stamp
from rcapp.reviews.rules import NA, Verdict
from rcapp.rubrics.model import Item, ItemKind, Kpi, Rubric, Section
from rcapp.scoring import Scorecard
from rcapp.scoring.kpi_text import kpi_places, kpi_text
from rcapp.scoring.kpis import formula_names, kpi_value
from rcapp.scoring.scorecard import VetoHit
from rcapp.text_width import width

PROMPT_SHOWN = 50  # columns of an item's prompt in the findings form's item list


def scale_of(item: Item) -> int:
    return 4 if item.kind.value == "number" else item.max_level


_CHOICES: PerObject[Rubric, list[tuple[str, str]]] = PerObject(size=32)


def item_choices(rubric: Rubric, lang: str) -> list[tuple[str, str]]:
    """Each item as its id and the start of its prompt: an id alone says nothing.

    Kept with the (frozen) rubric: the findings form lists every item on each page view.
    """
    return list(_CHOICES.get(rubric, lang, lambda: _item_choices(rubric, lang)))


def _item_choices(rubric: Rubric, lang: str) -> list[tuple[str, str]]:
    return [
        (i, f"{i} {shortened(item.prompt.get(lang))}") for i, item in rubric.item_index().items()
    ]


def shortened(text: str) -> str:
    """Cut a prompt to its first words, so a list reads as id and title.

    Chinese characters count two columns, as wide as they show; English is cut at a space
    (Chinese only where the width runs out: a space there stands before a standard's code,
    and cutting at it left "重大危险源按GB…").
    """
    if width(text) <= PROMPT_SHOWN:
        return text
    kept = ""
    for ch in text:
        if width(kept + ch) > PROMPT_SHOWN - 1:
            break
        kept += ch
    latin = width(kept) == len(kept)
    if latin and " " in kept and text[len(kept)] != " ":
        kept = kept.rsplit(" ", 1)[0]
    return kept.rstrip(" ，,、（(") + "…"


@dataclass
class ItemView:
    item: Item
    answer: Answer | None
    files: list[Attachment]
    self_verdict: Verdict
    sampled: bool
    decision: ItemDecision | None
    posted: tuple[str, MultiDict[str, str]] | None = None
    changed: ItemChange | None = None  # its claim changed since the previous submission

    @cached_property
    def form(self) -> DecisionForm:
        """The item's decision form, built when first shown: a page shows one section's."""
        return decision_form(self.item, self.self_verdict, self.decision, self.posted)


@dataclass
class SectionView:
    section: Section
    items: list[ItemView]

    @property
    def open_sampled(self) -> int:
        return sum(1 for i in self.items if i.sampled and i.decision is None)


@dataclass(frozen=True)
class KpiCheck:
    kpi: Kpi
    now: Decimal | None
    before: Decimal | None
    # 口径不同：… when last year's figure was typed and this year's counted (or the reverse):
    # the KPI page's and the scorecard's words (basis_words.basis_notes_of, qa51 M1).
    basis: str = ""
    # The inputs its formula reads, this year: which are counted by rcapp, which typed.
    parts: tuple[KpiPart, ...] = ()
    places: int = 0  # the KPI's decimals (scoring.kpi_text)

    @property
    def figures(self) -> tuple[str, ...]:
        """Last year's and this year's figure with the KPI's decimals: 5.00 | 2.38, not 5 | 2.38.

        As the result page, the years page and the reports write them (scoring.kpi_text; qa71).
        """
        return (kpi_text(self.before, self.places), kpi_text(self.now, self.places))


@dataclass(frozen=True)
class KpiPart:
    """One input of a checked KPI's formula: its name, this year's figure, who gives it."""

    input_id: str
    label: str
    value: Decimal | None
    counted: bool  # counted by rcapp (a park's three-star residents), not typed


def reviewer_sections(
    assignment: ReviewAssignment,
    rubric: Rubric,
    card: Scorecard,
    posted: tuple[str, MultiDict[str, str]] | None = None,
    changes: ChangeSet | None = None,
) -> list[SectionView]:
    """Every item with the organisation's answer, evidence and the reviewer's decision.

    `posted` is (item id, form data) of a refused save: that item's form shows what was
    typed, with its errors, so nothing is lost. `changes`: what the organisation changed
    since its previous submission; a changed claim is marked and must be checked.
    """
    assessment = assignment.review.assessment
    answers = answers_by_item(assessment)
    files = attachments_by_item(assessment)
    selfs = self_verdicts(card)
    sample = set(checked_given(assignment.review, changes))
    changed = resubmitted_claims(changes)
    decisions = {d.item_id: d for d in assignment.decisions}
    views = []
    for section in rubric.sections:
        items = []
        for element in section.elements:
            for item in element.items:
                own = selfs.get(item.id)
                if own is None:
                    continue
                items.append(
                    ItemView(
                        item,
                        answers.get(item.id),
                        files.get(item.id, []),
                        own,
                        item.id in sample,
                        decisions.get(item.id),
                        posted,
                        changed.get(item.id),
                    )
                )
        views.append(SectionView(section, items))
    return views


def decision_form(
    item: Item,
    own: Verdict,
    decision: ItemDecision | None,
    posted: tuple[str, MultiDict[str, str]] | None,
) -> DecisionForm:
    prefix = f"d-{item.id}"
    if posted is not None and posted[0] == item.id:
        form = DecisionForm(formdata=posted[1], prefix=prefix)
    else:
        data = {"seen": decision_stamp(decision)}
        if decision is not None:
            level = "" if decision.level is None else str(decision.level)
            data |= {
                "decision": decision.decision.value,
                "level": level,
                "reason": decision.reason or "",
            }
        form = DecisionForm(formdata=None, prefix=prefix, data=data)
    binary = item.kind is ItemKind.YES_NO
    own_level = None if own == NA else int(own)
    return form.configure(scale_of(item), own == NA, own_level, item.id, binary)


def kpi_checks(assessment: Assessment, rubric: Rubric, review: Review, lang: str) -> list[KpiCheck]:
    # the inputs every other page reads: rcapp's computed count over a typed one (PK-RC-02)
    year, organisation_id = assessment.cycle.year, assessment.organisation_id
    last_year = last_year_kpi_inputs(assessment)
    before = earlier_with_computed(organisation_id, year - 1, rubric, last_year)
    now = inputs_of(assessment, rubric)
    counted = computed_ids(rubric)
    notes = basis_notes_of(organisation_id, year, rubric, year - 1) if counted else {}
    labels = {i.id: i.label.get(lang) for i in rubric.kpi_inputs}
    kpis = {kpi.id: kpi for kpi in rubric.kpis}
    checks = []
    for kpi_id in review.kpis_to_check:
        if (kpi := kpis.get(kpi_id)) is None:
            continue
        names = sorted(formula_names(kpi))
        parts = (
            tuple(KpiPart(n, labels.get(n, n), now.get(n), n in counted) for n in names)
            if counted & set(names)
            else ()
        )
        checks.append(
            KpiCheck(
                kpi,
                kpi_value(kpi, now).value,
                kpi_value(kpi, before).value,
                notes.get(kpi_id, ""),
                parts,
                kpi_places(rubric, kpi),
            )
        )
    return checks


@dataclass
class GroupRow(VetoedResults):
    assessment: Assessment
    review: Review | None
    self_rated: bool = True  # False: the self-assessment is not rated (a prerequisite unmet)
    # The vetoes that left the self-assessment without any star (said under 未评定（一票否决）)
    self_vetoes: tuple[VetoHit, ...] = ()
    # The final result of record (assessments.queries.finals_of_record, as the side-by-side
    # and the year lists): a finished review's, or a closed year's frozen one (QA19 S1).
    final: Rated | None = None
    final_vetoes: tuple[VetoHit, ...] = ()  # those that left the final one without any star
    # The self stars were held by the peer-review gate (before the review, if one is final).
    self_capped: bool = False
    # No longer a member of the group, whose review the group still runs (until final).
    left_group: bool = False


@dataclass
class Workload:
    reviewer: User
    load: Load  # in the reviews the group runs, and (apart) in other groups' reviews


@dataclass
class GroupOverview:
    group: WorkingGroup
    cycle: ReportingCycle | None
    rows: list[GroupRow] = field(default_factory=list)
    workload: list[Workload] = field(default_factory=list)
    # Returned for revision while their review is in progress: the review waits for them.
    returned: list[GroupRow] = field(default_factory=list)
    # Each row's open corrective actions and those past due, by assessment id (qa72 M2)
    actions: dict[int, ActionCount] = field(default_factory=dict)

    def actions_for(self, viewer: User | object) -> tuple[ActionCount, int]:
        """Count the rows' corrective actions `viewer` follows up, and the open ones left out.

        Left out: those of her own organisation (a conflict of interest; lead_share), as
        the home to-do leaves them out.
        """
        actions = [f for row in self.rows if row.review for f in shown_actions(row.review)]
        share = lead_share(viewer, actions)
        return count_findings(share.followed, beijing_today()), share.own_open

    @property
    def unassigned(self) -> list[Assessment]:
        # A review whose every reviewer was withdrawn has nobody on it either.
        return [
            row.assessment for row in self.rows if row.review is None or not row.review.assignments
        ]

    @property
    def to_assign(self) -> list[Assessment]:
        """The assessments without reviewers that are work to do (left_year)."""
        return [a for a in self.unassigned if not paused_commitment(a)]

    @property
    def paused_unassigned(self) -> list[Assessment]:
        """Without reviewers, of an organisation that suspended or withdrew its commitment."""
        return [a for a in self.unassigned if paused_commitment(a)]


def group_overview(group: WorkingGroup, cycle: ReportingCycle | None) -> GroupOverview:
    overview = GroupOverview(group, cycle)
    if cycle is None:
        return overview
    assessments = queries.group_assessments(group, cycle)
    reviews = queries.reviews_by_assessment([a.id for a in assessments])
    unrated = unrated_snapshots([a.id for a in assessments])
    ids = [a.id for a in assessments]
    vetoes = vetoes_of(ids)
    # Reviewed ones too: a high self score beside few self stars needs the reason after
    # the review as well (the note then says it held before the review).
    capped = peer_capped_snapshots(ids) if ids else set()
    finals = finals_of_record(ids)
    left = queries.running_for_former_members(group, cycle, assessments)
    overview.rows = [
        GroupRow(
            a,
            reviews.get(a.id),
            self_rated=(a.id, SnapshotKind.SELF) not in unrated,
            self_vetoes=vetoes.get((a.id, SnapshotKind.SELF), ()),
            final=finals.get(a.id),
            final_vetoes=shown_vetoes(vetoes, a.id, FINAL_KINDS),
            self_capped=a.id in capped,
            left_group=a.id in left,
        )
        for a in assessments
    ]
    today = beijing_today()
    overview.actions = {
        row.assessment.id: count_actions(row.review, today) for row in overview.rows
    }
    waiting = queries.group_returned_in_review(group, cycle)
    waiting_reviews = queries.reviews_by_assessment([a.id for a in waiting])
    gone = queries.running_for_former_members(group, cycle, waiting)
    overview.returned = [
        GroupRow(a, waiting_reviews.get(a.id), left_group=a.id in gone) for a in waiting
    ]
    reviews = {**reviews, **waiting_reviews}
    load = group_workload(group, cycle)
    # The group's reviewers, and whoever else is on a review the group runs: all who carry
    # its work (a member reviewed by another of its groups is that group's work).
    people = {user.id: user for user in queries.candidate_reviewers(group)}
    for review in reviews_run_by(group, reviews.values(), cycle):
        for assignment in review.assignments:
            people.setdefault(assignment.reviewer_id, assignment.reviewer)
    overview.workload = [
        Workload(user, load.get(user.id, Load()))
        for user in sorted(people.values(), key=lambda user: user.name)
    ]
    return overview
