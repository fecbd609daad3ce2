"""Shared view helpers: login manager, object loading, template filters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from decimal import Decimal
from typing import Any, TypeVar, cast

import flask_login
from flask import Flask, abort, current_app, flash, redirect, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from markupsafe import Markup
from werkzeug.routing import IntegerConverter
from werkzeug.wrappers import Response as WerkzeugResponse

from rcapp import db
from rcapp.clock import to_beijing
from rcapp.compact_templates import CompactLoader
from rcapp.db import Base
from rcapp.email_addresses import address_markup
from rcapp.errors import own_page
from rcapp.figures import figure_text
from rcapp.formula_names import formula_markup
from rcapp.i18n import current_lang
from rcapp.object_cache import PerKey
from rcapp.permissions import Action, can, grants_of
from rcapp.references import citation_left_to_show, english_gloss
from rcapp.written_language import in_chinese

ModelT = TypeVar("ModelT", bound=Base)
ViewT = TypeVar("ViewT", bound=Callable[..., Any])

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = _l("请先登录。")
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


# Accounts says why this browser's login ended when it knows (the account was deactivated,
# the password changed elsewhere): a callable taking "a form was sent" and returning the
# message, or None for the usual one.
LOGIN_ENDED_KEY = "rcapp.login_ended"


@login_manager.unauthorized_handler
def _ask_to_log_in() -> WerkzeugResponse:
    """Send to the login page; a form sent after the login ended was not saved: say so.

    The page the form was on (not the address it was sent to, which may take POST only) is
    where the login leads back; its draft (static/js/drafts.js) can be restored there.
    """
    back: str | None = request.url
    explain: Callable[[bool], str | None] | None = current_app.extensions.get(LOGIN_ENDED_KEY)
    ended = explain(request.method == "POST") if explain is not None else None
    if ended is not None:
        flash(ended, "warning")
        if request.method == "POST":
            back = own_page(request.referrer) or request.url
    elif request.method == "POST":
        flash(
            _(
                "您的登录已过期，刚才的输入没有保存。重新登录后将回到该页面，"
                "可在页面顶部恢复未保存的输入，再保存。"
            ),
            "warning",
        )
        back = own_page(request.referrer) or request.url
    else:
        flash(login_manager.login_message, login_manager.login_message_category)
    return redirect(flask_login.login_url(login_manager.login_view, next_url=back))


def login_required(view: ViewT) -> ViewT:
    """Flask-Login's decorator, typed (Flask-Login ships no type information)."""
    return cast(ViewT, flask_login.login_required(view))


def user_object() -> Any:
    """Return the logged-in user (or Flask-Login's anonymous stand-in) itself, not the proxy.

    Every attribute read through `current_user` looks the user up again; code that reads
    many (a page's permission checks) reads them from the object.
    """
    return flask_login.current_user._get_current_object()


def get_or_404(model: type[ModelT], object_id: int) -> ModelT:
    found = db.session().get(model, object_id)
    if found is None:
        abort(404)
    return found


def format_score(value: Decimal | float | None) -> str:
    """Scores arrive rounded by the scoring engine; show one decimal, or an em dash."""
    if value is None:
        return "—"
    return f"{Decimal(value):.1f}"


def beijing_time(
    moment: dt.datetime | None, with_seconds: bool = False, labelled: bool = True
) -> str:
    """Show a stored (UTC) timestamp in Beijing time, labelled, in the page's language.

    `labelled=False` leaves the label out, for times listed under one that says it.
    """
    if moment is None:
        return "—"
    shown = to_beijing(moment).strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")
    return str(_("%(time)s（北京时间）", time=shown)) if labelled else shown


def cited_reference(reference: str | None) -> Markup:
    """Show a rubric reference as cited (Chinese); on English pages the English gloss first.

    The Chinese stays beside it as the authoritative citation (qa50 #10), less what the
    gloss already shows in Chinese, such as a document number (qa64 p1).
    """
    if not reference:
        return Markup("")
    gloss = english_gloss(reference) if current_lang() == "en" else None
    if gloss is None:
        return in_chinese(reference)
    left = citation_left_to_show(reference, gloss.striptags())
    if not left:
        return Markup('<span class="gloss">%s</span>') % gloss
    return Markup('<span class="gloss">%s</span> (%s)') % (gloss, in_chinese(left))


def star_glyphs(stars: int | None, out_of: int = 5) -> str:
    count = stars or 0
    return "★" * count + "☆" * (out_of - count)


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in a route: a number no id can reach (ids are 32-bit INTEGER) is a 404.

    PostgreSQL refuses a larger number in the query ("integer out of range") and SQLite one
    beyond 64 bits, each with a 500.
    """

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:  # noqa: A002 - Werkzeug's name
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Attach the login manager (accounts gives it its user loader), filters and globals."""
    # Before any blueprint adds its routes, which pick their converters when added.
    app.url_map.converters["int"] = DatabaseIdConverter
    login_manager.init_app(app)
    # Page templates without their layout's whitespace (compact_templates.py).
    if app.jinja_env.loader is not None:
        app.jinja_env.loader = CompactLoader(app.jinja_env.loader)
    app.jinja_env.filters["score"] = format_score
    app.jinja_env.filters["figure_text"] = figure_text
    app.jinja_env.filters["stars"] = star_glyphs
    app.jinja_env.filters["beijing"] = beijing_time
    app.jinja_env.filters["reference"] = cited_reference
    app.jinja_env.filters["formulas"] = formula_markup  # KPI names: SO<sub>2</sub>
    app.jinja_env.filters["address"] = address_markup  # an e-mail address: breaks only at @
    _register_permission_globals(app)
    app.extensions[NAV_KEY] = PerKey(size=1024)
    app.jinja_env.globals["kept_nav"] = kept_nav
    app.jinja_env.globals["nav_attention"] = nav_attention


def _register_permission_globals(app: Flask) -> None:
    """Templates hide links with `can(current_user, Action.X, target)`."""
    app.jinja_env.globals["can"] = can
    app.jinja_env.globals["Action"] = Action
    # Links to pages another package adds later stay hidden until that endpoint exists.
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions


NAV_KEY = "rcapp.kept_navs"
# The count of background tasks needing the secretariat (a function of no arguments the
# reports package registers): shown on its 后台任务 link.
NAV_ATTENTION_KEY = "rcapp.nav_attention"
# The actions whose links the main navigation shows or hides (templates/_nav.html).
NAV_ACTIONS = (
    Action.ORG_LIST,
    Action.USERS_MANAGE,
    Action.GROUP_VIEW,
    Action.CYCLE_MANAGE,
    Action.AUDIT_VIEW,
    Action.ANNUAL_REPORT_READ,
)


def kept_nav(caller: Callable[[], str]) -> Markup:
    """Return the main navigation (the call block in _nav.html), kept per what it shows.

    The key is everything the block reads, worked out afresh on every request: the
    language, the page (endpoint, blueprint, organisation shown), the user's organisation
    and whether each navigation action is allowed now. A user of several organisations
    sees their names: that navigation is rendered every time.
    """
    key = nav_key()
    if key is None:
        return Markup(caller())  # noqa: S704 - rendered by autoescaping Jinja
    kept: PerKey[Hashable, Markup] = current_app.extensions[NAV_KEY]
    return kept.get(key, lambda: Markup(caller()))  # noqa: S704 - as above


def nav_key() -> Hashable | None:
    """Return the main navigation's key (see `kept_nav`), None when it is not kept."""
    user = user_object()
    if not user.is_authenticated:
        return None
    organisations = tuple(organisation for organisation, _role in grants_of(user).org_roles)
    if len(organisations) > 1:
        return None
    return (
        current_lang(),
        request.script_root,
        request.endpoint,
        request.blueprint,
        (request.view_args or {}).get("organisation_id"),
        organisations,
        bool(user.is_secretariat),
        tuple(can(user, action) for action in NAV_ACTIONS),
        nav_attention(),
    )


def nav_attention() -> int:
    """Return the count on the secretariat's jobs link, worked out once a request; 0 for others.

    Other roles see no such link: nothing is read for them.
    """
    user = user_object()
    if not user.is_authenticated or not user.is_secretariat:
        return 0
    # kept with the request (its environ), not `g`: an app context may outlive a request
    if NAV_ATTENTION_KEY not in request.environ:
        counter = current_app.extensions.get(NAV_ATTENTION_KEY)
        request.environ[NAV_ATTENTION_KEY] = counter() if counter is not None else 0
    return cast(int, request.environ[NAV_ATTENTION_KEY])


def forget_nav_attention() -> None:
    """Count the jobs link afresh on the next page (after the secretariat changed a job)."""
    counter = current_app.extensions.get(NAV_ATTENTION_KEY)
    clear = getattr(counter, "clear", None)
    if clear is not None:
        clear()
