"""Page fragments that depend only on the rubric and the language, rendered once each.

A section page repeats, per item, the prompt, the reference, the guidance and the evidence
hint: the same HTML for every organisation, in each language. Templates wrap such HTML in
`{% call rubric_fragment(rubric, lang, 'name', item.id) %}…{% endcall %}`; the block is
rendered the first time and kept with the rubric (`PerObject`). A wrapped block must use
nothing but the rubric, the language and the key: no answers, users or organisations.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from flask import request
from markupsafe import Markup, escape

from rcapp.assessments.facts import AssessmentFacts
from rcapp.assessments.form_data import ItemFields
from rcapp.assessments.models import Assessment
from rcapp.assessments.shown_form import ShownField
from rcapp.assessments.views.blueprint import bp
from rcapp.assessments.views.deadline_words import past_deadline
from rcapp.assessments.views.gate_words import lowered_text
from rcapp.assessments.views.result_page import ResultPage, shown_key
from rcapp.i18n import marked_chinese
from rcapp.object_cache import PerObject
from rcapp.permissions import Action, can
from rcapp.rubrics.model import Rubric, Section
from rcapp.scoring import Scorecard
from rcapp.web import user_object

# A final rating lowered by data resubmitted since (scoring.record), said where it shows.
bp.app_template_global("lowered_text")(lowered_text)

# Two languages × a few hundred items × a few fragments per rubric version in use.
_fragments: PerObject[Rubric, Markup] = PerObject(size=8192)


# The body of a kept snapshot's result page: a few hundred kept pages of some tens of kB.
_result_bodies: PerObject[Scorecard, Markup] = PerObject(size=256)


@bp.app_template_global("rubric_fragment")
def rubric_fragment(rubric: Rubric, lang: str, *key: Hashable, caller: Callable[[], str]) -> Markup:
    """Return the call block's HTML for (`rubric`, `lang`, `key`), rendering it only once."""
    return _fragments.get(rubric, (lang, *key), lambda: Markup(caller()))  # noqa: S704 - rendered by autoescaping Jinja


@bp.app_template_global("result_fragment")
def result_fragment(
    page: ResultPage, rubric: Rubric, lang: str, *key: Hashable, caller: Callable[[], str]
) -> Markup:
    """Return the call block's HTML for a result page, rendered once per kept snapshot.

    A live score is rendered every time. The block may use the page, the rubric, the
    language and the key (the assessment's id for its links), nothing about the user.
    """
    if page.shown.kind is None:
        return Markup(caller())  # noqa: S704 - rendered by autoescaping Jinja
    full = (shown_key(rubric, page.shown, lang), *key)
    return _result_bodies.get(page.card, full, lambda: Markup(caller()))  # noqa: S704 - as above


# The header above every assessment page (who, which year, the tabs): per rubric, a few
# per assessment (language, page, status).
_headers: PerObject[Rubric, Markup] = PerObject(size=4096)


bp.add_app_template_global(past_deadline, "past_deadline")


@bp.app_template_global("assessment_header")
def assessment_header(
    rubric: Rubric,
    lang: str,
    assessment: Assessment,
    section: Section | None,
    caller: Callable[[], str],
) -> Markup:
    """Return the call block's HTML (assessments/_header.html), kept per what it shows."""
    key = header_key(lang, assessment, section)
    return _headers.get(rubric, key, lambda: Markup(caller()))  # noqa: S704 - rendered by autoescaping Jinja


def header_key(
    lang: str, assessment: Assessment | AssessmentFacts, section: Section | None
) -> Hashable:
    """Return the key of everything the assessment header shows, read afresh.

    That is the organisation's name, the year, the status, the page (endpoint, section)
    and whether the user may see the result now.
    """
    return (
        lang,
        request.script_root,  # the links' prefix
        request.endpoint,
        assessment.id,
        assessment.organisation.display_name(lang),
        assessment.cycle.year,
        assessment.status.value,
        None if section is None else section.id,
        can(user_object(), Action.RESULT_VIEW, assessment),
        past_deadline(assessment),  # the header says so beside 草稿 (qa53 M1)
    )


# A section page's form body showing stored answers (some tens of kB each): the pages
# opened most recently, in each language.
_bodies: PerObject[Rubric, Markup] = PerObject(size=128)


@bp.app_template_global("answers_body")
def answers_body(rubric: Rubric, key: Hashable | None, caller: Callable[[], str]) -> Markup:
    """Return the call block's HTML, kept per `key` (None: rendered every time).

    The view builds the key from everything the block reads (`section_body_key`); the
    block must read nothing else: no user, no CSRF token, no flashed message.
    """
    if key is None:
        return Markup(caller())  # noqa: S704 - rendered by autoescaping Jinja
    return _bodies.get(rubric, key, lambda: Markup(caller()))  # noqa: S704 - as above


def section_body_key(
    lang: str,
    section_id: str,
    assessment_id: int,
    answers: Hashable,
    files: Mapping[str, Sequence[Any]],
    notes: Mapping[str, Any],
    *flags: bool,
) -> Hashable:
    """Return a key of everything a section page's form body shows.

    That is the stored answers (`answers`: the rows' key, form_data.ShownSectionData), the
    evidence files (id, name, size), the secretariat's return notes (id and text; never
    edited) and the user's `flags` (may edit, may upload).
    """
    return (
        "section",
        lang,
        request.script_root,  # the links' prefix
        section_id,
        assessment_id,
        flags,
        answers,
        # Each file's row (id, item, name, size, type: queries.attachments_of_items) as a tuple.
        tuple((item_id, tuple(map(tuple, found))) for item_id, found in sorted(files.items())),
        tuple((item_id, note.id, note.comment) for item_id, note in sorted(notes.items())),
    )


# A shown item's whole markup (prompt, fields, evidence): per rubric, language, the item's
# stored answer and files. About 2 kB each: some hundred section pages' worth per process.
_items: PerObject[Rubric, Markup] = PerObject(size=4096)


@bp.app_template_global("answered_item")
def answered_item(
    rubric: Rubric,
    lang: str,
    item: ItemFields,
    files: Sequence[Any],
    note: Any,
    *flags: Hashable,
    caller: Callable[[], str],
) -> Markup:
    """Return the call block's HTML for one item showing stored answers, kept per content.

    The key is everything the block may read: the rubric, the language, the item's fields
    (names and stored values), its evidence files (id, name, size), the secretariat's
    return note (id and text; notes are never edited) and `flags` (the item's id, the
    assessment's id, whether the user may edit and upload). A field bound to posted input
    (a refused save shown again, with errors) is always rendered.
    """
    fields = [getattr(item, part.name) for part in dataclasses.fields(item)]
    if any(field is not None and not isinstance(field, ShownField) for field in fields):
        return Markup(caller())  # noqa: S704 - rendered by autoescaping Jinja
    key = (
        "item",
        lang,
        request.script_root,  # the links' prefix
        flags,
        tuple(None if f is None else (f.name, f.data) for f in fields),
        tuple((a.id, a.original_name, a.size) for a in files),
        None if note is None else (note.id, note.comment),
    )
    return _items.get(rubric, key, lambda: Markup(caller()))  # noqa: S704 - as above


# An answer field's markup around the stored value: per rubric, language, item field,
# editable or not, and what shapes the markup (a level, a yes/no, whether a text is empty).
_shown_fields: PerObject[Rubric, tuple[str, ...]] = PerObject(size=16384)

# Stands for a stored text while its field's markup is rendered once; answers never hold
# it (a private-use character), and a rendering holding it other than once is not kept.
_HOLE = "\ue000"


@bp.app_template_global("shown_field")
def shown_field(
    macro: Callable[..., Markup], rubric: Rubric, lang: str, field: Any, *args: Any, **kwargs: Any
) -> Markup:
    """Return `macro(field, *args, **kwargs)`, kept per shape when `field` shows a stored answer.

    A bound field (a refused save shown again, with errors and the user's input) is always
    rendered through the macro. The arguments past the field must depend only on the
    rubric, the language and the field (the item's levels, the help text, `can_edit`);
    those that are not text, booleans or None are taken as following from the rubric and
    the field's name, and left out of the key.
    """
    if not isinstance(field, ShownField):
        return macro(field, *args, **kwargs)
    text = field.type not in ("BooleanField", "RadioField")
    filled = bool(field.data) if text else field.data
    # Other arguments (the item's levels) follow from the rubric and the field's name.
    named = tuple((k, v) for k, v in kwargs.items() if v is None or isinstance(v, (bool, str)))
    plain = (*(a for a in args if a is None or isinstance(a, (bool, str))), *named)
    shape = (getattr(macro, "name", ""), field.name, lang, filled, plain)

    def render() -> tuple[str, ...]:
        sample = copy.copy(field)
        if text and filled:
            sample.data = _HOLE
        return tuple(str(macro(sample, *args, **kwargs)).split(_HOLE))

    parts = _shown_fields.get(rubric, shape, render)
    if len(parts) == 1:
        return Markup(parts[0])  # noqa: S704 - rendered by autoescaping Jinja
    if len(parts) == 2 and text and filled:
        # Shown as page text (read-only), Chinese typed text is marked as such on an
        # English page, as the `zh` filter does; in a textarea or an attribute it cannot be.
        stored = marked_chinese if _in_element_text(parts[0]) else escape
        return Markup(parts[0]) + stored(str(field.data)) + Markup(parts[1])  # noqa: S704 - as above
    return macro(field, *args, **kwargs)


def _in_element_text(before: str) -> bool:
    """Whether markup ending in `before` continues with an element's text (not a textarea's)."""
    tag = before.rfind("<")
    if tag == -1:
        return True
    if before.find(">", tag) == -1:  # inside the tag: an attribute's value
        return False
    return not before.startswith("<textarea", tag)
