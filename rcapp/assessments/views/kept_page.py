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

from collections.abc import Callable, Hashable

from flask import request, session
from flask_wtf.csrf import generate_csrf

from rcapp.assessments.models import Assessment
from rcapp.assessments.views.fragments import header_key
from rcapp.object_cache import PerObject
from rcapp.rubrics.model import Rubric, Section
from rcapp.web import nav_key, user_object

# Whole pages of some tens of kB: the section pages opened most recently.
_pages: PerObject[Rubric, tuple[bytes, ...] | None] = PerObject(size=64)


def kept_section_page(
    rubric: Rubric,
    body_key: Hashable,
    assessment: Assessment,
    section: Section,
    lang: str,
    render: Callable[[], str],
) -> bytes:
    """Return the page `render()` gives, UTF-8, kept per `body_key` and the frame's keys.

    `body_key` is the form body's key (fragments.section_body_key). A page with flashed
    messages waiting, or whose navigation is not kept, is rendered every time.
    """
    navigation = nav_key()
    if navigation is None or session.get("_flashes"):
        return render().encode()
    key = (
        "page",
        body_key,
        header_key(lang, assessment, section),
        navigation,
        user_object().name,
        request.full_path,
    )
    token: str = generate_csrf()
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
