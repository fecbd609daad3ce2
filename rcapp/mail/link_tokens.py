"""One-time links in mail bodies: hidden on the outbox page, removed once the mail is sent.

A password-reset or invitation mail carries a live link (`/password/reset/<token>`,
`/invite/<token>`): whoever reads it can set the account's password. The outbox showed the
whole body to the secretariat (QA32 D1), and sent mails kept the link in the database and
its backups. A pending (or failed, to be retried) mail needs its link to be sent; once it
is sent, only the masked copy is kept.
"""

from __future__ import annotations

import re

from flask import current_app

# Endpoints whose URL ends in a one-time token (accounts.views).
TOKEN_ENDPOINTS = ("accounts.reset_password", "accounts.accept_invitation")
# The kinds of mail that carry such a link (mail.resets, mail.invitations).
TOKEN_KINDS = ("password_reset", "invitation")
MASK = "••••••"


def _pattern() -> re.Pattern[str]:
    prefixes = [
        rule.rule.split("<", 1)[0]
        for rule in current_app.url_map.iter_rules()
        if rule.endpoint in TOKEN_ENDPOINTS
    ]
    alternatives = "|".join(re.escape(prefix) for prefix in sorted(prefixes))
    # token_urlsafe(32) gives 43 characters of [A-Za-z0-9_-]; a shorter run is no token.
    return re.compile(rf"({alternatives})[A-Za-z0-9_\-]{{16,}}")


def mask_links(body: str) -> str:
    """Return `body` with the token of every one-time link replaced by dots."""
    return _pattern().sub(lambda found: found.group(1) + MASK, body)


def has_live_link(body: str) -> bool:
    return _pattern().search(body) is not None
