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


def served_base_url(host: str, port: int, https: bool = False) -> str:
    """Return the address `rcapp run` serves: its links when RCAPP_BASE_URL is unset (qa55 #5).

    A wildcard host (0.0.0.0, ::) is served on every address: its links use the loopback
    one, as the development default does.
    """
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)  # noqa: S104 - a name, nothing is bound here
    if ":" in host:  # an IPv6 address is bracketed in a URL
        host = f"[{host}]"
    return f"{'https' if https else 'http'}://{host}:{port}"


def worker_refusal(config: Mapping[str, Any]) -> str | None:
    """Return why `rcapp worker` does not start, if it must not (QA58 6).

    The worker builds the links of the mail it sends (reminders, notices) from its own
    RCAPP_BASE_URL. Unset, the web app (`rcapp run`) links the host and port it serves,
    which the worker cannot know: falling back to the development default sent reminders
    linking :5000 beside an app on :5181. So it never guesses: it asks for the setting.
    """
    if config.get("BASE_URL"):
        return None
    return (
        "RCAPP_BASE_URL is not set: the worker cannot know the address users open, and the "
        f"links in the e-mails it sends would point at {DEFAULT_BASE_URL} whatever the app "
        "serves. Set RCAPP_BASE_URL to the address users open, the same for the app and the "
        "worker (`rcapp run` without it prints the address it serves: 'Links in e-mails: "
        "...'; `make run` sets it for both; docs/deployment.md, section 3)."
    )


def worker_warnings(config: Mapping[str, Any]) -> list[str]:
    """Return the warnings `rcapp worker` prints as it starts (after worker_refusal)."""
    return start_warnings(config)


def start_warnings(config: Mapping[str, Any]) -> list[str]:
    """Return the warnings a server logs as it starts (wsgi.py, `rcapp run`)."""
    found = base_url_problem(config)
    return [found] if found else []
