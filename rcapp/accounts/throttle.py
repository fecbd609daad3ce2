"""Login throttling: failed logins per account and per address first slow down, then lock out.

Only failures count, so an office of colleagues behind one address can all log in at nine.
A wrong current password on the password-change page counts for the account only.
Counts live in the limits library's storage (memory:// in one process, redis:// shared by several
app servers). Each scope has two moving windows from the configuration:
LOGIN_SLOWDOWN_* (a short wait after a few failures) and LOGIN_LOCKOUT_* (a longer lockout);
a lockout is logged and written to the audit log when it begins. An address also has a
day's limit (LOGIN_LOCKOUT_PER_ADDRESS_DAY): spraying one password over many accounts
from one place gets a few hundred guesses a day, not thousands (QA32 S1).

A browser where the account logged in before (a known device, accounts.devices) is not held
by the account's count, which anyone can run up by typing wrong passwords for it: its own
failures count under the device instead, with the account's limits, so the owner still logs
in with the right password while the account is locked for everyone else.
"""

from __future__ import annotations

import enum
import logging
import math
import time
from dataclasses import dataclass

from flask import current_app
from limits import RateLimitItem, parse
from limits.strategies import RateLimiter

from rcapp.security import limiter_for

logger = logging.getLogger(__name__)


class Scope(enum.StrEnum):
    ACCOUNT = "account"
    ADDRESS = "address"
    DEVICE = "device"  # the account on a browser where it logged in before


@dataclass(frozen=True)
class Block:
    """Why a login attempt is refused before the password is checked."""

    locked: bool  # False: slowed down for a short while; True: locked out
    scope: Scope
    retry_after: int  # seconds

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


@dataclass(frozen=True)
class _Rule:
    scope: Scope
    locked: bool
    item: RateLimitItem
    key: tuple[str, ...]


BOTH = frozenset({Scope.ACCOUNT, Scope.ADDRESS})


def check(
    email: str, address: str, scopes: frozenset[Scope] = BOTH, device: str | None = None
) -> Block | None:
    """Return the longest wait among the limits already used up, or None to go ahead.

    With `device` (a known browser of this account) its own count replaces the account's.
    """
    strategy = _strategy()
    blocks = []
    for rule in _rules(email, address, scopes, device):
        if not strategy.test(rule.item, *rule.key):
            reset_at = strategy.get_window_stats(rule.item, *rule.key).reset_time
            wait = max(1, math.ceil(reset_at - time.time()))
            blocks.append(Block(rule.locked, rule.scope, wait))
    return max(blocks, key=lambda b: (b.locked, b.retry_after), default=None)


def record_failure(
    email: str, address: str, scopes: frozenset[Scope] = BOTH, device: str | None = None
) -> list[Scope]:
    """Count a failed login; return the scopes whose lockout begins with this failure."""
    strategy = _strategy()
    started = []
    for rule in _rules(email, address, scopes, device):
        was_open = strategy.test(rule.item, *rule.key)
        strategy.hit(rule.item, *rule.key)
        if not was_open or strategy.test(rule.item, *rule.key):
            continue
        if rule.locked:
            started.append(rule.scope)
        logger.warning(
            "Login %s (%s) for %s from %s: %s failed logins",
            "lockout" if rule.locked else "slowdown",
            rule.scope,
            email,
            address,
            rule.item,
        )
    return started


def record_success(email: str, address: str, device: str | None = None) -> None:
    """Clear the account's (and the device's) count after a correct password.

    The address keeps its count.
    """
    strategy = _strategy()
    rules = _rules(email, address) + _rules(email, address, frozenset({Scope.ACCOUNT}), device)
    for rule in rules:
        if rule.scope is not Scope.ADDRESS:
            strategy.clear(rule.item, *rule.key)


def _strategy() -> RateLimiter:
    return limiter_for(current_app).limiter


def _rules(
    email: str, address: str, scopes: frozenset[Scope] = BOTH, device: str | None = None
) -> list[_Rule]:
    config = current_app.config
    account_scope = Scope.ACCOUNT if device is None else Scope.DEVICE
    account: tuple[str, ...] = ("rcapp-login", Scope.ACCOUNT.value, email.strip().lower())
    if device is not None:
        account = ("rcapp-login", Scope.DEVICE.value, email.strip().lower(), device)
    by_address = ("rcapp-login", Scope.ADDRESS.value, address)
    slowdown, lockout = config["LOGIN_SLOWDOWN_PER_ACCOUNT"], config["LOGIN_LOCKOUT_PER_ACCOUNT"]
    rules = [
        _Rule(account_scope, False, parse(slowdown), account),
        _Rule(Scope.ADDRESS, False, parse(config["LOGIN_SLOWDOWN_PER_ADDRESS"]), by_address),
        _Rule(account_scope, True, parse(lockout), account),
        _Rule(Scope.ADDRESS, True, parse(config["LOGIN_LOCKOUT_PER_ADDRESS"]), by_address),
        _Rule(Scope.ADDRESS, True, parse(config["LOGIN_LOCKOUT_PER_ADDRESS_DAY"]), by_address),
    ]
    wanted = scopes | {Scope.DEVICE} if Scope.ACCOUNT in scopes else scopes
    return [rule for rule in rules if rule.scope in wanted]
