"""Shared view helpers: login manager, object loading, template filters."""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

from flask import Flask, abort
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from rcapp import db
from rcapp.db import Base

ModelT = TypeVar("ModelT", bound=Base)

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = _l("请先登录。")
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


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


def star_glyphs(stars: int | None, out_of: int = 5) -> str:
    count = stars or 0
    return "★" * count + "☆" * (out_of - count)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)

    @login_manager.user_loader
    def load_user(user_id: str) -> Base | None:
        from rcapp.accounts.models import User

        user = db.session().get(User, int(user_id))
        return user if user is not None and user.is_active else None

    app.jinja_env.filters["score"] = format_score
    app.jinja_env.filters["stars"] = star_glyphs
