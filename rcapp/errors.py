"""The error hierarchy services raise, and the handlers that turn them into pages."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, current_app, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError

from rcapp import db
from rcapp.rubrics.registry import RubricChanged

logger = logging.getLogger(__name__)


class RcappError(Exception):
    """Base of the errors services raise; views turn them into translated messages."""


class NotAllowed(RcappError):
    pass


class Locked(NotAllowed):
    """Not allowed only because the assessment is locked (submitted, or its year closed).

    The user could do it on an editable assessment: the page says why it is locked and
    what can be done, instead of a bare "no permission" (the assessments package shows it).
    """

    def __init__(self, action: str, target: object) -> None:
        super().__init__(action)
        self.target = target


class NotFound(RcappError):
    pass


class UnknownYear(NotFound):
    """A link's `?cycle=` names no year: its page says so (rcapp.cycles.asked)."""

    def __init__(self, asked: str) -> None:
        super().__init__(f"no cycle {asked!r}")
        self.asked = asked


class InvalidState(RcappError):
    def __init__(self, entity: str, state: str, action: str) -> None:
        super().__init__(f"{entity} is {state}; cannot {action}")
        self.entity, self.state, self.action = entity, state, action


def register_error_handlers(app: Flask) -> None:
    def page(code: int) -> tuple[str, int]:
        return render_template(f"errors/{code}.html"), code

    app.register_error_handler(NotAllowed, lambda _e: page(403))
    app.register_error_handler(NotFound, lambda _e: page(404))
    app.register_error_handler(UnknownYear, _unknown_year)
    app.register_error_handler(InvalidState, lambda _e: page(409))
    app.register_error_handler(RubricChanged, _rubric_changed)
    app.register_error_handler(CSRFError, _expired_form)
    app.register_error_handler(StaleDataError, _changed_meanwhile)
    app.register_error_handler(413, _too_large)
    for code in (400, 403, 404, 405, 409):
        app.register_error_handler(code, lambda _e, code=code: page(code))

    @app.errorhandler(500)
    def internal_error(_exc: Exception) -> tuple[str, int]:
        db.session().rollback()
        return page(500)


def _unknown_year(exc: UnknownYear) -> tuple[str, int]:
    said = _("链接中的年度（cycle=%(asked)s）不存在，请从页面上的年度列表中选择。", asked=exc.asked)
    return render_template("errors/404.html", said=said), 404


def _expired_form(_exc: CSRFError) -> tuple[str, int]:
    # A form whose security token no longer matches the session: the session ended (8 h,
    # logout elsewhere, password changed) while the page stayed open. Nothing was saved;
    # the browser's Back button usually still holds what was typed, so say so.
    # A lost session cookie took the chosen language with it: the browser's then
    # (i18n.visitor_locale); the login link leads back to the page the form was on.
    from flask_login import current_user

    from rcapp.i18n import visitor_locale
    from rcapp.security import over_plain_http_with_secure_cookies, warn_plain_http

    back = came_from()
    # RCAPP_HTTPS=true over plain HTTP: the browser never kept the Secure cookie, so every
    # form fails here. Say the real cause instead of "your login expired".
    plain_http = over_plain_http_with_secure_cookies()
    if plain_http:
        warn_plain_http()  # CSRF refused the post before the app's own hook could log it
    if current_user.is_authenticated:
        return render_template("errors/expired_form.html", back=back, plain_http=plain_http), 400
    with force_locale(visitor_locale()):
        return render_template("errors/expired_form.html", back=back, plain_http=plain_http), 400


def came_from() -> str:
    """Return the path (and query) of the page the request was sent from, on this site only.

    The Referer when it names this host; else the path the form was posted to (a page's
    forms post to the page itself).
    """
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.scheme in ("http", "https"):
        path = referrer.path if referrer.path.startswith("/") else "/"
        target = f"{path}?{referrer.query}" if referrer.query else path
    else:
        target = request.path
    # A backslash or "//" reads as another site to browsers: only a plain local path.
    if target.startswith("//") or "\\" in target or any(ch.isspace() for ch in target):
        return "/"
    return target


def _too_large(_exc: Exception) -> tuple[str, int]:
    # The request was bigger than MAX_CONTENT_LENGTH and refused before its form was read,
    # so nothing of it was saved, typed answers included. Pages check sizes in the browser
    # first (evidence-upload.js); this is what is left when that did not run.
    config = current_app.config
    limits = {
        "files": config.get("MAX_FILES_PER_UPLOAD"),
        "mb": int(config.get("MAX_UPLOAD_BYTES") or 0) // (1024 * 1024),
    }
    back = own_page(request.referrer)
    return render_template("errors/413.html", back=back, limits=limits), 413


def own_page(referrer: str | None) -> str | None:
    """Return the path of `referrer` when it is a page of this site, else None."""
    if not referrer:
        return None
    parts = urlsplit(referrer)
    # Only the host is compared: behind a TLS proxy the scheme seen here may differ, and
    # the link given back is a path on this host either way.
    if parts.netloc != request.host:
        return None
    if not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))


def _changed_meanwhile(exc: StaleDataError) -> tuple[str, int]:
    # The last line of defence against a lost update: a row this request read was changed
    # or deleted by another request between the read and the write (pages that expect it
    # say so themselves, beside the fields). Nothing of the request is kept.
    db.session().rollback()
    logger.warning("Changed meanwhile, nothing saved: %s", exc)
    return render_template("errors/changed_meanwhile.html"), 409


def _rubric_changed(exc: RubricChanged) -> tuple[str, int]:
    # A published rubric file was edited after assessments pinned it: scores would no
    # longer be reproducible, so refuse loudly instead of scoring against other text.
    logger.error("Pinned rubric changed on disk: %s", exc)
    return render_template("errors/rubric_changed.html"), 500
