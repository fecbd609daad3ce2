"""Working-group operations: create, edit, delete, and the nine standard groups.

Services flush and never commit; every change is written to the audit log.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import func, select

from rcapp import db
from rcapp.audit.services import record
from rcapp.db import Base
from rcapp.errors import RcappError
from rcapp.organisations.models import WorkingGroup, WorkingGroupKind
from rcapp.organisations.standard_groups import STANDARD_GROUPS, GroupSpec
from rcapp.permissions import Principal
from rcapp.uniques import AlreadyStored, claim

logger = logging.getLogger(__name__)

GROUP_FIELDS = ("code", "kind", "name_zh", "name_en", "section_id")
# A group that has run peer reviews stays on record as it was: only its names may change.
LOCKED_FIELDS = ("code", "kind", "section_id")
# Tables whose rows name a working group by `working_group_id` and what the page calls them.
# Other packages' tables are found through the shared metadata, not imported.
MEMBERS, ROLES, REVIEWS = "working_group_members", "working_group_roles", "reviews"
# a closed year's members of the group, kept at its close (cycles.closed_groups): history
CLOSED_MEMBERS = "closed_year_group_members"


class GroupCodeTaken(RcappError):
    def __init__(self, existing: WorkingGroup) -> None:
        super().__init__(f"working-group code {existing.code} taken by {existing.id}")
        self.existing = existing


class SectionMissing(RcappError):
    """A code-of-practice group names no code of practice."""


class GroupFieldsLocked(RcappError):
    """A change to `fields` (of LOCKED_FIELDS) of a group that has run peer reviews."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(f"working group has reviews; locked fields changed: {fields}")
        self.fields = fields


class GroupInUse(RcappError):
    """The group still has members, roles or reviews: `uses` counts them by table."""

    def __init__(self, uses: Mapping[str, int]) -> None:
        super().__init__(f"working group in use: {dict(uses)}")
        self.uses = uses


def find_by_code(code: str) -> WorkingGroup | None:
    return db.session().scalar(select(WorkingGroup).where(WorkingGroup.code == code))


def groups_owning(section_id: str, besides: WorkingGroup | None) -> list[WorkingGroup]:
    """Return the code-of-practice groups (other than `besides`) that own `section_id`."""
    query = select(WorkingGroup).where(
        WorkingGroup.kind == WorkingGroupKind.CODE, WorkingGroup.section_id == section_id
    )
    if besides is not None and besides.id is not None:
        query = query.where(WorkingGroup.id != besides.id)
    return list(db.session().scalars(query.order_by(WorkingGroup.code)))


def create_group(values: Mapping[str, Any], actor: Principal | None) -> WorkingGroup:
    """Add a working group (secretariat or CLI); `values` are GROUP_FIELDS."""
    clean = _checked(values, None)
    group = WorkingGroup(**clean)
    with _code_claimed(clean["code"]):
        db.session().add(group)
    record(actor, "working_group", group.id, "create", after=_snapshot(group))
    logger.info("Working group %s created", group.code)
    return group


def update_group(group: WorkingGroup, values: Mapping[str, Any], actor: Principal) -> None:
    clean = _checked(values, group)
    before = _snapshot(group)
    if has_reviews(group):
        changed = [name for name in LOCKED_FIELDS if clean.get(name) != before[name]]
        if changed:
            raise GroupFieldsLocked(changed)
    for name, value in clean.items():
        setattr(group, name, value)
    with _code_claimed(clean["code"]):
        pass  # the block's end flushes the new values, a code taken meanwhile included
    after = _snapshot(group)
    if after != before:
        record(actor, "working_group", group.id, "update", before=before, after=after)


def uses_of(group: WorkingGroup) -> dict[str, int]:
    """Count the rows that name `group`, by table (only tables with some)."""
    found: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        column = table.c.get("working_group_id")
        if column is None:
            continue
        count = db.session().scalar(
            select(func.count()).select_from(table).where(column == group.id)
        )
        if count:
            found[table.name] = int(count)
    return found


def has_reviews(group: WorkingGroup) -> bool:
    """Whether `group` has run peer reviews (then only its names may change)."""
    return bool(uses_of(group).get(REVIEWS))


def delete_group(group: WorkingGroup, actor: Principal) -> None:
    """Delete a group nothing names any more; else GroupInUse says what does."""
    uses = uses_of(group)
    if uses:
        raise GroupInUse(uses)
    record(actor, "working_group", group.id, "delete", before=_snapshot(group))
    db.session().delete(group)
    db.session().flush()


def seed_standard(actor: Principal | None) -> list[WorkingGroup]:
    """Create whichever of the nine standard groups is missing (by code); return the new ones."""
    created = []
    for spec in STANDARD_GROUPS:
        if find_by_code(spec.code) is None:
            created.append(create_group(spec_values(spec), actor))
    return created


def spec_values(spec: GroupSpec) -> dict[str, Any]:
    return {
        "code": spec.code,
        "kind": spec.kind,
        "name_zh": spec.name_zh,
        "name_en": spec.name_en,
        "section_id": spec.section_id,
    }


def _checked(values: Mapping[str, Any], group: WorkingGroup | None) -> dict[str, Any]:
    clean = {name: values[name] for name in GROUP_FIELDS if name in values}
    clean["code"] = str(clean["code"]).strip().upper()
    kind = WorkingGroupKind(clean["kind"])
    clean["kind"] = kind
    if kind is WorkingGroupKind.CODE:
        if not clean.get("section_id"):
            raise SectionMissing(clean["code"])
    else:
        clean["section_id"] = None  # only a code group owns a code of practice
    existing = find_by_code(clean["code"])
    if existing is not None and existing is not group:
        raise GroupCodeTaken(existing)
    return clean


@contextmanager
def _code_claimed(code: str) -> Iterator[None]:
    """Flush the block's rows; a group stored meanwhile with `code` is GroupCodeTaken."""
    try:
        with claim(WorkingGroup, "code"):
            yield
    except AlreadyStored:
        existing = find_by_code(code)
        if existing is None:
            raise
        raise GroupCodeTaken(existing) from None


def _snapshot(group: WorkingGroup) -> dict[str, Any]:
    return {name: getattr(group, name) for name in GROUP_FIELDS}
