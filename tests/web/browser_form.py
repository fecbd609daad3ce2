"""Read a rendered HTML form back into the fields a browser would submit unchanged."""

from __future__ import annotations

import lxml.html  # type: ignore[import-untyped]  # lxml ships no type information


def submitted_values(html: str, form_index: int = -1) -> list[tuple[str, str]]:
    """(name, value) pairs of a form as a browser posts it when nothing is touched.

    Checked boxes and radios, selected options (or the first option), text inputs and
    text areas; buttons and unchecked boxes are left out, as a browser leaves them.
    """
    document = lxml.html.fromstring(html)
    forms = [f for f in document.forms if f.method.upper() == "POST"]
    form = forms[form_index]
    pairs: list[tuple[str, str]] = []
    for element in form.inputs:
        name = element.get("name")
        if not name:
            continue
        if element.tag == "select":
            selected = [o for o in element.findall(".//option") if o.get("selected") is not None]
            chosen = selected or element.findall(".//option")[:1]
            pairs.extend((name, o.get("value", o.text or "")) for o in chosen)
        elif element.tag == "textarea":
            pairs.append((name, element.text or ""))
        else:
            kind = (element.get("type") or "text").lower()
            if kind in ("submit", "button", "file"):
                continue
            if kind in ("checkbox", "radio") and element.get("checked") is None:
                continue
            pairs.append((name, element.get("value", "on" if kind == "checkbox" else "")))
    return pairs
