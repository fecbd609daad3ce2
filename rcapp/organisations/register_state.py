"""A short digest of the register as an import check reads it, to tell a change since.

The import checks its file without holding SQLite's write lock and then writes in a
transaction of its own; in between a colleague may register, edit or regroup an
organisation, or rename a working group. Each of those changes a row read here: every
organisation change goes through the ORM, which raises its `version` (a new one is a new
id), and memberships and groups are compared whole. Three queries, a few milliseconds
for some thousand organisations.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from rcapp import db
from rcapp.organisations.models import Organisation, WorkingGroup, WorkingGroupMember


def register_state() -> str:
    """Return the digest of the organisations, their working groups and the groups."""
    session = db.session()
    digest = hashlib.sha256()
    statements = (
        select(Organisation.id, Organisation.version, Organisation.credit_code).order_by(
            Organisation.id
        ),
        select(WorkingGroupMember.organisation_id, WorkingGroupMember.working_group_id).order_by(
            WorkingGroupMember.organisation_id, WorkingGroupMember.working_group_id
        ),
        select(
            WorkingGroup.id, WorkingGroup.code, WorkingGroup.name_zh, WorkingGroup.name_en
        ).order_by(WorkingGroup.id),
    )
    for statement in statements:
        for row in session.execute(statement):
            digest.update(repr(tuple(row)).encode())
        digest.update(b"|")
    return digest.hexdigest()
