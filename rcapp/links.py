"""Absolute links to the app's pages for text read outside it: e-mails, CLI output.

Built from the BASE_URL setting, never from a request: a request's Host header is whatever
the client sent (a forged one would put another site in a reviewer's mail), and a
background task or a command has no request at all.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app

# Where `rcapp run` serves; production sets RCAPP_BASE_URL (docs/deployment.md).
DEFAULT_BASE_URL = "http://127.0.0.1:5000"


def external_url(endpoint: str, **values: Any) -> str:
    """Return the absolute link to a page, under BASE_URL (its path prefix included)."""
    configured = str(current_app.config.get("BASE_URL") or DEFAULT_BASE_URL)
    base = urlsplit(configured if "//" in configured else "https://" + configured)
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)
