"""An organisation's value-chain partners: add, edit (a stale edit refused), remove.

Services flush and never commit; every change is written to the audit log with before/after.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from typing import Any

from rcapp import db
from rcapp.audit.services import record
from rcapp.errors import RcappError
from rcapp.organisations.credit_code import find_problem
from rcapp.organisations.models import Organisation, ValueChainPartner
from rcapp.organisations.services import InvalidCreditCode, actor_id
from rcapp.permissions import Principal

logger = logging.getLogger(__name__)

PARTNER_FIELDS = ("name", "credit_code", "relation", "joined_on", "note")


class DuplicatePartner(RcappError):
    """The organisation already lists this partner: same credit code, or same name (no code).

    A partner counted twice would inflate the "1+3" count; `existing` is the one listed.
    """

    def __init__(self, existing: ValueChainPartner, by_code: bool) -> None:
        super().__init__(f"partner {existing.id} already listed")
        self.existing = existing
        self.by_code = by_code


class OwnCreditCode(RcappError):
    """The partner's credit code is the organisation's own: it cannot be its own partner."""


def is_own_code(organisation: Organisation, values: Mapping[str, Any]) -> bool:
    code = values.get("credit_code")
    return bool(code) and code == organisation.credit_code


def _check_not_own(organisation: Organisation, values: Mapping[str, Any]) -> None:
    """Refuse the organisation itself as its partner (it would inflate the "1+3" count)."""
    if is_own_code(organisation, values):
        raise OwnCreditCode(f"organisation {organisation.id} named as its own partner")


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def duplicate_of(
    organisation: Organisation, values: Mapping[str, Any], partner_id: int | None = None
) -> DuplicatePartner | None:
    """Return the listed partner `values` repeat (other than the one being edited), if any."""
    code = values.get("credit_code")
    name = str(values.get("name") or "")
    for existing in organisation.partners:
        if existing.id == partner_id:
            continue
        if code and existing.credit_code == code:
            return DuplicatePartner(existing, by_code=True)
        if not code and _same_name(existing.name, name):
            return DuplicatePartner(existing, by_code=False)
    return None


def _check_duplicate(
    organisation: Organisation, values: Mapping[str, Any], partner_id: int | None = None
) -> None:
    """Refuse a partner the organisation already lists (other than the one being edited)."""
    if (duplicate := duplicate_of(organisation, values, partner_id)) is not None:
        raise duplicate


def add_partner(
    organisation: Organisation, values: Mapping[str, Any], actor: Principal | None
) -> ValueChainPartner:
    _check_partner_code(values.get("credit_code"))
    _check_not_own(organisation, values)
    _check_duplicate(organisation, values)
    partner = ValueChainPartner(**{field: values.get(field) for field in PARTNER_FIELDS})
    organisation.partners.append(partner)
    db.session().flush()
    record(
        actor,
        "organisation",
        organisation.id,
        "partner.add",
        field=f"partner:{partner.id}",
        after=_partner_snapshot(partner),
    )
    logger.info("Partner %s added to %s by %s", partner.id, organisation.id, actor_id(actor))
    return partner


def partner_stamp(partner: ValueChainPartner) -> str:
    """Return what an edit page keeps of the partner it showed: a digest of its values.

    The table has no version column; any stored change alters the digest all the same.
    """
    text = json.dumps(_partner_snapshot(partner), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class PartnerChanged(RcappError):
    """The partner was saved by someone else since the form was loaded (lost update refused).

    `differing` names the fields whose stored value differs from what the user typed;
    `stamp` is the stored partner's `partner_stamp`, for a page based on it now.
    """

    def __init__(self, partner: ValueChainPartner, differing: list[str]) -> None:
        super().__init__(f"partner {partner.id} changed")
        self.stamp = partner_stamp(partner)
        self.differing = differing


def update_partner(
    partner: ValueChainPartner,
    values: Mapping[str, Any],
    actor: Principal | None,
    seen: str | None = None,
) -> None:
    """Apply `values`; `seen` is the `partner_stamp` the form showed (None: not tracked).

    If the partner changed since and the user's values differ from the stored ones,
    PartnerChanged is raised and nothing is written.
    """
    if seen is not None and seen != partner_stamp(partner):
        differing = [f for f in PARTNER_FIELDS if getattr(partner, f) != values.get(f)]
        if differing:
            raise PartnerChanged(partner, differing)
    _check_partner_code(values.get("credit_code"))
    _check_not_own(partner.organisation, values)
    _check_duplicate(partner.organisation, values, partner.id)
    before = _partner_snapshot(partner)
    for field in PARTNER_FIELDS:
        setattr(partner, field, values.get(field))
    after = _partner_snapshot(partner)
    if after != before:
        record(
            actor,
            "organisation",
            partner.organisation_id,
            "partner.update",
            field=f"partner:{partner.id}",
            before=before,
            after=after,
        )
    db.session().flush()
    logger.info("Partner %s updated by %s", partner.id, actor_id(actor))


def remove_partner(partner: ValueChainPartner, actor: Principal | None) -> None:
    record(
        actor,
        "organisation",
        partner.organisation_id,
        "partner.remove",
        field=f"partner:{partner.id}",
        before=_partner_snapshot(partner),
    )
    db.session().delete(partner)
    db.session().flush()
    logger.info("Partner %s removed by %s", partner.id, actor_id(actor))


def _check_partner_code(credit_code: str | None) -> None:
    if credit_code:
        problem = find_problem(credit_code)
        if problem is not None:
            raise InvalidCreditCode(problem)


def _partner_snapshot(partner: ValueChainPartner) -> dict[str, Any]:
    return {field: getattr(partner, field) for field in PARTNER_FIELDS}
