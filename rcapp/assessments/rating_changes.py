"""Note, inside a transaction, which parks' stored results a resident's new rating makes stale.

A park's result counts its residents rated three stars or more (resident_ratings), so a
resident's kept result written, moved or deleted (submit, return, a review finalised, an
appeal reopening it, a recomputation) changes the park's KPI. snapshots notes the park and
the year here; park_refresh queues a recomputation of the park's stored result once the
transaction commits (nothing is queued when it rolls back).
"""

from __future__ import annotations

from rcapp import db
from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.organisations.models import OrganisationKind

PENDING_KEY = "rcapp.parks_to_refresh"  # session.info: {(park_id, year)}

# The kinds a resident's rating of record is read from (resident_ratings._PRECEDENCE); a
# frozen result belongs to a closed year, whose park results stay frozen too.
COUNTED_KINDS = frozenset({SnapshotKind.SELF, SnapshotKind.FINAL, SnapshotKind.APPEALED})


def note_rating_changed(assessment: Assessment, kind: SnapshotKind) -> None:
    """Remember the park of a company whose kept result of `kind` changed (no-op otherwise)."""
    if kind not in COUNTED_KINDS:
        return
    organisation = assessment.organisation
    if organisation.kind is not OrganisationKind.COMPANY or organisation.park_id is None:
        return
    pending: set[tuple[int, int]] = db.session().info.setdefault(PENDING_KEY, set())
    pending.add((organisation.park_id, assessment.cycle.year))
