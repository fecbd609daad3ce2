"""Say on the page who was mailed a running review's moved days (review_days).

"已更改评审日期，并已通知。" left the lead guessing who had been told: the reviewers whose
visit or due day moved (visit_mail) and the organisation's users (company_mail) are named.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _

from rcapp.accounts.models import User
from rcapp.i18n import current_lang, person_text
from rcapp.reviews.models import Review, ReviewAssignment


def days_told_text(
    review: Review, reviewers: Sequence[ReviewAssignment], company: Sequence[User]
) -> str:
    """Return the confirmation: the days changed, and whom the mails went to."""
    names = _names([a.reviewer for a in reviewers])
    users = _names(company)
    organisation = review.assessment.organisation.display_name(current_lang())
    if reviewers and company:
        text = _(
            "已更改评审日期。已发邮件通知评审员：%(names)s；%(organisation)s的用户：%(who)s。",
            names=names,
            organisation=organisation,
            who=users,
        )
    elif reviewers:
        text = _("已更改评审日期。已发邮件通知评审员：%(names)s。", names=names)
    elif company:
        text = _(
            "已更改评审日期。已发邮件通知%(organisation)s的用户：%(who)s。",
            organisation=organisation,
            who=users,
        )
    else:
        text = _("已更改评审日期，无人需要通知。")
    return str(text)


def _names(users: Sequence[User]) -> str:
    return str(_("、")).join(person_text(user.name) for user in users)
