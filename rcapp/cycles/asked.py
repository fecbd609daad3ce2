"""The year a page is asked for in its link: `?cycle=<cycle id>`, as every year-bound page takes it.

A link naming no year known (a year typed where the id goes, an id since deleted, text)
gets a page that says so; it used to open silently on another year (QA52 m7:
/benchmarks/organisations/4?cycle=2024 showed 2025, while the members workbook took a year).
A download linked from a year page names the page's year the same way (asked_year), so the
file is of the year the page shows, not of a year picked in a filter form.
"""

from __future__ import annotations

from flask import request

from rcapp import db
from rcapp.cycles.models import ReportingCycle
from rcapp.errors import UnknownYear
from rcapp.fields import id_number


def asked_cycle() -> ReportingCycle | None:
    """Return the cycle `?cycle=` names, None if the link names none; UnknownYear if unknown."""
    text = request.args.get("cycle", "").strip()
    if not text:
        return None
    try:
        found = db.session().get(ReportingCycle, id_number(text))
    except ValueError:
        found = None
    if found is None:
        raise UnknownYear(text)
    return found


def asked_cycle_id() -> int | None:
    """Return the id of the cycle `?cycle=` names (asked_cycle)."""
    found = asked_cycle()
    return None if found is None else found.id


def asked_year() -> int | None:
    """Return the year of the cycle `?cycle=` names (asked_cycle): the year a download is of."""
    found = asked_cycle()
    return None if found is None else found.year
