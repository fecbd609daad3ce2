"""Reports: the annual workbook, a 20-page Chinese PDF section, and a template import.

Each figure is a ratio against a baseline measured in the same run, on the same data:

- annual workbook for 1,000 generated organisations (26,000 with --large): at most 1.5x
  xlsxwriter in constant-memory mode writing the same cells; peak traced memory at most
  64 MB above that baseline's;
- a 20-page Chinese report section (a table of organisations, rendered through the report
  template, print.css and the restricted fetcher): at most 1.5x bare WeasyPrint rendering
  the same text and markup with no stylesheet (the cost of that text in WeasyPrint anyway);
- importing a filled template of every answer of the company rubric (read, validate, plan,
  apply in a rolled-back transaction): at most 3x reading the same workbook with openpyxl in
  read-only mode.

Run: python -m tests.bench.bench_reports [--large]
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import force_locale

from rcapp.figures import excel_number_format
from rcapp.reports import excel
from rcapp.reports.annual_model import (
    AnnualData,
    BandOutcome,
    Count,
    InputColumn,
    KpiColumn,
    KpiFigure,
    OrgResult,
    PooledFigure,
    SectionColumn,
)
from rcapp.reports.annual_sheets import annual_sheets
from rcapp.reports.excel import workbook_bytes
from tests.bench.common import Figure, show

MB = 1024 * 1024
ROWS_FOR_20_PAGES = 700


def line(name: str, value: float, baseline: float, unit: str, target: float) -> bool:
    """Print one figure as `name: value | baseline | ratio (target) met/MISSED`."""
    return show(Figure(name, value, baseline, unit, target)).met


def best_of(action: Callable[[], object], runs: int = 3) -> float:
    """Return the least CPU time of `runs` calls: on a shared machine wall time is mostly noise."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return min(times)


# --- annual workbook ------------------------------------------------------------------


def annual_data(size: int, seed: int = 7) -> AnnualData:
    """Generated figures for `size` organisations: 16 sections, 40 KPIs (20 with two bases).

    And 50 raw KPI inputs (the company rubric has 57), nine in ten reported, one organisation
    in ten with a note on one of them.
    """
    rng = random.Random(seed)  # noqa: S311 - repeatable test data, not secrets
    raw = random.Random(seed + 1)  # noqa: S311 - its own: the other sheets' data as before
    inputs = tuple(
        InputColumn("rc-company", f"in{i}", f"K{i // 2}-{i % 2 + 1}", f"原始数据{i}", "小时")
        for i in range(50)
    )
    sections = tuple(SectionColumn(f"S{i}", f"板块{i}") for i in range(16))
    kpis = tuple(
        KpiColumn(
            f"K{i}",
            f"指标{i}",
            "起/百万工时",
            "safety",
            i < 8,
            ("8.8",),
            ("每百万工时", "每20万工时") if i % 2 else (),
        )
        for i in range(40)
    )
    organisations = tuple(
        OrgResult(
            name=f"测试化工有限公司{n}",
            credit_code=f"91320000{n:010d}",
            kind="企业",
            province="江苏省",
            groups=("工艺安全工作组",),
            status="已提交",
            started=True,
            submitted=True,
            overall=Decimal(rng.randint(400, 1000)) / 10,
            stars=rng.randint(0, 5),
            sections=tuple(Decimal(rng.randint(0, 1000)) / 10 for _ in sections),
            bands=tuple(
                BandOutcome(s, s < 3, () if s < 3 else ("总分 62.6（要求 ≥ 80）",))
                for s in range(1, 6)
            ),
            kpis=tuple(
                KpiFigure(
                    Decimal(rng.randint(0, 10_000)) / 100,
                    (Decimal(rng.randint(0, 500)) / 100, Decimal(rng.randint(0, 100)) / 100)
                    if k.bases
                    else (),
                )
                for k in kpis
            ),
            inputs=tuple(
                (Decimal(raw.randint(0, 10**8)) / (100 if i % 3 else 1))
                if raw.random() < 0.9
                else None
                for i in range(len(inputs))
            ),
            input_notes=tuple(
                "按平均人数×制度工时估算" if n % 10 == 0 and i == 0 else None
                for i in range(len(inputs))
            ),
        )
        for n in range(size)
    )
    pooled = tuple(
        PooledFigure(
            "全部组织", k.kpi_id, Decimal("1.5"), (Decimal("1.5"), Decimal("0.3")), size, size
        )
        for k in kpis
    )
    stars = tuple(Count(f"{n} 星", size // 6, size // 7) for n in range(5, -1, -1))
    return AnnualData(
        2025,
        "zh",
        sections,
        kpis,
        organisations,
        pooled,
        stars,
        (Count("开始自评", size),),
        ("每百万工时", "每20万工时"),
        inputs=inputs,
    )


def ours(data: AnnualData) -> bytes:
    with force_locale("zh_CN"):
        return workbook_bytes(annual_sheets(data))


def cells_of(data: AnnualData) -> list[tuple[str, list[list[object]]]]:
    """Return the same sheets as plain rows for the baseline (materialised before timing)."""
    found: list[tuple[str, list[list[object]]]] = []
    with force_locale("zh_CN"):
        for sheet in annual_sheets(data):
            rows: list[list[object]] = [list(sheet.notes), list(sheet.header)]
            rows.extend(list(row) for row in sheet.rows)
            found.append((sheet.title, rows))
    return found


def _plain(value: object) -> tuple[object, str | None]:
    """A cell's plain value and the number format the report gives it.

    The baseline writes the same workbook: since the report shows its figures and scores
    as the pages write them (1,120,000; 87.3), the baseline writes those formats too.
    """
    if isinstance(value, excel.Score):
        return (None if value.value is None else float(value.value)), excel.SCORE_FORMAT
    if isinstance(value, excel.Figure):
        if value.value is None:
            return None, None
        return float(value.value), excel_number_format(value.value, value.places)
    if isinstance(value, Decimal):
        return float(value), excel_number_format(value)
    if isinstance(value, excel.RubricText):
        return value.text, None
    return value, None


def baseline(sheets: list[tuple[str, list[list[object]]]]) -> bytes:
    import xlsxwriter  # type: ignore[import-untyped] # ships no type information

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_formulas": False})
    formats: dict[str, object] = {}
    for title, rows in sheets:
        sheet = book.add_worksheet(title[:31])
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                value, number_format = _plain(cell)
                if value is None:
                    continue
                if number_format is None:
                    sheet.write(r, c, value)
                    continue
                if number_format not in formats:
                    formats[number_format] = book.add_format({"num_format": number_format})
                sheet.write(r, c, value, formats[number_format])
    book.close()
    return buffer.getvalue()


def _status_kb(field: str) -> int:
    with open("/proc/self/status", encoding="utf-8") as status:
        return int(next(line.split()[1] for line in status if line.startswith(field)))


def _grow(action: Callable[[], object], out: Any) -> None:
    """In a child process: resident memory gained by `action` (peak minus start), in MB."""
    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
        clear.write("5")  # reset the peak (VmHWM) to the current resident size
    before = _status_kb("VmRSS:")
    action()
    out.put((_status_kb("VmHWM:") - before) / 1024)


def peak_mb(action: Callable[[], object]) -> float:
    """Peak resident memory an action adds, measured in a forked child (C allocations too)."""
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    child = context.Process(target=_grow, args=(action, out))
    child.start()
    grown: float = out.get(timeout=600)
    child.join()
    return grown


def bench_workbook(app: Flask, size: int) -> None:
    with app.app_context():
        data = annual_data(size)
        sheets = cells_of(data)
        cells = sum(len(row) for _t, rows in sheets for row in rows)
        print(f"  # annual workbook: {size} organisations, {cells} cells", flush=True)
        runs = 1 if size > 5000 else 3
        line(
            f"annual workbook/{size} orgs",
            best_of(lambda: ours(data), runs),
            best_of(lambda: baseline(sheets), runs),
            "s",
            1.5,
        )
        mine, theirs = peak_mb(lambda: ours(data)), peak_mb(lambda: baseline(sheets))
        verdict = "met" if mine - theirs < 64 else "MISSED"
        print(
            f"annual workbook/{size} orgs peak memory: {mine:.1f} MB | baseline {theirs:.1f} MB"
            f" | above baseline {mine - theirs:.1f} MB (target < 64) {verdict}",
            flush=True,
        )


# --- 20-page Chinese PDF section -------------------------------------------------------


def bench_pdf(app: Flask) -> None:
    """Our pipeline (template, print.css, fonts, restricted fetcher) vs bare WeasyPrint.

    The baseline is the same document, tables and text, without our stylesheet or fetcher:
    what rendering that text costs in WeasyPrint anyway. A second, informational line
    compares with the same text as plain paragraphs, to show what tables themselves cost.
    """
    from flask import render_template

    from rcapp.reports.pdf import PRINT_CSS, html_to_pdf
    from tests.pdf_tools import pdf_pages

    static = Path(app.static_folder or "static")
    with app.app_context(), force_locale("zh_CN"), app.test_request_context():
        data = annual_data(ROWS_FOR_20_PAGES)

        def ours() -> bytes:
            html = render_template(
                "reports/bench_section.html", data=data, print_css=PRINT_CSS, report={"lang": "zh"}
            )
            return html_to_pdf(html, static)

        html = render_template(
            "reports/bench_section.html", data=data, print_css="", report={"lang": "zh"}
        )
        bare = re.sub(r"<link[^>]*>", "", html)
        rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
        paragraphs = "".join(f"<p>{' '.join(re.findall(r'>([^<]+)<', row))}</p>" for row in rows)
        plain = f"<html><body><h1>获得星级的组织</h1>{paragraphs}</body></html>"
        print(
            f"  # PDF section: {pdf_pages(ours())} pages; bare {pdf_pages(_plain_pdf(bare))};"
            f" paragraphs {pdf_pages(_plain_pdf(plain))}",
            flush=True,
        )
        mine = best_of(ours, 2)
        line("20-page Chinese section", mine, best_of(lambda: _plain_pdf(bare), 2), "s", 1.5)
        paragraphs_time = best_of(lambda: _plain_pdf(plain), 2)
        print(f"  # the same text as paragraphs (no tables): {paragraphs_time:.3f} s", flush=True)


def _plain_pdf(html: str) -> bytes:
    from weasyprint import HTML

    result: bytes = HTML(string=html).write_pdf()
    return result


# --- template import --------------------------------------------------------------------


def bench_import(app: Flask) -> None:
    import openpyxl

    from rcapp import db
    from rcapp.demo import demo_command
    from rcapp.reports import documents, import_service
    from rcapp.reports.import_apply import apply_plan

    result = app.test_cli_runner().invoke(demo_command, [])
    assert result.exit_code == 0, result.output
    with app.app_context(), force_locale("zh_CN"):
        from sqlalchemy import select

        from rcapp.accounts.models import User
        from rcapp.assessments.models import Assessment
        from rcapp.assessments.queries import rubric_of
        from rcapp.cycles.models import ReportingCycle

        # A draft of the open year: only those take an import.
        assessment = (
            db.session()
            .scalars(
                select(Assessment)
                .join(ReportingCycle, ReportingCycle.id == Assessment.cycle_id)
                .where(Assessment.status == "draft", ReportingCycle.status == "open")
                .order_by(Assessment.id)
            )
            .first()
        )
        assert assessment is not None
        filled, answers = _fill_everything(
            documents.template_workbook(assessment, "zh", prefill=False)
        )
        user = db.session().scalars(select(User)).first()
        assert user is not None

        def ours() -> None:
            plan = import_service.plan_upload(assessment, filled)
            assert plan.ok, plan.problems[:3]
            apply_plan(assessment, rubric_of(assessment), plan, (), user)
            db.session().rollback()

        def base() -> None:
            book = openpyxl.load_workbook(io.BytesIO(filled), read_only=True)
            for sheet in book.worksheets:
                for row in sheet.iter_rows(values_only=True):
                    for _value in row:
                        pass
            book.close()

        print(f"  # template import: {answers} answers typed", flush=True)
        line(f"template import/{answers} answers", best_of(ours, 3), best_of(base, 3), "s", 3)


def _fill_everything(data: bytes) -> tuple[bytes, int]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    count = 0
    for sheet in book.worksheets[1:]:
        if sheet.title == "_rcapp" or sheet.title == "事件":
            continue
        kpi = sheet.title == "KPI 数据"
        answers = not kpi and sheet.title != "往年数据（补录）"  # rows with a 不适用 column F
        for row in range(4, sheet.max_row + 1):
            subject = sheet[f"A{row}"].value
            if not subject or sheet[f"C{row}"].value == "整个板块不适用":
                continue
            if kpi:
                sheet[f"E{row}"] = 100
            elif sheet[f"J{row}"].value:  # a number item: its range is shown
                sheet[f"E{row}"] = 1
            else:
                sheet[f"E{row}"] = 1
                sheet[f"H{row}"] = "记录"
            if answers:  # answered, so applicable: "否" answers an item the web marks N/A
                sheet[f"F{row}"] = "否"
            count += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--large", action="store_true", help="26,000 organisations")
    parser.add_argument("--sqlite-only", action="store_true", help="accepted; SQLite is used")
    args = parser.parse_args()
    from rcapp import create_app
    from rcapp.dbcli import upgrade_database

    with tempfile.TemporaryDirectory(prefix="rcapp-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "bench",
                "REPORTS_DIR": tmp,
                "UPLOAD_DIR": tmp,
                "QUEUE_IMMEDIATE": True,
            }
        )
        upgrade_database(url)
        bench_workbook(app, 26_000 if args.large else 1_000)
        bench_pdf(app)
        bench_import(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
