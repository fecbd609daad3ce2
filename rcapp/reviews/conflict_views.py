"""Declaring conflicts of interest: reviewers for themselves, org admins for their people.

A declared conflict keeps the reviewer off the organisation's reviews (rules.conflicts).
The organisations offered are those of the declarer's working groups; a declaration is
kept (the lead sees the reason when the reviewer is refused) until whoever may declare for
the reviewer withdraws it, confirmed in the page (conflict_withdraw.py).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.accounts.models import GroupRole, Membership, OrgRole, User
from rcapp.errors import NotAllowed
from rcapp.i18n import current_lang, person_text
from rcapp.mail.tasks import deliver_outbox
from rcapp.organisations.models import Organisation, WorkingGroupMember
from rcapp.reviews import rechecks, services
from rcapp.reviews.blueprint import bp
from rcapp.reviews.conflict_withdraw import withdraw_declaration
from rcapp.reviews.declared_late import DeclaredEffects, submitted_assignments_of
from rcapp.reviews.errors import ConflictAlreadyDeclared
from rcapp.reviews.forms import ActionForm, ConflictForm
from rcapp.reviews.models import DeclaredConflict, ReviewAssignment
from rcapp.reviews.rechecks import named
from rcapp.reviews.year_lock import year_closed
from rcapp.web import login_required


def declarers(user: User) -> list[User]:
    """List whom `user` may declare for: themselves if a reviewer, an admin's people."""
    found: dict[int, User] = {}
    if any(r.role is GroupRole.REVIEWER for r in user.group_roles):
        found[user.id] = user
    admin_of = [m.organisation_id for m in user.memberships if m.role is OrgRole.ADMIN]
    if admin_of:
        people = db.session().scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.organisation_id.in_(admin_of), User.is_active)
            .order_by(User.name)
        )
        for person in people:
            found.setdefault(person.id, person)
    return list(found.values())


def _organisations(people: list[User]) -> list[Organisation]:
    """List the organisations of the declarers' working groups (by role or membership).

    An organisation every declarer belongs to is left out: its own people are never
    assigned to it anyway (rules.conflicts), so there is nothing to declare.
    """
    group_ids = {r.working_group_id for p in people for r in p.group_roles}
    own = [m.organisation_id for p in people for m in p.memberships]
    in_own_groups = select(WorkingGroupMember.working_group_id).where(
        WorkingGroupMember.organisation_id.in_(own)
    )
    group_ids |= set(db.session().scalars(in_own_groups))
    members = select(WorkingGroupMember.organisation_id).where(
        WorkingGroupMember.working_group_id.in_(group_ids)
    )
    everyones = set.intersection(*({m.organisation_id for m in p.memberships} for p in people))
    return [
        organisation
        for organisation in db.session().scalars(
            select(Organisation)
            .where(Organisation.id.in_(members))
            .order_by(Organisation.name_sort, Organisation.name_zh)
        )
        if organisation.id not in everyones
    ]


@bp.route("/conflicts", methods=["GET", "POST"])
@login_required
def conflicts() -> str | Response:
    people = declarers(current_user)
    if not people:
        raise NotAllowed("review.declare_conflict")
    organisations = _organisations(people)
    form = _with_choices(ConflictForm(), people, organisations)
    declared_now = _declared([p.id for p in people])
    if form.validate_on_submit():
        person = next(p for p in people if p.id == form.person.data)
        organisation = next(o for o in organisations if o.id == form.organisation.data)
        declared = organisation.id in {d.organisation_id for d in _declared([person.id])}
        if any(m.organisation_id == organisation.id for m in person.memberships):
            # An admin's colleague who also works for another listed organisation.
            form.organisation.errors = [
                _(
                    "%(name)s 是该单位的人员，不会被指派评审该单位，无须申报。",
                    name=person_text(person.name),
                )
            ]
        elif not declared and _stop_confirmed(form, person, organisation):
            try:
                reached = services.declare_conflict(
                    person, organisation, (form.reason.data or "").strip(), current_user
                )
            except ConflictAlreadyDeclared:  # declared by another request meanwhile
                declared = True
            else:
                db.session().commit()
                flash(_("已申报利益冲突：该评审员不会被指派评审此单位。"), "success")
                for said in _reached_texts(reached):
                    flash(said, "warning")
                return redirect(url_for("reviews.conflicts"))
        if declared:
            form.organisation.errors = [
                _("%(name)s 已申报过与该单位的利益冲突。", name=person_text(person.name))
            ]
    return _page(form, people, declared_now)


def _page(
    form: ConflictForm,
    people: list[User],
    declared_now: list[DeclaredConflict],
    withdrawing: DeclaredConflict | None = None,
) -> str:
    """Render the page; `withdrawing`: the declaration whose withdrawal is asked to confirm."""
    # Offered: the organisations someone listed has not declared yet (a refused choice stays).
    done = _declared_by_all(declared_now, len(people)) - {form.organisation.data}
    offered: list[tuple[int, str]] = list(form.organisation.choices)  # type: ignore[arg-type]
    form.organisation.choices = [c for c in offered if c[0] not in done]
    return render_template(
        "reviews/conflicts.html",
        form=form,
        declared=declared_now,
        withdrawing=withdrawing,
        action_form=ActionForm(),
        people={p.id: p for p in people},
        under_review=_named(people, lambda p: _under_way(p, frozen=False)),
        under_way_frozen=_named(people, lambda p: _under_way(p, frozen=True)),
        submitted=_named(people, lambda p: _not_final(p, frozen=False)),
        frozen=_named(people, lambda p: _not_final(p, frozen=True)),
        finalised=_named(people, lambda p: _final(p)),
    )


@bp.post("/conflicts/<int:declared_id>/withdraw")
@login_required
def withdraw_conflict(declared_id: int) -> str | Response:
    """Withdraw a declaration, once confirmed; only one the user may declare for today."""
    people = declarers(current_user)
    if not people:
        raise NotAllowed("review.conflict_withdrawn")
    declared = db.session().get(DeclaredConflict, declared_id)
    if declared is None or declared.user_id not in {p.id for p in people}:
        if declared is None and ActionForm().validate_on_submit():
            # withdrawn meanwhile (another tab, a colleague admin): said, nothing else changes
            flash(_("该利益冲突申报已撤销（可能在其他窗口中），无须再次操作。"), "warning")
            return redirect(url_for("reviews.conflicts"))
        abort(404)
    form = ActionForm()
    if not form.validate_on_submit():
        return redirect(url_for("reviews.conflicts"))
    if request.form.get("confirmed") != "1":  # asked first, in the page, beside the table
        return _page(_declare_form(people), people, _declared([p.id for p in people]), declared)
    person = next(p for p in people if p.id == declared.user_id)
    organisation = declared.organisation.display_name(current_lang())
    freed = withdraw_declaration(declared, current_user)
    db.session().commit()
    deliver_outbox()  # the leads of a review it had stopped, after the commit
    flash(
        _(
            "已撤销 %(name)s 与%(organisation)s的利益冲突申报：如无其他利益冲突，"
            "可再被指派评审该单位。",
            name=person_text(person.name),
            organisation=organisation,
        ),
        "success",
    )
    if freed:
        flash(
            _(
                "以下评审任务可以继续：%(assignments)s。工作组组长和副组长已收到通知。",
                assignments=_("、").join(named(a) for a in freed),
            ),
            "warning",
        )
    return redirect(url_for("reviews.conflicts"))


def _declare_form(people: list[User]) -> ConflictForm:
    """Return the declaration form, empty, beside a withdrawal asked to confirm."""
    return _with_choices(ConflictForm(formdata=None), people, _organisations(people))


def _with_choices(
    form: ConflictForm, people: list[User], organisations: list[Organisation]
) -> ConflictForm:
    """Fill the form's choices: the declarers, and the organisations of their groups."""
    form.person.choices = [(p.id, person_text(p.name)) for p in people]
    lang = current_lang()
    form.organisation.choices = [(o.id, o.display_name(lang)) for o in organisations]
    return form


def _stop_confirmed(form: ConflictForm, person: User, organisation: Organisation) -> bool:
    """Tell whether the declaration may go: it stops none of her reviews, or she confirmed it.

    Otherwise the confirmation is asked with the review named, the input kept (qa88).
    """
    stopped = [
        a
        for a in rechecks.open_assignments_of(person)
        if a.review.assessment.organisation_id == organisation.id
    ]
    if not stopped or form.stop_review.data:
        return True
    form.stop_review.errors = [
        _(
            "%(name)s 正在评审%(assignment)s：申报后这项评审即停止，不能再保存或提交。"
            "如确实存在利益冲突，请勾选确认，再点击“申报”。",
            name=person_text(person.name),
            assignment=named(stopped[0]),
        )
    ]
    return False


def _under_way(person: User, frozen: bool) -> list[ReviewAssignment]:
    """List her open assignments: in an open year, or `frozen` with a closed or closing one."""
    return [a for a in rechecks.open_assignments_of(person) if rechecks.in_closed_year(a) is frozen]


def _final(person: User) -> list[ReviewAssignment]:
    return [a for a in submitted_assignments_of(person) if a.review.is_final]


def _not_final(person: User, frozen: bool) -> list[ReviewAssignment]:
    """List her submitted reviews not final: held by a declaration, or `frozen` with the year."""
    return [
        a
        for a in submitted_assignments_of(person)
        if not a.review.is_final and year_closed(a.review) is frozen
    ]


def _named(
    people: list[User], assignments_of: Callable[[User], list[ReviewAssignment]]
) -> list[str]:
    """Name the declarers' assignments of one kind, said before a declaration reaches one."""
    return [
        str(_("%(name)s：%(assignment)s", name=person_text(p.name), assignment=named(a)))
        for p in people
        for a in assignments_of(p)
    ]


# What a declaration did to the reviews it reached, one message per kind of DeclaredEffects,
# in this order; each names its reviews as %(assignments)s.
REACHED_TEXTS = (
    (
        "stopped",
        _l(
            "以下评审任务已因此停止：%(assignments)s。该评审员不能再保存或提交这些评审，"
            "已保存的结论保留供工作组组长和副组长查看，但不计入评审结果；工作组组长和副组长已收到通知，"
            "将撤回其指派并另行指派评审员。"
        ),
    ),
    (
        "stopped_frozen",
        _l(
            "年度已关闭，以下评审任务已因此停止，无法继续：%(assignments)s。该评审员不能再保存或提交，"
            "已保存的结论不计入评审结果；秘书处重新开放该年度之前，工作组组长和副组长不能撤回其指派，也不能另行指派。"
            "申报已记入审计日志，工作组组长、副组长和秘书处已收到通知。"
        ),
    ),
    (
        "held",
        _l(
            "以下已提交的评审已退回为未提交，不再计入评审结果，由工作组组长或副组长决定如何处理：%(assignments)s。"
            "工作组组长和副组长已收到通知。"
        ),
    ),
    (
        "frozen",
        _l(
            "年度已关闭，以下已提交的评审不变，仍按已提交计入：%(assignments)s。"
            "申报已记入审计日志，工作组组长、副组长和秘书处已收到通知；"
            "如秘书处重新开放该年度，这项评审将退回为未提交，由工作组组长或副组长处理。"
        ),
    ),
    (
        "final",
        _l("以下评审已定级，结果不变；申报已记录，工作组组长和副组长已收到通知：%(assignments)s。"),
    ),
)


def _reached_texts(reached: DeclaredEffects) -> list[str]:
    """Say what the declaration did to the reviews it reached, one message per kind."""
    return [
        str(text) % {"assignments": _("、").join(names)}
        for kind, text in REACHED_TEXTS
        if (names := getattr(reached, kind))
    ]


def _declared_by_all(declared: list[DeclaredConflict], people: int) -> set[int]:
    """Find the organisations every declarer listed has declared already: none left."""
    by_organisation: dict[int, set[int]] = {}
    for d in declared:
        by_organisation.setdefault(d.organisation_id, set()).add(d.user_id)
    return {org_id for org_id, users in by_organisation.items() if len(users) >= people}


def _declared(user_ids: list[int]) -> list[DeclaredConflict]:
    return list(
        db.session().scalars(
            select(DeclaredConflict)
            .where(DeclaredConflict.user_id.in_(user_ids))
            .order_by(DeclaredConflict.created_at.desc())
        )
    )
