"""Confirm an organisation import: check the file once more, then write it, all or nothing.

Checking 3,000 rows takes seconds; on SQLite a transaction that may write holds the write
lock from its first statement (db), and every colleague's save would wait meanwhile. So the
check runs in a read-only (deferred) transaction, beside a digest of the register
(register_state); then the write runs in a short transaction of its own, which first reads
the digest again. The same digest: the register is as checked, and on SQLite it stays so,
the write lock being held. Another digest (a colleague saved something in between): the
file is checked again, and written if its plan is still the one the user confirmed. After
ATTEMPTS - 1 such rounds the check runs inside the writing transaction, as it always did.

On PostgreSQL the writing transaction first takes the organisation names' advisory lock
(services.lock_names), so a name stored by a colleague after it waits for the import and
then finds the imported names, and one stored before it changed the digest.

Besides, the write refuses what changed under it on PostgreSQL, where no row lock is held: an
organisation edited since (its version: StaleDataError), a membership or credit code taken
since (the unique constraints).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from rcapp import db
from rcapp.errors import RcappError
from rcapp.organisations import services
from rcapp.organisations.import_apply import Written, apply_plan, prepare
from rcapp.organisations.import_check import ImportPlan, plan_file
from rcapp.organisations.register_state import register_state
from rcapp.permissions import Principal

ATTEMPTS = 3


@dataclass(frozen=True)
class Outcome:
    """Written; or the plan now differs from the one confirmed; or the write was refused."""

    written: Written | None = None
    plan: ImportPlan | None = None
    refused: RcappError | None = None


def check_and_write(
    data: bytes,
    shown: str,
    actor: Principal | None,
    filename: str,
    before_commit: Callable[[], None] | None = None,
) -> Outcome:
    """Write the file if its plan's fingerprint is still `shown` (the caller's locale words it).

    before_commit runs just before the writing transaction commits (the job records it).
    """
    session = db.session()
    plan = ImportPlan()
    for attempt in range(ATTEMPTS):
        unlocked = attempt < ATTEMPTS - 1
        with db.deferred_transactions() if unlocked else nullcontext():
            if not unlocked:  # checked and written in one transaction: no name stored meanwhile
                services.lock_names()
            seen = register_state() if unlocked else ""
            plan = plan_file(data)
        if not plan.ok or plan.fingerprint() != shown:
            session.rollback()
            return Outcome(plan=plan)
        if unlocked:
            prepare(plan)
            session.commit()  # ends the read; what it loaded stays (expire_on_commit=False)
        try:
            if unlocked:  # a name stored from now on waits for this write (services.lock_names)
                services.lock_names()
            if unlocked and register_state() != seen:  # the writing transaction's first read
                session.rollback()
                continue
            written = apply_plan(plan, actor, filename)
            if before_commit is not None:
                before_commit()
            session.commit()
        except (StaleDataError, IntegrityError):  # changed meanwhile (PostgreSQL): again
            session.rollback()
            continue
        except RcappError as exc:
            session.rollback()
            return Outcome(refused=exc)
        return Outcome(written=written)
    return Outcome(plan=plan)
