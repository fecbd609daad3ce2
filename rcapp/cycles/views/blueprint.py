"""The reporting-cycle blueprint and the template globals its pages and others use."""

from __future__ import annotations

from flask import Blueprint, current_app

from rcapp.clock import beijing_today
from rcapp.cycles import auto_reminders, deadline_words, deadlines
from rcapp.cycles.models import ReportingCycle
from rcapp.i18n import current_lang
from rcapp.rubrics import app_registry as registry_words

bp = Blueprint("cycles", __name__, url_prefix="/cycles")


@bp.app_template_global()
def rubric_label(rubric_id: str, version: int) -> str:
    """Name a pinned rubric by its title, as users know it; its file id if it will not load."""
    return registry_words.rubric_label(rubric_id, version, current_lang())


@bp.app_template_global()
def auto_reminder_schedule(cycle: ReportingCycle) -> auto_reminders.Schedule:
    """Describe the cycle's automatic reminders, for its page and its list of organisations."""
    days = auto_reminders.days_before(current_app.config)
    return auto_reminders.schedule_of(cycle, beijing_today(), days)


bp.add_app_template_global(deadline_words.last_day, "last_day")


@bp.app_template_global()
def own_deadline(cycle: ReportingCycle, organisation_id: int) -> deadlines.OwnDeadline:
    """Return the day this organisation must submit by, for the pages it reads."""
    return deadlines.own_deadline(cycle, organisation_id)
