"""Write a checked organisation import: all rows or none, through the register's services.

Parks the file adds are created first, so the companies the file places in them can point
at them. Every organisation created or changed is audited by the services, field by field;
the import itself is one more entry (who, how many created and updated, the file's name).
"""

from __future__ import annotations

from dataclasses import dataclass

from rcapp.audit.services import record
from rcapp.organisations import services
from rcapp.organisations.import_check import ImportPlan, RowPlan
from rcapp.organisations.models import OrganisationKind
from rcapp.permissions import Principal

AUDIT_ENTITY = "organisation_import"


@dataclass(frozen=True)
class Written:
    created: int
    updated: int


def apply_plan(plan: ImportPlan, actor: Principal | None, filename: str = "") -> Written:
    """Create and update what the plan says (the caller commits; any error: roll back)."""
    if not plan.ok:
        raise ValueError("a plan with problems is never applied")
    created: dict[int, int] = {}  # file row → new organisation id
    parks_first = sorted(plan.creates, key=lambda p: p.values["kind"] != OrganisationKind.PARK)
    for planned in parks_first:
        values = _with_park(planned, created)
        organisation = services.create_organisation(values, actor, planned.group_ids)
        created[planned.row] = organisation.id
    for planned in plan.updates:
        if planned.existing is None:  # pragma: no cover - an update always has its row
            continue
        services.update_organisation(
            planned.existing, _with_park(planned, created), actor, planned.group_ids
        )
    written = Written(len(plan.creates), len(plan.updates))
    after = {"created": written.created, "updated": written.updated, "file": filename}
    record(actor, AUDIT_ENTITY, actor.id if actor is not None else 0, "import", after=after)
    return written


def _with_park(planned: RowPlan, created: dict[int, int]) -> dict[str, object]:
    values = dict(planned.values)
    if planned.park_row is not None:
        values["park_id"] = created[planned.park_row]
    return values
