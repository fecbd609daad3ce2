"""Write a checked organisation import: all rows or none, with the register's own rules.

The plan was made by import_check against the register (credit codes, names, parks, groups,
kind changes: the rules of services.create_organisation and update_organisation), so rows
are written here in bulk, not through those services one row at a time (one query per rule
per row held SQLite's write lock for half a minute for 3,000 rows). What the services still
do at write time is done here too: the register keeper's right, a kind change refused once
an assessment exists, a company made a park leaving its park, the credit codes' unique
constraint (DuplicateCreditCode), and each changed organisation's version (an edit by a
colleague since the check is StaleDataError). The caller makes sure the register did not
change since the check otherwise (import_tasks, register_state).

Parks the file adds are created first, so the companies the file places in them can point
at them. The audit log is as the services write it: one entry per organisation created
(all its values), one per field changed; the import itself is one more entry (who, how many
created and updated, the file's name).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from rcapp import db
from rcapp.audit.services import record
from rcapp.organisations import services
from rcapp.organisations.group_kinds import check_group_kinds
from rcapp.organisations.import_check import ImportPlan, RowPlan
from rcapp.organisations.models import Organisation, OrganisationKind, WorkingGroup
from rcapp.organisations.name_order import pinyin_key
from rcapp.permissions import Principal

AUDIT_ENTITY = "organisation_import"


@dataclass(frozen=True)
class Written:
    created: int
    updated: int


def apply_plan(plan: ImportPlan, actor: Principal | None, filename: str = "") -> Written:
    """Create and update what the plan says and flush (the caller commits; any error: roll back)."""
    if not plan.ok:
        raise ValueError("a plan with problems is never applied")
    groups = {g.id: g for g in db.session().scalars(select(WorkingGroup))}
    created = _create(plan.creates, actor, groups)
    for planned in plan.updates:
        _update(planned, created, actor, groups)
    written = Written(len(plan.creates), len(plan.updates))
    after = {"created": written.created, "updated": written.updated, "file": filename}
    record(actor, AUDIT_ENTITY, actor.id if actor is not None else 0, "import", after=after)
    db.session().flush()
    return written


def prepare(plan: ImportPlan) -> None:
    """Work out before the write what needs no database: the new names' pinyin sort keys.

    Setting a name computes its key (models, name_order: about 0.4 ms a name); computed here,
    outside the writing transaction, the write finds them in name_order's cache.
    """
    for planned in (*plan.creates, *plan.updates):
        name = planned.values.get("name_zh")
        if name and (planned.existing is None or planned.existing.name_zh != name):
            pinyin_key(str(name))


def _create(
    plans: Sequence[RowPlan], actor: Principal | None, groups: Mapping[int, WorkingGroup]
) -> dict[int, int]:
    """Add the new organisations, parks first; return file row → new organisation id."""
    created: dict[int, int] = {}
    parks = [p for p in plans if p.values["kind"] == OrganisationKind.PARK]
    others = [p for p in plans if p.values["kind"] != OrganisationKind.PARK]
    session = db.session()
    with services.credit_codes_claimed([str(p.values["credit_code"]) for p in plans]):
        for batch in (parks, others):
            added: list[tuple[RowPlan, Organisation, dict[str, object]]] = []
            for planned in batch:
                values = _with_park(planned, created)
                services.check_fields(values, actor, creating=True)
                organisation = Organisation(**values)
                chosen = _groups(planned.group_ids, groups)
                check_group_kinds(organisation.kind, chosen)  # the check's form said it first
                organisation.working_groups = chosen
                session.add(organisation)
                added.append((planned, organisation, values))
            session.flush()  # one INSERT for the batch: the companies need the parks' ids
            for planned, organisation, values in added:
                created[planned.row] = organisation.id
                snapshot = {name: getattr(organisation, name) for name in sorted(values)}
                snapshot["working_groups"] = services.group_codes(organisation)
                record(actor, "organisation", organisation.id, "create", after=snapshot)
    return created


def _update(
    planned: RowPlan,
    created: dict[int, int],
    actor: Principal | None,
    groups: Mapping[int, WorkingGroup],
) -> None:
    """Change one registered organisation as services.update_organisation would."""
    organisation = planned.existing
    if organisation is None:  # pragma: no cover - an update always has its row
        return
    values = _with_park(planned, created)
    services.check_fields(values, actor, creating=False)
    kind = values.get("kind", organisation.kind)
    refused = services.kind_change_refused(organisation, kind)  # type: ignore[arg-type]
    if refused is not None:
        raise refused
    park = values.get("park_id", organisation.park_id)
    park_id = services.park_after_kind(organisation, kind, park)  # type: ignore[arg-type]
    if park_id != organisation.park_id:
        values = {**values, "park_id": park_id}
    services.apply_values(organisation, values, actor)
    services.set_groups(organisation, _groups(planned.group_ids, groups), actor)


def _groups(ids: Sequence[int], groups: Mapping[int, WorkingGroup]) -> list[WorkingGroup]:
    unknown = [i for i in ids if i not in groups]
    if unknown:
        raise ValueError(f"unknown working group in {list(ids)}")
    return sorted({groups[i] for i in ids}, key=lambda g: g.code)


def _with_park(planned: RowPlan, created: dict[int, int]) -> dict[str, object]:
    values = dict(planned.values)
    if planned.park_row is not None:
        values["park_id"] = created[planned.park_row]
    return values
