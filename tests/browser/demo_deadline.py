"""The demo's current year with its deadline moved for one browser test, and put back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import delete

from rcapp import db
from rcapp.clock import beijing_today
from rcapp.cycles.models import LateAllowance, ReportingCycle
from rcapp.demo import world


@contextmanager
def demo_deadline(live_app: Flask, days_from_today: int) -> Iterator[ReportingCycle]:
    """The demo's current year due `days_from_today` (negative: past); afterwards its deadline
    is put back and the late allowances granted meanwhile withdrawn, so that the other tests
    find the demo as it was."""
    with live_app.app_context():
        session = db.session()
        cycle = session.query(ReportingCycle).filter_by(year=world.CURRENT_YEAR).one()
        kept = cycle.deadline
        cycle.deadline = beijing_today() + dt.timedelta(days=days_from_today)
        session.commit()
        session.expunge(cycle)
    try:
        yield cycle
    finally:  # a failing test too: the tests after it must not find the deadline passed
        with live_app.app_context():
            session = db.session()
            found = session.get(ReportingCycle, cycle.id)
            assert found is not None
            found.deadline = kept
            session.execute(delete(LateAllowance).where(LateAllowance.cycle_id == cycle.id))
            session.commit()
