"""A section page showing stored answers, kept whole per what it shows.

The form body, the assessment header and the navigation are each kept already
(fragments.py, web.kept_nav), but rendering the page around them (base layout, title,
table of contents, language switch) still cost more than the rest of the request. The
whole page is kept per the keys of those three parts, read afresh on this request, plus
what only the page around them reads: the user's name and the request's path (the
language switch links back to it). The CSRF token differs per session and request: the
page is kept split where the token stands and joined around the current one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from flask import request, session

from rcapp.assessments.facts import AssessmentFacts
from rcapp.assessments.form_data import ShownSectionData
from rcapp.assessments.models import Assessment
from rcapp.assessments.views.fragments import header_key, section_body_key
from rcapp.csrf_token import csrf_token
from rcapp.object_cache import PerObject
from rcapp.rubrics.model import Rubric, Section
from rcapp.web import nav_key, user_object

# Whole pages of some tens of kB: the section pages opened most recently.
_pages: PerObject[Rubric, tuple[bytes, ...] | None] = PerObject(size=64)


def shown_section_keys(
    assessment: Assessment | AssessmentFacts,
    section: Section,
    lang: str,
    stored: ShownSectionData,
    shown: tuple[Mapping[str, Sequence[Any]], Mapping[str, Any]],
    *flags: bool,
    notice: Hashable = None,
) -> tuple[Hashable, Hashable | None]:
    """Return the keys of a section page showing `stored`: its form body's and its own.

    `shown` is the evidence files and return notes the page shows; `flags` whether the
    user may edit and upload; `notice` the lock notice a read-only page shows
    (lock_words.LockNotice). The page's key is None when it is not kept (page_key).
    """
    files, notes = shown
    body = section_body_key(lang, section.id, assessment.id, stored.key(), files, notes, *flags)
    key = page_key(body, assessment, section, lang)
    if any(item.same_figure_as for element in section.elements for item in element.items):
        key = None  # its notes show KPI data, which the key does not hold (same_figure_words)
    return body, None if key is None else (key, notice)


def page_key(
    body_key: Hashable, assessment: Assessment | AssessmentFacts, section: Section, lang: str
) -> Hashable | None:
    """Return the whole page's key: `body_key` (fragments.section_body_key) and the frame's.

    None when the page is not kept: flashed messages are waiting, or the navigation is
    not kept (web.nav_key).
    """
    navigation = nav_key()
    if navigation is None or session.get("_flashes"):
        return None
    return (
        "page",
        body_key,
        header_key(lang, assessment, section),
        navigation,
        user_object().name,
        request.full_path,
    )


def kept_only(rubric: Rubric, key: Hashable) -> bytes | None:
    """Return the page kept for `key` with this session's CSRF token, None if none is."""
    parts = _pages.find(rubric, key)
    if parts is None:
        return None
    return csrf_token().encode().join(parts)


def kept_section_page(rubric: Rubric, key: Hashable | None, render: Callable[[], str]) -> bytes:
    """Return the page `render()` gives, UTF-8, kept per `key` (page_key; None: not kept)."""
    if key is None:
        return render().encode()
    token = csrf_token()
    rendered: list[str] = []

    def build() -> tuple[bytes, ...] | None:
        page = render()
        rendered.append(page)
        # Everything typed that the page shows is in the key: if the token is not there,
        # each place it stands is a token. (Typed text holding it, pasted: not kept.)
        if token in repr(key):
            return None
        # Kept encoded: encoding some 60,000 characters costs more than the rest of a hit.
        return tuple(part.encode() for part in page.split(token))

    parts = _pages.get(rubric, key, build)
    if parts is not None:
        return token.encode().join(parts)
    return (rendered[0] if rendered else render()).encode()
