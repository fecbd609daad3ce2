"""Read the audit log: who last changed one thing, to name them when a stale page is refused."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select

from rcapp import db
from rcapp.audit.models import AuditEntry


def last_change(
    entity: str, entity_id: int, field: str | None, actions: tuple[str, ...]
) -> AuditEntry | None:
    """Return the newest entry of one of `actions` on `field` (None: any) of the entity."""
    found = recent_changes(entity, entity_id, field, actions, limit=1)
    return found[0] if found else None


def recent_changes(
    entity: str, entity_id: int, field: str | None, actions: tuple[str, ...], limit: int = 20
) -> list[AuditEntry]:
    """Return the newest entries of `actions` on `field` (None: any) of the entity."""
    statement = changes_of(entity, (entity_id,), field, actions)
    return list(db.session().scalars(statement.limit(limit)))


def changes_of(
    entity: str, entity_ids: Collection[int], field: str | None, actions: Collection[str]
) -> Select[AuditEntry]:
    """Entries of `actions` on `field` (None: any) of any of the entities, newest first.

    One entity (recent_changes) or a scope of them: a working group's reviews
    (reviews.group_activity), paged by the caller.
    """
    statement = select(AuditEntry).where(
        AuditEntry.entity == entity,
        AuditEntry.entity_id.in_(entity_ids),
        AuditEntry.action.in_(actions),
    )
    if field is not None:
        statement = statement.where(AuditEntry.field == field)
    return statement.order_by(AuditEntry.id.desc())


def recent_changes_by_field(
    entity: str,
    entity_id: int,
    fields: Collection[str],
    actions: tuple[str, ...],
    limit: int = 20,
) -> dict[str, list[AuditEntry]]:
    """Return `recent_changes` of each of `fields` at once: one query, not one per field.

    Each field keeps its own newest `limit` entries, newest first; a field with none maps to
    an empty list.
    """
    found: dict[str, list[AuditEntry]] = {name: [] for name in fields}
    if not found:
        return found
    newest = (
        func.row_number()
        .over(partition_by=AuditEntry.field, order_by=AuditEntry.id.desc())
        .label("newest")
    )
    ranked = (
        select(AuditEntry.id, newest)
        .where(
            AuditEntry.entity == entity,
            AuditEntry.entity_id == entity_id,
            AuditEntry.action.in_(actions),
            AuditEntry.field.in_(found),
        )
        .subquery()
    )
    statement = (
        select(AuditEntry)
        .join(ranked, ranked.c.id == AuditEntry.id)
        .where(ranked.c.newest <= limit)
        .order_by(AuditEntry.id.desc())
    )
    for entry in db.session().scalars(statement):
        found[str(entry.field)].append(entry)
    return found


def before_of(entry: AuditEntry) -> Any:
    """Return the `before` value an entry recorded (a removed row's last values), decoded."""
    return None if entry.before is None else json.loads(entry.before)


def after_of(entry: AuditEntry) -> Any:
    """Return the `after` value an entry recorded, decoded."""
    return None if entry.after is None else json.loads(entry.after)


def actor_name(entry: AuditEntry) -> str | None:
    """Return the name of who made the entry (None: the CLI, or a deleted account).

    Read through the entry's foreign key: the audit log sits below the accounts package
    (import-linter), yet pages above and beside accounts name who changed something.
    """
    if entry.actor_id is None:
        return None
    users = next(iter(AuditEntry.__table__.c.actor_id.foreign_keys)).column.table
    return db.session().scalar(select(users.c.name).where(users.c.id == entry.actor_id))


def last_actor_name(
    entity: str, entity_id: int, field: str, actions: tuple[str, ...]
) -> str | None:
    """Name who made the newest of `actions` on `field` (None: nobody known)."""
    entry = last_change(entity, entity_id, field, actions)
    return None if entry is None else actor_name(entry)


@dataclass(frozen=True)
class Hand:
    """Whose hand made a change a stale page did not show: the user's own, or a named one."""

    mine: bool  # the user themself, in another window, tab or device
    name: str | None  # the user's name; None: the CLI, or an account deleted since


def hand_of(entry: AuditEntry, me: int | None) -> Hand:
    """Tell whose hand made `entry`, seen by the user `me`."""
    mine = me is not None and entry.actor_id == me
    return Hand(mine=mine, name=actor_name(entry))


def last_hand(
    entity: str, entity_id: int, field: str | None, actions: tuple[str, ...], me: int | None
) -> Hand | None:
    """Tell whose hand made the newest of `actions` on `field` (None: the audit log saw none).

    The one question every refusal of a stale page asks, to say "王芳 changed it" or "you
    changed it in another window, tab or device" rather than "someone else".
    """
    entry = last_change(entity, entity_id, field, actions)
    return None if entry is None else hand_of(entry, me)


@dataclass(frozen=True)
class Deed:
    """Who did something to one row, and when, as the audit log recorded it."""

    by: str | None  # the user's name; None: the CLI, or an account deleted since
    at: datetime


def last_deed(
    entity: str, entity_id: int, kind: str, subject_id: int, actions: tuple[str, ...]
) -> Deed | None:
    """Tell who last did one of `actions` to the `kind` row `subject_id` of the entity.

    The question a stale page asks ("was this event deleted, and by whom"): the rows an
    entity holds (an assessment's events and targets, an organisation's partners) are logged
    on the entity with the field `kind:id`. None: the audit log saw no such action.
    """
    entry = last_change(entity, entity_id, f"{kind}:{subject_id}", actions)
    return None if entry is None else Deed(by=actor_name(entry), at=entry.at)


# What an organisation sees of what others did to its peer review: the review's opening, the
# lead's settled levels and final rating, its corrective actions, its appeals. The reviewers'
# own work (assignments, item decisions, findings) stays with the review's people.
ORGANISATION_REVIEW_ACTIONS = (
    "review.open",
    "review.settle",
    "review.finalise",
    "review.reopen",
    "action.close",
    "action.accept",
    "action.reopen",
    "appeal.file",
    "appeal.decide",
)


def assessment_history(
    assessment_id: int,
    review_id: int | None,
    *,
    everything: bool,
    item_prefix: str | None = None,
    actor_id: int | None = None,
) -> Select[AuditEntry]:
    """Entries on one self-assessment and on its peer review, newest first.

    `everything` (the secretariat) gives every review entry; otherwise only the actions the
    organisation sees elsewhere, and a level settled only once a final rating followed it
    (the result page shows settled levels from finalisation on). `item_prefix` keeps the
    entries on one item ("MS.G1.1") or one section ("C6": its items "C6.…").
    """
    on_assessment = and_(AuditEntry.entity == "assessment", AuditEntry.entity_id == assessment_id)
    where = on_assessment
    if review_id is not None:
        on_review = and_(AuditEntry.entity == "review", AuditEntry.entity_id == review_id)
        if not everything:
            last_final = (
                select(func.max(AuditEntry.id))
                .where(
                    AuditEntry.entity == "review",
                    AuditEntry.entity_id == review_id,
                    AuditEntry.action == "review.finalise",
                )
                .scalar_subquery()
            )
            on_review = and_(
                on_review,
                AuditEntry.action.in_(ORGANISATION_REVIEW_ACTIONS),
                or_(AuditEntry.action != "review.settle", AuditEntry.id < last_final),
            )
        where = or_(on_assessment, on_review)
    statement = select(AuditEntry).where(where)
    if item_prefix:
        statement = statement.where(
            or_(AuditEntry.field == item_prefix, AuditEntry.field.like(f"{item_prefix}.%"))
        )
    if actor_id is not None:
        statement = statement.where(AuditEntry.actor_id == actor_id)
    return statement.order_by(AuditEntry.id.desc())


def history_actor_ids(assessment_id: int, review_id: int | None, *, everything: bool) -> list[int]:
    """Return who made entries in an assessment's history (its "by whom" filter)."""
    entries = assessment_history(assessment_id, review_id, everything=everything).subquery()
    return list(
        db.session().scalars(
            select(entries.c.actor_id).where(entries.c.actor_id.is_not(None)).distinct()
        )
    )


# Which entries concern an organisation, or a year: the domains that own the records say
# (the audit package sits below them). Each hook gives, for the chosen organisations' ids
# or years, the ids of one kind of record ("assessment": their self-assessments).
ScopeIds = Callable[[list[int]], Select[Any]]
_SCOPES: dict[str, dict[str, ScopeIds]] = {"organisation": {}, "year": {}}


def add_scope(kind: str, entity: str, ids: ScopeIds) -> None:
    """Say which records of `entity` belong to organisations or years (`kind`)."""
    _SCOPES[kind][entity] = ids


def in_scope(kind: str, values: list[int]) -> ColumnElement[bool]:
    """Entries on any record the registered hooks place in the organisations or years."""
    return or_(
        false(),
        *(
            and_(AuditEntry.entity == entity, AuditEntry.entity_id.in_(ids(values)))
            for entity, ids in _SCOPES[kind].items()
        ),
    )
