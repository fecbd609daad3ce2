"""One self-assessment's history: its audit entries and what others did to its peer review.

The organisation's members see who among them changed which answer, KPI figure, event or
evidence, and what the secretariat and the working group did to the assessment; the
secretariat sees it too, with every review entry. The rows are worded by the audit log's own
formatter (accounts.views.audit), as on /audit/ and in its export.
"""

from __future__ import annotations

import dataclasses
import re

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.validators import Optional, Regexp

from rcapp import db
from rcapp.accounts.models import User
from rcapp.accounts.views.audit import AuditRow, audit_rows
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.audit import queries
from rcapp.audit.labels import ENTITY_LABELS
from rcapp.fields import CleanQueryForm, options
from rcapp.i18n import current_lang
from rcapp.pagination import paginate
from rcapp.permissions import Action, can, grants_of
from rcapp.reviews.permissions import review_of
from rcapp.translation_memo import kept
from rcapp.web import login_required

bp = Blueprint("assessment_history", __name__, url_prefix="/assessments")

_PEER_REVIEWER = _l("同行评审员")
_LEAD = _l("工作组组长")
_DEPUTY = _l("工作组副组长")
_SECRETARIAT = _l("秘书处")
_ITEM = re.compile(r"^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$")


class HistoryFilterForm(CleanQueryForm):
    """Read from the query string, so no CSRF token."""

    section = SelectField(_l("板块"), choices=[], validate_choice=False)
    item = StringField(
        _l("评价项编号"),
        validators=[
            Optional(),
            Regexp(_ITEM.pattern, message=_l("评价项编号：请填写评价项的编号，例如 MS.G1.1。")),
        ],
    )
    person = SelectField(_l("操作人"), choices=[], validate_choice=False)


def may_see_history(user: object, assessment: Assessment) -> bool:
    """Tell whether `user` may see the history: the secretariat, the organisation's own people.

    Members of every role fill the assessment and may ask who changed an answer; a lead, a
    reviewer or a park sees no one's history but their own organisation's.
    """
    if not can(user, Action.ASSESSMENT_VIEW, assessment):
        return False
    if getattr(user, "is_secretariat", False):
        return True
    return grants_of(user).org_role(assessment.organisation_id) is not None


def history_url(assessment: Assessment) -> str | None:
    """Return the history page's address, or None if the current user may not see it."""
    if not may_see_history(current_user, assessment):
        return None
    return url_for("assessment_history.history", assessment_id=assessment.id)


@bp.get("/<int:assessment_id>/history")
@login_required
def history(assessment_id: int) -> str:
    assessment = db.session().get(Assessment, assessment_id)
    if assessment is None:
        abort(404)
    if not may_see_history(current_user, assessment):
        abort(403)
    everything = bool(current_user.is_secretariat)
    review = review_of(assessment)
    review_id = review.id if review is not None else None
    lang = current_lang()
    form = HistoryFilterForm(request.args)
    sections = rubric_of(assessment).sections
    form.section.choices = options(
        [("", _l("全部")), *((s.id, f"{s.id} {s.title.get(lang)}") for s in sections)]
    )
    people = _people(assessment_id, review_id, everything, assessment.organisation_id)
    form.person.choices = options([("", _l("全部")), *((str(u.id), u.name) for u in people)])
    form.validate()
    item = (form.item.data or "").strip() if not form.item.errors else ""
    section = form.section.data if form.section.data in {s.id for s in sections} else ""
    person = form.person.data or ""
    actor_id = int(person) if person.isdigit() else None
    statement = queries.assessment_history(
        assessment_id,
        review_id,
        everything=everything,
        item_prefix=item or section or None,
        actor_id=actor_id if actor_id in {u.id for u in people} else None,
    )
    page = paginate(statement, request.args.get("page", 1, type=int))
    rows = audit_rows(page.items)
    if not everything:
        named = review_id is not None and (
            queries.last_change("review", review_id, None, ("review.finalise",)) is not None
        )
        rows = [_as_the_organisation_sees(row, assessment.organisation_id, named) for row in rows]
    return render_template(
        "audit/history.html",
        assessment=assessment,
        form=form,
        page=page,
        rows=rows,
        entity_labels=ENTITY_LABELS,
        lang=lang,
    )


def _people(
    assessment_id: int, review_id: int | None, everything: bool, organisation_id: int
) -> list[User]:
    """Return whom the "by whom" filter offers: the organisation's people (all: secretariat)."""
    ids = queries.history_actor_ids(assessment_id, review_id, everything=everything)
    if not ids:
        return []
    users = list(db.session().scalars(select(User).where(User.id.in_(ids)).order_by(User.name)))
    if everything:
        return users
    return [u for u in users if _member_of(u, organisation_id)]


def _member_of(user: User, organisation_id: int) -> bool:
    return any(m.organisation_id == organisation_id for m in user.memberships)


def _as_the_organisation_sees(row: AuditRow, organisation_id: int, named: bool) -> AuditRow:
    """Name people outside the organisation only as its other pages do.

    The result page names the reviewers and the lead who settled and finalised (the review
    entries it sees come from then on, but for the review's opening), never their e-mail, once
    the review was finalised (`named`); the secretariat is "秘书处"; anyone else outside the
    organisation is named by their working-group role ("工作组组长", "同行评审员").
    """
    if row.entry.entity == "review":
        # Review entries name people inside their values as "name (e-mail)" (a settlement's
        # reviewers in dispute): the organisation sees the names the result page shows, not
        # the e-mails.
        row = dataclasses.replace(
            row, before=_without_emails(row.before), after=_without_emails(row.after)
        )
    actor = row.actor
    if actor is None and row.entry.actor_name:  # an account since deleted: its name only
        return dataclasses.replace(row, actor_label=row.entry.actor_name)
    if actor is None or _member_of(actor, organisation_id):
        return row
    if actor.is_secretariat:
        return dataclasses.replace(row, actor=None, actor_label=kept(_SECRETARIAT))
    if named and row.entry.entity == "review":
        return dataclasses.replace(row, actor=None, actor_label=actor.name)
    roles = {str(r.role) for r in actor.group_roles}
    label = _LEAD if "lead" in roles else _DEPUTY if "deputy" in roles else _PEER_REVIEWER
    return dataclasses.replace(row, actor=None, actor_label=kept(label))


_EMAIL_IN_BRACKETS = re.compile(r"\s*[(（][^()（）\s]+@[^()（）\s]+[)）]")


def _without_emails(text: str) -> str:
    return _EMAIL_IN_BRACKETS.sub("", text)
