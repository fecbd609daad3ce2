"""Languages: Chinese by default, English beside it; the choice is kept in the session."""

from __future__ import annotations

from flask import Flask, current_app, session
from flask_babel import Babel, get_locale

LANG_SESSION_KEY = "lang"


def select_locale() -> str:
    supported: tuple[str, ...] = current_app.config["LANGUAGES"]
    chosen = session.get(LANG_SESSION_KEY)
    if chosen in supported:
        return str(chosen)
    # Chinese unless the user switches: many HSE staff run English-language browsers, and
    # the programme's working language is Chinese, so Accept-Language is not consulted.
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def current_lang() -> str:
    """Return 'zh' or 'en': the key that picks a rubric text."""
    locale = get_locale()
    return "en" if locale is not None and locale.language == "en" else "zh"


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale)
    app.jinja_env.globals["current_lang"] = current_lang
