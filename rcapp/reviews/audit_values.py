"""Levels, ratings and people as the reviews package stores them in the audit log.

A yes/no item's level is stored as true/false (the log shows 是 / 否) under "answer", not as
"成熟度等级 1"; an N/A verdict as "na" (不适用). Pure: no queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rcapp.accounts.models import User
from rcapp.assessments.rating_words import logged_stars
from rcapp.reviews.rules import Verdict
from rcapp.rubrics.model import ItemKind, Rubric
from rcapp.scoring import GateKind, Scorecard

# Longest corrective-action text kept in an entry's field; the whole text is on the page.
ACTION_TEXT_CHARS = 60


def shown(verdict: Verdict | None, yes_no: bool) -> Any:
    """Return a verdict as stored: a yes/no item's as true/false, others as they are."""
    if yes_no and isinstance(verdict, int) and not isinstance(verdict, bool):
        return bool(verdict)
    return verdict


def level_entry(verdict: Verdict | None, yes_no: bool) -> dict[str, Any]:
    """Return {"level": 3}, or {"answer": true} for a yes/no item."""
    if yes_no and isinstance(verdict, int):
        return {"answer": bool(verdict)}
    return {"level": verdict}


def yes_no_items(rubric: Rubric) -> frozenset[str]:
    return frozenset(i.id for _s, _e, i in rubric.iter_items() if i.kind is ItemKind.YES_NO)


def levels_of(
    verdicts: Mapping[str, Verdict], item_ids: Iterable[str], binary: frozenset[str]
) -> dict[str, Any]:
    """Map each of `item_ids` to its stored level (the "accept the rest" list)."""
    return {i: shown(verdicts.get(i), i in binary) for i in item_ids}


def person(user: User) -> str:
    """Name a person inside a stored value, where the log cannot look the id up: name (e-mail)."""
    return f"{user.name} ({user.email})"


def rating_entry(card: Scorecard, rating: str) -> dict[str, Any]:
    """Return a rating as stored: which one, score, stars, held by the peer-review gate."""
    capped = any(g.kind is GateKind.PEER_REVIEWED for g in card.rating.binding)
    return {
        "rating": rating,
        "overall": card.overall,
        **logged_stars(card.rating),  # 未评定（一票否决）, not 0 (qa55 #1)
        "capped": capped,
    }


def short(text: str, limit: int = ACTION_TEXT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
