"""Confirming an organisation import: the check before writing holds no write lock.

A colleague's change between that check and the write is caught: the file is checked again
(and written when its plan is the one confirmed) or the new preview is shown; nothing is
half-written. The write issues a bounded number of statements, not some per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import event, func, insert, select, update
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.audit.models import AuditEntry
from rcapp.organisations import import_confirm
from rcapp.organisations.import_apply import apply_plan
from rcapp.organisations.import_check import plan_file
from rcapp.organisations.models import Organisation, WorkingGroupMember
from rcapp.organisations.services import DuplicateCreditCode
from tests.factories import credit_code, make_organisation, make_park, make_working_group
from tests.org_import_files import company, filled


@pytest.fixture(autouse=True)
def _chinese(db_session: Session) -> Iterator[None]:
    with force_locale("zh_CN"):
        yield


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Organisation)) or 0


def _between_check_and_write(
    monkeypatch: pytest.MonkeyPatch, colleague: Callable[[], None], times: int = 1
) -> list[bool]:
    """Run `colleague` after each of the first `times` checks; record if each held no lock."""
    unlocked: list[bool] = []

    def checked(data: bytes) -> Any:
        unlocked.append(db._reads_only())
        plan = plan_file(data)
        if len(unlocked) <= times:
            colleague()
        return plan

    monkeypatch.setattr(import_confirm, "plan_file", checked)
    return unlocked


def _colleague_saves(statement: Any) -> Callable[[], None]:
    """A colleague's save, past this session's loaded objects (as another connection's)."""

    def save() -> None:
        db.session().connection().execute(statement)

    return save


def _new_row(code: str, name: str) -> Any:
    return insert(Organisation).values(
        kind="company", name_zh=name, credit_code=code, province="江苏省", city="南京市"
    )


def test_the_check_before_writing_takes_no_write_lock_and_the_write_does(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = filled([company(name_zh="无锁检查化工", credit_code=credit_code())])
    shown = plan_file(data).fingerprint()
    unlocked = _between_check_and_write(monkeypatch, lambda: None)
    writing: list[bool] = []

    def apply(*args: Any) -> Any:
        writing.append(db._reads_only())
        return apply_plan(*args)

    monkeypatch.setattr(import_confirm, "apply_plan", apply)
    before = _count(db_session)
    outcome = import_confirm.check_and_write(data, shown, None, "a.xlsx")
    assert outcome.written is not None
    assert outcome.written.created == 1
    assert unlocked == [True]  # a deferred transaction: SQLite's BEGIN, not BEGIN IMMEDIATE
    assert writing == [False]  # the write begins its own transaction with the lock
    assert _count(db_session) == before + 1


def test_a_colleague_registering_a_row_meanwhile_shows_the_new_preview(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = credit_code()
    data = filled(
        [
            company(name_zh="先到化工", credit_code=credit_code()),
            company(name_zh="被抢先化工", credit_code=taken),
        ]
    )
    shown = plan_file(data).fingerprint()
    unlocked = _between_check_and_write(monkeypatch, _colleague_saves(_new_row(taken, "同事化工")))
    before = _count(db_session)
    outcome = import_confirm.check_and_write(data, shown, None, "a.xlsx")
    assert outcome.written is None
    assert outcome.plan is not None
    assert [p.row for p in outcome.plan.creates] == [2]  # row 3 now updates the colleague's
    assert [p.row for p in outcome.plan.updates] == [3]
    assert unlocked == [True, True]  # checked again after the register changed
    assert _count(db_session) == before + 1  # the colleague's only: nothing half-written
    assert db_session.scalar(select(Organisation).where(Organisation.credit_code == taken))


def test_a_colleague_editing_an_organisation_meanwhile_shows_the_new_preview(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = make_organisation(name_zh="被编辑化工", city="南京市")
    db_session.commit()
    data = filled([{"credit_code": edited.credit_code, "city": "苏州市"}])
    shown = plan_file(data).fingerprint()
    colleague = _colleague_saves(
        update(Organisation)
        .where(Organisation.id == edited.id)
        .values(city="无锡市", version=Organisation.version + 1)
        .execution_options(synchronize_session=False)
    )
    _between_check_and_write(monkeypatch, colleague)
    outcome = import_confirm.check_and_write(data, shown, None, "a.xlsx")
    assert outcome.written is None
    assert outcome.plan is not None
    assert outcome.plan.updates[0].changes == [("city", "无锡市", "苏州市")]
    db_session.expire_all()
    assert db_session.get(Organisation, edited.id).city == "无锡市"  # type: ignore[union-attr]


def test_an_unrelated_change_meanwhile_is_checked_again_and_the_file_written(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = filled([company(name_zh="照常写入化工", credit_code=credit_code())])
    shown = plan_file(data).fingerprint()

    def colleague() -> None:
        code = credit_code()
        _colleague_saves(_new_row(code, f"无关化工{code}"))()

    unlocked = _between_check_and_write(monkeypatch, colleague, times=2)
    outcome = import_confirm.check_and_write(data, shown, None, "a.xlsx")
    assert outcome.written is not None
    assert outcome.written.created == 1
    # Changed after each of two checks: the third checks inside the writing transaction.
    assert unlocked == [True, True, False]


def test_what_the_digest_cannot_see_is_refused_by_the_write_whole(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL holds no lock: a save after the digest is read is caught by the write."""
    edited = make_organisation(name_zh="版本化工", city="南京市")
    db_session.commit()
    taken = credit_code()
    monkeypatch.setattr(import_confirm, "register_state", lambda: "the same")
    before = _count(db_session)
    # An organisation edited since its check: its version refuses the update.
    data = filled(
        [
            company(name_zh="不应写入化工", credit_code=credit_code()),
            {"credit_code": edited.credit_code, "city": "苏州市"},
        ]
    )
    shown = plan_file(data).fingerprint()
    _between_check_and_write(
        monkeypatch,
        _colleague_saves(
            update(Organisation)
            .where(Organisation.id == edited.id)
            .values(city="无锡市", version=Organisation.version + 1)
            .execution_options(synchronize_session=False)
        ),
    )
    outcome = import_confirm.check_and_write(data, shown, None, "a.xlsx")
    assert outcome.written is None
    assert outcome.plan is not None
    assert _count(db_session) == before
    # A credit code registered since its check: the unique constraint refuses it.
    data = filled([company(name_zh="也不应写入化工", credit_code=credit_code()),
                   company(name_zh="撞码化工", credit_code=taken)])  # fmt: skip
    shown = plan_file(data).fingerprint()
    _between_check_and_write(monkeypatch, _colleague_saves(_new_row(taken, "同事撞码化工")))
    outcome = import_confirm.check_and_write(data, shown, None, "b.xlsx")
    assert isinstance(outcome.refused, DuplicateCreditCode)
    assert _count(db_session) == before + 1  # the colleague's only


def _statements(app: Flask) -> tuple[list[str], Callable[[], None]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement.split(None, 1)[0].upper())

    engine = app.extensions[db.ENGINE_KEY]
    event.listen(engine, "before_cursor_execute", count)
    return seen, lambda: event.remove(engine, "before_cursor_execute", count)


def test_a_thousand_row_import_issues_a_bounded_number_of_statements(
    app: Flask, db_session: Session
) -> None:
    park = make_park(name_zh="计数化工园区")
    groups = [make_working_group(code=f"N{n}") for n in range(3)]
    db_session.commit()
    codes = [credit_code() for _ in range(1000)]

    def rows(city: str) -> list[dict[str, str]]:
        return [
            company(name_zh=f"计数化工有限公司{n}", credit_code=code, city=city,
                    park=park.name_zh if n % 2 else "", groups=groups[n % 3].code)
            for n, code in enumerate(codes)
        ]  # fmt: skip

    for city, written in (("南京市", "create"), ("苏州市", "update")):
        data = filled(rows(city))
        seen, stop = _statements(app)
        try:
            plan = plan_file(data)
            checked = len(seen)
            apply_plan(plan, None, "n.xlsx")
            db_session.commit()
        finally:
            stop()
        assert plan.ok
        assert len(getattr(plan, f"{written}s")) == 1000
        assert checked <= 10, seen[:20]  # the register is read once, not looked up per row
        reads = [s for s in seen[checked:] if s == "SELECT"]
        assert len(reads) <= 10, len(reads)
        # Writes: at most one statement per row written (PostgreSQL batches even these).
        entries = db_session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        members = db_session.scalar(select(func.count()).select_from(WorkingGroupMember)) or 0
        assert len(seen) - checked <= 1000 + entries + members + 20
