"""The start page and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db, home_todo
from rcapp.clock import beijing_today
from rcapp.i18n import LANG_SESSION_KEY, current_lang
from rcapp.organisations.queries import assessments_of

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    """Each role's to-do list; visitors who are not logged in see the welcome text."""
    if not current_user.is_authenticated:
        return render_template("home/index.html")
    today, lang = beijing_today(), current_lang()
    return render_template(
        "home/dashboard.html",
        today=today,
        lang=lang,
        own=home_todo.own_todos(current_user, today, lang),
        groups=home_todo.group_panels(current_user, today),
        parks=home_todo.park_panels(current_user, today),
        secretariat=home_todo.secretariat_rows(today) if current_user.is_secretariat else [],
        closed=_latest_closed_results(),
        is_submitted=home_todo.is_submitted,
    )


def _latest_closed_results() -> list[tuple[str, int, int | None, int]]:
    """(organisation name, year, stars, assessment id) of the user's last closed cycle."""
    found = []
    for membership in current_user.memberships:
        for assessment in assessments_of(membership.organisation):
            if not assessment.cycle.is_open and home_todo.is_submitted(assessment):
                name = membership.organisation.display_name(current_lang())
                found.append((name, assessment.cycle.year, assessment.stars, assessment.id))
                break
    return found


@bp.get("/lang/<code>")
def switch_language(code: str) -> Response:
    if code in current_app.config["LANGUAGES"]:
        session[LANG_SESSION_KEY] = code
        if current_user.is_authenticated and current_user.language != code:
            # E-mails (reminders) are written in the language the user last chose.
            current_user.language = code
            db.session().commit()
    return redirect(safe_next(request.args.get("next")))


def safe_next(target: str | None) -> str:
    """Only same-site relative paths; anything else goes to the start page."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target
