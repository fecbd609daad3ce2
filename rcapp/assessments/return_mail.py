"""Tell the organisation's users that the secretariat returned their assessment for revision."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _

from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.clock import beijing_today
from rcapp.cycles.deadlines import own_deadline
from rcapp.cycles.reminders import recipients_of
from rcapp.links import external_url
from rcapp.mail.models import OutboxMessage
from rcapp.mail.notices import compose_notice, queue_notices

# A prompt's own closing mark, dropped before the colon that introduces the note.
_CLOSING_MARKS = "。．.！!？?：:；;，,、 "


def item_line(prompt: str, note: str) -> str:
    """Join an item's prompt and the note on it with one colon ("…保险。：…" was doubled)."""
    return str(_("%(prompt)s：%(note)s", prompt=prompt.rstrip(_CLOSING_MARKS), note=note))


def queue_return_notice(
    assessment: Assessment, actor: User, item_notes: Mapping[str, str] | None = None
) -> list[OutboxMessage]:
    """Queue the notice after a successful return, in the return's transaction.

    `item_notes` are the notes of this return (item id -> text); the mail lists them in the
    rubric's order beside the items' prompts, as the return page shows them. The mail says
    by when to resubmit: the organisation's own deadline (a late allowance the return
    granted included), or that it cannot resubmit without one.
    """
    organisation, year = assessment.organisation, assessment.cycle.year
    notes = {i: t.strip() for i, t in (item_notes or {}).items() if t.strip()}
    items = [item for item in rubric_of(assessment).item_index().values() if item.id in notes]
    compose = compose_notice(
        "mail/returned.txt",
        lambda lang: _(
            "自评已退回修改：%(name)s（%(year)d 年度）",
            name=organisation.display_name(lang),
            year=year,
        ),
        organisation=organisation,
        year=year,
        comment=assessment.return_comment or "",
        items=items,
        notes=notes,
        item_line=item_line,
        link=external_url("assessments.overview", assessment_id=assessment.id),
        deadline=own_deadline(assessment.cycle, organisation.id),
        today=beijing_today(),
    )
    return queue_notices(
        "return",
        recipients_of(organisation.id),
        compose,
        organisation_id=organisation.id,
        cycle_id=assessment.cycle_id,
        actor=actor,
    )
