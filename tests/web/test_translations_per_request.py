"""Strings are translated through one catalogue per request, yet a changed language shows.

rcapp.i18n keeps the catalogue where Flask-Babel keeps its per-request state, so
`force_locale` (mails and reports in the recipient's language) and `refresh` still switch it.
"""

from __future__ import annotations

from flask import Flask, render_template_string
from flask_babel import force_locale, refresh

from rcapp.i18n import gettext


def test_force_locale_switches_and_restores_the_catalogue(app: Flask) -> None:
    with app.test_request_context():
        assert gettext("保存") == "保存"  # Chinese by default; the catalogue is now kept
        with force_locale("en"):
            assert gettext("保存") == "Save"
            assert render_template_string("{{ _('保存') }}") == "Save"
        assert gettext("保存") == "保存"
        assert render_template_string("{{ _('保存') }}") == "保存"


def test_refresh_drops_the_kept_catalogue(app: Flask) -> None:
    with app.test_request_context() as ctx:
        assert gettext("总分") == "总分"
        ctx.session["lang"] = "en"
        refresh()
        assert gettext("总分") == "Overall score"
        assert gettext("依据：%(ref)s", ref="GB 1") == "Based on: GB 1"
