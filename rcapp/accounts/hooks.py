"""What a membership change asks of the packages above accounts, without importing them.

Peer review re-checks a reviewer's open assignments when they join or leave an
organisation (a conflict of interest may follow). The reviews package registers a
`MembershipWatcher` with `set_membership_watcher(app, ...)` when it is registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Flask, current_app

if TYPE_CHECKING:
    from rcapp.accounts.models import User

_KEY = "rcapp.membership_watcher"


@dataclass(frozen=True)
class MembershipEffects:
    """What a membership change did to open review assignments, named for the actor."""

    in_conflict: tuple[str, ...] = ()  # put in a conflict of interest by the change
    conflict_ended: tuple[str, ...] = ()  # whose conflict of interest the change ended


@dataclass(frozen=True)
class MembershipWatcher:
    """What a package does when a user joins or leaves an organisation.

    `changed(user, organisation_id, joined, actor)` runs in the change's transaction, after
    it was flushed, and returns what it affected, named for the actor's confirmation;
    `committed()` runs after the caller's commit (delivers the notices it queued).
    """

    changed: Callable[[User, int, bool, User | None], MembershipEffects]
    committed: Callable[[], object] = lambda: None


NO_WATCHER = MembershipWatcher(changed=lambda _user, _org, _joined, _actor: MembershipEffects())


def set_membership_watcher(app: Flask, watcher: MembershipWatcher) -> None:
    app.extensions[_KEY] = watcher


def membership_watcher() -> MembershipWatcher:
    found = current_app.extensions.get(_KEY)
    return found if isinstance(found, MembershipWatcher) else NO_WATCHER
