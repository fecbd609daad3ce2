"""Chemical formulas in KPI names written with their subscripts: SO₂, NOₓ, NH₃-N, t CO₂e.

The rubrics write "SO2", "NOx" (plain text, as typed); the CJK font of the PDFs has no
subscript digits (₂), so pages and PDFs mark the digits and the x up as <sub> instead, a
chart's SVG text as a lowered, smaller <tspan>, and a workbook as rich text runs with a
subscript font. Only the formulas listed are
marked, and only in rubric text (KPI names and units): never what a user typed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - used to build SVG, never to parse input

from markupsafe import Markup, escape

# A known formula as a whole word (not inside "NOXIOUS", "CO2ABC" or an id like "SO2-01"'s
# digits of another word); its digits and x are the subscripts. CO2e is carbon dioxide
# equivalent; NH3-N ammonia nitrogen.
_FORMULA = re.compile(r"(?<![A-Za-z0-9])(SO|NO|CO|NH)(2|x|3)(?=e\b|-N\b|[^A-Za-z0-9]|$)")
_KNOWN = frozenset({("SO", "2"), ("NO", "2"), ("NO", "x"), ("CO", "2"), ("NH", "3")})


def formula_runs(text: str) -> list[tuple[str, bool]]:
    """Split `text` into runs, each (text, is a subscript): "SO2 t" → SO, 2 (sub), " t"."""
    runs: list[tuple[str, bool]] = []
    at = 0
    for match in _FORMULA.finditer(text):
        if (match[1], match[2]) not in _KNOWN:
            continue
        runs.append((text[at : match.start(2)], False))
        runs.append((match[2], True))
        at = match.end(2)
    runs.append((text[at:], False))
    return [run for run in runs if run[0]]


def formula_markup(text: object) -> Markup:
    """Template filter `formulas`: escape `text`, then mark its formulas' subscripts <sub>."""
    if text is None:
        return Markup("")
    return Markup("").join(
        Markup("<sub>%s</sub>") % part if sub else escape(part)
        for part, sub in formula_runs(str(text))
    )


def formula_text(element: ET.Element, text: str) -> None:
    """Write `text` into an SVG text `element`, each subscript a lowered, smaller <tspan>.

    `dy` rather than baseline-shift: WeasyPrint and the browsers both honour it; the next
    run is raised back by as much.
    """
    element.text = ""
    last: ET.Element | None = None
    lowered = False
    for part, sub in formula_runs(text):
        if sub:
            last = ET.SubElement(element, "tspan", {"dy": "3", "font-size": "75%"})
            last.text, lowered = part, True
        elif last is None:
            element.text = part
        else:
            last = ET.SubElement(element, "tspan", {"dy": "-3"} if lowered else {})
            last.text, lowered = part, False
