"""What a stale partner or organisation page is told: who changed or deleted what meanwhile.

Who comes from the audit log (the partner and membership tables keep no author); the
user's own input stays in the form, a field only someone else changed shows the stored value,
and the stored value is shown beside each field both changed (rcapp.stale_forms).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user

from rcapp.audit.queries import (
    Hand,
    actor_name,
    after_of,
    before_of,
    last_change,
    last_hand,
    recent_changes,
)
from rcapp.audit.whose import mark_fields, whose_text
from rcapp.i18n import current_lang, someone
from rcapp.organisations.forms import RELATION_LABELS, PartnerForm
from rcapp.organisations.models import (
    Organisation,
    PartnerRelation,
    ValueChainPartner,
    WorkingGroup,
)
from rcapp.organisations.partners import PartnerChanged
from rcapp.stale_forms import mark_stored as mark_stored  # the views mark fields with these
from rcapp.stale_forms import mark_taken as mark_taken
from rcapp.stale_forms import merge_stale, shown_values

CHANGES = ("partner.add", "partner.update")
REMOVAL = ("partner.remove",)


def _hand(organisation_id: int, partner_id: int, actions: tuple[str, ...]) -> Hand | None:
    """Tell whose hand last did one of `actions` to the partner (None: the audit log saw none)."""
    field = f"partner:{partner_id}"
    return last_hand("organisation", organisation_id, field, actions, current_user.id)


def removed_partner_name(organisation: Organisation, partner_id: int) -> str | None:
    """Return the name a deleted partner of `organisation` had; None: there was none."""
    entry = last_change("organisation", organisation.id, f"partner:{partner_id}", REMOVAL)
    if entry is None:
        return None
    before = before_of(entry)
    return str(before.get("name", "")) if isinstance(before, dict) else ""


def removed_text(organisation: Organisation, partner_id: int, name: str) -> str:
    def named(who: str) -> str:
        return str(_("合作伙伴“%(partner)s”已被 %(name)s 删除。", partner=name, name=who))

    return whose_text(
        _hand(organisation.id, partner_id, REMOVAL),
        mine=_("您已在另一窗口、标签页或设备中删除合作伙伴“%(partner)s”。", partner=name),
        named=named,
        unknown=named(someone(None)),
    )


def changed_not_removed_text(partner: ValueChainPartner) -> str:
    """Say that a stale delete did nothing: the partner was changed after the list was shown."""

    def named(who: str) -> str:
        return str(
            _(
                "合作伙伴“%(partner)s”在您打开本页后已被 %(name)s 修改，未删除；"
                "请核对修改后的记录，如仍要删除请再次删除。",
                partner=partner.name,
                name=who,
            )
        )

    return whose_text(
        _hand(partner.organisation_id, partner.id, CHANGES),
        mine=_(
            "您已在另一窗口、标签页或设备中修改合作伙伴“%(partner)s”，未删除；"
            "请核对修改后的记录，如仍要删除请再次删除。",
            partner=partner.name,
        ),
        named=named,
        unknown=named(someone(None)),
    )


def show_removed(organisation: Organisation, partner_id: int, name: str) -> str:
    """Say the partner is gone; saving the kept input again adds it anew (the user decides)."""
    return (
        removed_text(organisation, partner_id, name)
        + " "
        + str(_("您的修改未保存，仍显示在此；再次保存将把它作为新的合作伙伴重新添加。"))
    )


def show_changed(form: PartnerForm, partner: ValueChainPartner, changed: PartnerChanged) -> str:
    """Mark the fields others changed meanwhile; the page is now based on the stored partner."""
    form.seen.data = changed.stamp
    stored_form = PartnerForm(formdata=None, obj=partner)
    merged = merge_stale(form, stored_form, form.compared, form.original.data)
    form.original.data = shown_values(stored_form, form.compared)
    # who saved it last, from the audit log: the notes under the fields say the same
    hand = _hand(partner.organisation_id, partner.id, CHANGES)
    mark_fields(form, merged, lambda name: _shown(partner, name), hand)
    return whose_text(
        hand,
        mine=_(
            "您已在另一窗口、标签页或设备中修改合作伙伴“%(partner)s”，本页的修改未保存，"
            "仍显示在此。请核对标出的字段；再次保存将以本页的输入为准。",
            partner=partner.name,
        ),
        named=lambda name: _changed_text(partner, name),
        unknown=_changed_text(partner, someone(None)),
    )


def _changed_text(partner: ValueChainPartner, name: str) -> str:
    return str(
        _(
            "合作伙伴“%(partner)s”在您打开本页后已被 %(name)s 修改，您的修改未保存，仍显示在此。"
            "请核对标出的字段；再次保存将以您的输入为准。",
            partner=partner.name,
            name=name,
        )
    )


def groups_removed_text(organisation: Organisation, groups: list[WorkingGroup]) -> str:
    """Name each group another edit removed while this one was saved, and who removed it."""
    lang = current_lang()
    said = [
        str(
            _(
                "工作组“%(group)s”已在您提交的同时被 %(name)s 移出本单位。",
                group=f"{group.code} {group.display_name(lang)}",
                name=_group_remover(organisation, group.code),
            )
        )
        for group in groups
    ]
    kept = _("您的修改未保存，仍显示在此；请核对后再次保存。")
    return " ".join([*said, str(kept)])


def _group_remover(organisation: Organisation, code: str) -> str:
    """Return who last took `code` out of the organisation's groups, as the audit log says."""
    entries = recent_changes("organisation", organisation.id, "working_groups", ("update",))
    for entry in entries:
        before, after = before_of(entry) or [], after_of(entry) or []
        if code in before and code not in after:
            return someone(actor_name(entry))
    return str(_("其他用户"))


def _shown(partner: ValueChainPartner, name: str) -> object:
    value = getattr(partner, name)
    if isinstance(value, PartnerRelation):
        return RELATION_LABELS[value]
    return value
