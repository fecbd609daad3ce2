"""Where a page offers the blank template: its link and the rubric it is of, or nothing.

Pages of other packages (the home page of an organisation with no assessment yet) ask
`blank_template_offer(organisation)`, a template global: None when the user may not
download it, no rubric of the organisation's kind is published, or the organisation has a
self-assessment already (the offer says "until there is a self-assessment"; QA21 S9).
"""

from __future__ import annotations

from typing import NamedTuple

from flask import url_for
from flask_login import current_user
from sqlalchemy import exists, select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.i18n import current_lang
from rcapp.organisations.models import Organisation
from rcapp.permissions import Action, can
from rcapp.reports.data_blank_template import next_rubric


class BlankOffer(NamedTuple):
    url: str
    rubric: str  # the rubric version as users know it ("…评价细则（第2版）")


def blank_template_offer(organisation: Organisation) -> BlankOffer | None:
    """Offer the organisation's blank template to the current user, if they may have it."""
    if not can(current_user, Action.ORG_TEMPLATE, organisation):
        return None
    if _has_assessment(organisation):
        return None
    loaded = next_rubric(organisation)
    if loaded is None:
        return None
    url = url_for("reports.blank_template", organisation_id=organisation.id)
    return BlankOffer(url, loaded.rubric.shown_label(current_lang()))


def _has_assessment(organisation: Organisation) -> bool:
    found = select(Assessment.id).where(Assessment.organisation_id == organisation.id)
    return bool(db.session().scalar(select(exists(found))))
