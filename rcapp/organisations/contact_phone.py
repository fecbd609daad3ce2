"""The contact phone on-site reviewers call: a mainland mobile or a landline with area code.

Pure: no Flask. `normalise_phone` returns the number written one way (so the mail, the
page and the workbook agree), or None when it is neither kind:

- a mobile: 11 digits starting with 1 ("+86" / "0086" before it allowed) → 138-0000-1234;
- a landline: 0, an area code (010, 02x: three digits; else four), 7 or 8 digits, and an
  optional extension after 转 / 分机 / ext / x / # or a last hyphen → 0571-88881234-123.

Spaces, hyphens, dots and brackets (full-width too) between the digits are allowed.
"""

from __future__ import annotations

import re
import unicodedata

_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$", re.IGNORECASE)
# A landline written with hyphens and a hyphenated extension: 0571-88881234-123.
_HYPHEN_EXTENSION = re.compile(r"^(\(?0\d{2,3}\)?[\s-]*\d{3,4}[\s-]?\d{4})-(\d{1,6})$")
_SEPARATORS = re.compile(r"[\s\-().]")
_MOBILE = re.compile(r"^(?:\+?86|0086)?(1\d{10})$")
_LANDLINE = re.compile(r"^0\d{9,11}$")


def normalise_phone(text: str) -> str | None:
    """Return `text` as a mobile or landline written one way, or None when it is neither."""
    typed = unicodedata.normalize("NFKC", text).strip()
    extension = ""
    found = _EXTENSION.search(typed) or _HYPHEN_EXTENSION.match(typed)
    if found is not None:
        extension = found.group(found.lastindex or 1)
        typed = typed[: found.start()] if found.re is _EXTENSION else found.group(1)
    digits = _SEPARATORS.sub("", typed)
    mobile = _MOBILE.match(digits)
    if mobile is not None and not extension:
        number = mobile.group(1)
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    if _LANDLINE.match(digits) is None:
        return None
    area_length = 3 if digits[1] in "12" else 4  # 010 and 020-029; others 0xxx
    area, local = digits[:area_length], digits[area_length:]
    if not 7 <= len(local) <= 8:
        return None
    return f"{area}-{local}" + (f"-{extension}" if extension else "")


def tel_uri(number: str) -> str:
    """Return a stored number as a tel: link dials it (the extension after a pause: ",")."""
    parts = number.split("-")
    if number.startswith("0") and len(parts) == 3:  # a landline with its extension
        return f"tel:{parts[0]}{parts[1]},{parts[2]}"
    return "tel:" + "".join(parts)
