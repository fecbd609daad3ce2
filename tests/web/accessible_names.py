"""Accessible names read from rendered HTML, as a screen reader lists fields, links and buttons.

A small part of the W3C accessible-name computation, enough for rcapp's markup: aria-label,
aria-labelledby, a field's <label for>, a fieldset's legend, an element's own text. Text
hidden from assistive technology (aria-hidden) is left out; visually hidden text is kept.
"""

from __future__ import annotations

from typing import Any

import lxml.html  # type: ignore[import-untyped]  # lxml ships no type information


def document(html: str) -> Any:
    return lxml.html.fromstring(html)


def _text(element: Any) -> str:
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.get("aria-hidden") == "true":
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return " ".join("".join(parts).split())


def visible_text(element: Any) -> str:
    """The text shown on the screen: without visually hidden spans."""
    copy = lxml.html.fromstring(lxml.html.tostring(element, with_tail=False))
    for hidden in copy.xpath(".//*[contains(concat(' ', @class, ' '), ' visually-hidden ')]"):
        hidden.drop_tree()
    return " ".join(copy.text_content().split())


def name_of(element: Any) -> str:
    """The accessible name of a field, fieldset, link or button."""
    root = element.getroottree().getroot()
    if element.get("aria-labelledby"):
        ids = element.get("aria-labelledby").split()
        return " ".join(_text(root.get_element_by_id(i)) for i in ids)
    if element.get("aria-label"):
        return " ".join(element.get("aria-label").split())
    if element.tag == "fieldset":
        legend = element.find("legend")
        return _text(legend) if legend is not None else ""
    if element.tag in ("input", "select", "textarea"):
        field_id = element.get("id")
        labels = [lab for lab in root.iter("label") if field_id and lab.get("for") == field_id]
        labels += list(element.iterancestors("label"))
        return " ".join(_text(label) for label in labels)
    return _text(element)
