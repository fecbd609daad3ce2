"""Tell the working-group leads and the secretariat that resubmitted data lowered a final rating.

The final rating was peer-reviewed; a resubmission is not, so the people who run the peer
review learn that the rating of record went down and a re-review may be needed.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _

from rcapp.accounts.models import User
from rcapp.accounts.queries import outside_leads, secretariat_users
from rcapp.assessments.models import Assessment
from rcapp.cycles.closed_groups import groups_of
from rcapp.links import external_url
from rcapp.mail.models import OutboxMessage
from rcapp.mail.notices import compose_notice, queue_notices


def leads_and_secretariat(assessment: Assessment) -> list[User]:
    """Return the leads and deputies of its groups that year, then the secretariat.

    A lead who is a member of the organisation itself is left out (as reviews.leads_of).
    """
    organisation = assessment.organisation
    groups = [g.id for g in groups_of(organisation, assessment.cycle)]
    return [*outside_leads(organisation.id, groups), *secretariat_users()]


def queue_lowered_notice(
    assessment: Assessment, words: Callable[[str], str], actor: User
) -> list[OutboxMessage]:
    """Queue the notice in the submit's transaction; `words(lang)` says what lowered it."""
    organisation, year = assessment.organisation, assessment.cycle.year
    compose = compose_notice(
        "mail/final_lowered.txt",
        lambda lang: _(
            "最终星级已下调：%(name)s（%(year)d 年度）",
            name=organisation.display_name(lang),
            year=year,
        ),
        organisation=organisation,
        year=year,
        words=words,
        link=external_url("assessments.result", assessment_id=assessment.id),
    )
    return queue_notices(
        "final_lowered",
        leads_and_secretariat(assessment),
        compose,
        organisation_id=organisation.id,
        cycle_id=assessment.cycle_id,
        actor=actor,
    )
