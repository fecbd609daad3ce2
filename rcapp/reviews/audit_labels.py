"""Name peer reviews in the audit log by the organisation and year they review."""

from __future__ import annotations

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.audit_labels import vetoed_without_star
from rcapp.assessments.models import Assessment
from rcapp.audit.labels import Owner
from rcapp.cycles.models import ReportingCycle
from rcapp.i18n import current_lang
from rcapp.organisations.models import Organisation, display_name
from rcapp.reviews.models import Review


def review_owners(review_ids: set[int]) -> dict[int, Owner]:
    """Map each review id to the reviewed organisation and year, one query for a page."""
    if not review_ids:
        return {}
    lang = current_lang()
    rows = db.session().execute(
        select(Review.id, Organisation.name_zh, Organisation.name_en, ReportingCycle.year)
        .join(Assessment, Assessment.id == Review.assessment_id)
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .join(ReportingCycle, ReportingCycle.id == Assessment.cycle_id)
        .where(Review.id.in_(review_ids))
    )
    return {
        review_id: Owner(display_name(name_zh, name_en, lang), year)
        for review_id, name_zh, name_en, year in rows
    }


def vetoed_reviews(review_ids: set[int]) -> set[int]:
    """Return the reviews whose assessment's kept results a veto left without any star.

    Their older entries' bare "stars": 0 (a finalised rating) read as the veto
    (audit.labels.old_vetoes), as the assessment's own entries do.
    """
    if not review_ids:
        return set()
    rows = (
        db.session()
        .execute(select(Review.id, Review.assessment_id).where(Review.id.in_(review_ids)))
        .all()
    )
    found = vetoed_without_star({assessment_id for _r, assessment_id in rows})
    return {review_id for review_id, assessment_id in rows if assessment_id in found}
