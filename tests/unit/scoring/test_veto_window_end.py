"""counted_until: the first submission day on which a vetoing event no longer counts (qa34 S5).

The result page says from when an organisation can be rated again; the date it names must
be the day `counts` stops counting the event, month ends included.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from rcapp.rubrics.model import EventGrade, VetoEffect, VetoRule
from rcapp.scoring.model import Event
from rcapp.scoring.vetoes import counted_until, counts


def _rule(months: int) -> VetoRule:
    return VetoRule(
        id="V1",
        title={"zh": "较大事故", "en": "Larger accident"},
        event_type="safety_accident",
        min_grade=EventGrade.LARGER,
        window_months=months,
        effect=VetoEffect.NO_STAR,
    )


@given(
    day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)),
    months=st.integers(min_value=1, max_value=120),
)
def test_the_event_counts_the_day_before_and_never_from_that_day(day: dt.date, months: int) -> None:
    rule = _rule(months)
    event = Event("safety_accident", day, EventGrade.LARGER, fatalities=3)
    until = counted_until(rule, event.date)
    assert counts(rule, event, until - dt.timedelta(days=1))
    assert not counts(rule, event, until)
    assert not counts(rule, event, until + dt.timedelta(days=400))


def test_a_month_end_is_read_as_the_window_reads_it() -> None:
    assert counted_until(_rule(36), dt.date(2024, 9, 12)) == dt.date(2027, 9, 12)
    # 2023-01-31 + 1 month clamps to 2023-02-28, whose month before is 01-28: still counted
    assert counted_until(_rule(1), dt.date(2023, 1, 31)) == dt.date(2023, 3, 1)
