"""The signed CSRF token a page carries, signed once per session token and second.

Flask-WTF signs the session's token afresh on every request (an HMAC, a serializer built
each time): on a kept page that cost as much as the rest of its frame. The signed token
is the session token, the current second and a signature of both, so signing the same
token in the same second gives the same text: it is kept for that second only.
"""

from __future__ import annotations

import time

from flask import current_app, g, session
from flask_wtf.csrf import generate_csrf

from rcapp.object_cache import PerKey

# Flask-WTF's default field name, where it keeps the raw token (session) and the signed
# one (g); another configured name is left to Flask-WTF.
_FIELD = "csrf_token"

# One entry per session signed in the last seconds: a few hundred at most.
_signed: PerKey[tuple[str, str, int], str] = PerKey(size=512)


def csrf_token() -> str:
    """Return what `flask_wtf.csrf.generate_csrf()` returns now, for this session."""
    raw = session.get(_FIELD)
    configured = current_app.config.get("WTF_CSRF_FIELD_NAME", _FIELD)
    if _FIELD in g or not isinstance(raw, str) or configured != _FIELD:
        return str(generate_csrf())
    secret = current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    key = (str(secret), raw, int(time.time()))
    token = _signed.get(key, lambda: str(generate_csrf()))
    setattr(g, _FIELD, token)  # later calls this request (templates) give the same token
    return token
