"""The page a write page of a locked assessment answers with: why it is locked, what to do.

A member opening the Excel import, the KPI or event forms, an upload or "copy from last
year" of a submitted assessment (or of a closed year) is not refused "no permission": the
rule (rcapp.permissions.locked_only) raises Locked, and this page says why, with the links
that still work (the read-only overview, the template with the stored answers).
"""

from __future__ import annotations

from flask import Flask, render_template
from flask_login import current_user

from rcapp import db
from rcapp.assessments.facts import AssessmentFacts
from rcapp.assessments.lock_words import LockNotice, lock_notice
from rcapp.assessments.models import Assessment
from rcapp.assessments.target_words import targets_where
from rcapp.errors import Locked
from rcapp.permissions import Action, can
from rcapp.web import user_object


def notice_for(assessment: Assessment | AssessmentFacts) -> LockNotice | None:
    """Why `assessment` is read-only for the current user (templates call it)."""
    member = can(user_object(), Action.ASSESSMENT_START, assessment.organisation)
    return lock_notice(assessment, member)


def targets_where_for(assessment: Assessment | AssessmentFacts) -> str:
    """Where the assessment's own KPI targets are set, for the current user (templates call it)."""
    member = can(current_user, Action.ASSESSMENT_START, assessment.organisation)
    return targets_where(assessment, member)


def _locked_page(exc: Locked) -> tuple[str, int]:
    target = exc.target
    assessment = (
        target
        if isinstance(target, Assessment)
        else db.session().get(Assessment, getattr(target, "id", None))
    )
    if assessment is None:  # pragma: no cover - Locked is raised for a loaded assessment
        return render_template("errors/409.html"), 409
    db.session().rollback()  # nothing of the refused request is kept
    notice = notice_for(assessment)
    return render_template("assessments/locked.html", assessment=assessment, notice=notice), 409


def register_locked_page(app: Flask) -> None:
    app.register_error_handler(Locked, _locked_page)
    app.jinja_env.globals["lock_notice"] = notice_for
    app.jinja_env.globals["targets_where"] = targets_where_for
