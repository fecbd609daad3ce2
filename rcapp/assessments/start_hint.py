"""The overview's "where to start" panel: when a draft is nearly empty, and from which level.

The level from which the rubric asks for evidence is read from the rubric: it differs by
version (version 2 wants an uploaded file from level 3, version 1 evidence, a note or a file).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rcapp.assessments.completeness import SectionProgress
from rcapp.rubrics.model import Rubric

# A draft is "nearly empty" while fewer than this share of its items are answered.
NEARLY_EMPTY_PERCENT = 10


def nearly_empty(progress: Sequence[SectionProgress]) -> bool:
    """Tell whether fewer than NEARLY_EMPTY_PERCENT % of the items are answered."""
    done = sum(row.done for row in progress if not row.is_na)
    total = sum(row.total for row in progress if not row.is_na)
    return total > 0 and done * 100 < total * NEARLY_EMPTY_PERCENT


@dataclass(frozen=True)
class EvidenceLevel:
    """The level from which most items need evidence; `file` when it must be a file."""

    level: int
    file: bool
    uniform: bool  # every item with a rule has this level


def evidence_level(rubric: Rubric) -> EvidenceLevel | None:
    """Find the rubric's usual evidence level: the file rule where it has one, else the note's."""
    rules = [item.evidence for _s, _e, item in rubric.iter_items() if item.evidence is not None]
    files = [r.file_from_level for r in rules if r.file_from_level is not None]
    levels, file = (files, True) if files else ([r.from_level for r in rules], False)
    if not levels:
        return None
    counts = Counter(levels)
    level = max(counts, key=lambda lv: (counts[lv], -lv))
    return EvidenceLevel(level, file, len(counts) == 1 and len(levels) == len(rules))
