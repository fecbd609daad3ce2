"""Who comes to an on-site review, and what the company prepares for the visit.

The company registers the visitors at its gate and arranges their PPE and an escort, so its
review mail (company_mail) and its result page (underway) name an on-site review's reviewers
with their organisations and list what to have ready. A desk review needs no contact: both
give only the number of reviewers.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from rcapp.i18n import person_text
from rcapp.reviews.models import Review, ReviewAssignment, ReviewKind

PREPARE = (
    _l("自评的证据材料备齐，评审时随时可查；"),
    _l("评审当天，HSE 负责人和抽查准则的负责人在场；"),
    _l("为评审员办理入厂登记，安排安全入厂培训、劳动防护用品和陪同人员。"),
)


def visitors_of(review: Review) -> tuple[ReviewAssignment, ...]:
    """Return the assignments of the reviewers who come on site, in the order assigned."""
    if review.kind is not ReviewKind.ONSITE:
        return ()
    return tuple(sorted(review.assignments, key=lambda a: a.id))


def visitor_text(assignment: ReviewAssignment, lang: str) -> str:
    """Name a visitor with their organisation in the reader's language (`lang`).

    东海精细化工 黄磊; in English "黄磊 (Huang Lei), Donghai Fine Chemicals". The result
    page says it with the same words (assessments/result.html).
    """
    organisation = assignment.reviewer_organisation.display_name(lang)
    name = person_text(assignment.reviewer.name)
    return str(_("%(organisation)s %(name)s", name=name, organisation=organisation))
