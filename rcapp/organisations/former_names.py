"""Former names (曾用名): kept at a rename, matched by the searches, shown beside closed years.

A rename keeps the name(s) it replaced (services.apply_values); a typo corrected keeps
nothing. The searches that find organisations by name also find them by a former name
(`named_like`, `matched_former`). A closed year's lists and exports name an organisation as
it is called today and, when it was called otherwise at that year's close, add the name it
had then (`names_at_close`), so a reader can tie the year to the company known then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from flask_babel import gettext
from sqlalchemy import ColumnElement, or_, select

from rcapp import db
from rcapp.organisations.models import FormerName, Organisation, display_name
from rcapp.permissions import Principal

NAME_FIELDS = ("name_zh", "name_en")


def keep_former_names(
    organisation: Organisation, values: Mapping[str, object], actor: Principal | None
) -> FormerName | None:
    """Keep the names `values` replace (before they are set); None when no name is replaced.

    A name given where there was none replaces nothing, so adding an English name keeps
    nothing; an English name cleared is kept.
    """
    replaced = {
        field: getattr(organisation, field)
        for field in NAME_FIELDS
        if field in values
        and getattr(organisation, field)
        and values[field] != getattr(organisation, field)
    }
    if not replaced or organisation.id is None:
        return None
    kept = FormerName(changed_by_id=actor.id if actor is not None else None, **replaced)
    organisation.former_names.insert(0, kept)
    return kept


def named_like(typed: str) -> ColumnElement[bool]:
    """Select the Organisations with a former name holding `typed` (case-insensitive), as SQL."""
    return Organisation.id.in_(
        select(FormerName.organisation_id).where(
            or_(
                FormerName.name_zh.icontains(typed, autoescape=True),
                FormerName.name_en.icontains(typed, autoescape=True),
            )
        )
    )


def matched_former(organisation: Organisation, typed: str, lang: str) -> str | None:
    """Return the former name `typed` found the organisation by (None: found by today's).

    For the results of a search: "新名（曾用名：旧名）" when the current names do not hold
    `typed` but a former one does.
    """
    wanted = typed.strip().casefold()
    if not wanted or any(wanted in (n or "").casefold() for n in _current(organisation)):
        return None
    for former in organisation.former_names:
        if any(wanted in (n or "").casefold() for n in (former.name_zh, former.name_en)):
            return former.display_name(lang)
    return None


def _current(organisation: Organisation) -> tuple[str | None, ...]:
    return (organisation.name_zh, organisation.name_en, organisation.credit_code)


def found_by_former(organisation: Organisation, typed: str | None, lang: str) -> str:
    """Return what follows the name in a search's results: "（曾用名：旧名）", or "".

    Only when the search found the organisation by that former name.
    """
    former = matched_former(organisation, typed or "", lang)
    return "" if former is None else str(gettext("（曾用名：%(former)s）", former=former))


@dataclass(frozen=True)
class NamesThen:
    """The names organisations had at one moment, for those renamed since (by id)."""

    then: Mapping[int, tuple[str, str | None]]

    def name(self, organisation: Organisation, lang: str) -> str:
        """Name it as today, adding "（原名：旧名）" when it was called otherwise then."""
        shown = organisation.display_name(lang)
        names = self.then.get(organisation.id)
        if names is None:
            return shown
        former = display_name(names[0], names[1], lang)
        if former == shown:
            return shown
        return str(gettext("%(name)s（原名：%(former)s）", name=shown, former=former))


NO_RENAMES = NamesThen({})


class _Closable(Protocol):  # the part of cycles.ReportingCycle read here (cycles sits above)
    @property
    def is_open(self) -> bool: ...

    year: int
    closed_at: dt.datetime | None
    close_requested_at: dt.datetime | None


def year_end_moment(cycle: _Closable) -> dt.datetime | None:
    """Return when the year's names were last the year's: its close (None: still open).

    The close is when the secretariat closed it (the results are frozen after, by the worker).
    """
    if cycle.is_open:
        return None
    return cycle.close_requested_at or cycle.closed_at or _after_year(cycle.year)


def _after_year(year: int) -> dt.datetime:
    # A year made closed without a close (old data, tests): its names are those at its end.
    return dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)


def names_at_close(cycle: _Closable) -> NamesThen:
    """Return the names at the close of `cycle` of those renamed since (an open year: none)."""
    moment = year_end_moment(cycle)
    if moment is None:
        return NO_RENAMES
    return names_at(moment)


def names_at(moment: dt.datetime) -> NamesThen:
    """Return the (Chinese, English) names at `moment` of the organisations renamed since.

    Each name is the one the first rename after `moment` replaced, else today's.
    """
    statement = (
        select(FormerName)
        .where(FormerName.changed_at > moment)
        .order_by(FormerName.changed_at, FormerName.id)
    )
    renames = list(db.session().scalars(statement))
    return NamesThen(_first_replaced(renames))


def _first_replaced(renames: Iterable[FormerName]) -> dict[int, tuple[str, str | None]]:
    zh: dict[int, str] = {}
    en: dict[int, str] = {}
    for rename in renames:  # oldest first: the first one replaced the name of the moment
        if rename.name_zh is not None:
            zh.setdefault(rename.organisation_id, rename.name_zh)
        if rename.name_en is not None:
            en.setdefault(rename.organisation_id, rename.name_en)
    then: dict[int, tuple[str, str | None]] = {}
    for org_id in zh.keys() | en.keys():
        organisation = db.session().get(Organisation, org_id)
        if organisation is not None:
            then[org_id] = (
                zh.get(org_id, organisation.name_zh),
                en.get(org_id, organisation.name_en),
            )
    return then
