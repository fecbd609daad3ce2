"""The working-group page's links to the group's work pages, for whoever may open them (qa72 m7).

The group page linked only the members list: review planning, the side-by-side comparison,
reviewer calibration, the corrective actions and the year's progress were reached only
through menus. The reviews package adds them as a section of the page (organisations.hooks),
each only when the viewer may open it, in the open year (else the latest).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_login import current_user

from rcapp.benchmarks.permissions import can_compare
from rcapp.cycles.services import open_or_latest_cycle
from rcapp.organisations.models import WorkingGroup
from rcapp.permissions import Action, can
from rcapp.reviews.queries import led_groups


def group_work(group: WorkingGroup) -> Mapping[str, Any] | None:
    """Return which work pages the viewer may open for `group` (None: none, no section)."""
    leads = group in led_groups(current_user)
    compares = can_compare(current_user, group)
    cycle = open_or_latest_cycle()
    progress = cycle is not None and can(current_user, Action.GROUP_VIEW, group)
    if not (leads or compares or progress):
        return None
    return {
        "group": group,
        "cycle": cycle,
        "leads": leads,
        "compares": compares,
        "progress": progress,
    }
