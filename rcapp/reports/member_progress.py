"""A group's members' progress in a year, as cells of its members list (qa72 m6).

Status, submission time and the self-assessed and final stars: the "who submitted" part
of the group's year summary. A result not rated says 未评定, one a veto left without any
star 未评定（一票否决）, as the pages do; a final rating only once a review settled it.
"""

from __future__ import annotations

from collections.abc import Collection

from rcapp.assessments import roster
from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.queries import unrated_snapshots, vetoed_snapshots
from rcapp.clock import beijing_today, to_beijing
from rcapp.cycles.forms import STATUS_FILTERS
from rcapp.cycles.models import ReportingCycle
from rcapp.reports.excel import CellValue
from rcapp.reports.star_words import not_rated_text

_FINAL_KINDS = (SnapshotKind.FINAL, SnapshotKind.APPEALED, SnapshotKind.FROZEN)


def member_progress(
    cycle: ReportingCycle, organisation_ids: Collection[int]
) -> dict[int, tuple[CellValue, ...]]:
    """Map each organisation to (status, submitted at, self stars, final stars) in `cycle`."""
    rows = roster.roster(cycle, beijing_today(), organisation_ids)
    ids = [r.assessment.id for r in rows if r.assessment is not None]
    unrated, vetoed = unrated_snapshots(ids), vetoed_snapshots(ids)

    def stars(assessment_id: int, kinds: Collection[SnapshotKind], count: int | None) -> CellValue:
        keys = {(assessment_id, kind) for kind in kinds}
        if keys & vetoed:
            return not_rated_text(veto=True)
        if keys & unrated:
            return not_rated_text(veto=False)
        return count

    cells: dict[int, tuple[CellValue, ...]] = {}
    for row in rows:
        submitted, assessment = row.submitted_at, row.assessment
        own: CellValue = None
        final: CellValue = None
        if assessment is not None and not row.is_open:
            own = stars(assessment.id, (SnapshotKind.SELF,), row.stars)
        if assessment is not None and row.has_final and row.rated is not None:
            final = stars(assessment.id, _FINAL_KINDS, row.rated.stars)
        cells[row.organisation.id] = (
            str(STATUS_FILTERS[row.status.value]),
            None if submitted is None else to_beijing(submitted).replace(tzinfo=None),
            own,
            final,
        )
    return cells
