"""Tell the audit log which records belong to an organisation or to a year (its filters).

The audit package sits below the domains that own those records, so they are named here,
where every domain is known: an organisation's own record, its users, its self-assessments
and their peer reviews (the review's assignments, findings, corrective actions and appeals
are all recorded on the review); a year's cycle, its self-assessments and their reviews.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from rcapp.accounts.models import Membership
from rcapp.assessments.models import Assessment
from rcapp.audit.queries import add_scope
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation
from rcapp.reviews.models import Review


def _organisations(ids: list[int]) -> Select[Any]:
    return select(Organisation.id).where(Organisation.id.in_(ids))


def _users(ids: list[int]) -> Select[Any]:
    return select(Membership.user_id).where(Membership.organisation_id.in_(ids))


def _assessments(ids: list[int]) -> Select[Any]:
    return select(Assessment.id).where(Assessment.organisation_id.in_(ids))


def _reviews(ids: list[int]) -> Select[Any]:
    return select(Review.id).where(Review.assessment_id.in_(_assessments(ids)))


def _cycles(years: list[int]) -> Select[Any]:
    return select(ReportingCycle.id).where(ReportingCycle.year.in_(years))


def _year_assessments(years: list[int]) -> Select[Any]:
    return select(Assessment.id).where(Assessment.cycle_id.in_(_cycles(years)))


def _year_reviews(years: list[int]) -> Select[Any]:
    return select(Review.id).where(Review.assessment_id.in_(_year_assessments(years)))


def register_scopes() -> None:
    add_scope("organisation", "organisation", _organisations)
    add_scope("organisation", "user", _users)
    add_scope("organisation", "assessment", _assessments)
    add_scope("organisation", "review", _reviews)
    add_scope("year", "cycle", _cycles)
    add_scope("year", "assessment", _year_assessments)
    add_scope("year", "review", _year_reviews)
