"""Serve a kept section page without loading the assessment's ORM objects.

A section page shown before is kept whole (kept_page.py) under the keys of what it shows,
read afresh on every request. Those keys and the permission checks need only a few
columns of the assessment, its organisation and its cycle (facts.py): this reads them as
plain values, checks the same rules and builds the same keys, and answers with the kept
page. Anything else (no such page kept, an assessment missing or not allowed, a section
not in the rubric, a user who is not a member of the organisation nor the secretariat)
goes the ordinary way, which loads the ORM objects, checks again and renders.
"""

from __future__ import annotations

from rcapp.assessments import queries
from rcapp.assessments.facts import assessment_facts
from rcapp.assessments.form_data import ShownSectionData
from rcapp.assessments.returns import latest_item_comments
from rcapp.assessments.views.kept_page import kept_only, shown_section_keys
from rcapp.assessments.views.locked import notice_for
from rcapp.i18n import current_lang
from rcapp.permissions import Action, can, grants_of
from rcapp.web import user_object


def kept_section(assessment_id: int, section_id: str) -> bytes | None:
    """Return the kept section page this request would show, None to render it as usual."""
    facts = assessment_facts(assessment_id)
    if facts is None:
        return None
    user = user_object()
    if not user.is_authenticated:
        return None
    # A lead's rights depend on the organisation's working groups, read through the ORM.
    if not user.is_secretariat and grants_of(user).org_role(facts.organisation_id) is None:
        return None
    if not can(user, Action.ASSESSMENT_VIEW, facts):
        return None
    can_edit = can(user, Action.ASSESSMENT_EDIT, facts)
    rubric = queries.pinned_rubric(facts.rubric_id, facts.rubric_version, facts.rubric_sha256)
    section = next((s for s in rubric.sections if s.id == section_id), None)
    if section is None:
        return None
    subjects = [item.id for element in section.elements for item in element.items]
    answers, files = queries.section_rows(facts, subjects, section.id)
    stored = ShownSectionData(section, answers)
    shown = (files, latest_item_comments(facts))
    _body, key = shown_section_keys(
        facts,
        section,
        current_lang(),
        stored,
        shown,
        can_edit,
        can(user, Action.EVIDENCE_UPLOAD, facts),
        notice=None if can_edit else notice_for(facts),
    )
    return None if key is None else kept_only(rubric, key)
