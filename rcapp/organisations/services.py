"""Organisation operations: create, edit the profile and the working groups.

Value-chain partners are in `partners`.

Services flush and never commit; every change is written to the audit log with before/after.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import column, func, select, table
from sqlalchemy.orm.exc import StaleDataError

from rcapp import db
from rcapp.audit.services import record
from rcapp.errors import NotAllowed, RcappError
from rcapp.organisations.credit_code import CreditCodeProblem, find_problem
from rcapp.organisations.former_names import keep_former_names
from rcapp.organisations.group_kinds import check_group_kinds
from rcapp.organisations.models import (
    CONTACT_FIELDS,
    Organisation,
    OrganisationKind,
    WorkingGroup,
    WorkingGroupMember,
)
from rcapp.permissions import Principal
from rcapp.row_locks import serialised
from rcapp.uniques import AlreadyStored, claim

logger = logging.getLogger(__name__)

# What an organisation's own admin may change. Kind, credit code, the legal Chinese name
# (tied to the credit code), the chemical park (whose office then sees the company's status
# and stars), working groups and the commitment are the secretariat's register: the
# organisation asks the secretariat to change them.
PROFILE_FIELDS = frozenset({"name_en", "province", "city", "sector", "parent_group"}) | frozenset(
    CONTACT_FIELDS  # where on-site reviewers go and whom they call: the organisation knows
)
REGISTER_FIELDS = frozenset(
    {
        "kind",
        "credit_code",
        "name_zh",
        "park_id",
        "commitment_status",
        "commitment_signed_on",
        "commitment_signatory",
    }
)
ORGANISATION_FIELDS = PROFILE_FIELDS | REGISTER_FIELDS


class InvalidCreditCode(RcappError):
    def __init__(self, problem: CreditCodeProblem) -> None:
        super().__init__(problem.problem.value)
        self.problem = problem


class DuplicateCreditCode(RcappError):
    def __init__(self, existing: Organisation) -> None:
        super().__init__(existing.credit_code)
        self.existing = existing


class DuplicateName(RcappError):
    """Another organisation already has this Chinese or English name (`field` says which)."""

    def __init__(self, field: str, existing: Organisation) -> None:
        super().__init__(f"{field} taken by organisation {existing.id}")
        self.field = field
        self.existing = existing


class InvalidPark(RcappError):
    """The chosen park is not a park, or a park was put inside a park."""


class KindChangeRefused(RcappError):
    """The organisation's kind cannot change: it has assessments, or (a park) residents.

    An assessment is made on the rubric of the organisation's kind; changing the kind under it
    would make the year lists, the working groups and the annual report contradict each other.
    """

    def __init__(self, organisation: Organisation, assessments: int, residents: int) -> None:
        super().__init__(
            f"organisation {organisation.id}: {assessments} assessments, {residents} residents"
        )
        self.organisation = organisation
        self.assessments = assessments
        self.residents = residents


# The assessments table, named here without importing the assessments domain (it sits above).
_ASSESSMENTS = table("assessments", column("organisation_id"))


def kind_change_refused(
    organisation: Organisation, kind: OrganisationKind | str
) -> KindChangeRefused | None:
    """Return why `organisation` may not become `kind` (None: it may, or the kind is the same).

    The one rule of the edit form and the import: no kind change once an assessment exists
    (any status); a park becoming a company must have no residents left.
    """
    if str(kind) == str(organisation.kind) or organisation.id is None:
        return None
    session = db.session()
    assessments = session.scalar(
        select(func.count())
        .select_from(_ASSESSMENTS)
        .where(_ASSESSMENTS.c.organisation_id == organisation.id)
    )
    residents: int | None = 0
    if organisation.kind is OrganisationKind.PARK:
        residents = session.scalar(
            select(func.count())
            .select_from(Organisation)
            .where(Organisation.park_id == organisation.id)
        )
    if assessments or residents:
        return KindChangeRefused(organisation, assessments or 0, residents or 0)
    return None


def park_after_kind(
    organisation: Organisation | None, kind: OrganisationKind | str, park_id: int | None
) -> int | None:
    """Return the park `organisation` is in as `kind`: a company made a park leaves its park.

    The one rule of the edit form and the import: the stored park kept as it was (the form's
    choice untouched, the import's blank cell) is dropped when the kind becomes park; a park
    chosen anew for a park is not dropped here but refused (a park is in no park).
    """
    if (
        organisation is not None
        and str(kind) == str(OrganisationKind.PARK)
        and park_id is not None
        and park_id == organisation.park_id
    ):
        return None
    return park_id


class GroupsRemovedMeanwhile(RcappError):
    """Another edit removed `groups` from the organisation after this one read them.

    This edit removes them too; nothing of it is written, so the user can check and save again.
    """

    def __init__(self, organisation: Organisation, groups: list[WorkingGroup]) -> None:
        super().__init__(f"organisation {organisation.id}: {[g.code for g in groups]} removed")
        self.groups = groups


def find_by_credit_code(credit_code: str) -> Organisation | None:
    return db.session().scalar(select(Organisation).where(Organisation.credit_code == credit_code))


def create_organisation(
    values: Mapping[str, Any],
    actor: Principal | None,
    working_group_ids: Sequence[int] = (),
) -> Organisation:
    """Add an organisation (secretariat or CLI); `values` are ORGANISATION_FIELDS."""
    check_fields(values, actor, creating=True)
    _check_credit_code(values["credit_code"], None)
    _check_names(values, None)
    organisation = Organisation(**values)
    _check_park(organisation.kind, organisation.park_id)
    groups = _groups(working_group_ids)
    check_group_kinds(organisation.kind, groups)
    with _credit_code_claimed(values["credit_code"]):
        db.session().add(organisation)
        organisation.working_groups = groups
    snapshot = {field: getattr(organisation, field) for field in sorted(values)}
    snapshot["working_groups"] = group_codes(organisation)
    record(actor, "organisation", organisation.id, "create", after=snapshot)
    logger.info("Organisation %s created by %s", organisation.id, actor_id(actor))
    return organisation


class ProfileChanged(RcappError):
    """The profile was saved by someone else since the form was loaded (lost update refused).

    `differing` names the fields whose stored value differs from what the user typed.
    """

    def __init__(self, organisation: Organisation, differing: list[str]) -> None:
        super().__init__(f"organisation {organisation.id} changed (version {organisation.version})")
        self.version = organisation.version
        self.differing = differing


def update_organisation(
    organisation: Organisation,
    values: Mapping[str, Any],
    actor: Principal | None,
    working_group_ids: Sequence[int] | None = None,
    based_on: int | None = None,
    keep_former: bool = True,
) -> list[str]:
    """Apply changed `values`; return the names of the fields that changed (audited one by one).

    A changed name is kept as a former name (曾用名) unless `keep_former` is False (a typo
    corrected).

    Working groups are changed only when `working_group_ids` is given (secretariat).
    `based_on` is the version the form showed; if the profile changed since and the user's
    values differ from it, ProfileChanged is raised and nothing is written.
    """
    if based_on is not None and based_on != organisation.version:
        differing = [n for n, v in values.items() if getattr(organisation, n, None) != v]
        if differing:
            raise ProfileChanged(organisation, differing)
    check_fields(values, actor, creating=False)
    if working_group_ids is not None and not _is_register_keeper(actor):
        raise NotAllowed("organisation.working_groups")
    if "credit_code" in values and values["credit_code"] != organisation.credit_code:
        _check_credit_code(values["credit_code"], organisation)
    refused = kind_change_refused(organisation, values.get("kind", organisation.kind))
    if refused is not None:
        raise refused
    kind = values.get("kind", organisation.kind)
    park_id = park_after_kind(organisation, kind, values.get("park_id", organisation.park_id))
    if park_id != organisation.park_id:
        values = {**values, "park_id": park_id}
    _check_park(kind, park_id)
    if working_group_ids is None and kind != organisation.kind:
        # A new kind keeps the groups: they must take it. (Given groups: set_groups checks.)
        check_group_kinds(kind, organisation.working_groups)
    _check_names(values, organisation)
    with _credit_code_claimed(values.get("credit_code", organisation.credit_code)):
        changed = apply_values(organisation, values, actor, keep_former=keep_former)
        if working_group_ids is not None and _groups_set(organisation, working_group_ids, actor):
            changed.append("working_groups")
    if changed:
        logger.info("Organisation %s: %s changed by %s", organisation.id, changed, actor_id(actor))
    return changed


@contextmanager
def _credit_code_claimed(credit_code: str) -> Iterator[None]:
    """Write the block; a code taken by another request since the check is DuplicateCreditCode."""
    with credit_codes_claimed([credit_code]):
        yield


@contextmanager
def credit_codes_claimed(credit_codes: Sequence[str]) -> Iterator[None]:
    """Write the block (adding organisations with `credit_codes`) in one SAVEPOINT.

    A code another request registered since the check is DuplicateCreditCode (the block's
    rows are all undone, so the organisation found is that other request's).
    """
    try:
        with claim(Organisation, "credit_code"):
            yield
    except AlreadyStored as exc:
        statement = select(Organisation).where(Organisation.credit_code.in_(list(credit_codes)))
        existing = db.session().scalar(statement.order_by(Organisation.id).limit(1))
        if existing is None:  # pragma: no cover - the constraint named one of these codes
            raise
        raise DuplicateCreditCode(existing) from exc


def _is_register_keeper(actor: Principal | None) -> bool:
    # The CLI (no actor) runs as the operator of the installation.
    return actor is None or actor.is_secretariat


def check_fields(values: Mapping[str, Any], actor: Principal | None, *, creating: bool) -> None:
    unknown = set(values) - ORGANISATION_FIELDS
    if unknown:
        raise ValueError(f"not organisation fields: {sorted(unknown)}")
    if (creating or set(values) & REGISTER_FIELDS) and not _is_register_keeper(actor):
        raise NotAllowed("organisation.register")


def _check_credit_code(credit_code: str, current: Organisation | None) -> None:
    problem = find_problem(credit_code)
    if problem is not None:
        raise InvalidCreditCode(problem)
    existing = find_by_credit_code(credit_code)
    if existing is not None and existing is not current:
        raise DuplicateCreditCode(existing)


def find_by_name(field: str, name: str, excluding: Organisation | None) -> Organisation | None:
    """Return another organisation named `name` in `field` (name_zh or name_en), if any.

    Compared without surrounding spaces (names stored before input was trimmed may have
    them) and, for English, without case; the oldest such organisation is named.
    """
    column = getattr(Organisation, field)
    wanted = name.strip()
    stored = func.trim(column)
    if field == "name_en":
        stored, wanted = func.lower(stored), wanted.lower()
    statement = select(Organisation).where(stored == wanted).order_by(Organisation.id).limit(1)
    if excluding is not None and excluding.id is not None:
        statement = statement.where(Organisation.id != excluding.id)
    return db.session().scalar(statement)


NAMES_RULE = "rcapp.organisations: one organisation per name"


def lock_names() -> None:
    """Check and store names one transaction at a time (names have no unique constraint).

    Without it, on PostgreSQL two requests naming two organisations alike at the same moment
    both found the name free and both stored it. Every path that creates or renames an
    organisation takes it before its name check: this service, the import's write
    (import_confirm).
    """
    serialised(NAMES_RULE)


def _check_names(values: Mapping[str, Any], current: Organisation | None) -> None:
    """Refuse a new or changed name another organisation has already.

    Only a name being set is checked, so organisations that already share a name (added
    before this rule) can still be edited; a rename to a taken name is refused.
    """
    locked = False
    for field in ("name_zh", "name_en"):
        name = values.get(field)
        if not name or (current is not None and _same_name(name, getattr(current, field))):
            continue
        if not locked:
            lock_names()
            locked = True
        existing = find_by_name(field, name, current)
        if existing is not None:
            raise DuplicateName(field, existing)


def _same_name(name: str, stored: str | None) -> bool:
    return name.strip().casefold() == (stored or "").strip().casefold()


def _check_park(kind: OrganisationKind, park_id: int | None) -> None:
    if park_id is None:
        return
    park = db.session().get(Organisation, park_id)
    if (
        kind is not OrganisationKind.COMPANY
        or park is None
        or park.kind is not OrganisationKind.PARK
    ):
        raise InvalidPark(str(park_id))


def apply_values(
    organisation: Organisation,
    values: Mapping[str, Any],
    actor: Principal | None,
    *,
    keep_former: bool = True,
) -> list[str]:
    """Set the changed `values`, audit each; a replaced name is kept unless `keep_former` is off."""
    if keep_former:
        keep_former_names(organisation, values, actor)
    changed = []
    for field in sorted(values):
        before, after = getattr(organisation, field), values[field]
        if before != after:
            setattr(organisation, field, after)
            record(
                actor,
                "organisation",
                organisation.id,
                "update",
                field=field,
                before=before,
                after=after,
            )
            changed.append(field)
    return changed


def _groups_set(
    organisation: Organisation, group_ids: Sequence[int], actor: Principal | None
) -> bool:
    """Set the groups; a group added by another edit since they were read is kept, not a 500.

    A group removed by another edit since they were read (the membership row to delete is
    gone) is GroupsRemovedMeanwhile.
    """
    groups = _groups(group_ids)
    read = list(organisation.working_groups)
    db.session().flush()  # the profile first, so a stale row below can only be a membership
    try:
        with claim(WorkingGroupMember, "working_group_id", "organisation_id"):
            return set_groups(organisation, groups, actor)
    except AlreadyStored:
        db.session().expire(organisation, ["working_groups"])
        return set_groups(organisation, groups, actor)  # against the groups stored now
    except StaleDataError as exc:
        stored = set(
            db.session().scalars(
                select(WorkingGroupMember.working_group_id).where(
                    WorkingGroupMember.organisation_id == organisation.id
                )
            )
        )
        gone = [g for g in read if g not in groups and g.id not in stored]
        raise GroupsRemovedMeanwhile(organisation, gone) from exc


def set_groups(
    organisation: Organisation, groups: list[WorkingGroup], actor: Principal | None
) -> bool:
    """Give the organisation these groups; audit and say whether its group codes changed.

    GroupKindRefused if a group is made of the other kind (group_kinds): the form, the import
    and the command line all come here.
    """
    check_group_kinds(organisation.kind, groups)
    before = group_codes(organisation)
    organisation.working_groups = groups
    after = group_codes(organisation)
    if before == after:
        return False
    record(
        actor,
        "organisation",
        organisation.id,
        "update",
        field="working_groups",
        before=before,
        after=after,
    )
    return True


def _groups(group_ids: Sequence[int]) -> list[WorkingGroup]:
    if not group_ids:
        return []
    statement = select(WorkingGroup).where(WorkingGroup.id.in_(group_ids))
    groups = list(db.session().scalars(statement.order_by(WorkingGroup.code)))
    if len(groups) != len(set(group_ids)):
        raise ValueError(f"unknown working group in {list(group_ids)}")
    return groups


def group_codes(organisation: Organisation) -> list[str]:
    return sorted(group.code for group in organisation.working_groups)


def actor_id(actor: Principal | None) -> int | str:
    return actor.id if actor is not None else "cli"
