"""Inputs of the scoring engine: answers, KPI data, events and the assessment context.

The engine never reaches for storage: whoever calls it decides which levels it scores
(the self-assessment now, validated reviewer levels later) and passes them in here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from rcapp.rubrics.model import EventGrade

KpiInputs = Mapping[str, Decimal]


@dataclass(frozen=True)
class Answer:
    """One item's answer.

    `level` is the maturity level 0-4, or 1 (yes) / 0 (no) for a yes/no item; `number` is a
    number item's value. An answer with neither (and not N/A) counts as unanswered.
    `na_reason` marks the item not applicable; non-empty `evidence` (notes or attachment
    names) means the answer is evidenced. `files` names uploaded files: the only evidence
    that counts from an item's `file_from_level` on.
    """

    level: int | None = None
    number: Decimal | None = None
    na_reason: str | None = None
    evidence: tuple[str, ...] = ()
    comment: str = ""
    files: tuple[str, ...] = ()

    @property
    def is_na(self) -> bool:
        return self.na_reason is not None

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence) or bool(self.files)

    @property
    def has_file(self) -> bool:
        return bool(self.files)

    @property
    def is_given(self) -> bool:
        return self.is_na or self.level is not None or self.number is not None


@dataclass(frozen=True)
class Event:
    """An accident or incident in the veto window (Decree 493 grade when the type is graded).

    `serious_injuries` counts 重伤 (acute industrial poisoning included); `direct_loss` is
    the direct economic loss in CNY 10,000 (万元). `from_kpi_data` marks the stand-in the
    engine adds for deaths reported in the KPI data but missing from the register.
    """

    type_id: str
    date: dt.date
    grade: EventGrade | None = None
    fatalities: int = 0
    resolved: bool = False
    serious_injuries: int = 0
    direct_loss: Decimal | None = None
    from_kpi_data: bool = False


@dataclass(frozen=True)
class Target:
    """An organisation's own target for one KPI: `value` by `deadline` from `base_year`.

    Give the target either as a KPI value or as a change in % on the base year's value
    (`change_pct` -8 is "8 % lower").
    """

    kpi_id: str
    base_year: int
    deadline: int
    value: Decimal | None = None
    change_pct: Decimal | None = None


@dataclass(frozen=True)
class GroupStats:
    """A peer group's statistics for one KPI, in the KPI's primary basis (see kpis.py)."""

    median: Decimal
    first_quartile: Decimal
    third_quartile: Decimal


@dataclass(frozen=True)
class AssessmentInputs:
    """What an organisation declares for one reporting year.

    `na_sections` declares whole sections not applicable (section id → reason; the rubric
    must allow it). `kpi_history` holds earlier years' raw KPI inputs (year → inputs);
    `kpi_incomparable` the KPIs an earlier year's rubric version defined otherwise (year →
    KPI ids): their values that year do not compare, so no target progress is built on them.
    """

    year: int
    answers: Mapping[str, Answer] = field(default_factory=dict)
    na_sections: Mapping[str, str] = field(default_factory=dict)
    prerequisites_met: frozenset[str] = frozenset()
    # The prerequisites answered at all (met or not met); None when not known, as in an
    # answers file: then every one not met counts as answered "not met". Only the words
    # differ: an unanswered prerequisite is unmet all the same (no star rating).
    prerequisites_answered: frozenset[str] | None = None
    kpi_inputs: KpiInputs = field(default_factory=dict)
    kpi_history: Mapping[int, KpiInputs] = field(default_factory=dict)
    kpi_incomparable: Mapping[int, frozenset[str]] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    targets: tuple[Target, ...] = ()


@dataclass(frozen=True)
class ScoringContext:
    """Facts about the assessment that are not answers.

    `assessment_date` anchors the veto windows. `kpi_years_before` counts the consecutive
    years, before this one, in which the core KPIs were reported; `kpi_years_fillable` the
    years just before that run the organisation may still backfill (补录) this year, which
    lengthen it without waiting a year. `group_stats` holds the
    peer group's statistics per KPI id; a KPI without them cannot beat the median.
    """

    assessment_date: dt.date
    peer_reviewers: int = 0
    onsite_review: bool = False
    verified: bool = False
    good_practice_case: bool = False
    kpi_years_before: int = 0
    kpi_years_fillable: int = 0
    group_stats: Mapping[str, GroupStats] = field(default_factory=dict)
