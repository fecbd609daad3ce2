"""Asked by the overview's 提交自评 button just before its confirm dialog (qa53 M1, M2).

An overview opened earlier may be stale: the deadline passed, a colleague submitted, or a
colleague has saved answers in the last minutes. The button asks this first: a submit the
server would refuse goes without the confirm question (it is refused once, with its
reason), and the confirm question names colleagues who saved just now.
"""

from __future__ import annotations

import datetime as dt

from flask import jsonify
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.locked_meanwhile import is_locked
from rcapp.assessments.messages import _
from rcapp.assessments.models import Answer, Assessment
from rcapp.assessments.views.blueprint import bp, load
from rcapp.assessments.views.deadline_words import past_deadline
from rcapp.db import utcnow
from rcapp.permissions import Action
from rcapp.web import login_required

RECENT = dt.timedelta(minutes=15)  # "just now": a colleague may still have the page open


def recent_colleagues(assessment: Assessment, me: int, now: dt.datetime) -> list[str]:
    """Names of the other users who saved an answer of `assessment` since `now - RECENT`."""
    rows = db.session().execute(
        select(User.name)
        .join(Answer, Answer.updated_by_id == User.id)
        .where(
            Answer.assessment_id == assessment.id,
            Answer.updated_at >= now - RECENT,
            User.id != me,
        )
        .distinct()
        .order_by(User.name)
    )
    return [row.name for row in rows]


def colleagues_text(names: list[str]) -> str | None:
    if not names:
        return None
    return _(
        "%(names)s 在最近 15 分钟内保存过本自评，可能仍在编辑；提交后其未保存的输入将不能再保存。",
        names=_("、").join(names),
    )


@bp.get("/<int:assessment_id>/submit/check")
@login_required
def submit_check(assessment_id: int) -> Response:
    assessment = load(assessment_id, Action.ASSESSMENT_VIEW)
    refused = is_locked(assessment) or past_deadline(assessment)
    note = (
        None
        if refused
        else colleagues_text(recent_colleagues(assessment, current_user.id, utcnow()))
    )
    return jsonify(refused=refused, note=note)
