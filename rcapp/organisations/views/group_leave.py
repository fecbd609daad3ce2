"""Ask before a save takes an organisation out of a group running its review (qa45 D3).

The review stays with the group that runs it until it is final; the secretariat is told
which review, and the save waits until the box under the warning is ticked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _

from rcapp import db
from rcapp.i18n import current_lang
from rcapp.organisations.hooks import running_reviews
from rcapp.organisations.models import Organisation, WorkingGroup

FIELD = "confirm_leave"


@dataclass(frozen=True)
class Leaving:
    """The warnings (one per group left that runs a review) and the ids the box confirms."""

    texts: list[str]
    ids: str


def unconfirmed(
    organisation: Organisation, chosen: list[int] | None, form: Mapping[str, str]
) -> Leaving | None:
    """Return what to ask when the save leaves groups running its reviews, unless confirmed."""
    if chosen is None:
        return None
    kept = set(chosen)
    running = running_reviews(organisation.id)
    left = sorted(g.id for g in organisation.working_groups if g.id not in kept and g.id in running)
    if not left:
        return None
    ids = ",".join(str(i) for i in left)
    if form.get(FIELD) == ids:
        return None
    lang = current_lang()
    texts = []
    for group_id in left:
        group = db.session().get(WorkingGroup, group_id)
        if group is None:
            continue
        years = str(_("、")).join(str(y) for y in running[group_id])
        texts.append(
            str(
                _(
                    "“%(name)s”的 %(years)s 年度同行评审由%(group)s负责，尚未得出最终结果："
                    "移出该工作组后，评审仍由该组负责至最终结果。",
                    name=organisation.display_name(lang),
                    years=years,
                    group=group.display_name(lang),
                )
            )
        )
    return Leaving(texts, ids)
