"""The page "how the self-assessment works", for a newcomer before the first form (qa50 #12)."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from rcapp.assessments.guide import guide_for
from rcapp.assessments.views.blueprint import bp
from rcapp.i18n import current_lang
from rcapp.web import login_required


@bp.get("/guide")
@login_required
def guide() -> str:
    # General words and the user's own organisation's rubric and deadline: any user may read it.
    return render_template(
        "assessments/guide.html", guide=guide_for(current_user), lang=current_lang()
    )
