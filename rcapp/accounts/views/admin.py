"""User administration: the secretariat's users area and each organisation's own users page."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.accounts import elsewhere, queries, services, unused_accounts
from rcapp.accounts.deactivations import Deactivation, StoppedBySecretariat, deactivations_of
from rcapp.accounts.forms import (
    BAD_EMAIL,
    ROLE_LABELS,
    DeactivateForm,
    JoinForm,
    MemberForm,
    RoleForm,
    UserForm,
    UserSearchForm,
    role_in_sentence,
)
from rcapp.accounts.hooks import invitation_mailer
from rcapp.accounts.models import Membership, OrgRole, User
from rcapp.accounts.views import role_changes
from rcapp.db import utcnow
from rcapp.errors import InvalidState
from rcapp.i18n import current_lang
from rcapp.organisations import queries as org_queries
from rcapp.organisations.models import Organisation
from rcapp.permissions import Action, can, require
from rcapp.web import beijing_time, get_or_404, login_required

bp = Blueprint("users", __name__)


@bp.get("/admin/users")
@login_required
def index() -> str:
    require(current_user, Action.USERS_MANAGE)
    form = UserSearchForm(request.args)
    status = form.status.data
    page = queries.search_users(
        (form.q.data or "").strip(),
        queries.UserStatus(status) if status in set(queries.UserStatus) else None,
        request.args.get("page", 1, type=int),
    )
    return render_template("accounts/users.html", form=form, page=page, role_labels=ROLE_LABELS)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@login_required
def create() -> str | Response:
    require(current_user, Action.USERS_MANAGE)
    form = UserForm(organisation_id=request.args.get("organisation_id", type=int))
    form.set_organisations(org_queries.all_organisations())
    if form.validate_on_submit():
        account = _create_account(form, form.organisation_id.data)
        if account is not None:
            if account.invitation_token is not None:
                return _invitation_sent(account.user, account.invitation_token)
            db.session().commit()
            flash(
                _("已创建用户 %(email)s；首次登录后须修改初始密码。", email=account.user.email),
                "success",
            )
            return redirect(url_for(".index", q=account.user.email))
    return render_template("accounts/user_form.html", form=form, join_target=_join_target(form))


@bp.route(
    "/admin/users/<int:user_id>/<any(deactivate, reactivate):change>", methods=["GET", "POST"]
)
@login_required
def set_active(user_id: int, change: str) -> str | Response:
    """Reactivate at once; deactivate only from the confirmation page, which says what follows."""
    user = get_or_404(User, user_id)
    require(current_user, Action.USERS_MANAGE)
    done = url_for(".index", q=user.email)
    reason = None
    if change == "deactivate":
        asked = _ask_first(user, done)
        if not isinstance(asked, Confirmed):
            return asked
        reason = asked.reason
    elif request.method != "POST":
        abort(405)
    _change_active(
        user,
        change == "reactivate",
        lambda active: services.set_user_active(user, active, current_user, reason),
    )
    return redirect(done if change == "deactivate" else request.referrer or done)


@dataclass(frozen=True)
class Confirmed:
    """The confirmed deactivation, with the reason given (if any)."""

    reason: str | None


def _ask_first(user: User, done: str) -> str | Response | Confirmed:
    """Return the confirmation page (or a redirect) unless this is the confirmed POST.

    The page says what follows and works without script; a stopped account is left as it is.
    """
    if not user.is_active:  # a second click, or stopped by a colleague meanwhile
        flash(_("%(name)s（%(email)s）的账号已停用。", name=user.name, email=user.email), "success")
        return redirect(done)
    if user.id == current_user.id:
        flash(_("不能停用自己的账号。"), "error")
        return redirect(done)
    form = DeactivateForm()
    confirmed = form.confirmed.data == "1"
    if form.validate_on_submit() and confirmed:
        return Confirmed(form.reason.data or None)
    return render_template(
        "accounts/deactivate_user.html",
        user=user,
        # A confirmed POST refused (a reason too long) shows what was typed, with the error.
        form=form if confirmed else DeactivateForm(formdata=None),
        group_roles=queries.group_roles_of(user),
        action=request.path,
        cancel=done,
    )


def _change_active(user: User, active: bool, change: Callable[[bool], None]) -> None:
    """Apply the change and say plainly what it did."""
    try:
        change(active)
    except services.SelfLockout:
        flash(_("不能停用自己的账号。"), "error")
        return
    except StoppedBySecretariat as refused:
        flash(stopped_by_secretariat_text(user, refused.deactivation), "error")
        return
    db.session().commit()
    who = {"name": user.name, "email": user.email}
    if active:
        flash(_("已启用 %(name)s（%(email)s）的账号，该用户可以重新登录。", **who), "success")
    else:
        flash(
            _("已停用 %(name)s（%(email)s）的账号：该用户不能再登录，已登录的会话已结束。", **who),
            "success",
        )


@bp.post("/admin/users/<int:user_id>/invite")
@login_required
def invite(user_id: int) -> Response:
    user = get_or_404(User, user_id)
    require(current_user, Action.USERS_MANAGE)
    if not user.is_active:
        flash(_inactive_invitation(user), "error")
        return redirect(request.referrer or url_for(".index", q=user.email))
    token = services.issue_invitation(user, current_user)
    return _invitation_sent(user, token)


@bp.get("/organisations/<int:organisation_id>/users")
@login_required
def organisation_users(organisation_id: int) -> str:
    organisation = get_or_404(Organisation, organisation_id)
    require(current_user, Action.ORG_MANAGE_USERS, organisation)
    return render_members(organisation, MemberForm())


@bp.post("/organisations/<int:organisation_id>/users")
@login_required
def add_member(organisation_id: int) -> str | Response:
    organisation = get_or_404(Organisation, organisation_id)
    require(current_user, Action.ORG_MANAGE_USERS, organisation)
    form = MemberForm()
    if form.validate_on_submit():
        if _owner_elsewhere(form, organisation) is None:
            account = _create_account(form, organisation.id)
            if account is not None and account.invitation_token is not None:
                return _invitation_sent(
                    account.user, account.invitation_token, organisation, added=True
                )
        owner = _owner_elsewhere(form, organisation)  # also one created since the check
        if owner is not None:
            return _tried_elsewhere(owner, form, organisation)
    return render_members(organisation, form)


def _owner_elsewhere(form: MemberForm, organisation: Organisation) -> User | None:
    """Return the address's account when it is not the admin's to see (no member here).

    The secretariat sees every account, so it is told whose the address is instead.
    """
    if current_user.is_secretariat:
        return None
    owner = services.find_user_by_email(form.email.data or "")
    return owner if elsewhere.belongs_elsewhere(owner, organisation.id) else None


def _tried_elsewhere(owner: User, form: MemberForm, organisation: Organisation) -> Response:
    """Answer as for a new address; tell the owner and the audit log (accounts.elsewhere)."""
    elsewhere.record_attempt(owner, organisation.id, OrgRole(form.role.data), current_user)
    mailer = invitation_mailer()
    if mailer is not None:
        mailer.attempted(owner, organisation, current_user)
    db.session().commit()
    if mailer is not None:
        mailer.committed()
    invitee = elsewhere.invitee_as_typed(form.name.data or "", form.email.data or "")
    return _link_page(
        invitee, elsewhere.stand_in_token(), organisation, mailer is not None, added=True
    )


@bp.post("/organisations/<int:organisation_id>/users/<int:user_id>/role")
@login_required
def change_role(organisation_id: int, user_id: int) -> Response | tuple[str, int]:
    membership = _membership(organisation_id, user_id)
    demoted = _no_longer_admin(membership.organisation)
    if demoted is not None:
        return demoted
    form = RoleForm()
    if not form.validate_on_submit() and set(form.errors) != {"reason"}:
        abort(400)
    wanted = OrgRole(form.role.data)
    typed = {user_id: form.reason.data or ""}
    if form.reason.errors:  # too long: said, and the row keeps the choice and the text
        flash(form.reason.errors[0], "error")
        return render_members(membership.organisation, MemberForm(), {user_id: wanted}, typed), 400
    shown = form.shown.data if form.shown.name in request.form else None
    if role_changes.is_overtaken(membership, shown, wanted):
        # The row's form now shows the stored role as its basis and the user's choice.
        flash(role_changes.role_changed_text(membership), "error")
        page = render_members(membership.organisation, MemberForm(), {user_id: wanted}, typed)
        return page, 409
    before = membership.role
    try:
        services.change_member_role(membership, wanted, current_user, form.reason.data)
    except services.SelfLockout:
        flash(_("不能修改自己的角色，请另一位管理员操作。"), "error")
    except InvalidState:
        flash(_deactivated_role_text(membership.user), "error")
    else:
        db.session().commit()
        flash(_role_changed_text(membership.user, before, wanted), "success")
    return redirect(url_for(".organisation_users", organisation_id=organisation_id))


@bp.route(
    "/organisations/<int:organisation_id>/users/<int:user_id>/<any(deactivate, reactivate):change>",
    methods=["GET", "POST"],
)
@login_required
def set_member_active(organisation_id: int, user_id: int, change: str) -> str | Response:
    membership = _membership(organisation_id, user_id)
    require(current_user, Action.ORG_MANAGE_USERS, membership.organisation)
    done = url_for(".organisation_users", organisation_id=organisation_id)
    services.check_member_active_allowed(membership, current_user)  # before asking
    reason = None
    if change == "deactivate":
        asked = _ask_first(membership.user, done)
        if not isinstance(asked, Confirmed):
            return asked
        reason = asked.reason
    elif request.method != "POST":
        abort(405)
    _change_active(
        membership.user,
        change == "reactivate",
        lambda active: services.set_member_active(membership, active, current_user, reason),
    )
    return redirect(done)


def _role_changed_text(user: User, before: OrgRole, after: OrgRole) -> str:
    """Name the old and the new role (qa60 #8); a choice of the same role changed nothing."""
    if before is after:
        role = role_in_sentence(after)
        return str(_("%(name)s 的角色仍是%(role)s，未作修改。", name=user.name, role=role))
    return str(
        _(
            "%(name)s 的角色已由%(before)s改为%(after)s。",
            name=user.name,
            before=role_in_sentence(before),
            after=role_in_sentence(after),
        )
    )


def _deactivated_role_text(user: User) -> str:
    return str(_("%(name)s 的账号已停用，不能修改角色；如需修改，请先启用该账号。", name=user.name))


def stopped_by_secretariat_text(user: User, deactivation: Deactivation) -> str:
    """Say who stopped the account, when and why, and who can start it again."""
    when = beijing_time(deactivation.at)
    if deactivation.reason:
        return str(
            _(
                "%(name)s（%(email)s）的账号由秘书处于 %(time)s停用（原因：%(reason)s），"
                "只有秘书处可以重新启用。如需恢复，请联系秘书处。",
                name=user.name,
                email=user.email,
                time=when,
                reason=deactivation.reason,
            )
        )
    return str(
        _(
            "%(name)s（%(email)s）的账号由秘书处于 %(time)s停用，只有秘书处可以重新启用。"
            "如需恢复，请联系秘书处。",
            name=user.name,
            email=user.email,
            time=when,
        )
    )


@bp.post("/organisations/<int:organisation_id>/users/<int:user_id>/invite")
@login_required
def invite_member(organisation_id: int, user_id: int) -> Response:
    membership = _membership(organisation_id, user_id)
    require(current_user, Action.ORG_MANAGE_USERS, membership.organisation)
    if membership.user.password_hash is not None:
        abort(409)  # the colleague has a password already; only the secretariat resets it
    if not membership.user.is_active:
        flash(_inactive_invitation(membership.user), "error")
        return redirect(url_for(".organisation_users", organisation_id=organisation_id))
    token = services.issue_invitation(membership.user, current_user)
    return _invitation_sent(membership.user, token, membership.organisation)


def _inactive_invitation(user: User) -> str:
    """Say why no link is issued: a stopped account's invitation link would not open."""
    return str(_("%(email)s 的账号已停用，邀请链接无法使用；请先启用该账号。", email=user.email))


def _create_account(form: MemberForm, organisation_id: int | None) -> services.NewAccount | None:
    """Create the account from the form; on a taken e-mail, put the error next to the field."""
    issue_password = isinstance(form, UserForm) and form.access.data == "password"
    try:
        return services.create_account(
            form.email.data or "",
            form.name.data or "",
            current_user,
            password=form.password.data if isinstance(form, UserForm) and issue_password else None,
            is_secretariat=isinstance(form, UserForm) and bool(form.is_secretariat.data),
            organisation_id=organisation_id,
            role=OrgRole(form.role.data),
            language=form.language.data,
        )
    except services.InvalidEmail:  # the form checks it first: a caller that did not
        form.email.errors = [str(BAD_EMAIL)]
        return None
    except services.DuplicateEmail:
        email = form.email.data or ""
        if isinstance(form, UserForm):  # the secretariat's users area: sees every account
            form.email.errors = [_taken_text_for_secretariat(email)]
        elif current_user.is_secretariat:  # on this organisation's page, below the join form
            form.email.errors = [_taken_text_on_organisation_page(email, organisation_id)]
        else:
            form.email.errors = [_duplicate_text(email, organisation_id)]
        return None


def _taken_text_for_secretariat(email: str) -> str:
    """Say whose account the e-mail is and how the secretariat adds it to an organisation."""
    existing = services.find_user_by_email(email)
    if existing is None:  # pragma: no cover - DuplicateEmail found it a moment ago
        return str(_("电子邮箱 %(email)s 已有账号。", email=email))
    belongs = _belongs_text(existing)
    return _single_stops(
        _(
            "电子邮箱 %(email)s 已有账号（%(name)s）。%(belongs)s"
            "如需让其加入某个单位，请打开该单位的用户页面，在“添加已有账号”中填写此电子邮箱。",
            email=existing.email,
            name=existing.name,
            belongs=belongs,
        )
    )


def _taken_text_on_organisation_page(email: str, organisation_id: int | None) -> str:
    """Name the account, and the "Add an existing account" form above that adds it here."""
    existing = services.find_user_by_email(email)
    if existing is None or organisation_id is None:  # pragma: no cover - found a moment ago
        return _taken_text_for_secretariat(email)
    if not elsewhere.belongs_elsewhere(existing, organisation_id):
        return _duplicate_text(email, organisation_id)  # a member already
    return _single_stops(
        _(
            "电子邮箱 %(email)s 已有账号（%(name)s）。%(belongs)s"
            "如需让其加入本单位，请使用上方的“添加已有账号”。",
            email=existing.email,
            name=existing.name,
            belongs=_belongs_text(existing),
        )
    )


# A sentence that ends on a name ending in a full stop ("Co., Ltd.") got a second one.
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def _single_stops(text: str) -> str:
    return _DOUBLE_STOP.sub(".", str(text))


def _belongs_text(existing: User) -> str:
    lang = current_lang()
    names = [m.organisation.display_name(lang) for m in existing.memberships]
    if existing.is_secretariat:
        names.insert(0, str(_("秘书处")))
    if not names:
        return str(_("该账号目前不属于任何单位。"))
    return str(_("该账号属于：%(organisations)s。", organisations=str(_("、")).join(names)))


def _join_target(form: UserForm) -> Organisation | None:
    """Return the chosen organisation when the taken e-mail's account is not in it yet."""
    if not form.email.errors or form.organisation_id.data is None:
        return None
    existing = services.find_user_by_email(form.email.data or "")
    organisation = db.session().get(Organisation, form.organisation_id.data)
    if existing is None or organisation is None:
        return None
    if any(m.organisation_id == organisation.id for m in existing.memberships):
        return None
    return organisation


def _duplicate_text(email: str, organisation_id: int | None) -> str:
    """Name why the e-mail is taken; a repeated "add" (double click) finds the new member."""
    existing = services.find_user_by_email(email)
    if existing is not None:
        email = existing.email  # as stored ("li.qiang@…"), not as typed ("LI.QIANG@…")
    member = (
        organisation_id is not None
        and existing is not None
        and not elsewhere.belongs_elsewhere(existing, organisation_id)
    )
    if member and existing is not None and not existing.is_active:  # qa60 #5
        return str(
            _(
                "%(email)s 已是本单位成员（%(name)s），但账号已停用。如需恢复，请在上方用户列表中"
                "该行点“启用”（由秘书处停用的账号须联系秘书处）。",
                email=email,
                name=existing.name,
            )
        )
    if member and existing is not None and existing.password_hash is None:
        return str(
            _(
                "%(email)s 已是本单位成员（例如刚刚添加），尚未设置密码；邀请链接只显示一次，"
                "如未保存，请在成员列表中点“生成新的邀请链接”。",
                email=email,
            )
        )
    if member:
        return str(_("%(email)s 已是本单位成员。", email=email))
    # Not shown: an account elsewhere gets the page a new address gets (add_member).
    return str(_("电子邮箱 %(email)s 已有账号。", email=email))


def _membership(organisation_id: int, user_id: int) -> Membership:
    membership = queries.find_membership(organisation_id, user_id)
    if membership is None:
        # Same answer whether the organisation or the membership is missing.
        organisation = get_or_404(Organisation, organisation_id)
        require(current_user, Action.ORG_MANAGE_USERS, organisation)
        abort(404)
    return membership


def _no_longer_admin(organisation: Organisation) -> Response | None:
    """Tell an admin whose own role was changed meanwhile why nothing happened (qa41 S5).

    Two admins demoting each other at once: the second is no admin any more. A bare 403
    said nothing of it; anyone else without the right still gets the 403.
    """
    if can(current_user, Action.ORG_MANAGE_USERS, organisation):
        return None
    own = queries.find_membership(organisation.id, current_user.id)
    text = None if own is None else role_changes.own_role_changed_text(own)
    if text is not None:
        flash(text, "error")
        return redirect(url_for("organisations.detail", organisation_id=organisation.id))
    require(current_user, Action.ORG_MANAGE_USERS, organisation)  # the 403 as before
    return None


def render_members(
    organisation: Organisation,
    form: MemberForm,
    chosen: dict[int, OrgRole] | None = None,
    reasons: dict[int, str] | None = None,
    join_form: JoinForm | None = None,
) -> str:
    """`chosen`, `reasons`: a refused role change's choice and reason, shown again in its row."""
    memberships = queries.memberships_of(organisation)
    unused = [m.user for m in memberships if unused_accounts.never_used(m.user)]
    mailer = invitation_mailer()
    return render_template(
        "accounts/organisation_users.html",
        organisation=organisation,
        memberships=memberships,
        invitations=queries.newest_invitations([u.id for u in unused]),
        # the newest invitation mail each unused account's address could not be sent (qa60 #1)
        mail_failures=mailer.failures([u.email for u in unused]) if mailer is not None else {},
        correctable={m.user_id for m in memberships if unused_accounts.may_correct(m)},
        now=utcnow(),
        form=form,
        role_form=RoleForm(formdata=None),
        role_labels=ROLE_LABELS,
        chosen=chosen or {},
        reasons=reasons or {},
        join_form=join_form or JoinForm(formdata=None, prefix="join"),
        deactivations=deactivations_of(m.user_id for m in memberships if not m.user.is_active),
    )


def _invitation_sent(
    user: User, token: str, organisation: Organisation | None = None, *, added: bool = False
) -> Response:
    """E-mail the invitation, commit, and show the link once for passing it on otherwise.

    Only the link's hash is stored, so the page cannot show it again.
    """
    mailer = invitation_mailer()
    if mailer is not None:
        mailer.queue(user, token, organisation, current_user)
    db.session().commit()
    if mailer is not None:
        mailer.committed()  # delivery runs on the queue, after the commit that stored it
    return _link_page(user, token, organisation, mailer is not None, added=added)


def _link_page(
    invitee: User | elsewhere.Invitee,
    token: str,
    organisation: Organisation | None,
    mailed: bool,
    *,
    added: bool = False,
) -> Response:
    """Show the link once, on a page the browser does not store.

    `added`: an organisation's admin added the address, which may belong to an account
    elsewhere; the page says what happens then, in the same words either way (qa60 #4).
    """
    url = url_for("accounts.accept_invitation", token=token, _external=True)
    page = render_template(
        "accounts/invitation_link.html",
        invitee=invitee,
        url=url,
        days=services.INVITATION_DAYS,
        organisation=organisation,
        mailed=mailed,
        added=added and organisation is not None and not current_user.is_secretariat,
    )
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response
