"""The link "与往年比较" from a year's result, its review outcome and the home card.

It leads to the organisation's years page (历年对比, benchmarks.years): shown only when the
organisation has an earlier submitted year to compare with and the viewer may open that
page (benchmarks.permissions.can_see_position, the page's own check).
"""

from __future__ import annotations

from flask import url_for
from flask_login import current_user

from rcapp.assessments.earlier_years import has_earlier_year
from rcapp.assessments.models import Assessment
from rcapp.benchmarks.permissions import can_see_position


def years_url(assessment: Assessment | None) -> str | None:
    """Return the years page's address for the assessment's organisation, or None."""
    if assessment is None or assessment.id is None:
        return None
    if not can_see_position(current_user, assessment.organisation):
        return None
    if not has_earlier_year(assessment):
        return None
    return url_for("benchmarks.years", organisation_id=assessment.organisation_id)
