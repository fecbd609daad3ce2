"""The set queries of the cycle rating: each reads one kind of row for a whole cycle.

Every statement here is built from constant fragments; values are always bound. Results
are fetched whole (`.all()`): row by row, psycopg costs several times more.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Connection, CursorResult, Date, Numeric, bindparam, text

from rcapp.assessments.inputs import EventRecord
from rcapp.assessments.reported import reported_sql
from rcapp.rubrics.model import Rubric
from rcapp.scoring import Answer
from rcapp.scoring.cycle import ElementSums, RubricPlan

Pin = tuple[str, int, str]  # rubric id, version, sha256

_CHUNK = 500
_NUMBER = Numeric(20, 6)  # as the models declare answers.value and kpi_values.value

PIN_FILTER = (
    "s.cycle_id = :c AND s.status = 'submitted' AND s.rubric_id = :rid"
    " AND s.rubric_version = :ver AND s.rubric_sha256 = :sha"
)


@cache
def blank_chars() -> str:
    """Every character str.strip() removes: an evidence note of only these is no evidence."""
    return "".join(ch for ch in map(chr, range(0x110000)) if ch.isspace())


def trim_function(conn: Connection) -> str:
    return "btrim" if conn.dialect.name == "postgresql" else "trim"


def _evidenced(conn: Connection) -> str:
    # The engine's Answer.has_evidence: a note that is not blank, or an attached file.
    note = f"{trim_function(conn)}(COALESCE(a.evidence_note, ''), :blank)"
    return f"({note} <> '' OR f.item_id IS NOT NULL)"


def _files_join() -> str:
    # Grouped once and joined (SQLite indexes the derived table itself, PG hashes it).
    # Every SQL fragment in this module is a constant: values are always bound.
    return (
        " LEFT JOIN (SELECT t.assessment_id, t.item_id FROM attachments t"  # noqa: S608
        f" JOIN assessments s ON s.id = t.assessment_id WHERE {PIN_FILTER}"
        " GROUP BY t.assessment_id, t.item_id) f"
        " ON f.assessment_id = a.assessment_id AND f.item_id = a.item_id"
    )


def element_sums(
    conn: Connection, plan: RubricPlan, params: dict[str, Any]
) -> dict[int, dict[str, ElementSums]]:
    elements = sorted({entry.element_id for entry in plan.summed})
    index = {element_id: n for n, element_id in enumerate(elements)}
    _fill_item_table(conn, plan, index)
    sql = f"""
        SELECT a.assessment_id, ri.el,
          SUM(CASE WHEN a.is_na OR a.level IS NULL THEN 0
                   WHEN a.level < ri.ev OR {_evidenced(conn)} THEN ri.wm * a.level
                   ELSE ri.wm * (ri.ev - 1) END),
          SUM(CASE WHEN a.is_na THEN ri.w ELSE 0 END),
          SUM(CASE WHEN a.is_na OR a.level IS NOT NULL OR a.value IS NOT NULL
                   THEN 1 ELSE 0 END)
        FROM assessments s CROSS JOIN answers a CROSS JOIN {_ITEM_TABLE} ri{_files_join()}
        WHERE a.assessment_id = s.id AND ri.item_id = a.item_id AND {PIN_FILTER}
        GROUP BY a.assessment_id, ri.el
    """  # noqa: S608 -- no value is formatted in: only the fixed fragments above
    found: dict[int, dict[str, ElementSums]] = {}
    result = conn.execute(text(sql), {**params, "blank": blank_chars()})
    # Whole numbers only, no result type to apply: the driver's plain tuples are the rows
    # (a Row object per group costs more than the sums themselves).
    for assessment_id, el, numerator, na_weight, given in plain_rows(result):
        found.setdefault(assessment_id, {})[elements[el]] = ElementSums(
            int(numerator), int(na_weight), int(given)
        )
    return found


def plain_rows(result: CursorResult[Any]) -> list[Any]:
    """Return the driver's own tuples of a result none of whose columns has a result type."""
    cursor = result.cursor
    try:
        return list(cursor.fetchall())
    finally:
        result.close()


def decimal_column(conn: Connection, result: CursorResult[Any], position: int) -> Any:
    """Return the conversion SQLAlchemy applies to a NUMERIC(20, 6) column (None: none).

    Taken from the type itself, so a value converted here is the very Decimal `.all()`
    would have given.
    """
    described = result.cursor.description[position][1]
    return _NUMBER.dialect_impl(conn.dialect).result_processor(conn.dialect, described)


_ITEM_TABLE = "rcapp_rating_items"


def _fill_item_table(conn: Connection, plan: RubricPlan, index: Mapping[str, int]) -> None:
    """Put the plan's item weights and evidence levels in a keyed temporary table.

    A VALUES list would do for PostgreSQL, but SQLite would scan it once per answer.
    """
    conn.execute(
        text(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {_ITEM_TABLE} (item_id VARCHAR(64) PRIMARY KEY,"
            " el INTEGER NOT NULL, wm INTEGER NOT NULL, w INTEGER NOT NULL, ev INTEGER NOT NULL)"
        )
    )
    conn.execute(text(f"DELETE FROM {_ITEM_TABLE}"))  # noqa: S608 -- a constant name
    conn.execute(
        text(f"INSERT INTO {_ITEM_TABLE} VALUES (:item_id, :el, :wm, :w, :ev)"),  # noqa: S608
        [
            {
                "item_id": entry.item_id,
                "el": index[entry.element_id],
                "wm": entry.weight_units * entry.multiplier,
                "w": entry.weight_units,
                "ev": 99 if entry.evidence_from is None else entry.evidence_from,
            }
            for entry in plan.summed
        ],
    )


def number_answers(
    conn: Connection, plan: RubricPlan, params: dict[str, Any]
) -> dict[int, dict[str, Answer]]:
    if not plan.numbers:
        return {}
    sql = (
        text(
            "SELECT a.assessment_id, a.item_id, a.value, a.is_na, a.na_reason,"  # noqa: S608
            f" {_evidenced(conn)} AS evidenced FROM answers a"
            f" JOIN assessments s ON s.id = a.assessment_id{_files_join()}"
            f" WHERE {PIN_FILTER} AND a.item_id IN :ids"
        )
        .bindparams(bindparam("ids", expanding=True))
        .columns(value=_NUMBER)
    )
    ids = [item.id for _, item in plan.numbers]
    found: dict[int, dict[str, Answer]] = {}
    for row in conn.execute(sql, {**params, "ids": ids, "blank": blank_chars()}).all():
        found.setdefault(row.assessment_id, {})[row.item_id] = Answer(
            number=row.value,
            na_reason=(row.na_reason or "") if row.is_na else None,
            evidence=("evidence",) if row.evidenced else (),
        )
    return found


def special_rows(conn: Connection, rubric: Rubric, params: dict[str, Any]) -> dict[int, list[Any]]:
    """Prerequisite answers and sections declared N/A (stored as rows keyed by their id)."""
    ids = [p.id for p in rubric.prerequisites] + [s.id for s in rubric.sections if s.na_allowed]
    if not ids:
        return {}
    sql = text(
        "SELECT a.assessment_id, a.item_id, a.level, a.is_na, a.na_reason FROM answers a"  # noqa: S608
        f" JOIN assessments s ON s.id = a.assessment_id WHERE {PIN_FILTER}"
        " AND a.item_id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    found: dict[int, list[Any]] = {}
    for row in conn.execute(sql, {**params, "ids": ids}).all():
        found.setdefault(row.assessment_id, []).append(row)
    return found


def given_items(conn: Connection, assessment_ids: Sequence[int]) -> dict[int, frozenset[str]]:
    """Answered item ids of the few assessments with unanswered items."""
    sql = text(
        "SELECT assessment_id, item_id FROM answers WHERE assessment_id IN :ids"
        " AND (is_na OR level IS NOT NULL OR value IS NOT NULL)"
    ).bindparams(bindparam("ids", expanding=True))
    found: dict[int, set[str]] = {assessment_id: set() for assessment_id in assessment_ids}
    for chunk in _chunks(assessment_ids):
        for assessment_id, item_id in conn.execute(sql, {"ids": list(chunk)}).all():
            found[assessment_id].add(item_id)
    return {assessment_id: frozenset(items) for assessment_id, items in found.items()}


def kpi_inputs(
    conn: Connection, cycle_id: int, year: int, core: Sequence[str]
) -> dict[int, dict[int, dict[str, Decimal]]]:
    """Organisation → year → input → value: every input this year, core inputs of reported years.

    Earlier years feed only the core KPIs' ladder and series (kpis.kpi_levels), so the
    other inputs of earlier years are never read.
    """
    sql = text(
        "SELECT s.organisation_id, c.year, v.input_id, v.value FROM kpi_values v"  # noqa: S608
        " JOIN assessments s ON s.id = v.assessment_id"
        " JOIN reporting_cycles c ON c.id = s.cycle_id"
        " WHERE (c.year = :year OR (c.year < :year AND v.input_id IN :core"
        f" AND {reported_sql('s')}))"
        " AND s.organisation_id IN (SELECT organisation_id FROM assessments"
        "  WHERE cycle_id = :c AND status = 'submitted')"
    ).bindparams(bindparam("core", expanding=True))
    # Tens of thousands of rows: the driver's tuples, converted with the column type's own
    # processor, cost a third of building Row objects.
    result = conn.execute(sql, {"c": cycle_id, "year": year, "core": list(core) or [""]})
    found = _by_organisation_year(conn, result)
    for organisation_id, years in _backfills(conn, cycle_id, year, core).items():
        found.setdefault(organisation_id, {}).update(years)  # years with no assessment
    return found


def _backfills(
    conn: Connection, cycle_id: int, year: int, core: Sequence[str]
) -> dict[int, dict[int, dict[str, Decimal]]]:
    """Backfilled core inputs, as queries.kpi_history reads them (kpi_backfill_rows)."""
    sql = text(
        "SELECT b.organisation_id, b.year, b.input_id, b.value FROM kpi_backfills b"
        " WHERE b.year < :year AND b.entered_year <= :year AND b.input_id IN :core"
        " AND b.organisation_id IN (SELECT organisation_id FROM assessments"
        "  WHERE cycle_id = :c AND status = 'submitted')"
        " AND NOT EXISTS (SELECT 1 FROM assessments a"
        "  JOIN reporting_cycles y ON y.id = a.cycle_id"
        "  WHERE a.organisation_id = b.organisation_id AND y.year = b.year)"
    ).bindparams(bindparam("core", expanding=True))
    result = conn.execute(sql, {"c": cycle_id, "year": year, "core": list(core) or [""]})
    return _by_organisation_year(conn, result)


def _by_organisation_year(
    conn: Connection, result: CursorResult[Any]
) -> dict[int, dict[int, dict[str, Decimal]]]:
    """Group (organisation, year, input, value) rows: organisation → year → input → value."""
    convert = decimal_column(conn, result, 3)
    found: dict[int, dict[int, dict[str, Decimal]]] = {}
    for organisation_id, row_year, input_id, value in plain_rows(result):
        found.setdefault(organisation_id, {}).setdefault(row_year, {})[input_id] = (
            value if convert is None else convert(value)
        )
    return found


def earlier_pins(conn: Connection, cycle_id: int, year: int) -> dict[int, dict[int, Pin]]:
    """Organisation → earlier year → rubric pin of its assessment that year.

    For the organisations with a submitted assessment in the cycle: the KPI ladder does
    not count a year whose rubric version defined a KPI otherwise (kpi_years, the engine's
    caller, reads the same assessments one organisation at a time).
    """
    sql = text(
        "SELECT s.organisation_id, c.year, s.rubric_id, s.rubric_version, s.rubric_sha256"  # noqa: S608
        " FROM assessments s JOIN reporting_cycles c ON c.id = s.cycle_id"
        f" WHERE c.year < :year AND {reported_sql('s')}"
        " AND s.organisation_id IN (SELECT organisation_id"
        "  FROM assessments WHERE cycle_id = :c AND status = 'submitted')"
    )
    found: dict[int, dict[int, Pin]] = {}
    for organisation_id, row_year, rubric_id, version, sha256 in plain_rows(
        conn.execute(sql, {"c": cycle_id, "year": year})
    ):
        found.setdefault(organisation_id, {})[row_year] = (rubric_id, version, sha256)
    return found


def event_rows(conn: Connection, cycle_id: int) -> dict[int, list[EventRecord]]:
    rows = conn.execute(
        text(
            "SELECT organisation_id, event_type, grade, occurred_on, fatalities, is_resolved"
            " FROM events WHERE organisation_id IN"
            " (SELECT organisation_id FROM assessments"
            "  WHERE cycle_id = :c AND status = 'submitted')"
        ).columns(occurred_on=Date()),
        {"c": cycle_id},
    ).all()
    found: dict[int, list[EventRecord]] = {}
    for row in rows:
        found.setdefault(row.organisation_id, []).append(
            EventRecord(
                event_type=row.event_type,
                occurred_on=row.occurred_on,
                grade=row.grade,
                fatalities=row.fatalities,
                is_resolved=bool(row.is_resolved),
            )
        )
    return found


def _chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]
