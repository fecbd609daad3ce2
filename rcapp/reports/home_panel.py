"""The members' home-page panel: the newest published annual report (the latest year that has one).

Company, park, lead and reviewer users learn there that an edition came out (the secretariat
publishes it and sees it on the year page). One query, and none for anyone else.
"""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from rcapp.i18n import current_lang
from rcapp.permissions import Action, can
from rcapp.reports.reader_editions import latest_year_editions


def render_panel() -> str:
    """Render the newest edition per language, or nothing (none published, not a member)."""
    if current_user.is_secretariat or not can(current_user, Action.ANNUAL_REPORT_READ):
        return ""
    year = latest_year_editions(current_lang())
    if year is None:
        return ""
    return render_template("reports/_home_annual_report.html", year=year)
