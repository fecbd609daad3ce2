"""Sections other packages add to the organisation and working-group pages.

Organisations know nothing of users or assessments, yet an organisation's page lists its
users and its assessments. The packages above register a `PageSection` (a partial
template and a function giving its values, or None to leave it out) when they register.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

ORGANISATION_PAGE = "organisation"
GROUP_PAGE = "working_group"
_KEY = "rcapp.organisation_sections"


@dataclass(frozen=True)
class PageSection:
    """`values(subject)` gives the partial's variables (as `section`), or None to hide it."""

    name: str
    template: str
    values: Callable[[Any], Mapping[str, Any] | None]


def add_section(app: Flask, page: str, section: PageSection) -> None:
    app.extensions.setdefault(_KEY, {}).setdefault(page, []).append(section)


def sections_for(
    page: str, subject: Any, overrides: Mapping[str, Mapping[str, Any]] | None = None
) -> list[tuple[str, Mapping[str, Any]]]:
    """Return (template, values) of each registered section shown for `subject`.

    `overrides` replaces some values of the named sections (a form with its errors).
    """
    shown: list[tuple[str, Mapping[str, Any]]] = []
    for section in current_app.extensions.get(_KEY, {}).get(page, []):
        values = section.values(subject)
        if values is not None:
            extra = (overrides or {}).get(section.name, {})
            shown.append((section.template, {**values, **extra}))
    return shown


# What the packages above say an organisation's groups still run for it (qa45 D3): the
# reviews package registers `running(organisation_id) -> {group id: [year, ...]}`, the
# years of its reviews a group runs that are not final yet.
_RUNNING = "rcapp.organisation_running_reviews"


def set_running_reviews(app: Flask, running: Callable[[int], Mapping[int, list[int]]]) -> None:
    app.extensions[_RUNNING] = running


def running_reviews(organisation_id: int) -> Mapping[int, list[int]]:
    """Return {group id: years} of the organisation's reviews still run by each group."""
    reader = current_app.extensions.get(_RUNNING)
    return {} if reader is None else reader(organisation_id)


# The rounds open for self-assessment now, (year, deadline) (qa50 #4, #3): the cycles
# package registers the reader, so the commitment form can say which round a signing date
# joins and the invitation e-mail can name the deadline, without knowing of cycles.
_OPEN_ROUNDS = "rcapp.organisation_open_rounds"


def set_open_rounds(app: Flask, reader: Callable[[], Sequence[tuple[int, dt.date]]]) -> None:
    app.extensions[_OPEN_ROUNDS] = reader


def open_rounds() -> Sequence[tuple[int, dt.date]]:
    """Return (year, deadline) of each round open now, latest year first (none registered: none)."""
    reader = current_app.extensions.get(_OPEN_ROUNDS)
    return () if reader is None else reader()


def open_years() -> list[int]:
    """Return the years whose self-assessment round is open now."""
    return [year for year, _deadline in open_rounds()]
