"""What the pages say around a late allowance, as the organisation and the secretariat read them.

An extension that still runs is not "overdue"; one that has ended says so, and the
organisation is not offered a submit button that would only be refused.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus
from rcapp.clock import beijing_today
from rcapp.cycles import services
from rcapp.cycles.models import LateAllowance
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import World, fill_complete, make_world, start


def _days(n: int) -> dt.date:
    return beijing_today() + dt.timedelta(days=n)


def _overdue_world(session: Session) -> World:
    world = make_world()
    world.cycle.deadline = _days(-3)
    world.org_a.commitment_status = CommitmentStatus.SIGNED  # on the cycle's roster
    session.flush()
    return world


def _ended_allowance(session: Session, world: World) -> None:
    """Granted earlier until yesterday: a day that has passed now."""
    session.add(
        LateAllowance(cycle_id=world.cycle.id, organisation_id=world.org_a.id, until=_days(-1))
    )
    session.commit()


def _page(client: FlaskClient, url: str) -> str:
    return html.unescape(client.get(url).get_data(as_text=True))


@pytest.mark.parametrize(("lang", "overdue"), [("zh_CN", "已逾期"), ("en", "Overdue")])
def test_an_organisation_within_its_extension_is_not_called_overdue_at_home(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, overdue: str
) -> None:
    world = _overdue_world(db_session)
    start(world)
    services.allow_late_submission(world.cycle, world.org_a.id, _days(4), None)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")
    home = _page(client, "/")
    assert ("还剩 4 天" if lang == "zh_CN" else "4 days left") in home
    assert f">{overdue}<" not in home


@pytest.mark.parametrize(
    ("lang", "ended"),
    [
        ("zh_CN", "逾期提交的延期日期 {day} 已过，不能再提交"),
        ("en", "Your extension for a late submission ended on {day}"),
    ],
)
def test_an_ended_extension_is_named_at_home_and_on_the_overview_without_a_submit_button(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, ended: str
) -> None:
    world = _overdue_world(db_session)
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    _ended_allowance(db_session, world)
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")
    message = ended.format(day=_days(-1).isoformat())
    assert message in _page(client, "/")
    overview = _page(client, f"/assessments/{assessment.id}")
    assert message in overview
    assert f'action="/assessments/{assessment.id}/submit"' not in overview


def test_the_overview_offers_no_submit_button_past_the_deadline_without_allowance(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _overdue_world(db_session)
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    overview = _page(client, f"/assessments/{assessment.id}")
    assert "提交截止日期已过；如需逾期提交，请联系秘书处开通。" in overview
    assert f'action="/assessments/{assessment.id}/submit"' not in overview
    services.allow_late_submission(world.cycle, world.org_a.id, _days(2), None)
    db_session.commit()
    overview = _page(client, f"/assessments/{assessment.id}")
    assert f'action="/assessments/{assessment.id}/submit"' in overview


@pytest.mark.parametrize(
    ("lang", "badge"),
    [("zh_CN", "延期已于 {day} 结束"), ("en", "Extension ended on {day}")],
)
def test_the_roster_says_when_an_extension_has_ended(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, badge: str
) -> None:
    world = _overdue_world(db_session)
    start(world)
    _ended_allowance(db_session, world)
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    roster = _page(client, f"/cycles/{world.cycle.id}/organisations")
    assert badge.format(day=_days(-1).isoformat()) in roster
    assert ("已准许逾期提交 · 至" if lang == "zh_CN" else "Late submission allowed ·") not in roster


def test_the_rosters_links_of_a_row_are_kept_apart(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # "查看自评修改延期日期" / "View Change the extension" read as one link.
    world = _overdue_world(db_session)
    start(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    late = f"/cycles/{world.cycle.id}/late/{world.org_a.id}"
    roster = _page(client, f"/cycles/{world.cycle.id}/organisations")
    assert re.search(r"查看自评</a>\s*·\s*<a href=\"" + re.escape(late), roster)
    services.allow_late_submission(world.cycle, world.org_a.id, _days(2), None)
    db_session.commit()
    roster = _page(client, f"/cycles/{world.cycle.id}/organisations")
    assert re.search(r"查看自评</a>\s*·\s*<a href=\"" + re.escape(late), roster)


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("zh_CN", "2025 年度，截止日期 {until} 24:00（已延期；本年度截止日期 {deadline}）"),
        ("en", "2025, deadline 24:00 on {until} (extended; the year's deadline is {deadline})"),
    ],
)
def test_the_list_names_the_own_deadline_without_brackets_in_brackets(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, shown: str
) -> None:
    world = _overdue_world(db_session)
    services.allow_late_submission(world.cycle, world.org_a.id, _days(4), None)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")
    page = _page(client, "/assessments/")
    text = shown.format(until=_days(4).isoformat(), deadline=world.cycle.deadline.isoformat())
    assert text in page


@pytest.mark.parametrize(
    ("lang", "extended", "late"),
    [
        ("zh_CN", "已准许逾期提交 · 至 {day}", "逾期提交"),
        ("en", "Late submission allowed · until {day}", "Submitted late"),
    ],
)
def test_the_roster_shows_a_submission_within_its_extension_as_extended_not_late(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    extended: str,
    late: str,
) -> None:
    world = _overdue_world(db_session)
    assessment = start(world)
    services.allow_late_submission(world.cycle, world.org_a.id, _days(4), None)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = dt.datetime.now(dt.UTC)  # after the year's deadline
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    roster = _page(client, f"/cycles/{world.cycle.id}/organisations")
    assert extended.format(day=_days(4).isoformat()) in roster
    assert f">{late}<" not in roster.split("<tbody>", 1)[1]  # the filter offers it by name
    only_late = _page(client, f"/cycles/{world.cycle.id}/organisations?status=late")
    assert world.org_a.name_zh not in only_late


@pytest.mark.parametrize(
    ("lang", "ended", "running"),
    [
        ("zh_CN", "逾期提交延期已随年度关闭结束", "已准许逾期提交 · 至"),
        ("en", "Late submission allowance ended with the close", "Late submission allowed ·"),
    ],
)
def test_a_closed_year_says_the_close_ended_a_running_extension(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, ended: str, running: str
) -> None:
    """QA31 S1: the close ends an extension early; the list and its workbook say so."""
    import io

    import openpyxl

    from rcapp.cycles.models import CycleStatus
    from rcapp.db import utcnow

    world = _overdue_world(db_session)
    start(world)
    services.allow_late_submission(world.cycle, world.org_a.id, _days(4), None)
    world.cycle.status = CycleStatus.CLOSED
    world.cycle.closed_at = utcnow()
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    roster = _page(client, f"/cycles/{world.cycle.id}/organisations")
    assert ended in roster
    assert running not in roster
    response = client.get(f"/reports/cycles/{world.cycle.id}/organisations.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert ended in cells
    assert not any(running in c for c in cells)
