"""Read-only look-ups for assessments: lists, rows by id, the rubric an assessment is pinned to."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Connection,
    Integer,
    Row,
    Select,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import contains_eager

from rcapp import db
from rcapp.accounts.models import GroupRole, User
from rcapp.assessments.completeness import AnsweredIds, AnswerLike
from rcapp.assessments.cycle_queries import blank_chars, trim_function
from rcapp.assessments.facts import AssessmentFacts
from rcapp.assessments.kpi_backfill_rows import READ_BACKFILLS, backfill_values
from rcapp.assessments.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Attachment,
    Event,
    KpiValue,
    ScorecardSnapshot,
    SnapshotKind,
)
from rcapp.assessments.rating_words import leave_no_star, taking_every_star
from rcapp.assessments.reported import reported
from rcapp.assessments.resident_ratings import three_star_residents
from rcapp.cycles.closed_groups import in_group_by_cycle
from rcapp.cycles.models import CycleStatus, ReportingCycle, results_frozen
from rcapp.cycles.participants import signed_for
from rcapp.organisations.former_names import named_like
from rcapp.organisations.models import Organisation, ValueChainPartner
from rcapp.rubrics.app_registry import app_registry
from rcapp.rubrics.model import ComputedInput, Rubric
from rcapp.scoring import GateKind, codec
from rcapp.scoring.scorecard import VetoHit
from rcapp.scoring.vetoes import worded_now

registry = app_registry


def rubric_of(assessment: Assessment) -> Rubric:
    """Load the rubric version the assessment is pinned to; RubricChanged if the file was edited."""
    return pinned_rubric(assessment.rubric_id, assessment.rubric_version, assessment.rubric_sha256)


def pinned_rubric(rubric_id: str, version: int, sha256: str) -> Rubric:
    """Load the rubric of a pin read as plain columns; RubricChanged if the file was edited."""
    return registry().get(rubric_id, version, sha256).rubric


def find_assessment(organisation_id: int, cycle_id: int) -> Assessment | None:
    return db.session().scalar(
        select(Assessment).where(
            Assessment.organisation_id == organisation_id, Assessment.cycle_id == cycle_id
        )
    )


def visible_assessments(user: User, year: int | None = None, name: str = "") -> Select[Assessment]:
    """Select the assessments `user` may see, newest cycle first, then by name.

    The secretariat sees all; others their own organisations' and, as working-group lead or
    deputy, the submitted ones of the groups' member organisations (drafts stay private).
    `year` and `name` (part of either name) narrow the list. Each row comes with its
    organisation and cycle (joined, not loaded one by one: the secretariat's list of
    26,000 organisations a year).
    """
    query = (
        select(Assessment)
        .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
        .join(Organisation, Assessment.organisation_id == Organisation.id)
        .options(contains_eager(Assessment.cycle), contains_eager(Assessment.organisation))
        .order_by(
            ReportingCycle.year.desc(), Organisation.name_sort, Organisation.name_zh, Assessment.id
        )
    )
    if year is not None:
        query = query.where(ReportingCycle.year == year)
    if name.strip():
        typed = name.strip()
        query = query.where(
            Organisation.name_zh.icontains(typed, autoescape=True)
            | Organisation.name_en.icontains(typed, autoescape=True)
            | named_like(typed)
        )
    if not user.is_secretariat:
        own = [membership.organisation_id for membership in user.memberships]
        led = [
            role.working_group_id
            for role in user.group_roles
            if role.role in (GroupRole.LEAD, GroupRole.DEPUTY)
        ]
        # the groups' members in each assessment's year (closed_groups: a closed year's kept)
        led_submitted = in_group_by_cycle(led, ReportingCycle.id) & (
            Assessment.status == AssessmentStatus.SUBMITTED
        )
        query = query.where(Assessment.organisation_id.in_(own) | led_submitted)
    return query


def assessments_for(user: User, year: int | None = None) -> Sequence[Assessment]:
    """List the assessments `user` may see (visible_assessments), all of them."""
    return db.session().scalars(visible_assessments(user, year)).all()


def submitted_in(cycle_id: int) -> Sequence[Assessment]:
    statement = (
        select(Assessment)
        .where(Assessment.cycle_id == cycle_id, Assessment.status == AssessmentStatus.SUBMITTED)
        .order_by(Assessment.id)
    )
    return db.session().scalars(statement).all()


def submitted_ids(cycle_id: int) -> list[int]:
    statement = select(Assessment.id).where(
        Assessment.cycle_id == cycle_id, Assessment.status == AssessmentStatus.SUBMITTED
    )
    return list(db.session().scalars(statement.order_by(Assessment.id)))


def frozen_since(cycle_id: int, since: dt.datetime) -> set[int]:
    """Ids of the cycle's assessments whose frozen snapshot was written at or after `since`."""
    statement = (
        select(ScorecardSnapshot.assessment_id)
        .join(Assessment, Assessment.id == ScorecardSnapshot.assessment_id)
        .where(
            Assessment.cycle_id == cycle_id,
            ScorecardSnapshot.kind == SnapshotKind.FROZEN,
            ScorecardSnapshot.computed_at >= since,
        )
    )
    return set(db.session().scalars(statement))


class Rated(NamedTuple):
    """An assessment's stars and overall score of record, and where they come from."""

    stars: int
    final: bool  # settled by a finished peer review (also when kept as a closed year's result)
    overall: Decimal | None = None  # the overall score the same scorecard shows
    frozen: bool = False  # a closed year's published result
    rated: bool = True  # False: not rated at all (unmet prerequisites), shown as such
    vetoed: bool = False  # a veto took every star: not rated either (rating_words)
    # The earlier final rating of a review reopened by an upheld appeal (snapshot kind
    # `appealed`, or frozen from it): of record until the re-rating, marked as contested.
    contested: bool = False
    # The peer-reviewed stars of a final rating that data resubmitted since lowered
    # (scoring.record); None when not lowered.
    lowered_from: int | None = None

    @property
    def self_assessed(self) -> bool:
        """Neither final nor frozen: the submitted self-assessment's (only when not rated)."""
        return not self.final and not self.frozen

    @property
    def settled(self) -> bool:
        """A final result that counts as one: finished review or frozen, not under re-review.

        An earlier final rating reopened by an upheld appeal stays of record (its stars are
        listed) but is not counted or filtered as a final result until the re-rating.
        """
        return (self.final and not self.contested) or self.frozen


def listed_stars(stored: int | None, kept: Rated | None) -> int | None:
    """Return the stars the lists show for one result; None when it is not rated.

    The kept result (rated_stars) where there is one, else the self-assessed stars stored
    at submit; one not rated, or left without any star by a veto, has none (未评定). The
    year page counts by these and the year's list filters by them.
    """
    if kept is None:
        return stored
    if not kept.rated or kept.vetoed:
        return None
    return kept.stars


def rated_stars(
    assessment_ids: Collection[int] | None = None, cycle_id: int | None = None
) -> dict[int, Rated]:
    """Return the stars and score the result page shows where they are kept, by assessment id.

    The same choice as the result page (snapshots.shown_scorecard): in a closed year the
    frozen snapshot, the year's published result; else a finished peer review's final
    snapshot (written at finalising); while an upheld appeal has the review reopened, the
    earlier final rating it moved to kind `appealed`, `contested` (as the result page shows
    it, review_state.shown_of_record), until the re-rating writes a final one again.
    Assessments with neither are left out: their stars and score are the self-assessed ones
    stored at submit, unless the self-assessment is not rated (a prerequisite unmet), which
    its self snapshot says: then it is in, with `rated` False, so lists read "not rated" and
    not "0 stars"; so is one a veto left without any star (its snapshot says why it has 0
    stars: `vetoed`). Of the given assessments, or of a cycle's (both: those of the cycle
    among them).
    """
    closed = results_frozen()
    statement = (
        select(
            ScorecardSnapshot.id,
            ScorecardSnapshot.assessment_id,
            ScorecardSnapshot.stars,
            ScorecardSnapshot.overall_score,
            ScorecardSnapshot.kind,
            ScorecardSnapshot.review_context,
            ScorecardSnapshot.rated,
        )
        .join(Assessment, Assessment.id == ScorecardSnapshot.assessment_id)
        .join(ReportingCycle, ReportingCycle.id == Assessment.cycle_id)
        .where(
            or_(
                ScorecardSnapshot.kind.in_((SnapshotKind.FINAL, SnapshotKind.APPEALED)),
                and_(ScorecardSnapshot.kind == SnapshotKind.FROZEN, closed),
                and_(
                    ScorecardSnapshot.kind == SnapshotKind.SELF,
                    or_(ScorecardSnapshot.rated.is_(False), ScorecardSnapshot.stars == 0),
                ),
            )
        )
    )
    if cycle_id is not None:
        statement = statement.where(Assessment.cycle_id == cycle_id)
    if assessment_ids is None:
        statements = [statement]
    else:
        ids = list(assessment_ids)
        statements = [
            statement.where(ScorecardSnapshot.assessment_id.in_(ids[start : start + _CHUNK]))
            for start in range(0, len(ids), _CHUNK)
        ]
    shown: dict[int, Any] = {}  # by assessment: the row of the kept result a page shows
    kinds: dict[int, set[SnapshotKind]] = {}  # by assessment: the kinds it has kept
    for chunk in statements:
        for row in db.session().execute(chunk):
            kinds.setdefault(row.assessment_id, set()).add(row.kind)
            kept = shown.get(row.assessment_id)
            if kept is None or _RANK[row.kind] > _RANK[kept.kind]:
                shown[row.assessment_id] = row
    veto_ids = _vetoed_snapshots([r.id for r in shown.values() if r.rated and r.stars == 0])
    lowered = _lowered_snapshots([r.id for r in shown.values() if r.kind != SnapshotKind.SELF])
    found: dict[int, Rated] = {}
    for assessment_id, row in shown.items():
        veto = row.id in veto_ids
        if row.kind == SnapshotKind.SELF and row.rated and not veto:
            continue  # its stars stored at submit stand
        frozen = row.kind == SnapshotKind.FROZEN
        # a frozen result was settled by peer review when reviewers stand in its context
        reviewed = frozen and json.loads(row.review_context).get("peer_reviewers", 0) > 0
        final = row.kind in (SnapshotKind.FINAL, SnapshotKind.APPEALED) or reviewed
        found[assessment_id] = Rated(
            row.stars,
            final,
            row.overall_score,
            frozen,
            row.rated,
            veto,
            contested=_contested(kinds[assessment_id]),
            lowered_from=lowered.get(row.id),
        )
    return found


def _lowered_snapshots(snapshot_ids: list[int]) -> dict[int, int]:
    """Return the peer-reviewed stars of those kept final ratings that were lowered, by id.

    A lowered rating is rare: the text filter finds it without parsing every scorecard,
    and only its rating's `lowered` part is then read.
    """
    found: dict[int, int] = {}
    for start in range(0, len(snapshot_ids), _CHUNK):
        statement = select(ScorecardSnapshot.id, _rating_part("lowered")).where(
            ScorecardSnapshot.id.in_(snapshot_ids[start : start + _CHUNK]),
            ScorecardSnapshot.scorecard.like('%"lowered": {%'),
        )
        for snapshot_id, text in db.session().execute(statement):
            if text:
                found[snapshot_id] = int(json.loads(text)["peer_stars"])
    return found


def _contested(kinds: set[SnapshotKind]) -> bool:
    """Tell an earlier final rating kept and no final one since: under re-review."""
    return SnapshotKind.APPEALED in kinds and SnapshotKind.FINAL not in kinds


def finals_of_record(assessment_ids: Collection[int]) -> dict[int, Rated]:
    """Return the final results of record, by assessment id: the year list's (rated_stars).

    A finished peer review's final result, or a closed year's frozen one (最终（自评）
    when no review settled it). Every page with a "final stars" column reads this (QA17 S1:
    the side-by-side and the park's page showed none for a closed year).
    """
    return {i: rated for i, rated in rated_stars(assessment_ids).items() if not rated.self_assessed}


def _vetoed_snapshots(snapshot_ids: list[int]) -> set[int]:
    """Those of the kept 0-star scorecards a veto left without any star (read only these)."""
    found: set[int] = set()
    for start in range(0, len(snapshot_ids), _CHUNK):
        statement = select(ScorecardSnapshot.id, _rating_part("vetoes")).where(
            ScorecardSnapshot.id.in_(snapshot_ids[start : start + _CHUNK]),
            ScorecardSnapshot.rated.is_(True),
            ScorecardSnapshot.stars == 0,
        )
        for snapshot_id, text in db.session().execute(statement):
            if leave_no_star(codec.veto_hits(text)):
                found.add(snapshot_id)
    return found


def unrated_snapshots(assessment_ids: Collection[int]) -> set[tuple[int, SnapshotKind]]:
    """Return (assessment id, kind) of the assessments' kept scorecards that are not rated.

    A result with a prerequisite unmet is kept with 0 stars, like a rated 0-star one: only
    its snapshot's `rated` flag tells them apart, for the self-assessed and the final result
    alike. One query for a whole list (in chunks), not one per row.
    """
    ids = list(assessment_ids)
    found: set[tuple[int, SnapshotKind]] = set()
    for start in range(0, len(ids), _CHUNK):
        statement = select(ScorecardSnapshot.assessment_id, ScorecardSnapshot.kind).where(
            ScorecardSnapshot.assessment_id.in_(ids[start : start + _CHUNK]),
            ScorecardSnapshot.rated.is_(False),
        )
        found.update((row[0], row[1]) for row in db.session().execute(statement))
    return found


def vetoed_snapshots(assessment_ids: Collection[int]) -> set[tuple[int, SnapshotKind]]:
    """Return (assessment id, kind) of the kept scorecards a veto left without any star.

    Kept rated with 0 stars, like a result that falls short of one star: only the
    scorecard's vetoes tell them apart (rating_words.vetoed), so only those are read.
    """
    return set(vetoes_of(assessment_ids))


def vetoes_of(
    assessment_ids: Collection[int],
) -> dict[tuple[int, SnapshotKind], tuple[VetoHit, ...]]:
    """Return the vetoes that left kept scorecards without any star, by (assessment id, kind).

    Those of vetoed_snapshots, each with the vetoes that took every star: a page says which
    (rating_words.veto_reason) beside 未评定（一票否决）, in the pinned rubric's wording now
    (its errata); a closed year's frozen result keeps the titles stored with it (a record).
    """
    ids = list(assessment_ids)
    found: dict[tuple[int, SnapshotKind], tuple[VetoHit, ...]] = {}
    for start in range(0, len(ids), _CHUNK):
        statement = select(
            ScorecardSnapshot.assessment_id,
            ScorecardSnapshot.kind,
            _rating_part("vetoes"),
            ScorecardSnapshot.rubric_id,
            ScorecardSnapshot.rubric_version,
            ScorecardSnapshot.rubric_sha256,
        ).where(
            ScorecardSnapshot.assessment_id.in_(ids[start : start + _CHUNK]),
            ScorecardSnapshot.rated.is_(True),
            ScorecardSnapshot.stars == 0,
        )
        for assessment_id, kind, text, rubric_id, version, sha256 in db.session().execute(
            statement
        ):
            taking = taking_every_star(codec.veto_hits(text))  # rated, 0 stars: rating_words.vetoed
            if taking and kind is not SnapshotKind.FROZEN:
                rules = pinned_rubric(rubric_id, version, sha256).rating.vetoes
                taking = worded_now(taking, rules)
            if taking:
                found[(assessment_id, kind)] = taking
    return found


# The kept results a "final stars" column shows: a finished review's (or the earlier one an
# upheld appeal reopened, finals_of_record), a closed year's.
FINAL_KINDS = (SnapshotKind.FINAL, SnapshotKind.APPEALED, SnapshotKind.FROZEN)


def shown_vetoes(
    vetoes: dict[tuple[int, SnapshotKind], tuple[VetoHit, ...]],
    assessment_id: int | None,
    kinds: Collection[SnapshotKind],
) -> tuple[VetoHit, ...]:
    """Return the vetoes of the result among `kinds` a page shows (ranked as shown_scorecard).

    None for an organisation without an assessment: no vetoes.
    """
    for kind in sorted(kinds, key=_RANK.__getitem__, reverse=True):
        if assessment_id is not None and (assessment_id, kind) in vetoes:
            return vetoes[(assessment_id, kind)]
    return ()


def peer_capped_snapshots(assessment_ids: Collection[int]) -> set[int]:
    """Return the assessments whose self result is held below its next star by peer review.

    Their self-assessed stars are capped: the next band needs a peer review (a final one)
    that does not exist yet. Read only from the kept self scorecards' binding gates.
    """
    ids = list(assessment_ids)
    found: set[int] = set()
    binding = _rating_part("binding")
    for start in range(0, len(ids), _CHUNK):
        statement = select(ScorecardSnapshot.assessment_id, binding).where(
            ScorecardSnapshot.assessment_id.in_(ids[start : start + _CHUNK]),
            ScorecardSnapshot.kind == SnapshotKind.SELF,
            ScorecardSnapshot.rated.is_(True),
        )
        for assessment_id, text in db.session().execute(statement):
            if GateKind.PEER_REVIEWED.value in codec.gate_kinds(text):
                found.add(assessment_id)
    return found


def _rating_part(name: str) -> ColumnElement[str]:
    """Cut one part of a kept scorecard's rating out in the database, as JSON text.

    A scorecard is some 80 kB of JSON: parsing and decoding a whole one in Python for its
    vetoes or binding gates cost 0.5-2 ms, up to 100 ms for a group of 200 members.
    """
    if db.session().get_bind().dialect.name == "postgresql":
        document = cast(ScorecardSnapshot.scorecard, postgresql.JSON)
        part: ColumnElement[str] = document[("scorecard", "rating", name)].astext
        return part
    return func.json_extract(ScorecardSnapshot.scorecard, f"$.scorecard.rating.{name}")


# Which kept scorecard a page shows when an assessment has several (snapshots.shown_scorecard).
_RANK = {
    SnapshotKind.SELF: 0,
    SnapshotKind.APPEALED: 1,
    SnapshotKind.FINAL: 2,
    SnapshotKind.FROZEN: 3,
}


_CHUNK = 900  # ids per IN (...) list: under SQLite's bound-parameter limit


def freeze_progress(cycle: ReportingCycle) -> tuple[int, int]:
    """(frozen, submitted) of a cycle being closed: how far the worker has got."""
    submitted = len(submitted_ids(cycle.id))
    if cycle.close_requested_at is None:
        return 0, submitted
    return len(frozen_since(cycle.id, cycle.close_requested_at)), submitted


def freeze_moved_at(cycle: ReportingCycle) -> dt.datetime | None:
    """When a close under way last moved: the latest result frozen since it was asked, or then."""
    if cycle.close_requested_at is None:
        return None
    latest = db.session().scalar(
        select(func.max(ScorecardSnapshot.computed_at))
        .join(Assessment, Assessment.id == ScorecardSnapshot.assessment_id)
        .where(
            Assessment.cycle_id == cycle.id,
            ScorecardSnapshot.kind == SnapshotKind.FROZEN,
            ScorecardSnapshot.computed_at >= cycle.close_requested_at,
        )
    )
    return latest if latest is not None else cycle.close_requested_at


def status_counts(cycle_id: int | None) -> dict[int, dict[str, int]]:
    """Count assessments per cycle and status ("draft", "submitted", ...); all cycles if None."""
    statement = select(Assessment.cycle_id, Assessment.status, func.count()).group_by(
        Assessment.cycle_id, Assessment.status
    )
    if cycle_id is not None:
        statement = statement.where(Assessment.cycle_id == cycle_id)
    counts: dict[int, dict[str, int]] = {}
    for row_cycle_id, status, count in db.session().execute(statement):
        counts.setdefault(row_cycle_id, {})[str(status)] = count
    for row_cycle_id, count in db.session().execute(_not_started(cycle_id)):
        counts.setdefault(row_cycle_id, {})["not_started"] = count
    return counts


def _not_started(cycle_id: int | None) -> Select[int, int]:
    # As on the roster: the year's signatories (cycles.participants) with no assessment yet.
    started = select(Assessment.id).where(
        Assessment.cycle_id == ReportingCycle.id,
        Assessment.organisation_id == Organisation.id,
    )
    statement = (
        select(ReportingCycle.id, func.count(Organisation.id))
        .join(Organisation, signed_for(ReportingCycle.year))
        .where(~started.exists())
        .group_by(ReportingCycle.id)
    )
    if cycle_id is not None:
        statement = statement.where(ReportingCycle.id == cycle_id)
    return statement


def cycle_years() -> list[int]:
    """Every reporting year, newest first (the assessments list filters by them)."""
    statement = select(ReportingCycle.year).order_by(ReportingCycle.year.desc())
    return list(db.session().scalars(statement))


def open_cycles() -> Sequence[ReportingCycle]:
    """Return the years open now, earlier first (the home page's to-do cards follow this order)."""
    statement = (
        select(ReportingCycle)
        .where(ReportingCycle.status == "open")
        .order_by(ReportingCycle.year)  # else PostgreSQL gives an updated year last
    )
    return db.session().scalars(statement).all()


def newest_closed_cycle() -> ReportingCycle | None:
    """Return the latest year closed to work (closed, or its results still being frozen)."""
    statement = (
        select(ReportingCycle)
        .where(ReportingCycle.status == CycleStatus.CLOSED)
        .order_by(ReportingCycle.year.desc())
        .limit(1)
    )
    return db.session().scalars(statement).first()


def takes_part(organisation: Organisation, cycle: ReportingCycle) -> bool:
    """Tell whether the organisation is one of the year's signatories (cycles.participants)."""
    statement = select(Organisation.id).where(
        Organisation.id == organisation.id, signed_for(cycle.year)
    )
    return db.session().scalar(statement) is not None


def newest_cycle() -> ReportingCycle | None:
    """Return the latest reporting year, open or not (the secretariat's home links to it)."""
    return (
        db.session()
        .scalars(select(ReportingCycle).order_by(ReportingCycle.year.desc()).limit(1))
        .first()
    )


def answers_by_item(assessment: Assessment) -> dict[str, Answer]:
    return {answer.item_id: answer for answer in assessment.answers}


class StoredAnswer(AnswerLike, Protocol):
    """What the answer pages show of a stored answer (a plain row of `Answer`)."""

    @property
    def version(self) -> int: ...
    @property
    def evidence_note(self) -> str | None: ...
    @property
    def comment(self) -> str | None: ...
    @property
    def copied_from_year(self) -> int | None: ...


class ShownFile(Protocol):
    """What the answer pages show of an evidence file (a plain row of `Attachment`)."""

    @property
    def id(self) -> int: ...
    @property
    def item_id(self) -> str: ...
    @property
    def original_name(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def content_type(self) -> str: ...


def answers_of_items(
    assessment: Assessment | AssessmentFacts, item_ids: Collection[str]
) -> dict[str, StoredAnswer]:
    """Return the stored answers of some items only (one page's), by item id.

    Plain rows of the columns a page shows (`form_data.StoredAnswer`): a page shows some
    fifty, and building ORM objects for them cost more than the query.
    """
    statement, values = _of_items(_ANSWERS_OF_ITEMS, item_ids)
    rows = _plain_rows(statement, {"assessment_id": assessment.id, **values})
    return {row.item_id: row for row in rows}


def answered_ids(assessment_ids: Collection[int]) -> dict[int, AnsweredIds]:
    """Return each assessment's answered item ids by kind (completeness.AnsweredIds).

    One row per assessment, the ids joined by the database: the cycle's list sorted by
    progress reads 26,000 assessments, some five million answers, in a few seconds.
    """
    connection = db.session().connection()
    blank = literal(blank_chars())
    trimmed = getattr(func, trim_function(connection))(func.coalesce(Answer.na_reason, ""), blank)

    def joined(condition: ColumnElement[bool]) -> ColumnElement[str]:
        return func.aggregate_strings(case((condition, Answer.item_id)), _SEPARATOR)

    found: dict[int, AnsweredIds] = {}
    ids = sorted(assessment_ids)
    for start in range(0, len(ids), _IDS_PER_QUERY):
        rows = connection.execute(
            select(
                Answer.assessment_id,
                joined(Answer.is_na & (trimmed != "")),
                joined(Answer.value.is_not(None)),
                joined(Answer.level.is_not(None)),
            )
            .where(Answer.assessment_id.in_(ids[start : start + _IDS_PER_QUERY]))
            .group_by(Answer.assessment_id)
        )
        for assessment_id, na, valued, levelled in rows.all():
            found[assessment_id] = AnsweredIds(_split(na), _split(valued), _split(levelled))
    return found


_SEPARATOR = "\x1f"  # the unit separator: ids hold no control characters (rubric checks)


def _split(joined: str | None) -> frozenset[str]:
    return frozenset(joined.split(_SEPARATOR)) if joined else frozenset()


_IDS_PER_QUERY = 900  # under SQLite's bound-parameter limit


def _plain_rows(
    statement: Select[Any] | CompoundSelect[Any], values: dict[str, Any]
) -> Sequence[Row[Any]]:
    """Run a statement of table columns on the session's connection and return its rows.

    The session's own `execute` adds the ORM's handling (about a third of the cost of a
    page's small query); it would flush pending changes first, so this does too.
    """
    session = db.session()
    if session.autoflush and (session.new or session.dirty or session.deleted):
        session.flush()
    return session.connection().execute(statement, values).all()


STORED_ANSWER_COLUMNS = (
    Answer.item_id,
    Answer.version,
    Answer.level,
    Answer.value,
    Answer.is_na,
    Answer.na_reason,
    Answer.evidence_note,
    Answer.comment,
    Answer.copied_from_year,
)
# Statements a page runs on every request are built once (building one costs about as much
# as running it), of the tables' columns: a plain (Core) statement skips the ORM's
# result handling the session gives statements of mapped attributes, and still flushes
# first (`_plain_rows`). The item ids are added per number of items (`_of_items`).
_answers = Answer.__table__.c
_ANSWERS_OF_ITEMS = select(*(_answers[column.key] for column in STORED_ANSWER_COLUMNS)).where(
    _answers.assessment_id == bindparam("assessment_id")
)

# (statement, number of item ids) -> the statement with that many item ids bound one by
# one: an expanding IN list is rewritten on every run. A few per section size.
_WITH_ITEMS: dict[tuple[int, int], Select[Any]] = {}


def _of_items(
    statement: Select[Any], item_ids: Collection[str]
) -> tuple[Select[Any], dict[str, str]]:
    """Return `statement` narrowed to the items `item_ids`, and the values to bind."""
    ids = list(item_ids)
    slot = (id(statement), len(ids))
    found = _WITH_ITEMS.get(slot)
    if found is None:
        item_id = statement.selected_columns.item_id
        found = statement.where(item_id.in_([bindparam(f"item_{n}") for n in range(len(ids))]))
        _WITH_ITEMS[slot] = found
    return found, {f"item_{n}": value for n, value in enumerate(ids)}


def kpi_values_by_input(assessment: Assessment) -> dict[str, KpiValue]:
    return {value.input_id: value for value in assessment.kpi_values}


def attachments_by_item(assessment: Assessment) -> dict[str, list[Attachment]]:
    found: dict[str, list[Attachment]] = {}
    for attachment in sorted(assessment.attachments, key=lambda a: a.id):
        found.setdefault(attachment.item_id, []).append(attachment)
    return found


def filed_ids(assessment: Assessment) -> frozenset[str]:
    """Return the ids of the items and prerequisites with at least one evidence file."""
    statement = select(Attachment.item_id).where(Attachment.assessment_id == assessment.id)
    return frozenset(db.session().scalars(statement.distinct()))


_files = Attachment.__table__.c
_FILES_OF_ITEMS = (
    select(_files.id, _files.item_id, _files.original_name, _files.size, _files.content_type)
    .where(_files.assessment_id == bindparam("assessment_id"))
    .order_by(_files.id)
)


def attachments_of_items(
    assessment: Assessment | AssessmentFacts, item_ids: Collection[str]
) -> dict[str, list[ShownFile]]:
    """Return the evidence files of some items only (one page's), by item id, oldest first.

    Plain rows of what a page shows of each file: id, item id, original name, size and the
    checked type (whether it may be viewed in the browser).
    """
    statement, values = _of_items(_FILES_OF_ITEMS, item_ids)
    rows = _plain_rows(statement, {"assessment_id": assessment.id, **values})
    found: dict[str, list[ShownFile]] = {}
    for attachment in rows:
        found.setdefault(attachment.item_id, []).append(attachment)
    return found


class FileRow(NamedTuple):
    """What a page shows of an evidence file (ShownFile), as `attachments_of_items` reads it."""

    id: int
    item_id: str
    original_name: str
    size: int
    content_type: str


# A section's answers and files in one statement: the files' columns are read into the
# answers' (`_FILE_SLOTS`), each row marked with its table in a last column.
_ANSWER_MARK, _FILE_MARK = 0, 1
_FILE_SLOTS = {
    "version": _files.id,
    "level": _files.size,
    "na_reason": _files.original_name,
    "comment": _files.content_type,
}
_SECTION_ANSWERS = select(
    *(_answers[column.key] for column in STORED_ANSWER_COLUMNS),
    literal_column(str(_ANSWER_MARK), Integer).label("table_mark"),
).where(_answers.assessment_id == bindparam("assessment_id"))
_SECTION_FILES = select(
    *(
        _files.item_id if column.key == "item_id" else _FILE_SLOTS.get(column.key, null())
        for column in STORED_ANSWER_COLUMNS
    ),
    literal_column(str(_FILE_MARK), Integer),
).where(_files.assessment_id == bindparam("assessment_id"))
# Number of items -> the statement for that many (item ids bound one by one, as _of_items).
_SECTION_ROWS: dict[int, CompoundSelect[Any]] = {}
# On SQLite, the rows of the items between the first and the last item id (and the
# section's own row) instead: one index range each instead of a probe per item id, and
# three values bound instead of twice the items. Text compares there byte by byte (the
# BINARY collation: UTF-8 bytes sort as Python's code points), so the range holds every id
# of the list; rows of other ids inside it are left out as they are read. Elsewhere the
# column's collation may order text otherwise: the ids are listed.
_first: BindParameter[str] = bindparam("first_item")
_last: BindParameter[str] = bindparam("last_item")
_SECTION_RANGE = union_all(
    _SECTION_ANSWERS.where(
        or_(_answers.item_id.between(_first, _last), _answers.item_id == bindparam("section_id"))
    ),
    _SECTION_FILES.where(_files.item_id.between(_first, _last)),
)
_FILE_COLUMNS = [
    [column.key for column in STORED_ANSWER_COLUMNS].index(name)
    for name in ("version", "item_id", "na_reason", "level", "comment")
]


def _by_id(file: ShownFile) -> int:
    return file.id


def _section_statement(
    connection: Connection, ids: list[str], values: dict[str, Any]
) -> CompoundSelect[Any]:
    """Return the statement reading the rows of `ids` (and more, on SQLite); bind into `values`."""
    if ids and connection.dialect.name == "sqlite":
        values["first_item"], values["last_item"] = min(ids), max(ids)
        return _SECTION_RANGE
    statement = _SECTION_ROWS.get(len(ids))
    if statement is None:
        items: list[Any] = [bindparam(f"item_{n}") for n in range(len(ids))]
        statement = union_all(
            _SECTION_ANSWERS.where(_answers.item_id.in_([*items, bindparam("section_id")])),
            _SECTION_FILES.where(_files.item_id.in_(items)),
        )
        _SECTION_ROWS[len(ids)] = statement
    values.update({f"item_{n}": value for n, value in enumerate(ids)})
    return statement


def section_rows(
    assessment: Assessment | AssessmentFacts, item_ids: Collection[str], section_id: str
) -> tuple[dict[str, StoredAnswer], dict[str, list[ShownFile]]]:
    """Return a section page's stored answers and evidence files in one statement.

    The answers of `item_ids` and of the section itself (its N/A), as `answers_of_items`
    gives them; the files of `item_ids`, as `attachments_of_items` gives them (oldest first).
    """
    ids = list(item_ids)
    wanted = {*ids, section_id}
    values: dict[str, Any] = {"assessment_id": assessment.id, "section_id": section_id}
    session = db.session()
    if session.autoflush and (session.new or session.dirty or session.deleted):
        session.flush()
    connection = session.connection()
    rows = connection.execute(_section_statement(connection, ids, values), values).all()
    answers: dict[str, StoredAnswer] = {}
    files: dict[str, list[ShownFile]] = {}
    file_id, item_id, name, size, content_type = _FILE_COLUMNS
    for row in rows:
        if row[item_id] not in wanted:
            continue  # another item inside the range read (SQLite)
        if row[-1] == _ANSWER_MARK:
            answers[row[item_id]] = row
        elif row[item_id] != section_id or section_id in ids:
            found = FileRow(row[file_id], row[item_id], row[name], row[size], row[content_type])
            files.setdefault(found.item_id, []).append(found)
    for shown in files.values():
        shown.sort(key=_by_id)  # oldest first
    return answers, files


def events_of(organisation_id: int) -> Sequence[Event]:
    """Return the organisation's event register, newest first."""
    return (
        db.session()
        .scalars(
            select(Event)
            .where(Event.organisation_id == organisation_id)
            .order_by(Event.occurred_on.desc(), Event.id.desc())
        )
        .all()
    )


def kpi_history(assessment: Assessment) -> dict[int, dict[str, Decimal]]:
    """Raw KPI inputs of the organisation's earlier reported years: year → input id → value.

    A year counts only when its assessment was submitted (rcapp.assessments.reported); a
    year the organisation had no assessment in counts with its backfilled core inputs
    (rcapp.assessments.kpi_backfill_rows), where it entered them.
    """
    rows = db.session().execute(
        select(ReportingCycle.year, KpiValue.input_id, KpiValue.value)
        .join(Assessment, KpiValue.assessment_id == Assessment.id)
        .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
        .where(
            Assessment.organisation_id == assessment.organisation_id,
            ReportingCycle.year < assessment.cycle.year,
            reported(),
        )
    )
    history: dict[int, dict[str, Decimal]] = {}
    for year, input_id, value in rows:
        history.setdefault(year, {})[input_id] = value
    backfilled = backfill_values(assessment.organisation_id, assessment.cycle.year)
    return {**backfilled, **history}  # never both: a backfilled year had no assessment


def last_year_kpi_inputs(assessment: Assessment) -> dict[str, Decimal]:
    return kpi_history(assessment).get(assessment.cycle.year - 1, {})


class KpiInputsCompared(NamedTuple):
    """An assessment's stored KPI inputs and last year's, as (input id, value) sorted pairs.

    Also the earlier years its result reads as backfill (kpi_backfill_rows), and the inputs
    each of them holds (the note says a year only partly filled in).
    """

    this_year: tuple[tuple[str, Decimal], ...]
    last_year: tuple[tuple[str, Decimal], ...]
    backfilled_years: tuple[int, ...] = ()
    backfilled_inputs: tuple[tuple[int, str], ...] = ()

    def backfilled(self) -> dict[int, set[str]]:
        """Return the backfilled years' input ids: year → ids."""
        found: dict[int, set[str]] = {year: set() for year in self.backfilled_years}
        for year, input_id in self.backfilled_inputs:
            found[year].add(input_id)
        return found


_kpi = KpiValue.__table__
_assessments = Assessment.__table__
_cycles = ReportingCycle.__table__
_NO_ID = cast(null(), Integer)
# This year's and last year's stored inputs (backfill_year NULL), then the backfilled years'
# (assessment_id NULL): one statement where the backfill note would take a second.
_KPI_INPUTS_COMPARED = union_all(
    select(
        _kpi.c.assessment_id.label("assessment_id"),
        _NO_ID.label("backfill_year"),
        _kpi.c.input_id.label("input_id"),
        _kpi.c.value.label("value"),
    )
    .join(_assessments, _assessments.c.id == _kpi.c.assessment_id)
    .join(_cycles, _cycles.c.id == _assessments.c.cycle_id)
    .where(
        _assessments.c.organisation_id == bindparam("organisation_id"),
        or_(
            _assessments.c.id == bindparam("assessment_id"),
            and_(_cycles.c.year == bindparam("last"), reported(_assessments.c.status)),
        ),
    ),
    READ_BACKFILLS.with_only_columns(
        _NO_ID, *READ_BACKFILLS.selected_columns, maintain_column_froms=True
    ),
).order_by(literal_column("input_id"))


def kpi_inputs_compared(assessment: Assessment) -> KpiInputsCompared:
    """Return the stored KPI inputs of `assessment` and of its organisation's previous year.

    One plain statement (the result page runs it on every request to key what it keeps);
    last year's as `last_year_kpi_inputs` reads them (a backfilled last year's too).
    """
    year = assessment.cycle.year
    rows = _plain_rows(
        _KPI_INPUTS_COMPARED,
        {
            "organisation_id": assessment.organisation_id,
            "assessment_id": assessment.id,
            "last": year - 1,
            "year": year,
        },
    )
    own = assessment.id
    this_year: list[tuple[str, Decimal]] = []
    last_year: dict[str, Decimal] = {}
    backfilled: set[int] = set()
    backfilled_inputs: list[tuple[int, str]] = []
    for row in rows:
        assessment_id, backfill_year, input_id, value = tuple(row)  # attributes cost more
        if assessment_id == own:
            this_year.append((input_id, value))
        elif backfill_year is None or backfill_year == year - 1:
            last_year[input_id] = value  # never both: a backfilled year had no assessment
        if backfill_year is not None:
            backfilled.add(backfill_year)
            backfilled_inputs.append((backfill_year, input_id))
    return KpiInputsCompared(
        tuple(this_year),
        tuple(sorted(last_year.items())),
        tuple(sorted(backfilled)),
        tuple(backfilled_inputs),
    )


_partners = ValueChainPartner.__table__.c
# One organisation's partner register, for its KPI and result pages (partner_check).
_PARTNER_DATES = select(_partners.joined_on).where(
    _partners.organisation_id == bindparam("organisation_id")
)


def partner_dates(organisation_id: int) -> list[dt.date | None]:
    """Return when each of the organisation's registered partners joined (None: no date)."""
    return [row[0] for row in _plain_rows(_PARTNER_DATES, {"organisation_id": organisation_id})]


def assessments_of(organisation: Organisation) -> list[Assessment]:
    """List the organisation's assessments, newest year first."""
    statement = (
        select(Assessment)
        .join(ReportingCycle)
        .where(Assessment.organisation_id == organisation.id)
        .order_by(ReportingCycle.year.desc())
    )
    return list(db.session().scalars(statement))


def computed_kpi_inputs(assessment: Assessment, rubric: Rubric) -> dict[str, Decimal]:
    """KPI inputs rcapp computes from its own data (`computed:` in the rubric), by input id."""
    return computed_inputs_of(assessment.organisation_id, assessment.cycle.year, rubric)


def computed_inputs_of(organisation_id: int, year: int, rubric: Rubric) -> dict[str, Decimal]:
    """Return the computed KPI inputs of an organisation's `year` (`rubric` says which it has).

    `resident_companies_3star`: the park's resident companies rated three stars or more, by
    rcapp.assessments.resident_ratings (final where the peer review is finished, else the
    submitted self-assessment; the latest within the rating's validity years). Computed only
    when at least one resident company has a rating in rcapp; else the park's typed figure
    stands (rcapp knows nothing better).
    """
    wanted = [
        i.id for i in rubric.kpi_inputs if i.computed is ComputedInput.RESIDENT_COMPANIES_3STAR
    ]
    if not wanted:
        return {}
    rated = three_star_residents(organisation_id, year, rubric.rating.validity_years)
    if rated is None:
        return {}
    return dict.fromkeys(wanted, rated)
