"""Shared SVG scaffolding for the charts: the document root, value grid and axis labels.

Pure (no flask): every chart is standalone SVG text with its own CJK-first font stack, a
<title> and a <desc> (referenced by aria-labelledby) and presentation attributes only, so
the pages' strict Content-Security-Policy and WeasyPrint's PDF renderer both accept it.
ElementTree does the escaping of every label and value.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - used to build SVG, never to parse input
from collections.abc import Iterable
from decimal import Decimal

SVG_NS = "http://www.w3.org/2000/svg"
# CJK first, as on the pages (static/css/app.css), so PDFs and screens use the same fonts.
FONT_FAMILY = (
    "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, "
    "Microsoft YaHei, WenQuanYi Micro Hei, sans-serif"
)


def format_value(value: Decimal | None, missing_text: str = "—") -> str:
    return missing_text if value is None else f"{value:.1f}"


def svg_root(
    *, width: int, height: int, font_size: str, id_prefix: str, title: str, desc: str
) -> ET.Element:
    """Make the <svg> element with its <title> and <desc>; `id_prefix` keeps ids unique."""
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {width} {height}",
            "width": str(width),
            "height": str(height),
            "role": "img",
            "aria-labelledby": f"{id_prefix}-title {id_prefix}-desc",
            "font-family": FONT_FAMILY,
            "font-size": font_size,
        },
    )
    ET.SubElement(root, "title", {"id": f"{id_prefix}-title"}).text = title
    ET.SubElement(root, "desc", {"id": f"{id_prefix}-desc"}).text = desc
    return root


def value_grid(
    root: ET.Element,
    ticks: Iterable[tuple[float, str]],
    *,
    left: int,
    right: int,
    label_gap: int,
    label_fill: str,
    grid: dict[str, str],
) -> None:
    """Horizontal grid lines from x=`left` to x=`right`, each labelled left of the axis."""
    group = ET.SubElement(root, "g", grid)
    for y, text in ticks:
        ET.SubElement(
            group,
            "line",
            {"x1": str(left), "x2": str(right), "y1": f"{y:.1f}", "y2": f"{y:.1f}"},
        )
        label = ET.SubElement(
            root,
            "text",
            {
                "x": str(left - label_gap),
                "y": f"{y + 4:.1f}",
                "text-anchor": "end",
                "fill": label_fill,
            },
        )
        label.text = text


def category_label(root: ET.Element, x: float, y: int, text: str, fill: str) -> None:
    """Add a label centred under the x axis at `x`."""
    label = ET.SubElement(
        root, "text", {"x": f"{x:.1f}", "y": str(y), "text-anchor": "middle", "fill": fill}
    )
    label.text = text
