"""Organisation pages: the register (list, create, edit), the detail page and partners."""

from __future__ import annotations

from functools import partial
from typing import Any, TypeVar

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.audit.models import AuditEntry
from rcapp.audit.queries import actor_name, last_change
from rcapp.i18n import current_lang, person_text
from rcapp.organisations import partners, queries, services
from rcapp.organisations.cities import city_in_page_language
from rcapp.organisations.former_names import found_by_former
from rcapp.organisations.forms import (
    OrganisationFilterForm,
    OrganisationForm,
    ParkProfileForm,
    PartnerForm,
    ProfileForm,
    partner_label,
    wrong_groups_text,
)
from rcapp.organisations.group_kinds import GroupKindRefused
from rcapp.organisations.hooks import ORGANISATION_PAGE, open_years, sections_for
from rcapp.organisations.joining_year import date_help, left_out_text, left_out_years
from rcapp.organisations.kind_text import kind_refusal_text
from rcapp.organisations.models import (
    CommitmentStatus,
    Organisation,
    OrganisationKind,
    ValueChainPartner,
)
from rcapp.organisations.provinces import province_in_page_language
from rcapp.organisations.sectors import sector_in_page_language, sector_options_in_page_language
from rcapp.organisations.views import commitment_leave, group_leave, profile_merge, stale
from rcapp.permissions import Action, led_group_ids, require
from rcapp.row_locks import lock_row
from rcapp.rubrics.app_registry import app_registry
from rcapp.rubrics.loader import RubricError
from rcapp.rubrics.model import RubricKind
from rcapp.stale_forms import Merged, merge_stale, shown_values
from rcapp.web import get_or_404, login_required

FormT = TypeVar("FormT", ProfileForm, PartnerForm)
bp = Blueprint("organisations", __name__, url_prefix="/organisations")
bp.add_app_template_global(partner_label)  # the delete button's question names the partner
# The delete form carries the partner's stamp as its row showed it (qa41 D1).
bp.add_app_template_global(partners.partner_stamp, "partner_stamp")
bp.add_app_template_filter(province_in_page_language, "province")
bp.add_app_template_filter(city_in_page_language, "city")
bp.add_app_template_filter(sector_in_page_language, "sector")
bp.add_app_template_global(sector_options_in_page_language, "sector_options")
bp.add_app_template_global(found_by_former)  # a search's results say the former name matched


@bp.get("/")
@login_required
def index() -> str:
    require(current_user, Action.ORG_LIST)
    form = OrganisationFilterForm(request.args)
    form.set_groups(queries.working_groups())
    page = queries.search_organisations(
        filters_from(form), led_groups(), request.args.get("page", 1, type=int), current_lang()
    )
    return render_template("organisations/index.html", form=form, page=page)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create() -> str | Response:
    require(current_user, Action.ORG_CREATE)
    form = _register_form(None)
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(
                form.values(), current_user, form.working_groups.data or []
            )
        except SHOWN_BESIDE_FIELDS as exc:
            _show_error(form, exc)
        else:
            db.session().commit()
            name = organisation.display_name(current_lang())
            flash(_("已添加单位“%(name)s”。", name=name), "success")
            _flash_left_out(organisation)
            return redirect(url_for(".detail", organisation_id=organisation.id))
    elif form.is_submitted():
        _name_duplicates(form, None)
    return render_template("organisations/form.html", form=form, organisation=None)


@bp.get("/<int:organisation_id>")
@login_required
def detail(organisation_id: int) -> str:
    organisation = get_or_404(Organisation, organisation_id)
    require(current_user, Action.ORG_VIEW, organisation)
    return render_template(
        "organisations/detail.html",
        organisation=organisation,
        residents=queries.residents_of(organisation),
        sections=sections_for(ORGANISATION_PAGE, organisation),
        partner_kpi=_partner_kpi_name(),
    )


# The park KPI counting the partners its residents bring in ("1+3").
PARTNER_KPI = "PK-RC-03"


def _partner_kpi_name() -> str:
    """Name the park KPI as the KPI pages do (QA58 10: the page showed its bare code)."""
    try:
        rubric = app_registry().latest(RubricKind.PARK).rubric
    except RubricError:
        return PARTNER_KPI
    names = {kpi.id: kpi.name.get(current_lang()) for kpi in rubric.kpis}
    return names.get(PARTNER_KPI, PARTNER_KPI)


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(organisation_id: int) -> tuple[str, int] | Response:
    organisation = get_or_404(Organisation, organisation_id)
    require(current_user, Action.ORG_EDIT, organisation)
    if request.method == "POST":
        # Two saves at once: the second waits for the first and merges with it (PostgreSQL;
        # SQLite's write lock already does so), not refused as a lost update.
        lock_row(organisation)
    form = (
        _register_form(organisation) if current_user.is_secretariat else _profile_form(organisation)
    )
    status = 200
    if form.validate_on_submit():
        based_on, merged = _version(form), None
        if based_on is not None and based_on != organisation.version:
            # Saved by someone else meanwhile: merged field by field, as the section pages do.
            merged, based_on = _rebase(form, organisation), organisation.version
        groups = form.working_groups.data if isinstance(form, OrganisationForm) else None
        leaving = group_leave.unconfirmed(organisation, groups, request.form)
        if leaving:  # a group running its review would lose it: asked first (qa45 D3)
            # said at the top too: the question sits far down the form (qa62 #1)
            flash(_("尚未保存：移出工作组须先确认，请勾选下方的“确认移出”后再保存。"), "error")
            page = render_template(
                "organisations/form.html", form=form, organisation=organisation, leaving=leaving
            )
            return page, 200  # nothing saved: the form asks
        chosen_status = form.commitment_status.data if isinstance(form, OrganisationForm) else None
        pausing = commitment_leave.unconfirmed(organisation, chosen_status, request.form)
        if pausing:  # QA58 4: what suspending or withdrawing does, asked first
            flash(
                _("尚未保存：更改承诺书状态须先确认，请勾选下方的“确认更改承诺书状态”后再保存。"),
                "error",
            )
            page = render_template(
                "organisations/form.html", form=form, organisation=organisation, pausing=pausing
            )
            return page, 200  # nothing saved: the form asks
        paused_to = commitment_leave.paused_to(organisation, chosen_status)
        paused = (
            ""
            if paused_to is None
            else commitment_leave.pause_text(organisation, paused_to, saved=True)
        )
        left_park = _park_left(form, organisation)
        values = form.values()
        if merged is not None:
            values, groups = profile_merge.keep_stored(values, groups, merged.both, organisation)
        try:
            before = {"name_zh": organisation.name_zh, "name_en": organisation.name_en}
            changed = services.update_organisation(
                organisation, values, current_user, groups, based_on, form.keeps_former_name()
            )
        except services.ProfileChanged:  # saved again between the merge and the write
            _show_changed(form, organisation)
            status = 409  # as every other refused stale save
        except services.GroupsRemovedMeanwhile as removed:
            message = stale.groups_removed_text(organisation, removed.groups)
            db.session().rollback()  # nothing of this save is kept
            flash(message, "error")
            status = 409
        except services.KindChangeRefused as refused:
            if isinstance(form, OrganisationForm):
                form.kind.errors = [*form.kind.errors, kind_refusal_text(refused, form.kind.data)]
        except SHOWN_BESIDE_FIELDS as exc:
            _show_error(form, exc)
        else:
            db.session().commit()
            if merged is not None and merged.both:  # the rest is saved; these wait for the user
                _show_conflicts(form, merged, organisation, saved=bool(changed))
                page = render_template(
                    "organisations/form.html", form=form, organisation=organisation
                )
                return page, 409
            flash(_("单位信息已保存。"), "success")
            replaced = [name for field, name in before.items() if name and field in changed]
            if replaced:
                flash(_renamed_text(replaced, form.keeps_former_name()), "success")
            if paused:
                flash(paused, "warning")
            _flash_left_out(organisation)
            if merged is not None and merged.theirs:
                flash(
                    profile_merge.kept_text(
                        form,
                        merged.theirs,
                        merged.all_own(merged.theirs),
                        profile_merge.merged_by(merged.by, merged.theirs),
                    ),
                    "success",
                )
            if left_park is not None:
                flash(_park_left_text(organisation, left_park), "success")
            return redirect(url_for(".detail", organisation_id=organisation.id))
    elif form.is_submitted():
        _name_duplicates(form, organisation)
    page = render_template("organisations/form.html", form=form, organisation=organisation)
    return page, status


def _renamed_text(before: list[str], kept: bool) -> str:
    """Say what became of the replaced names: kept as former names, or corrected away.

    Each name in its own quotes (qa69 #4): “海澄农化股份有限公司”、“Haicheng …”, not one pair
    around both.
    """
    names = _("、").join(_("“%(label)s”", label=name) for name in before)
    if kept:
        return str(
            ngettext(
                "原名称%(names)s已保留为曾用名。",
                "原名称%(names)s已保留为曾用名。",
                len(before),
                names=names,
            )
        )
    return str(
        ngettext(
            "名称已更正，原名称%(names)s未保留为曾用名。",
            "名称已更正，原名称%(names)s未保留为曾用名。",
            len(before),
            names=names,
        )
    )


def _flash_left_out(organisation: Organisation) -> None:
    """Say when the saved signing date leaves the organisation out of an open round."""
    signed_on = organisation.commitment_signed_on
    years = left_out_years(organisation.commitment_status, signed_on, open_years())
    if years and signed_on is not None:
        flash(left_out_text(signed_on, years), "warning")


def _park_left(form: ProfileForm, organisation: Organisation) -> Organisation | None:
    """Return the park a company made a park is about to leave (None: it stays where it is).

    Read by id, not through `organisation.park`: loaded now, that relationship would keep
    naming the old park after the save changes `park_id` in the same session.
    """
    if not isinstance(form, OrganisationForm) or organisation.park_id is None:
        return None
    # The park field is left as it was (no script) or sent empty: the form's script clears
    # and disables it when the kind becomes park, and a disabled field is not sent.
    chosen = form.park_id.data
    if form.kind.data != OrganisationKind.PARK or chosen not in (None, organisation.park_id):
        return None
    return db.session().get(Organisation, organisation.park_id)


def _park_left_text(organisation: Organisation, park: Organisation) -> str:
    lang = current_lang()
    return str(
        _(
            "“%(name)s”已改为化工园区，不再登记在“%(park)s”内：化工园区不位于另一个化工园区内。",
            name=organisation.display_name(lang),
            park=park.display_name(lang),
        )
    )


@bp.route("/<int:organisation_id>/partners/new", methods=["GET", "POST"])
@login_required
def add_partner(organisation_id: int) -> str | Response:
    organisation = get_or_404(Organisation, organisation_id)
    require(current_user, Action.ORG_EDIT, organisation)
    if organisation.kind is OrganisationKind.PARK:
        # "1+3" is a company's programme; the park's page says so (qa38 S4)
        flash(_("化工园区不登记“1+3”合作伙伴：由入园企业各自登记。"), "warning")
        return redirect(url_for(".detail", organisation_id=organisation.id, _anchor="partners"))
    form = PartnerForm()
    if not form.validate_on_submit():
        _also_duplicate(form, organisation)  # said with the other errors, not a round later
    else:
        try:
            partner = partners.add_partner(organisation, form.values(), current_user)
        except partners.DuplicatePartner as duplicate:  # a field error, input kept
            _show_duplicate(form, duplicate)
        except partners.OwnCreditCode:
            _show_own_code(form)
        else:
            db.session().commit()
            flash(_("已添加合作伙伴“%(name)s”。", name=partner.name), "success")
            return redirect(url_for(".detail", organisation_id=organisation.id, _anchor="partners"))
    return render_template(
        "organisations/partner_form.html", form=form, organisation=organisation, partner=None
    )


def _also_duplicate(form: PartnerForm, organisation: Organisation) -> None:
    """On a refused form, say as well whether the name and code typed repeat a partner."""
    if not form.is_submitted() or form.credit_code.errors:
        return
    typed = {"name": (form.name.data or "").strip(), "credit_code": form.credit_code.data}
    if partners.is_own_code(organisation, typed):
        _show_own_code(form)
    elif not form.name.errors and (duplicate := partners.duplicate_of(organisation, typed)):
        _show_duplicate(form, duplicate)


def _show_duplicate(form: PartnerForm, duplicate: partners.DuplicatePartner) -> None:
    """Say, on the field that matched, which listed partner the input repeats (input kept)."""
    field = form.credit_code if duplicate.by_code else form.name
    field.errors = [
        *field.errors,
        _(
            "本单位已登记合作伙伴%(partner)s，同一合作伙伴不重复登记；如需修改，请编辑已登记的这一条。",
            partner=partner_label(duplicate.existing),
        ),
    ]


def _show_own_code(form: PartnerForm) -> None:
    form.credit_code.errors = [
        *form.credit_code.errors,
        _("这是本单位自己的统一社会信用代码；合作伙伴须为其他单位，请核对。"),
    ]


@bp.route("/<int:organisation_id>/partners/<int:partner_id>/edit", methods=["GET", "POST"])
@login_required
def edit_partner(organisation_id: int, partner_id: int) -> str | tuple[str, int] | Response:
    organisation = get_or_404(Organisation, organisation_id)
    require(current_user, Action.ORG_EDIT, organisation)
    partner = _partner_of(organisation, partner_id)
    if partner is None or _another_partner(organisation, partner):
        return _partner_removed(organisation, partner_id)
    form = PartnerForm(obj=partner)
    if request.method == "GET":
        form.seen.data = partners.partner_stamp(partner)
        form.original.data = shown_values(form, form.compared)
    status = 200
    if form.validate_on_submit():
        seen = form.seen.data if form.seen.name in request.form else None
        try:
            partners.update_partner(partner, form.values(), current_user, seen)
        except partners.PartnerChanged as changed:
            flash(stale.show_changed(form, partner, changed), "error")
            status = 409
        except partners.DuplicatePartner as duplicate:
            _show_duplicate(form, duplicate)
        except partners.OwnCreditCode:
            _show_own_code(form)
        else:
            db.session().commit()
            flash(_("合作伙伴“%(name)s”已保存。", name=partner.name), "success")
            return redirect(url_for(".detail", organisation_id=organisation.id, _anchor="partners"))
    page = render_template(
        "organisations/partner_form.html", form=form, organisation=organisation, partner=partner
    )
    return page, status


def _another_partner(organisation: Organisation, partner: ValueChainPartner) -> bool:
    """Whether a stale page's partner was deleted and its id given to a newer partner.

    Ids are never reused since migration ff232b4dc449; a page opened before it could still
    carry one. A partner whose id the audit log saw deleted is not the one the page showed:
    saving must not present it as "changed", nor overwrite it (qa41 D1).
    """
    seen = request.form.get("seen") if request.method == "POST" else None
    if not seen or seen == partners.partner_stamp(partner):
        return False
    return stale.removed_partner_name(organisation, partner.id) is not None


def _partner_removed(organisation: Organisation, partner_id: int) -> tuple[str, int]:
    """Answer a save of a partner deleted meanwhile: keep the input; saving again adds it."""
    name = stale.removed_partner_name(organisation, partner_id)
    if name is None or request.method != "POST":
        abort(404)
    flash(stale.show_removed(organisation, partner_id, name), "error")
    form = PartnerForm()
    form.validate()  # show the input's own errors too
    action = url_for(".add_partner", organisation_id=organisation.id)
    page = render_template(
        "organisations/partner_form.html",
        form=form,
        organisation=organisation,
        partner=None,
        action=action,
    )
    return page, 409


@bp.post("/<int:organisation_id>/partners/<int:partner_id>/delete")
@login_required
def remove_partner(organisation_id: int, partner_id: int) -> Response:
    organisation = get_or_404(Organisation, organisation_id)
    require(current_user, Action.ORG_EDIT, organisation)
    partner = _partner_of(organisation, partner_id)
    seen = request.form.get("seen")
    if partner is not None and seen and seen != partners.partner_stamp(partner):
        # Changed since the list was shown, or (before ids were never reused) another partner.
        if stale.removed_partner_name(organisation, partner_id) is None:
            flash(stale.changed_not_removed_text(partner), "error")
            return redirect(url_for(".detail", organisation_id=organisation.id, _anchor="partners"))
        partner = None
    if partner is None:  # a double click, or a colleague deleted it first
        name = stale.removed_partner_name(organisation, partner_id)
        if name is None:
            abort(404)
        flash(stale.removed_text(organisation, partner_id, name), "success")
    else:
        removed = partner_label(partner)
        partners.remove_partner(partner, current_user)
        db.session().commit()
        flash(_("已删除合作伙伴%(partner)s。", partner=removed), "success")
    return redirect(url_for(".detail", organisation_id=organisation.id, _anchor="partners"))


def _partner_of(organisation: Organisation, partner_id: int) -> ValueChainPartner | None:
    """Return the partner, None if it is gone; another organisation's partner is a 404."""
    partner = db.session().get(ValueChainPartner, partner_id)
    if partner is not None and partner.organisation_id != organisation.id:
        abort(404)
    return partner


def _register_form(organisation: Organisation | None, **stored: Any) -> OrganisationForm:
    """Build the secretariat's form; `formdata=None` fills it from the stored row only."""
    groups = [g.id for g in organisation.working_groups] if organisation is not None else []
    form = OrganisationForm(obj=organisation, working_groups=groups, **stored)
    form.set_parks(queries.parks(excluding=organisation))
    form.stored_park_id = organisation.park_id if organisation is not None else None
    form.set_groups(queries.working_groups())
    form.commitment_signed_on.description = date_help(open_years())
    return _remember_shown(form)


def _profile_form(organisation: Organisation, **stored: Any) -> ProfileForm:
    kind = ParkProfileForm if organisation.kind is OrganisationKind.PARK else ProfileForm
    return _remember_shown(kind(obj=organisation, **stored))


def _remember_shown(form: FormT) -> FormT:
    if not form.is_submitted():
        form.original.data = shown_values(form, form.compared)
    return form


def _version(form: ProfileForm) -> int | None:
    text = str(form.version.data or "")
    return int(text) if text.isdigit() else None


def _show_changed(form: ProfileForm, organisation: Organisation) -> None:
    """Keep the user's input where it is the user's; take the colleague's changes elsewhere.

    Only fields changed by someone else since the page was opened are marked, and the page
    is now based on the stored row, so saving again cannot undo a change it did not show.
    """
    _rebase(form, organisation)
    flash(
        _(
            "单位信息在您打开本页后已被他人修改，您的修改未保存。请核对标出的字段；再次保存将以您的输入为准。"
        ),
        "error",
    )


def _rebase(form: ProfileForm, organisation: Organisation) -> Merged:
    """Rebase a stale form on the stored row (stale_forms.merge_stale) and mark its fields.

    A field only the colleague changed now shows the stored value, one both changed keeps
    the user's input with the stored value beside it; only these are in question.
    """
    build = _register_form if isinstance(form, OrganisationForm) else _profile_form
    merged = merge_stale(
        form, build(organisation, formdata=None), form.compared, form.original.data
    )
    _based_on_stored(form, organisation)
    # The user's own save in another tab or device is said as such, not as someone else's.
    last = {
        name: last_change("organisation", organisation.id, name, ("update",))
        for name in {*merged.theirs, *merged.both}
    }
    own = {name for name, entry in last.items() if entry and entry.actor_id == current_user.id}
    merged.own_tab = sorted(own)

    def colleague(name: str) -> str | None:
        return _colleague(last[name])

    # who saved each field the user did not: the top message names them as the notes do
    merged.by = {name: colleague(name) for name in last if name not in own}

    stale.mark_taken(form, [n for n in merged.theirs if n not in own], by=colleague)
    stale.mark_taken(form, [n for n in merged.theirs if n in own], mine=True)
    stored = partial(_stored, organisation)
    stale.mark_stored(form, [n for n in merged.both if n in own], stored, mine=True)
    stale.mark_stored(
        form,
        [n for n in merged.both if n not in own],
        stored,
        by=colleague,
    )
    return merged


def _colleague(entry: AuditEntry | None) -> str | None:
    """Name who saved a field last, from its audit entry, as messages name them (None: unknown)."""
    name = None if entry is None else actor_name(entry)
    return person_text(name) if name else None


def _based_on_stored(form: ProfileForm, organisation: Organisation) -> None:
    """Carry the stored row's version and values: a second save writes the user's input."""
    build = _register_form if isinstance(form, OrganisationForm) else _profile_form
    form.version.data = str(organisation.version)
    form.original.data = shown_values(build(organisation, formdata=None), form.compared)


def _show_conflicts(
    form: ProfileForm, merged: Merged, organisation: Organisation, *, saved: bool
) -> None:
    """After the rest of a merged save: the fields both changed wait for the user."""
    _based_on_stored(form, organisation)  # the row as now saved
    own = merged.all_own(merged.both)
    who = profile_merge.merged_by(merged.by, merged.both)
    flash(profile_merge.conflicts_text(len(merged.both), saved=saved, own=own, who=who), "error")


def _stored(organisation: Organisation, name: str) -> object:
    """Return a stored field's value as the page shows it: in its language."""
    if name == "park_id":
        return organisation.park.display_name(current_lang()) if organisation.park else None
    if name == "sector":
        return sector_in_page_language(organisation.sector) or None
    if name == "province":
        return province_in_page_language(organisation.province) or None
    return getattr(organisation, name, None)


def _name_duplicates(form: ProfileForm, organisation: Organisation | None) -> None:
    """On a form refused for other fields, also name a taken credit code or name now.

    The save checks them only once every field is valid; without this a user fixed one
    message and met the next on the following save.
    """
    code = form.credit_code.data if isinstance(form, OrganisationForm) else None
    if code and not form.credit_code.errors:
        existing = services.find_by_credit_code(code)
        if existing is not None and existing is not organisation:
            _show_error(form, services.DuplicateCreditCode(existing))
    for field in ("name_zh", "name_en"):
        name = getattr(form, field).data if hasattr(form, field) else None
        if name and not getattr(form, field).errors:
            taken = services.find_by_name(field, name, organisation)
            if taken is not None:
                _show_error(form, services.DuplicateName(field, taken))


# The services' refusals the form shows beside the field they concern (_show_error).
SHOWN_BESIDE_FIELDS = (
    services.DuplicateCreditCode,
    services.DuplicateName,
    services.InvalidPark,
    GroupKindRefused,
)


def _show_error(form: ProfileForm, exc: Exception) -> None:
    if isinstance(exc, services.DuplicateCreditCode) and isinstance(form, OrganisationForm):
        message = _(
            "统一社会信用代码 %(code)s 已被“%(name)s”使用；同一单位只能登记一次。",
            code=exc.existing.credit_code,
            name=exc.existing.display_name(current_lang()),
        )
        form.credit_code.errors = [*form.credit_code.errors, message]
    elif isinstance(exc, services.DuplicateName):
        field = getattr(form, exc.field)
        message = _(
            "已有单位使用这个名称：“%(name)s”（统一社会信用代码 %(code)s）。"
            "同一单位只能登记一次；如是另一家单位，请填写能区分两者的全称。",
            name=getattr(exc.existing, exc.field),
            code=exc.existing.credit_code,
        )
        field.errors = [*field.errors, message]
    elif isinstance(exc, GroupKindRefused) and isinstance(form, OrganisationForm):
        # a group's kind changed since the form checked it
        text = wrong_groups_text(exc.kind, exc.groups)
        form.working_groups.errors = [*form.working_groups.errors, text]
    elif isinstance(form, OrganisationForm):  # the park is the secretariat's to set
        form.park_id.errors = [*form.park_id.errors, _("请选择一个化工园区，或留空。")]


def led_groups() -> frozenset[int] | None:
    """Return the groups whose members the viewer may list (None: all, for the secretariat)."""
    return None if current_user.is_secretariat else led_group_ids(current_user)


def filters_from(form: OrganisationFilterForm) -> queries.OrganisationFilter:
    kind, status = form.kind.data, form.commitment_status.data
    return queries.OrganisationFilter(
        text=(form.q.data or "").strip(),
        kind=OrganisationKind(kind) if kind in set(OrganisationKind) else None,
        province=form.province.data or "",
        working_group_id=form.working_group.data,
        commitment_status=CommitmentStatus(status) if status in set(CommitmentStatus) else None,
    )
