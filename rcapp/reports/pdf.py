"""HTML to PDF with WeasyPrint behind a URL fetcher that only serves our own static files.

A report template may name a stylesheet or font under /static/ from an allow-list; any other
URL (a local file, the network, a data: URL, another static file) is refused, so text typed
by a user can never make the renderer read the disk or reach a server.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

logger = logging.getLogger(__name__)

# The base URL every report is rendered against; it resolves nowhere on the network.
BASE_URL = "https://rcapp.invalid/"
STATIC_PREFIX = "/static/"
PRINT_CSS = "/static/css/print.css"
ALLOWED_STATIC = frozenset({"css/print.css"})


class RefusedURL(ValueError):
    """A template asked for a URL outside the allow-list."""


@dataclass(frozen=True)
class StaticResource:
    url: str
    body: bytes
    mime_type: str


def fetch_static(
    url: str, static_dir: Path, allowed: Collection[str] = ALLOWED_STATIC
) -> StaticResource:
    """Serve `url` if it names an allowed file under /static/; raise RefusedURL otherwise."""
    relative = _allowed_path(url, allowed)
    root = static_dir.resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise RefusedURL(url)
    mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return StaticResource(url, path.read_bytes(), mime_type)


def _allowed_path(url: str, allowed: Collection[str]) -> str:
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    path = unquote(parts.path)
    relative = path.removeprefix(STATIC_PREFIX)
    if (
        (parts.scheme, parts.netloc) != (base.scheme, base.netloc)
        or parts.query
        or not path.startswith(STATIC_PREFIX)
        or relative not in allowed
    ):
        logger.warning("PDF renderer refused %s", url[:200])
        raise RefusedURL(url[:200])
    return relative


def restricted_fetcher(static_dir: Path, allowed: Collection[str] = ALLOWED_STATIC) -> Any:
    """Return a WeasyPrint URLFetcher that only serves `fetch_static` answers."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # late: loading Pango is slow

    class _StaticOnly(URLFetcher):  # type: ignore[misc] # WeasyPrint ships no types
        def fetch(self, url: str, headers: Any = None) -> Any:
            found = fetch_static(url, static_dir, allowed)
            return URLFetcherResponse(found.url, found.body, {"Content-Type": found.mime_type})

    return _StaticOnly(allowed_protocols=("https",), allow_redirects=False)


def html_to_pdf(html: str, static_dir: Path, allowed: Collection[str] = ALLOWED_STATIC) -> bytes:
    """Render `html` to PDF bytes; fonts come from the system (fontconfig), subset."""
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    document = HTML(
        string=html, base_url=BASE_URL, url_fetcher=restricted_fetcher(static_dir, allowed)
    )
    # Tagged (headings, tables, the chart a figure with its title as alternative text): an
    # untagged scorecard read to a screen reader as one run of text (QA39 S2). Measured on
    # the demo scorecard: 2.0–2.6 s either way, 7–9 % larger.
    result: bytes = document.write_pdf(pdf_tags=True)
    return result
