"""Confirm a 3,000-row organisation import on SQLite: how long the write lock is held.

On SQLite every transaction that may write holds the write lock from its first statement,
and a colleague's save waits for it (the busy timeout). The figure is the longest such
transaction of the confirmation (check again, then write); the baseline is the whole
confirmation. Target: the lock is held for at most half of it (the check runs without).
3,000 new companies (a third in a park, half in a working group), then 3,000 updates of them.
SQLite only: PostgreSQL holds no such lock.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from flask_babel import force_locale
from sqlalchemy import event, func, select

from rcapp import create_app, db
from rcapp.organisations.import_check import plan_file
from rcapp.organisations.import_confirm import check_and_write
from rcapp.organisations.models import Organisation, OrganisationKind, WorkingGroup
from tests.bench.common import Figure, arguments, fresh_database, load_note, note, show
from tests.factories import credit_code
from tests.org_import_files import company, filled

TARGET = 0.5
ROWS = 3_000


def main() -> int:
    arguments(__doc__ or "")
    with tempfile.TemporaryDirectory(prefix="rcapp-bench-") as tmp:
        url = fresh_database(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        app = create_app({"DATABASE_URL": url, "UPLOAD_DIR": str(Path(tmp) / "uploads")})
        with app.app_context(), force_locale("zh_CN"):
            load_note()
            codes = [credit_code(700_000 + n) for n in range(ROWS)]
            for step, city in (("new", "南京市"), ("updated", "苏州市")):
                data = filled(_rows(codes, city))
                measure(step, data)
        app.extensions[db.ENGINE_KEY].dispose()
    return 0


def _rows(codes: list[str], city: str) -> list[dict[str, str]]:
    session = db.session()
    if session.scalar(select(func.count()).select_from(WorkingGroup)) == 0:
        session.add(WorkingGroup(code="PSM", kind="code", name_zh="工艺安全工作组", name_en="PS"))
        session.add(
            Organisation(
                kind=OrganisationKind.PARK,
                name_zh="基准化工园区",
                credit_code=credit_code(699_999),
                province="江苏省",
                city="南京市",
            )
        )
        session.commit()
    return [
        company(name_zh=f"基准化工有限公司{n}", credit_code=code, city=city,
                park="基准化工园区" if n % 3 == 0 else "", groups="PSM" if n % 2 else "")
        for n, code in enumerate(codes)
    ]  # fmt: skip


def measure(step: str, data: bytes) -> Figure:
    session = db.session()
    shown = plan_file(data).fingerprint()
    session.rollback()
    engine = db.session().get_bind()
    started: dict[str, float] = {}
    locked: list[float] = []

    def begin(_conn: object) -> None:
        if not db._reads_only():  # noqa: SLF001 - the transaction's kind, as db decides it
            started["at"] = time.perf_counter()

    def end(_conn: object) -> None:
        if "at" in started:
            locked.append(time.perf_counter() - started.pop("at"))

    for name, listener in (("begin", begin), ("commit", end), ("rollback", end)):
        event.listen(engine, name, listener)
    start = time.perf_counter()
    outcome = check_and_write(data, shown, None, "bench.xlsx")
    whole = time.perf_counter() - start
    for name, listener in (("begin", begin), ("commit", end), ("rollback", end)):
        event.remove(engine, name, listener)
    if outcome.written is None:
        raise SystemExit(f"the import was not written: {outcome}")
    note(f"{ROWS:,} rows {step}: confirmation {whole:.2f} s, write lock {max(locked):.2f} s")
    return show(
        Figure(f"sqlite org import {ROWS} {step}: write lock", max(locked), whole, "s", TARGET)
    )


if __name__ == "__main__":
    sys.exit(main())
