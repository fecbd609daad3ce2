"""Name KPI inputs, cycles and assessments in the audit log as users know them.

And word a lowered final rating's gates (final_lowering) in the reader's language.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment, ScorecardSnapshot
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.rating_words import vetoed
from rcapp.assessments.snapshots import snapshot_scorecard
from rcapp.assessments.views.gate_words import CapWords
from rcapp.audit.labels import Owner
from rcapp.cycles.models import ReportingCycle
from rcapp.errors import RcappError
from rcapp.i18n import current_lang
from rcapp.organisations.models import Organisation, display_name
from rcapp.rubrics.loader import RubricError
from rcapp.rubrics.model import ItemKind, Rubric
from rcapp.scoring import codec


def _pinned_rubrics(assessment_ids: set[int]) -> dict[int, Rubric]:
    """Load the rubric each assessment is pinned to; leave out those that cannot be loaded."""
    rubrics: dict[int, Rubric] = {}
    for assessment_id in assessment_ids:
        assessment = db.session().get(Assessment, assessment_id)
        if assessment is None:
            continue
        try:
            rubrics[assessment_id] = rubric_of(assessment)
        except (RcappError, RubricError):
            continue
    return rubrics


def kpi_labels(assessment_ids: set[int]) -> dict[int, dict[str, str]]:
    """Map each assessment id to {KPI input id: its label}, so the log says "员工工时"."""
    lang = current_lang()
    return {
        assessment_id: {k.id: k.label.get(lang) for k in rubric.kpi_inputs}
        for assessment_id, rubric in _pinned_rubrics(assessment_ids).items()
    }


def event_type_labels(assessment_ids: set[int]) -> dict[int, dict[str, str]]:
    """Map each assessment id to {event type id: its label} ("一级工艺安全事件")."""
    lang = current_lang()
    return {
        assessment_id: {t.id: t.label.get(lang) for t in rubric.event_types}
        for assessment_id, rubric in _pinned_rubrics(assessment_ids).items()
    }


def yes_no_items(assessment_ids: set[int]) -> dict[int, dict[str, str]]:
    """Map each assessment id to its yes/no items and prerequisites (levels read 是 / 否)."""
    return {
        assessment_id: {
            **{i.id: "" for _s, _e, i in rubric.iter_items() if i.kind is ItemKind.YES_NO},
            **{p.id: "" for p in rubric.prerequisites},
        }
        for assessment_id, rubric in _pinned_rubrics(assessment_ids).items()
    }


def cycle_owners(cycle_ids: set[int]) -> dict[int, Owner]:
    """Name cycles by their year ("2025 年度评价周期"), one query for a page."""
    if not cycle_ids:
        return {}
    rows = db.session().execute(
        select(ReportingCycle.id, ReportingCycle.year).where(ReportingCycle.id.in_(cycle_ids))
    )
    return {cycle_id: Owner("", year) for cycle_id, year in rows}


def assessment_owners(assessment_ids: set[int]) -> dict[int, Owner]:
    """Name assessments by organisation and year ("华彩涂料 2025 年度自评"), one query."""
    if not assessment_ids:
        return {}
    lang = current_lang()
    rows = db.session().execute(
        select(Assessment.id, Organisation.name_zh, Organisation.name_en, ReportingCycle.year)
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .join(ReportingCycle, ReportingCycle.id == Assessment.cycle_id)
        .where(Assessment.id.in_(assessment_ids))
    )
    return {
        assessment_id: Owner(display_name(name_zh, name_en, lang), year)
        for assessment_id, name_zh, name_en, year in rows
    }


def lowered_words(assessment_id: int, stored: dict[str, Any]) -> dict[str, Any]:
    """Word the gates a `final.lowered` entry keeps as data as the result page words them.

    Its vetoed events only serve the words and are not shown. An older entry kept the
    engine's reasons as text, shown as they are; so are gates of a rubric that no longer
    loads (their engine reason).
    """
    shown = {key: value for key, value in stored.items() if key != "vetoes"}
    reasons = stored.get("reasons")
    if not isinstance(reasons, list) or not all(isinstance(r, dict) for r in reasons):
        return shown
    try:
        gates = codec.gates_of(reasons)
        hits = codec.veto_hits_of(stored.get("vetoes") or [])
    except codec.CodecError:
        return {**shown, "reasons": [str(r.get("reason", "")) for r in reasons]}
    rubric = _pinned_rubrics({assessment_id}).get(assessment_id)
    if rubric is None:
        return {**shown, "reasons": [g.reason for g in gates]}
    words = CapWords(rubric, current_lang(), hits)
    return {**shown, "reasons": [words.gate(g).text for g in gates]}


def vetoed_without_star(assessment_ids: set[int]) -> set[int]:
    """Return the assessments whose kept 0-star results a veto left without any star.

    Older audit entries stored such a result as a bare "stars": 0 (audit.labels.old_vetoes).
    An assessment one of whose kept results is a plain 0 星 is left out: its entries cannot
    tell which they were, and keep reading "0".
    """
    if not assessment_ids:
        return set()
    kept_zero = db.session().scalars(
        select(ScorecardSnapshot).where(
            ScorecardSnapshot.assessment_id.in_(assessment_ids),
            ScorecardSnapshot.stars == 0,
            ScorecardSnapshot.rated.is_(True),
        )
    )
    vetoes: set[int] = set()
    plain: set[int] = set()
    for snapshot in kept_zero:
        try:
            rating = snapshot_scorecard(snapshot).rating
        except codec.CodecError:  # written by another codec version: cannot say
            plain.add(snapshot.assessment_id)
            continue
        (vetoes if vetoed(rating) else plain).add(snapshot.assessment_id)
    return vetoes - plain
