"""The start page and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session
from werkzeug.wrappers import Response

from rcapp.i18n import LANG_SESSION_KEY

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    return render_template("home/index.html")


@bp.get("/lang/<code>")
def switch_language(code: str) -> Response:
    if code in current_app.config["LANGUAGES"]:
        session[LANG_SESSION_KEY] = code
    return redirect(safe_next(request.args.get("next")))


def safe_next(target: str | None) -> str:
    """Only same-site relative paths; anything else goes to the start page."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target
