"""An organisation's years side by side: scores, stars and core KPIs, with comparability.

The submitted years, and the year being filled now (an editable assessment of an open
cycle, marked `draft`): its live score is provisional, shown apart from the submitted
ones, and its own targets are the current ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from sqlalchemy import and_, or_, select

from rcapp import db
from rcapp.assessments.earlier_marks import EarlierMark, marks_of
from rcapp.assessments.models import (
    EDITABLE_STATUSES,
    Assessment,
    AssessmentStatus,
    SnapshotKind,
)
from rcapp.assessments.queries import rubric_of, unrated_snapshots, vetoes_of
from rcapp.assessments.rating_words import VetoedResults, taking_every_star
from rcapp.assessments.rating_words import vetoed as rating_vetoed
from rcapp.assessments.review_state import shown_of_record
from rcapp.benchmarks.year_notes import SelfCap, basis_notes, self_cap, self_cap_of
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.organisations.models import Organisation
from rcapp.rubrics.app_crosswalks import app_crosswalks
from rcapp.rubrics.chain import crosswalk_chain
from rcapp.rubrics.crosswalk import Crosswalk
from rcapp.rubrics.model import Rubric
from rcapp.rubrics.unchanged import unchanged_items
from rcapp.rubrics.year_compare import Comparability, comparability
from rcapp.scoring import Scorecard
from rcapp.scoring.kpi_text import kpi_places, kpi_text
from rcapp.scoring.like_for_like import LikeForLike, item_fractions, like_for_like
from rcapp.scoring.rounding import kpi_figure
from rcapp.scoring.scorecard import VetoHit


@dataclass(frozen=True)
class YearRow(VetoedResults):
    year: int
    assessment: Assessment
    card: Scorecard
    final_stars: int | None
    compares: Comparability  # against the latest year shown
    self_rated: bool = True  # False: not rated at all (a prerequisite unmet), not 0 stars
    final_rated: bool = True  # the same of the final result
    # The vetoes that left that result without any star: 未评定（一票否决）, not 0 stars,
    # and why (rating_words.veto_reason).
    self_vetoes: tuple[VetoHit, ...] = ()
    final_vetoes: tuple[VetoHit, ...] = ()
    # Comparable KPI values as shown (kpi_number), by KPI id, and each KPI's decimals
    # (kpi_places, from the latest year's definition): a page's text, a workbook's number.
    kpi_numbers: Mapping[str, Decimal] = field(default_factory=dict)
    kpi_places: Mapping[str, int] = field(default_factory=dict)
    # The latest year's KPIs this year has no comparable value of, and why: its rubric
    # version defined them otherwise (不可比) or had no such KPI (未设), as the scorecard says,
    # or counted them on another basis (不可比, `basis_notes` says how). Charts draw none.
    kpi_marks: Mapping[str, EarlierMark] = field(default_factory=dict)
    draft: bool = False  # not submitted yet: the live score of the answers so far
    # Each section that does not compare, scored this year and the latest on the items
    # unchanged between the two rubric versions only (scoring.like_for_like), by section id.
    like_for_like: Mapping[str, LikeForLike] = field(default_factory=dict)
    # The scores are the peer-reviewed (final) ones, not the self-assessed ones.
    reviewed: bool = False
    # The final stars are a closed year's published self result (no peer review finished):
    # the result page calls it 最终（自评）, so the years page shows it too (qa16 D3).
    final_self: bool = False
    # The final stars are the earlier final rating an upheld appeal reopened: of record
    # until the re-rating, marked 重新评审中 as on the result page (QA57 M2).
    final_contested: bool = False
    # KPIs counted on another basis than in the latest year (typed one year, counted by
    # rcapp the other): KPI id -> the KPI page's words (qa45 D4, benchmarks.year_notes).
    basis_notes: Mapping[str, str] = field(default_factory=dict)
    # The most stars this year's rubric lets a self-assessment reach before peer review.
    self_cap: int | None = None
    # ... and what sets it in that rubric version: the peer review its next band asks for.
    cap: SelfCap | None = None

    @property
    def kpi_texts(self) -> dict[str, str]:
        """Write the comparable KPI values as every page writes them (scoring.kpi_text).

        The KPI's own decimals, not the most a row's figures need: the years page printed
        0.000 where the result page and the scorecard printed the same value otherwise (qa71).
        """
        return {k: kpi_text(v, self.kpi_places.get(k, 0)) for k, v in self.kpi_numbers.items()}


def _key(rubric: Rubric) -> str:
    return f"{rubric.id}@{rubric.version}"


def years_of(
    organisation: Organisation,
    finals: Mapping[int, int | None],
    sees_draft: Callable[[Assessment], bool] = lambda _assessment: False,
) -> list[YearRow]:
    """List every submitted year of the organisation and the one being filled, oldest first.

    Each year's scorecard is the one its result page shows (frozen, final or live); all
    compare against the latest year listed. `finals` maps assessment id to the final stars
    of a finished peer review; a review reopened by an upheld appeal shows the earlier
    final rating its result page shows, marked as contested. The year being filled is
    listed only when `sees_draft` says the viewer may see it (a working-group lead may not
    see a member's draft).
    """
    found = db.session().scalars(
        select(Assessment)
        .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
        .where(
            Assessment.organisation_id == organisation.id,
            or_(
                Assessment.status == AssessmentStatus.SUBMITTED,
                # The year being filled (or sent back): there is something to compare with
                # while filling, and it holds the current own targets.
                and_(
                    Assessment.status.in_(EDITABLE_STATUSES),
                    ReportingCycle.status == CycleStatus.OPEN,
                ),
            ),
        )
        .order_by(ReportingCycle.year)
    )
    assessments = [a for a in found if a.status is AssessmentStatus.SUBMITTED or sees_draft(a)]
    scored = [(a, rubric_of(a)) for a in assessments]
    if not scored:
        return []
    latest = scored[-1][1]
    walks = app_crosswalks()
    unrated = unrated_snapshots([a.id for a, _rubric in scored])
    vetoed = vetoes_of([a.id for a, _rubric in scored])
    chains = [crosswalk_chain(walks, _key(rubric), _key(latest)) for _a, rubric in scored]
    shown = [(a, rubric, shown_of_record(a, rubric)) for a, rubric in scored]
    rows = [
        YearRow(
            year=a.cycle.year,
            assessment=a,
            card=card.card,
            final_stars=finals.get(a.id, card.card.rating.stars if kept else None),
            compares=comparability(rubric, latest, chain),
            # a draft has no kept result: its live card says whether it is rated (qa34 S7)
            self_rated=(a.id, SnapshotKind.SELF) not in unrated
            and (not draft or card.card.rating.rated),
            final_rated=(a.id, final_kind) not in unrated,
            self_vetoes=vetoed.get((a.id, SnapshotKind.SELF), ())
            or (
                taking_every_star(card.card.rating.vetoes)
                if draft and rating_vetoed(card.card.rating)
                else ()
            ),
            final_vetoes=vetoed.get((a.id, final_kind), ()),
            final_self=published,
            final_contested=contested,
            draft=draft,
            reviewed=_reviewed(card.kind, a.id in finals),
        )
        for (a, rubric, card), chain in zip(shown, chains, strict=True)
        for published in [card.kind is SnapshotKind.FROZEN and a.id not in finals]
        # the result page's card (review_state.shown_of_record) is the rating of record: a reopened
        # review's is the earlier final one, kept as `appealed`
        for contested in [card.kind is SnapshotKind.APPEALED]
        for kept in [published or contested]
        for final_kind in [_final_kind(published, contested)]
        for draft in [a.status is not AssessmentStatus.SUBMITTED]
    ]
    now = item_fractions(rows[-1].card)
    rows = [
        replace(row, like_for_like=_like_for_like(row, rubric, latest, chain, now))
        for row, (_a, rubric), chain in zip(rows, scored, chains, strict=True)
    ]
    notes = basis_notes(organisation.id, (r.year for r in rows), rows[-1].year, latest)
    ours = [kpi.id for kpi in latest.kpis]
    places = {kpi.id: kpi_places(latest, kpi) for kpi in latest.kpis}
    return [
        replace(
            row,
            kpi_numbers=kpi_numbers(row),
            kpi_places=places,
            kpi_marks=marks_of(ours, {kpi.id for kpi in rubric.kpis}, row.compares.kpis, basis),
            basis_notes=basis,
            self_cap=self_cap(rubric),
            cap=self_cap_of(rubric),
        )
        for row, (_a, rubric) in zip(rows, scored, strict=True)
        for basis in [notes.get(row.year, {})]
    ]


def _like_for_like(
    row: YearRow,
    rubric: Rubric,
    latest: Rubric,
    chain: Sequence[Crosswalk] | None,
    now: Mapping[str, Decimal | None],
) -> dict[str, LikeForLike]:
    """Score the year's sections that do not compare on their unchanged items only."""
    if not row.compares.changed:
        return {}
    unchanged = unchanged_items(rubric, latest, chain)
    before = item_fractions(row.card)
    return {
        section.id: like_for_like(section, unchanged.get(section.id, {}), before, now)
        for section in latest.sections
        if section.id in row.compares.changed
    }


def _final_kind(published: bool, contested: bool) -> SnapshotKind:
    """Name the kind of the kept scorecard the final stars come from."""
    if published:
        return SnapshotKind.FROZEN
    return SnapshotKind.APPEALED if contested else SnapshotKind.FINAL


def _reviewed(kind: SnapshotKind | None, final: bool) -> bool:
    """Say whether the scorecard shown holds the final levels.

    The review's (or the earlier final one an upheld appeal reopened), or a closed year's
    published result of a peer-reviewed assessment (freeze_assessment keeps the final one).
    """
    return kind in (SnapshotKind.FINAL, SnapshotKind.APPEALED) or (
        kind is SnapshotKind.FROZEN and final
    )


def first_draft(rows: Sequence[YearRow]) -> int | None:
    """Return the position of the first year not yet submitted (drawn apart), if any."""
    return next((index for index, row in enumerate(rows) if row.draft), None)


def kpi_numbers(row: YearRow) -> dict[str, Decimal]:
    """Return a year's comparable KPI values as shown (rounded by the KPI rule), by KPI id."""
    return {
        k.kpi_id: kpi_figure(k.value)
        for k in row.card.kpis
        if k.value is not None and k.kpi_id in row.compares.kpis
    }


def series_value(row: YearRow, section_id: str | None) -> Decimal | None:
    """Return a year's overall (no section) or section score; None when it does not compare."""
    if section_id is None:
        return row.card.overall if row.compares.overall else None
    if section_id not in row.compares.sections:
        return None
    return next((s.score for s in row.card.sections if s.section_id == section_id), None)
