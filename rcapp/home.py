"""The start page and the language switch."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, redirect, render_template, request, session
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from rcapp.i18n import LANG_SESSION_KEY

bp = Blueprint("home", __name__)
DASHBOARD_KEY = "rcapp.home_dashboard"
PANELS_KEY = "rcapp.home_panels"
LANGUAGE_STORE_KEY = "rcapp.home_language_store"


@bp.get("/")
def index() -> str:
    """Show the logged-in user's to-do list (from the package providing it), else welcome."""
    dashboard = current_app.extensions.get(DASHBOARD_KEY)
    if current_user.is_authenticated and callable(dashboard):
        return str(dashboard())
    return render_template("home/index.html")


def set_dashboard(app: Flask, render: Callable[[], str]) -> None:
    """Let a domain package render the home page of logged-in users (shared code knows none)."""
    app.extensions[DASHBOARD_KEY] = render


def add_home_panel(app: Flask, render: Callable[[], str]) -> None:
    """Add a panel (HTML, empty when it has nothing for the user) to the logged-in home page."""
    app.extensions.setdefault(PANELS_KEY, []).append(render)


@bp.app_context_processor
def _home_panels() -> dict[str, Callable[[], Markup]]:
    def home_panels() -> Markup:
        renders = current_app.extensions.get(PANELS_KEY, [])
        # Each panel is a rendered (autoescaped) template: trusted HTML.
        return Markup("").join(Markup(render()) for render in renders)  # noqa: S704

    return {"home_panels": home_panels}


@bp.get("/lang/<code>")
def switch_language(code: str) -> Response:
    chosen = language_code(code, current_app.config["LANGUAGES"])
    if chosen is not None:
        code = chosen
        session[LANG_SESSION_KEY] = code
        store = current_app.extensions.get(LANGUAGE_STORE_KEY)
        if current_user.is_authenticated and current_user.language != code and store:
            store(current_user._get_current_object(), code)  # e-mails are written in it
    return redirect(safe_next(request.args.get("next")))


def set_language_store(app: Flask, store: Callable[[Any, str], None]) -> None:
    """Let the accounts package keep a logged-in user's chosen language (shared code knows none)."""
    app.extensions[LANGUAGE_STORE_KEY] = store


def language_code(code: str, supported: tuple[str, ...]) -> str | None:
    """Return the supported language a typed code means ("zh", "zh-CN", "ZH_cn": zh_CN).

    People and links write language tags in many ways; an exact match wins, then the same
    tag in another case or with a hyphen, then the primary language alone.
    """
    wanted = code.strip().replace("-", "_").lower()
    for candidate in supported:
        if candidate.lower() == wanted:
            return candidate
    primary = wanted.split("_", 1)[0]
    for candidate in supported:
        if candidate.lower().split("_", 1)[0] == primary:
            return candidate
    return None


def safe_next(target: str | None) -> str:
    """Only same-site relative paths; anything else goes to the start page.

    A control character or space cannot go into a Location header (a line break would
    raise there, after the login was done) and a backslash reads as a slash to browsers
    (`/` then a backslash then `evil.example`); such a target is refused like an off-site one.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    if any(_unsafe_character(ch) for ch in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


def _unsafe_character(ch: str) -> bool:
    # Cc: control characters (CR, LF, tab, NUL, DEL...); Cf: invisible format characters.
    return ch == "\\" or ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")
