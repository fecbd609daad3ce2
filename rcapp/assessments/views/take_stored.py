"""Beside a conflict's note: take what a colleague saved meanwhile, in one step, no retyping.

A refused save shows the user's input over the colleague's stored one (forms.apply_conflicts);
to keep the stored content the user had to type it back by hand. This link opens the page
afresh (a GET, no script needed) at the item, so it shows what is stored; the page's unsaved
input is not kept, and the note and the link both say so.
"""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from markupsafe import Markup, escape

from rcapp.assessments.views.blueprint import bp
from rcapp.i18n import gettext as _


@bp.app_template_global("take_stored_link")
def take_stored_link(form: Any, field: Any, anchor: str, context: str = "") -> Markup | None:
    """Return the link to the stored content when `field` carries a conflict's note, else None.

    `anchor`: the element id the reloaded page scrolls to (the item, the KPI row); `context`
    (the item's code) follows the link text for screen readers, where it repeats per item.
    """
    subject = getattr(form, "conflict_fields", {}).get(getattr(field, "name", None))
    if subject is None:
        return None
    # The refused page has the page's own address: a link differing only in its #anchor
    # would scroll, not reload. The stored version (the field now holds it) makes it differ,
    # each conflict anew; the page ignores it.
    version = form.field_for(subject, "version")
    stored = None if version is None else version.data
    href = url_for(
        str(request.endpoint), **(request.view_args or {}), stored=stored, _anchor=anchor
    )
    hidden = Markup(' <span class="visually-hidden">%s</span>') % context if context else ""
    return Markup('<p class="take-stored"><a class="button secondary" href="%s">%s%s</a></p>') % (
        href,
        escape(_("采用现存内容，放弃我的输入")),
        hidden,
    )
