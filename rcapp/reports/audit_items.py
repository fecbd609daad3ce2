"""Name the items of the audit log's entries by their rubric's titles (QA47 S3).

An entry on an item (an answer, evidence, a reviewer's decision, a settled level) stores the
item's code; the rubric of its self-assessment (for a review entry, of the reviewed one)
gives the title shown beside it.
"""

from __future__ import annotations

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.errors import RcappError
from rcapp.i18n import current_lang
from rcapp.reviews.models import Review
from rcapp.rubrics.loader import RubricError


def item_titles(keys: set[tuple[str, int]]) -> dict[tuple[str, int], dict[str, str]]:
    """Map ("assessment" | "review", id) to {item id: title} in the page's language."""
    lang = current_lang()
    review_ids = {i for entity, i in keys if entity == "review"}
    reviewed: dict[int, int] = {}
    if review_ids:
        found = select(Review.id, Review.assessment_id).where(Review.id.in_(review_ids))
        reviewed = {row[0]: row[1] for row in db.session().execute(found)}
    assessment_of = {("assessment", i): i for entity, i in keys if entity == "assessment"}
    assessment_of |= {("review", r): a for r, a in reviewed.items()}
    titles: dict[int, dict[str, str]] = {}
    for assessment_id in set(assessment_of.values()):
        assessment = db.session().get(Assessment, assessment_id)
        if assessment is None:
            continue
        try:
            rubric = rubric_of(assessment)
        except (RcappError, RubricError):
            continue
        titles[assessment_id] = {
            i: item.prompt.get(lang) for i, item in rubric.item_index().items()
        }
    return {key: titles[a] for key, a in assessment_of.items() if a in titles}
