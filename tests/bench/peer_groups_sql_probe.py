"""Go/no-go probe: the heavy parts of the peer-group statistics computed inside PostgreSQL.

Not part of `make bench` (its name does not start with `bench_`). Issue 11 asks for
`compute_benchmarks` within 2x of one SQL aggregate (bench_peer_groups' baseline) at
26,000 organisations; on PostgreSQL the Python pass is 7x. The route judged able to meet
it was computing the member KPI figures, quartiles and pooled sums in PostgreSQL. This
probe times hand-built statements for those parts against the baseline query, on the
same data, in one transaction of temporary tables (rolled back: nothing is written):

- members: the cycle's submitted assessments;
- pivot: every member's KPI inputs as one row, a column per input;
- figures: every KPI formula of the rubric compiled to numeric arithmetic (a division at
  120 decimals, then rounded to 34 significant digits as the 34-digit Decimal context
  does, the basis multiplier, then the shown rounding `kpi_figure`, then 6 places);
- sections: the self snapshots' section scores, a column per section;
- groups: each member's peer groups (working group, sector, park, province);
- long: the member values as (member, metric, value) rows;
- quartiles: per group and metric, the count and the values sorted (one sort of all the
  (group, metric, value) rows, then array_agg in that order);
- quartile pick: the quartiles read from the sorted arrays;
- pooled sums: per group and KPI, the sums of the formula's inputs over the members that
  report them all, the count, and the sum of a `sum` KPI's member values;
- texts: each member's stored JSON text.

The probe leaves out work an exact implementation would add (ties at the 34th digit
rounded half-even, the exact magnitude of a quotient, the pooled figures evaluated from
the sums, writing the rows back): its times are a lower bound of that route. Each step's
wall time and the server process's CPU time (read from /proc, the server being local)
are printed, with the baseline's, for each run.

Run: python -m tests.bench.peer_groups_sql_probe --url postgresql+psycopg://... [--runs 3]
(the database must already hold a generated cycle: tests/bench/bench_peer_groups.generate).
"""

# The statements are built from rubric identifiers (checked by the rubric schema) and ints.
# ruff: noqa: S608

from __future__ import annotations

import argparse
import ast
import os
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Connection, create_engine

from rcapp.rubrics.model import BASIS_MULTIPLIERS, Rubric
from rcapp.rubrics.registry import RubricRegistry
from rcapp.scoring.kpi_figures import formula_of
from tests.bench.bench_peer_groups import BASELINE_SQL, REPO_RUBRICS

Step = tuple[str, str]


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def significant(column: str) -> str:
    """Round a column to 34 significant digits (its magnitude from a float logarithm)."""
    return f"round({column}, 33 - floor(log(abs(nullif({column}, 0))::float8))::int)"


def shown(column: str) -> str:
    """`rounding.kpi_figure` of a column: whole numbers whole, 2 places, or 2 significant."""
    return (
        f"CASE WHEN {column} = trunc({column}) THEN trunc({column}) "
        f"WHEN abs({column}) >= 0.1 THEN round({column}, 2) "
        f"ELSE round({column}, 1 - floor(log(abs({column})::float8))::int) END"
    )


class Compiler:
    """A checked formula tree as a numeric expression; each division a column of its own."""

    def __init__(self) -> None:
        self.divisions: list[tuple[str, str, str]] = []  # (column, dividend, divisor)

    def compile(self, node: ast.expr) -> str:
        if isinstance(node, ast.Name):
            return quoted(node.id)
        if isinstance(node, ast.Constant):
            return f"{Decimal(str(node.value))}::numeric"  # as formula._compile reads it
        if isinstance(node, ast.UnaryOp):
            operand = self.compile(node.operand)
            return f"(-{operand})" if isinstance(node.op, ast.USub) else operand
        if not isinstance(node, ast.BinOp):  # pragma: no cover - parse_formula checked it
            raise TypeError(type(node).__name__)
        left, right = self.compile(node.left), self.compile(node.right)
        if isinstance(node.op, ast.Add):
            return f"({left} + {right})"
        if isinstance(node.op, ast.Sub):
            return f"({left} - {right})"
        if isinstance(node.op, ast.Mult):
            return f"({left} * {right})"
        column = f"d{len(self.divisions)}"
        self.divisions.append((column, left, right))
        return quoted(column)


def statements(rubric: Rubric, cycle_id: int) -> list[Step]:
    """Return the probe's statements for the members of `cycle_id` answering `rubric`."""
    inputs = sorted({name for kpi in rubric.kpis for name in formula_of(kpi.formula).names})
    compiler = Compiler()
    raws = {kpi.id: compiler.compile(formula_of(kpi.formula).tree) for kpi in rubric.kpis}
    columns = ", ".join(quoted(name) for name in inputs)
    divided = ", ".join(
        f"(({left})::numeric(1000, 120) / nullif({right}, 0)) AS {quoted(column)}"
        for column, left, right in compiler.divisions
    )
    rounded = ", ".join(
        f"{significant(quoted(column))} AS {quoted(column)}" for column, _, _ in compiler.divisions
    )
    primary = []
    for kpi in rubric.kpis:
        raw = raws[kpi.id]
        value = raw
        if kpi.bases:
            value = significant(f"({raw} * {BASIS_MULTIPLIERS[kpi.bases[0]]})")
        primary.append(f"{raw} AS {quoted('r_' + kpi.id)}, {value} AS {quoted('p_' + kpi.id)}")
    figures = ", ".join(
        f"round({shown(quoted('p_' + kpi.id))}, 6) AS {quoted('v_' + kpi.id)}, "
        f"{quoted('r_' + kpi.id)}"
        for kpi in rubric.kpis
    )
    pivot = ", ".join(
        f"max(k.value) FILTER (WHERE k.input_id = '{name}') AS {quoted(name)}" for name in inputs
    )
    sections = ", ".join(
        f"max(ss.score) FILTER (WHERE ss.section_id = '{s.id}') AS {quoted('s_' + s.id)}"
        for s in rubric.sections
    )
    value_columns = [quoted("s_" + s.id) for s in rubric.sections]
    value_columns += [quoted("v_" + kpi.id) for kpi in rubric.kpis]
    metrics = [f"section:{s.id}" for s in rubric.sections]
    metrics += [f"kpi:{kpi.id}" for kpi in rubric.kpis]
    sums = []
    for kpi in rubric.kpis:
        names = sorted(formula_of(kpi.formula).names)
        reports = " AND ".join(f"{quoted(name)} IS NOT NULL" for name in names)
        sums += [f"sum({quoted(n)}) FILTER (WHERE {reports})" for n in names]
        sums.append(f"count(*) FILTER (WHERE {reports})")
        if kpi.aggregation.value == "sum":
            sums.append(f"sum({quoted('r_' + kpi.id)})")
    pieces = ", ".join(
        f"""'"{metric}":"' || round({column}, 6)::text || '"'"""
        for metric, column in zip(metrics, value_columns, strict=True)
    )
    return [
        (
            "members",
            "CREATE TEMP TABLE bm AS SELECT id AS aid, organisation_id AS oid FROM assessments"
            f" WHERE cycle_id = {cycle_id} AND status = 'submitted'",
        ),
        (
            "pivot",
            f"CREATE TEMP TABLE bi AS SELECT k.assessment_id AS aid, {pivot} FROM kpi_values k"
            " JOIN bm ON bm.aid = k.assessment_id GROUP BY k.assessment_id",
        ),
        (
            "figures",
            f"CREATE TEMP TABLE bf AS SELECT aid, {figures} FROM (SELECT aid, "
            f"{', '.join(primary)} FROM (SELECT aid, {columns}, {rounded} FROM (SELECT aid, "
            f"{columns}, {divided} FROM bi OFFSET 0) a OFFSET 0) b OFFSET 0) c",
        ),
        (
            "sections",
            f"CREATE TEMP TABLE bs AS SELECT s.assessment_id AS aid, {sections}"
            " FROM snapshot_section_scores ss JOIN scorecard_snapshots s"
            " ON s.id = ss.snapshot_id AND s.kind = 'self'"
            " JOIN bm ON bm.aid = s.assessment_id GROUP BY s.assessment_id",
        ),
        (
            "groups",
            "CREATE TEMP TABLE bg AS SELECT aid, dense_rank() OVER (ORDER BY kind, gkey)::int g"
            " FROM (SELECT bm.aid, 'working_group' AS kind, m.working_group_id::text AS gkey"
            " FROM bm JOIN working_group_members m ON m.organisation_id = bm.oid"
            " UNION ALL SELECT bm.aid, 'sector', o.sector FROM bm"
            " JOIN organisations o ON o.id = bm.oid WHERE o.sector IS NOT NULL"
            " UNION ALL SELECT bm.aid, 'province', o.province FROM bm"
            " JOIN organisations o ON o.id = bm.oid"
            " UNION ALL SELECT bm.aid, 'park', o.park_id::text FROM bm"
            " JOIN organisations o ON o.id = bm.oid WHERE o.park_id IS NOT NULL) x",
        ),
        (
            "long",
            "CREATE TEMP TABLE bl AS SELECT bs.aid, u.m::int AS m, u.value FROM bs"
            f" JOIN bf USING (aid), unnest(ARRAY[{', '.join(value_columns)}])"
            " WITH ORDINALITY u(value, m) WHERE u.value IS NOT NULL",
        ),
        (
            "quartiles",
            "CREATE TEMP TABLE bq AS SELECT g, m, count(*) AS n, array_agg(value) AS vs"
            " FROM (SELECT g, m, value FROM bl JOIN bg USING (aid) ORDER BY g, m, value) s"
            " GROUP BY g, m HAVING count(*) >= 5",
        ),
        (
            "quartile pick",
            "CREATE TEMP TABLE bq2 AS SELECT g, m, n, "
            + ", ".join(
                f"vs[1 + {p}*(n-1)/4] + (coalesce(vs[2 + {p}*(n-1)/4], 0) - vs[1 + {p}*(n-1)/4])"
                f" * ((({p}*(n-1)) %% 4) / 4.0) AS q{p}"
                for p in (1, 2, 3)
            )
            + " FROM bq",
        ),
        (
            "pooled sums",
            "CREATE TEMP TABLE bp AS SELECT g, "
            + ", ".join(f"{one} AS c{i}" for i, one in enumerate(sums))
            + " FROM bg"
            " JOIN bi USING (aid) JOIN bf USING (aid) GROUP BY g",
        ),
        (
            "texts",
            f"CREATE TEMP TABLE bt AS SELECT bm.oid, '{{' || concat_ws(',', {pieces}) || '}}' AS t"
            " FROM bm JOIN bs USING (aid) JOIN bf USING (aid)",
        ),
    ]


def server_cpu(pid: int) -> Callable[[], float]:
    """Return a reader of the server process's CPU seconds (0 when /proc does not show it)."""
    path = Path(f"/proc/{pid}/stat")
    tick = os.sysconf("SC_CLK_TCK")

    def read() -> float:
        try:
            fields = path.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / tick  # utime, stime

    return read


def run_once(conn: Connection, steps: list[Step], cycle_id: int, settings: list[str]) -> str:
    """Time the baseline and each step in one transaction, rolled back; return the line."""
    with conn.begin() as transaction:
        for setting in settings:
            conn.exec_driver_sql(f"SET LOCAL {setting}")
        cpu = server_cpu(int(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()))
        wall, used = time.perf_counter(), cpu()
        conn.execute(BASELINE_SQL, {"c": cycle_id}).all()
        base_wall, base_cpu = time.perf_counter() - wall, cpu() - used
        parts, total_wall, total_cpu = [], 0.0, 0.0
        for name, sql in steps:
            wall, used = time.perf_counter(), cpu()
            conn.exec_driver_sql(sql)
            took, busy = time.perf_counter() - wall, cpu() - used
            conn.exec_driver_sql(f"ANALYZE {sql.split()[3]}")  # for the next steps' plans
            total_wall, total_cpu = total_wall + took, total_cpu + busy
            parts.append(f"{name} {took:.2f}/{busy:.2f}")
        same = conn.exec_driver_sql(_SAME_TEXTS, {"c": cycle_id}).one()
        transaction.rollback()
    return (
        f"baseline {base_wall:.3f} s (cpu {base_cpu:.2f}) | probe {total_wall:.3f} s (cpu"
        f" {total_cpu:.2f}) | ratio {total_wall / base_wall:.2f} (cpu"
        f" {total_cpu / max(base_cpu, 0.01):.2f}) | wall/cpu per step: {', '.join(parts)}"
        f" | member texts as stored by compute_benchmarks: {same[1]} of {same[0]} equal,"
        f" {same[2]} equal as values"
    )


# The probe's member texts against those compute_benchmarks stored (if it ran on this data).
_SAME_TEXTS = (
    "SELECT count(*), count(*) FILTER (WHERE bt.t = v.figures),"
    " count(*) FILTER (WHERE bt.t::jsonb = v.figures::jsonb)"
    " FROM bt JOIN benchmark_member_values v ON v.organisation_id = bt.oid"
    " AND v.cycle_id = %(c)s"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="a PostgreSQL database with a generated cycle")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--setting", action="append", default=[], help="SET LOCAL for each run, e.g. jit=off"
    )
    args = parser.parse_args()
    engine = create_engine(args.url)
    with engine.connect() as conn:
        cycle_id = conn.exec_driver_sql("SELECT max(id) FROM reporting_cycles").scalar_one()
        rubric = RubricRegistry(REPO_RUBRICS).get("rc-company", 1).rubric
        steps = statements(rubric, int(cycle_id))
        conn.rollback()
        for _ in range(args.runs):
            load = os.getloadavg()[0]
            print(f"load {load:.1f} | {run_once(conn, steps, int(cycle_id), args.setting)}")
            sys.stdout.flush()
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
