"""Three-way merge of a refused stale form: what the page showed, what is stored, what was typed.

A page refused because someone saved meanwhile must not flag fields only its user changed,
nor keep its own stale copy of a field only the colleague changed: a second save would then
quietly undo the colleague's change. The page carries the values it was opened with in a
hidden field (`shown_values`), so each field can be told apart:

- changed only by the colleague: the re-shown form takes the stored value (not the user's
  input, so nothing typed is lost);
- changed by both, differently: the user's input stays and the stored value is shown;
- changed only by the user: nothing to say, a second save writes it;
- changed by both alike: nothing to say.

`mark_taken` and `mark_stored` put the words for the first two under the fields; the
organisation, partner, event and KPI-target forms all use them, and so do the answer pages
(a section's items, the KPI inputs: forms.RubricForm.apply_conflicts) item by item.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from wtforms import Form


def _plain(data: Any) -> Any:
    """Return a field's value as JSON keeps and compares it: the typed value, not its spelling."""
    if data is None or data == "":
        return None
    if isinstance(data, list | tuple | set | frozenset):
        return sorted(str(_plain(item)) for item in data)
    if isinstance(data, enum.Enum):
        return _plain(data.value)
    if isinstance(data, dt.date):
        return data.isoformat()
    # Browsers send a textarea's line breaks as CRLF, whatever the stored text has.
    return str(data).replace("\r\n", "\n")


def shown_values(form: Form, names: Iterable[str]) -> str:
    """Return what the hidden field keeps of the values a page shows (JSON)."""
    return shown_json({name: form[name].data for name in names})


def shown_json(data: Mapping[str, Any]) -> str:
    """Return `shown_values` of fields given as form data (as a bound field would hold it)."""
    return json.dumps({name: _plain(value) for name, value in data.items()}, ensure_ascii=False)


def _read(text: str | None) -> dict[str, Any] | None:
    try:
        values = json.loads(text or "")
    except ValueError:
        return None
    return values if isinstance(values, dict) else None


def typed_since_shown(form: Form, names: Iterable[str], shown: str | None) -> list[str]:
    """Return the fields of `names` whose input differs from what the page showed (`shown`).

    A page that did not say what it showed (an older page): every field with input counts.
    """
    original = _read(shown) or {}
    return [
        name
        for name in names
        if _plain(form[name].data) != original.get(name)
        and (name in original or _plain(form[name].data) not in (None, False))
    ]


@dataclass
class Merged:
    """Fields changed since the page was opened: `theirs` only, `both` differently, or `mine`.

    `mine`: only the user changed them; nothing to say, but the user has something to save.
    `own_tab`: of `theirs` and `both`, those the user saved himself meanwhile (another tab or
    window), where the caller knows who saved (the audit log): said as his, not someone else's.
    """

    theirs: list[str] = field(default_factory=list)
    both: list[str] = field(default_factory=list)
    mine: list[str] = field(default_factory=list)
    own_tab: list[str] = field(default_factory=list)
    # Of `theirs` and `both` not in `own_tab`: who saved each, named as messages name people,
    # where the caller knows (the audit log); None for a save it did not see.
    by: dict[str, str | None] = field(default_factory=dict)

    def all_own(self, names: Iterable[str]) -> bool:
        """Whether every one of `names` (at least one) was saved by the user himself."""
        listed = list(names)
        return bool(listed) and all(name in self.own_tab for name in listed)


def merge_stale(form: Form, stored: Form, names: Iterable[str], shown: str | None) -> Merged:
    """Rebase the refused `form` on `stored`: the same form, filled from the stored row.

    `shown` is the page's `shown_values`; a field it does not hold (an older page) counts as
    changed on both sides when the input differs from the stored value.
    """
    original = _read(shown) or {}
    merged = Merged()
    for name in names:
        mine, theirs = _plain(form[name].data), _plain(stored[name].data)
        known, was = name in original, original.get(name)
        if theirs == mine:
            continue  # both alike, or nobody changed it
        if known and theirs == was:
            merged.mine.append(name)
            continue
        if known and mine == was:
            form[name].data = stored[name].data
            form[name].raw_data = None  # render the stored value, not the posted text
            merged.theirs.append(name)
        else:
            merged.both.append(name)
    return merged


def mark_taken(
    form: object,
    names: list[str],
    mine: bool = False,
    by: Callable[[str], str | None] | None = None,
) -> None:
    """Say under each named field that it now shows what someone else saved meanwhile.

    `mine`: the user saved it themself, in another window, tab or device (qa18 S9). `by`
    names who saved a field last, when known (as mark_stored's).
    """
    for name in names:
        found = getattr(form, name, None)
        if found is not None:
            who = None if mine or by is None else by(name)
            found.errors = [*found.errors, taken_text(mine, who)]


def mark_merged(
    form: object,
    merged: Merged,
    stored: Callable[[str], object],
    mine: bool = False,
    who: str | None = None,
) -> None:
    """Mark the fields of a refused row one person saved meanwhile: `who`, or the user (`mine`).

    The field notes then say what the page's top message says of the whole row.
    """
    mark_taken(form, merged.theirs, mine=mine, by=lambda _name: who)
    mark_stored(form, merged.both, stored, mine=mine, by=lambda _name: who)


def taken_text(mine: bool = False, who: str | None = None) -> str:
    """Say that a field now shows what someone (`who`, when known) saved meanwhile."""
    if mine:
        return str(_("此项已在您的另一窗口、标签页或设备中修改，现已显示修改后的值。"))
    if who:
        return str(_("此项在您打开本页后已被 %(name)s 修改，现已显示修改后的值。", name=who))
    return str(_("此项在您打开本页后已被他人修改，现已显示修改后的值。"))


def mark_stored(
    form: object,
    names: list[str],
    stored: Callable[[str], object],
    mine: bool = False,
    by: Callable[[str], str | None] | None = None,
) -> None:
    """Put "changed meanwhile, stored: ..." under each named field of `form` (`mine`: as above).

    `by` names who saved a field last (from the audit log), when known: the words name them.
    """
    for name in names:
        found = getattr(form, name, None)
        if found is not None:
            value = stored(name)
            # a text ending its own sentence ("…复核。") gets no second 。 after it (qa53)
            value = "—" if value in (None, "") else str(value).removesuffix("。")
            who = None if mine or by is None else by(name)
            if who:
                message = _(
                    "此项在您打开本页后已被 %(name)s 修改，现存：%(value)s。", name=who, value=value
                )
            elif mine:
                message = _(
                    "此项已在您的另一窗口、标签页或设备中修改，现存：%(value)s。", value=value
                )
            else:
                message = _("此项在您打开本页后已被他人修改，现存：%(value)s。", value=value)
            found.errors = [*found.errors, message]
