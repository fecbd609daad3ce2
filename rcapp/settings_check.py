"""Settings that contradict each other, said when a server starts and by `rcapp check`.

Pure: reads the configuration only (no database, no network), so wsgi.py and `rcapp run`
can log it before serving. `rcapp check` (rcapp/checkcli.py) adds what needs the outside world.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from rcapp.links import DEFAULT_BASE_URL


def base_url_state(config: Mapping[str, Any]) -> str | None:
    """Return what is wrong with the links' base URL: "unset" or "http"; None when nothing.

    With RCAPP_HTTPS=true the site is served over HTTPS, so a BASE_URL starting with http://
    (or none: the development default http://127.0.0.1:5000) sends every invitation, reset
    and reminder link to the wrong address.
    """
    if not config.get("HTTPS"):
        return None
    configured = str(config.get("BASE_URL") or "")
    if not configured:
        return "unset"
    return "http" if urlsplit(configured).scheme.lower() == "http" else None


def base_url_problem(config: Mapping[str, Any]) -> str | None:
    """Return why the links in e-mails would be wrong for these settings, or None.

    In English, for the log; `rcapp check` words it in its language (base_url_state).
    """
    state = base_url_state(config)
    configured = str(config.get("BASE_URL") or "")
    if state == "unset":
        return (
            "RCAPP_HTTPS=true but RCAPP_BASE_URL is not set: links in e-mails point at "
            f"{DEFAULT_BASE_URL}. Set RCAPP_BASE_URL=https://<the address users open> "
            "(docs/deployment.md, section 3)."
        )
    if state == "http":
        return (
            f"RCAPP_HTTPS=true but RCAPP_BASE_URL is {configured}: links in e-mails start with "
            "http://, which the browser must be redirected from (or cannot open at all). Set "
            "RCAPP_BASE_URL to the https:// address users open (docs/deployment.md, section 3)."
        )
    return None


def start_warnings(config: Mapping[str, Any]) -> list[str]:
    """Return the warnings a server logs as it starts (wsgi.py, `rcapp run`)."""
    found = base_url_problem(config)
    return [found] if found else []
