"""QA17 D7: a deadline moved before submissions made on time names them as still on time.

Lateness is judged at submit against the deadline then in force (Assessment.submitted_late),
so a deadline moved to a day before a submission leaves it on time. The confirmation says so
and names them, the audit log keeps them, and the year's list and export show when each was
submitted and why it is not late.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment
from rcapp.audit.models import AuditEntry
from rcapp.clock import beijing_today, to_beijing
from rcapp.cycles.deadlines import kept_on_time
from rcapp.db import utcnow
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import World, make_world, submitted_assessment


def _days(n: int) -> dt.date:
    return beijing_today() + dt.timedelta(days=n)


def _world(session: Session, *, other_signed: bool = True) -> tuple[World, Assessment]:
    """Org A submitted two days ago, on time (deadline in 30 days); org B has not started."""
    world = make_world()
    world.cycle.deadline = _days(30)
    world.cycle.created_at = utcnow() - dt.timedelta(days=60)
    world.org_a.commitment_status = CommitmentStatus.SIGNED
    if other_signed:
        world.org_b.commitment_status = CommitmentStatus.SIGNED
    world.org_a.name_en = "Alpha Chemicals Co., Ltd."
    session.flush()
    assessment = submitted_assessment(world)
    assessment.submitted_at = utcnow() - dt.timedelta(days=2)
    session.commit()
    assert assessment.submitted_late is False
    return world, assessment


def _text(response_data: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", response_data))


@pytest.mark.parametrize(
    ("lang", "asked", "kept_words"),
    [
        ("zh_CN", "1 个单位在 {day} 之后提交（提交时间为北京时间）：", "仍计为按时提交。"),
        (
            "en",
            "1 organisation submitted after {day} (times in Beijing time):",
            "By the deadline in force when they submitted, they still count as submitted on time.",
        ),
    ],
)
def test_the_confirmation_names_submissions_after_the_new_day_as_still_on_time(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    asked: str,
    kept_words: str,
) -> None:
    world, _ = _world(db_session)
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    day = _days(-4).isoformat()
    url = f"/cycles/{world.cycle.id}/deadline"
    response = client.post(url, data={"deadline": day, "shown": _days(30).isoformat()})
    assert response.status_code == 200
    page = _text(response.get_data(as_text=True))
    assert asked.format(day=day) in page
    assert kept_words in page
    assert world.org_a.display_name("en" if lang == "en" else "zh") in page
    db_session.refresh(world.cycle)
    assert world.cycle.deadline == _days(30)  # nothing saved before the confirmation


def test_a_new_day_that_makes_nobody_late_still_asks_when_submissions_came_after_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, _ = _world(db_session, other_signed=False)
    auth.login(world.secretariat.email)
    day = _days(-4).isoformat()
    url = f"/cycles/{world.cycle.id}/deadline"
    response = client.post(url, data={"deadline": day, "shown": _days(30).isoformat()})
    assert response.status_code == 200
    page = _text(response.get_data(as_text=True))
    assert "将逾期未提交" not in page
    assert "按提交时有效的截止日期，仍计为按时提交。" in page
    assert f'name="confirmed" value="{day}"' in response.get_data(as_text=True)


def test_the_confirmed_change_audits_them_and_the_list_and_export_show_the_time(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _world(db_session)
    auth.login(world.secretariat.email)
    day = _days(-4).isoformat()
    confirmed = client.post(
        f"/cycles/{world.cycle.id}/deadline",
        data={"deadline": day, "shown": _days(30).isoformat(), "confirmed": day},
    )
    assert confirmed.status_code == 302
    db_session.refresh(assessment)
    assert assessment.submitted_late is False  # the rule is kept
    query = select(AuditEntry).where(AuditEntry.action == "deadline.kept_on_time")
    [entry] = db_session.scalars(query)
    assert str(world.org_a.id) in (entry.after or "")
    assert str(world.org_b.id) not in (entry.after or "").split("organisation_ids")[1]
    audit = _text(client.get(f"/audit/?entity=cycle&entity_id={world.cycle.id}").get_data(True))
    assert "按提交时有效的截止日期，仍计为按时提交" in audit
    assert world.org_a.display_name("zh") in audit

    listed = _text(client.get(f"/cycles/{world.cycle.id}/organisations").get_data(as_text=True))
    assert assessment.submitted_at is not None
    shown = to_beijing(assessment.submitted_at).strftime("%Y-%m-%d %H:%M")
    assert f"提交于 {shown}（北京时间）" in listed

    workbook = load_workbook(
        io.BytesIO(client.get(f"/reports/cycles/{world.cycle.id}/organisations.xlsx").data)
    )
    sheet = workbook.worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(row for row in rows if "逾期" in row)
    line = next(row for row in rows if row[0] == world.org_a.display_name("zh"))
    assert line[header.index("逾期")] == "按时（按提交时有效的截止日期）"
    assert line[header.index("提交时间（北京时间）")] is not None


class _Row:
    def __init__(self, *, is_open: bool, late: bool, submitted_at: dt.datetime | None) -> None:
        self.is_open, self.late, self.submitted_at = is_open, late, submitted_at


def test_kept_on_time_takes_only_on_time_submissions_after_the_day() -> None:
    day = dt.date(2026, 12, 1)
    beijing_2nd = dt.datetime(2026, 12, 1, 16, 30, tzinfo=dt.UTC)  # 00:30 on 2 Dec in Beijing
    beijing_1st = dt.datetime(2026, 12, 1, 15, 30, tzinfo=dt.UTC)  # 23:30 on 1 Dec in Beijing
    after = _Row(is_open=False, late=False, submitted_at=beijing_2nd)
    on_the_day = _Row(is_open=False, late=False, submitted_at=beijing_1st)
    late_already = _Row(is_open=False, late=True, submitted_at=beijing_2nd)
    not_submitted = _Row(is_open=True, late=False, submitted_at=None)
    rows = [after, on_the_day, late_already, not_submitted]
    assert kept_on_time(rows, day) == [after]
