"""Generate a reporting cycle of organisations with answers, evidence, KPIs and events.

Rows go in with SQLAlchemy Core executemany (no ORM objects, no services): fast enough
for 26,000 organisations, and free to produce what the services would also accept
(levels in range, N/A only where allowed, KPI inputs within their limits). The data is
varied on purpose: N/A items and sections, unanswered items, levels capped for missing
evidence, attachments, number items, unmet prerequisites, events that trigger vetoes,
KPI histories with gaps and zeros. Used by the rating benchmark and the equality tests.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table

from rcapp.assessments.models import Answer, Assessment, Attachment, Event, KpiValue
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation
from rcapp.organisations.name_order import pinyin_key
from rcapp.rubrics.model import ItemKind, Rubric
from rcapp.rubrics.registry import RubricRegistry

REPO_RUBRICS = Path(__file__).resolve().parents[2] / "rubrics"
COMPANY = ("rc-company", 1)
PARK = ("rc-park", 1)
_RUNS = itertools.count()
_CHUNK = 500  # organisations per batch of inserts: bounded memory for 26,000


@dataclass(frozen=True)
class Pinned:
    rubric: Rubric
    rubric_id: str
    version: int
    sha256: str


@dataclass(frozen=True)
class Generated:
    cycle_id: int
    year: int
    organisations: int
    submitted: int
    answers: int


def pinned_rubrics(directory: Path = REPO_RUBRICS) -> tuple[Pinned, Pinned]:
    registry = RubricRegistry(directory)
    found = []
    for rubric_id, version in (COMPANY, PARK):
        loaded = registry.get(rubric_id, version)
        found.append(Pinned(loaded.rubric, rubric_id, version, loaded.sha256))
    return found[0], found[1]


# Earlier years left unsent, by (organisation number + year) % 11.
_UNSENT = {3: "draft", 7: "returned"}


def generate(
    conn: Connection,
    organisations: int,
    *,
    seed: int = 1,
    year: int = 2025,
    history: int = 2,
    park_every: int = 25,
    variety: float = 1.0,
) -> Generated:
    """Insert `history` earlier cycles and one cycle of `year`; return the latter.

    `variety` scales the odds of the unusual cases (0 gives complete, tidy answers).
    """
    rng = random.Random(seed)  # noqa: S311 -- test data, reproducible by seed
    company, park = pinned_rubrics()
    cycle_ids = {y: _cycle(conn, y, company, park) for y in range(year - history, year + 1)}
    state = _State(rng, variety, seed)
    submitted = answers = 0
    for start in range(0, organisations, _CHUNK):
        batch = _Batch()
        for n in range(start, min(start + _CHUNK, organisations)):
            pinned = park if park_every and n % park_every == park_every - 1 else company
            state.strong = n % 3 == 0  # a third answer tidily and well: they earn stars
            org_id = _organisation(conn, state, n, pinned)
            for y, cycle_id in cycle_ids.items():
                current = y == year
                if current:
                    status = "submitted" if rng.random() > 0.08 * variety else "draft"
                else:  # a few earlier years never submitted: their KPI data must not count
                    status = _UNSENT.get((n + y) % 11, "submitted") if variety else "submitted"
                submitted += current and status == "submitted"
                assessment_id = _assessment(
                    conn, state, org_id, cycle_id, pinned, status, y, draw=not current
                )
                if current:
                    answers += state.answers(batch, assessment_id, pinned.rubric)
                state.kpis(batch, assessment_id, pinned.rubric, current)
            state.events(batch, org_id, pinned.rubric, year)
        batch.flush(conn)
    return Generated(cycle_ids[year], year, organisations, submitted, answers)


def _cycle(conn: Connection, year: int, company: Pinned, park: Pinned) -> int:
    table: Table = ReportingCycle.__table__  # type: ignore[assignment]
    result = conn.execute(
        table.insert().returning(table.c.id),
        {
            "year": year,
            "company_rubric_id": company.rubric_id,
            "company_rubric_version": company.version,
            "park_rubric_id": park.rubric_id,
            "park_rubric_version": park.version,
            "deadline": dt.date(year + 1, 3, 31),
            "status": "open",
        },
    )
    return int(result.scalar_one())


def _organisation(conn: Connection, state: _State, n: int, pinned: Pinned) -> int:
    table: Table = Organisation.__table__  # type: ignore[assignment]
    name = f"基准化工有限公司{state.seed}-{n}"
    result = conn.execute(
        table.insert().returning(table.c.id),
        {
            "kind": pinned.rubric.kind.value,
            "name_zh": name,
            "name_sort": pinyin_key(name),
            "name_en": f"Bench Chemicals {state.seed}-{n}",
            "credit_code": f"B{state.seed % 1000:03d}{state.tag}{n:08d}",
            "province": "江苏省",
            "city": "南京市",
        },
    )
    return int(result.scalar_one())


def _assessment(
    conn: Connection,
    state: _State,
    org_id: int,
    cycle_id: int,
    pinned: Pinned,
    status: str,
    year: int,
    *,
    draw: bool = False,
) -> int:
    """Insert one assessment; `draw` takes its submission time from the seed even unsent."""
    table: Table = Assessment.__table__  # type: ignore[assignment]
    submitted_at = None
    if status == "submitted" or draw:
        day = dt.datetime(year + 1, 2, 1, tzinfo=dt.UTC)
        submitted_at = day + dt.timedelta(minutes=state.rng.randrange(60 * 24 * 60))
    if status != "submitted":
        submitted_at = None
    result = conn.execute(
        table.insert().returning(table.c.id),
        {
            "organisation_id": org_id,
            "cycle_id": cycle_id,
            "rubric_id": pinned.rubric_id,
            "rubric_version": pinned.version,
            "rubric_sha256": pinned.sha256,
            "status": status,
            "submitted_at": submitted_at,
        },
    )
    return int(result.scalar_one())


class _Batch:
    """Rows waiting for one executemany per table."""

    def __init__(self) -> None:
        self.rows: dict[Table, list[dict[str, Any]]] = {}

    def add(self, table: Any, row: dict[str, Any]) -> None:
        self.rows.setdefault(table, []).append(row)

    def flush(self, conn: Connection) -> None:
        for table, rows in self.rows.items():
            if rows:
                conn.execute(table.insert(), rows)
        self.rows.clear()


ANSWERS: Table = Answer.__table__  # type: ignore[assignment]
ATTACHMENTS: Table = Attachment.__table__  # type: ignore[assignment]
KPI_VALUES: Table = KpiValue.__table__  # type: ignore[assignment]
EVENTS: Table = Event.__table__  # type: ignore[assignment]
_NOTES = ("制度文件 2025-01", "演练记录", "  ", "检查表\n", "\u3000", "培训签到表")
_LEVELS = (0, 1, 2, 2, 3, 3, 3, 4, 4, 4)
_STRONG = (3, 4, 4, 4)


class _State:
    def __init__(self, rng: random.Random, variety: float, seed: int) -> None:
        self.rng = rng
        self.variety = variety
        self.seed = seed
        self.tag = f"{next(_RUNS) % 4096:03x}"  # unique codes for every run in one process
        self.files = 0
        self.strong = False

    def odds(self, p: float) -> bool:
        return self.rng.random() < p * (0 if self.strong else self.variety)

    def answers(self, batch: _Batch, assessment_id: int, rubric: Rubric) -> int:
        rows = list(self._answer_rows(assessment_id, rubric))
        for row in rows:
            batch.add(ANSWERS, row)
            unnoted = row["level"] is not None and not (row["evidence_note"] or "").strip()
            if unnoted and self.rng.random() < 0.3:
                self._attachment(batch, assessment_id, row["item_id"])
        return len(rows)

    def _answer_rows(self, assessment_id: int, rubric: Rubric) -> Iterator[dict[str, Any]]:
        base = {"assessment_id": assessment_id, "comment": None}
        for prerequisite in rubric.prerequisites:
            level = 0 if self.odds(0.02) else 1
            yield {**base, **_blank(prerequisite.id), "level": level}
        for section in rubric.sections:
            if section.na_allowed and self.odds(0.1):
                reason = "" if self.odds(0.2) else "本企业不涉及"
                yield {**base, **_blank(section.id), "is_na": True, "na_reason": reason}
            for _, _, item in _items_of(section):
                row = self._item_row(item)
                if row is not None:
                    yield {**base, **row}

    def _item_row(self, item: Any) -> dict[str, Any] | None:
        if self.odds(0.001):
            return None  # never answered (a submitted assessment is normally complete)
        row = _blank(item.id)
        if self.odds(0.001):
            return row  # a row kept with nothing in it (answer cleared)
        if item.na_allowed and self.odds(0.2):
            return {**row, "is_na": True, "na_reason": "不适用"}
        if item.kind is ItemKind.NUMBER:
            top = int(item.max if item.max is not None else 1000)
            row["value"] = Decimal(self.rng.randrange(top * 100 + 1)) / 100
        elif item.kind is ItemKind.YES_NO:
            row["level"] = self.rng.choice((0, 1, 1, 1))
        else:
            row["level"] = self.rng.choice(_STRONG if self.strong else _LEVELS)
        if self.strong or self.rng.random() < 0.75:
            row["evidence_note"] = self.rng.choice(_NOTES)
        return row

    def _attachment(self, batch: _Batch, assessment_id: int, item_id: str) -> None:
        self.files += 1
        batch.add(
            ATTACHMENTS,
            {
                "assessment_id": assessment_id,
                "item_id": item_id,
                "original_name": "记录.pdf",
                "stored_name": f"bench-{self.seed}-{self.tag}-{self.files}",
                "content_type": "application/pdf",
                "size": 1024,
                "sha256": "0" * 64,
            },
        )

    def kpis(self, batch: _Batch, assessment_id: int, rubric: Rubric, current: bool) -> None:
        for kpi_input in rubric.kpi_inputs:
            if self.odds(0.03 if current else 0.06):
                continue
            top = kpi_input.plausible_max or kpi_input.max or Decimal(1000)
            if self.odds(0.1):
                value = Decimal(0)
            elif kpi_input.integer:
                value = Decimal(self.rng.randrange(int(min(top, Decimal(5000))) + 1))
            else:
                value = Decimal(self.rng.randrange(1, 10**6)) * top / 10**6
                value = value.quantize(Decimal("0.01"))
            if kpi_input.max is not None:
                value = min(value, kpi_input.max)
            batch.add(
                KPI_VALUES,
                {"assessment_id": assessment_id, "input_id": kpi_input.id, "value": value},
            )

    def events(self, batch: _Batch, org_id: int, rubric: Rubric, year: int) -> None:
        while self.odds(0.12) and rubric.event_types:
            event_type = self.rng.choice(rubric.event_types)
            grade = self.rng.choice(("general", "larger", "major")) if event_type.graded else None
            day = dt.date(year - 3, 1, 1) + dt.timedelta(days=self.rng.randrange(365 * 5))
            batch.add(
                EVENTS,
                {
                    "organisation_id": org_id,
                    "event_type": event_type.id,
                    "grade": grade,
                    "occurred_on": day,
                    "fatalities": self.rng.choice((0, 0, 0, 1, 2)),
                    "description": "基准事件",
                    "is_resolved": self.rng.random() < 0.5,
                },
            )


def _items_of(section: Any) -> Iterator[tuple[Any, Any, Any]]:
    for element in section.elements:
        for item in element.items:
            yield section, element, item


def _blank(item_id: str) -> dict[str, Any]:
    return {
        "item_id": item_id,
        "level": None,
        "value": None,
        "is_na": False,
        "na_reason": None,
        "evidence_note": None,
    }
