"""Who gave a review reason: "副组长裁定（郑凯）", "评审员：林静、于涛".

One wording for the final page, the scorecard PDF and the results workbook: a settlement
reason names its settler in the role they settle in, a reviewer reason its reviewers. The
documents read plain text (`person_text`); the pages a marked name (`person` filter).
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup

from rcapp.i18n import person_name, person_text
from rcapp.reviews.outcome_rows import Reason
from rcapp.reviews.settlers import Settler

NameFn = Callable[[str], str]


def settler_text(settler: Settler, name: NameFn = person_text) -> str:
    """Name who settled an item, in the role they settle it in (settlers.Settler)."""
    if settler.role == "lead":
        return str(_("组长裁定（%(name)s）", name=name(settler.name)))
    if settler.role == "deputy":
        return str(_("副组长裁定（%(name)s）", name=name(settler.name)))
    if settler.role == "secretariat":
        return str(_("秘书处裁定（%(name)s）", name=name(settler.name)))
    if settler.name:
        return str(_("裁定人：%(name)s", name=name(settler.name)))
    return str(_("已裁定"))


def reason_author(reason: Reason, name: NameFn = person_text) -> str:
    """Name who gave the reason: its settler, or the reviewers who gave this very text."""
    if reason.settled_by is not None:
        return settler_text(reason.settled_by, name)
    names = str(_("、")).join(name(n) for n in reason.reviewers)
    return str(ngettext("评审员：", "评审员：", len(reason.reviewers))) + names


def attributed(reason: Reason) -> str:
    """Put the reason's author in front of it, for one line of a document cell."""
    return str(_("%(name)s：", name=reason_author(reason))) + reason.text


def _marked_name(name: str) -> str:
    return str(person_name(name))


def settler_markup(settler: Settler) -> Markup:
    """Template global: settler_text with the name marked (the page's `person` filter).

    The words are the catalogue's and every name is escaped by `person_name`.
    """
    return Markup(settler_text(settler, _marked_name))  # noqa: S704 - see the docstring


def reason_author_markup(reason: Reason) -> Markup:
    """Template global: reason_author with the names marked, as settler_markup."""
    return Markup(reason_author(reason, _marked_name))  # noqa: S704 - see settler_markup
