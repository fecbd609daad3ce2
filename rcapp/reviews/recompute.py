"""Recompute an open year's stored results with today's code (after a fix or an upgrade).

Self results (written at submit) are scored again from the stored answers, KPI data and
events; then the year's peer-group statistics, when they were computed before, from those
self results; then the final results, from the reviews' stored conclusions (the reviewers'
and the lead's levels are read from the review, never from the self answers) with the
fresh statistics. A result that comes out as stored is not written again
(assessments.recompute). A closed year is frozen and never recomputed.

Run by the report job (reports.recompute_job) and `rcapp results recompute`. With
`checkpoint` (a commit) the work is committed a chunk at a time, each chunk under the
cycle's row lock, so a close asked meanwhile waits for the chunk and stops the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments import queries as assessment_queries
from rcapp.assessments.inputs import ReviewContext
from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.assessments.recompute import ResultChange, recompute_final, recompute_self
from rcapp.assessments.snapshots import find_snapshot
from rcapp.audit.services import record
from rcapp.benchmarks.computed import computed_summary
from rcapp.benchmarks.services import compute_benchmarks, lock_cycle
from rcapp.cycles.models import ReportingCycle
from rcapp.errors import InvalidState
from rcapp.reviews.queries import context_of, find_review
from rcapp.reviews.settling import final_scorecard
from rcapp.scoring import Scorecard

CHUNK = 20  # results recomputed between two checkpoints (about a second of work)
DONE_ACTION = "results.recompute"  # the year's audit entry, with what was found


@dataclass
class YearRecomputed:
    """What a recomputation found: how many stored results, which were rewritten."""

    year: int
    results: int = 0  # stored results recomputed
    rewritten: list[ResultChange] = field(default_factory=list)
    statistics: bool = False  # the peer-group statistics were computed again

    @property
    def rating_changes(self) -> list[ResultChange]:
        return [change for change in self.rewritten if change.rating_changed]


def rescore_final(assessment: Assessment) -> tuple[Scorecard, ReviewContext] | None:
    """Score the final result from the assessment's finalised review (None: none final).

    The assessments package asks this through `set_final_rescorer` (registered in
    reviews.register).
    """
    review = find_review(assessment)
    if review is None or not review.is_final:
        return None
    return final_scorecard(review), context_of(review)


Step = Callable[[Assessment, User | None], ResultChange | None]
Checkpoint = Callable[[YearRecomputed], None]
Progress = Callable[[int, int], None]


def recompute_year(
    cycle: ReportingCycle,
    actor: User | None,
    checkpoint: Checkpoint | None = None,
    progress: Progress | None = None,
) -> YearRecomputed:
    """Recompute every stored self and final result of the open `cycle`, and its statistics.

    InvalidState if the year is closed (or closing): its results are frozen.
    `checkpoint(found)` is called after every chunk (and at the end), `progress(done, total)`
    before it.
    """
    found = YearRecomputed(year=cycle.year)
    ids = assessment_queries.submitted_ids(cycle.id)
    total = 2 * len(ids) + 1
    done = 0

    def each(kind: SnapshotKind, step: Step) -> None:
        nonlocal done
        for start in range(0, len(ids), CHUNK):
            _hold_open(cycle)
            for assessment_id in ids[start : start + CHUNK]:
                assessment = db.session().get_one(Assessment, assessment_id)
                if find_snapshot(assessment, kind, document=False) is not None:
                    found.results += 1
                    change = step(assessment, actor)
                    if change is not None:
                        found.rewritten.append(change)
                done += 1
            _checkpoint(found, done, total, checkpoint, progress)

    _hold_open(cycle)
    each(SnapshotKind.SELF, recompute_self)
    _hold_open(cycle)
    if computed_summary(cycle.id).computed:  # never computed: left to the secretariat
        compute_benchmarks(cycle, actor)
        found.statistics = True
    done += 1
    _checkpoint(found, done, total, checkpoint, progress)
    each(SnapshotKind.FINAL, recompute_final)
    _hold_open(cycle)
    record(actor, "cycle", cycle.id, DONE_ACTION, after=_logged(found))
    _checkpoint(found, total, total, checkpoint, progress)
    return found


def _hold_open(cycle: ReportingCycle) -> None:
    """Take the cycle's row lock and check that the year is still open."""
    lock_cycle(cycle.id)
    db.session().refresh(cycle)
    if not cycle.is_open:
        raise InvalidState("cycle", cycle.status.value, "recompute")


def _checkpoint(
    found: YearRecomputed,
    done: int,
    total: int,
    checkpoint: Checkpoint | None,
    progress: Progress | None,
) -> None:
    if progress is not None:
        progress(done, total)
    if checkpoint is not None:
        checkpoint(found)


def _logged(found: YearRecomputed) -> dict[str, object]:
    return {
        "results": found.results,
        "rewritten": len(found.rewritten),
        "ratings_changed": len(found.rating_changes),
        "statistics": found.statistics,
    }
