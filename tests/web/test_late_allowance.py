"""Late allowances with an end date: granting, moving, submitting until that day, the pages.

Dates are relative to the Beijing date of the run, as the other cycle tests set them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments import services as assessments
from rcapp.assessments.models import AssessmentStatus
from rcapp.audit.models import AuditEntry
from rcapp.clock import beijing_today
from rcapp.cycles import services
from rcapp.cycles.deadlines import OwnDeadline, may_submit_now
from rcapp.cycles.late_allowances import (
    InvalidLateDate,
    LateDateProblem,
    find_allowance,
    offered_late_date,
)
from rcapp.cycles.models import CycleStatus, LateAllowance
from rcapp.db import utcnow
from rcapp.errors import InvalidState
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import World, fill_complete, make_world, start


def _days(n: int) -> dt.date:
    return beijing_today() + dt.timedelta(days=n)


def _overdue_world(session: Session, deadline_in: int = -3) -> World:
    world = make_world()
    world.cycle.deadline = _days(deadline_in)
    world.org_a.commitment_status = CommitmentStatus.SIGNED  # on the cycle's roster
    session.flush()
    return world


def _audit(session: Session, action: str) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


# --- the service --------------------------------------------------------------------------


def test_a_grant_stores_its_day_and_audits_it(db_session: Session) -> None:
    world = _overdue_world(db_session)
    assert services.allow_late_submission(world.cycle, world.org_a.id, _days(7), world.secretariat)
    allowance = find_allowance(world.cycle.id, world.org_a.id)
    assert allowance is not None
    assert allowance.until == _days(7)
    [entry] = _audit(db_session, "late.allow")
    assert _days(7).isoformat() in (entry.after or "")
    assert entry.actor_id == world.secretariat.id


def test_moving_the_day_is_audited_with_both_days_and_the_same_day_changes_nothing(
    db_session: Session,
) -> None:
    world = _overdue_world(db_session)
    services.allow_late_submission(world.cycle, world.org_a.id, _days(7), None)
    assert services.allow_late_submission(world.cycle, world.org_a.id, _days(10), None)
    [entry] = _audit(db_session, "late.change")
    assert _days(7).isoformat() in (entry.before or "")
    assert _days(10).isoformat() in (entry.after or "")
    assert services.allow_late_submission(world.cycle, world.org_a.id, _days(10), None) is False
    assert len(_audit(db_session, "late.change")) == 1


@pytest.mark.parametrize(
    ("deadline_in", "until_in", "problem"),
    [
        (-3, -1, LateDateProblem.IN_THE_PAST),
        (5, 2, LateDateProblem.BEFORE_DEADLINE),
    ],
)
def test_a_day_in_the_past_or_before_the_deadline_is_refused(
    db_session: Session, deadline_in: int, until_in: int, problem: LateDateProblem
) -> None:
    world = _overdue_world(db_session, deadline_in)
    with pytest.raises(InvalidLateDate) as refused:
        services.allow_late_submission(world.cycle, world.org_a.id, _days(until_in), None)
    assert refused.value.problem is problem
    assert find_allowance(world.cycle.id, world.org_a.id) is None


def test_today_and_the_deadline_day_are_accepted(db_session: Session) -> None:
    world = _overdue_world(db_session, 0)
    assert services.allow_late_submission(world.cycle, world.org_a.id, _days(0), None)


def test_a_closed_year_grants_nothing(db_session: Session) -> None:
    world = _overdue_world(db_session)
    world.cycle.status = CycleStatus.CLOSED
    with pytest.raises(InvalidState):
        services.allow_late_submission(world.cycle, world.org_a.id, _days(7), None)


def test_the_offered_day_is_two_weeks_after_today_or_after_the_deadline() -> None:
    today = dt.date(2027, 4, 10)
    assert offered_late_date(dt.date(2027, 3, 31), today) == dt.date(2027, 4, 24)
    assert offered_late_date(dt.date(2027, 4, 20), today) == dt.date(2027, 5, 4)


def test_an_own_deadline_never_ends_before_the_cycles() -> None:
    deadline = dt.date(2027, 3, 31)
    moved = OwnDeadline(deadline, True, dt.date(2027, 3, 20))  # the deadline moved past it
    assert moved.day == deadline
    assert not moved.extended
    no_end = OwnDeadline(deadline, True, None)
    assert no_end.open_ended
    assert no_end.may_submit(dt.date(2030, 1, 1))


# --- submitting -----------------------------------------------------------------------------


def test_submitting_is_allowed_on_the_last_day_and_refused_the_day_after(
    db_session: Session,
) -> None:
    world = _overdue_world(db_session)
    services.allow_late_submission(world.cycle, world.org_a.id, _days(0), None)
    assert may_submit_now(world.cycle, world.org_a.id, _days(0))
    assert not may_submit_now(world.cycle, world.org_a.id, _days(1))
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    with pytest.raises(assessments.SubmissionClosed):
        assessments.submit_assessment(assessment, world.user_a, at=utcnow() + dt.timedelta(days=1))
    assessments.submit_assessment(assessment, world.user_a)
    assert assessment.status is AssessmentStatus.SUBMITTED


def test_an_allowance_without_end_date_lets_the_organisation_submit_as_before(
    db_session: Session,
) -> None:
    world = _overdue_world(db_session, -30)
    db_session.add(LateAllowance(cycle_id=world.cycle.id, organisation_id=world.org_a.id))
    db_session.flush()
    assert may_submit_now(world.cycle, world.org_a.id, _days(0))
    assert not may_submit_now(world.cycle, world.org_b.id, _days(0))


@pytest.mark.parametrize(
    ("lang", "refused"),
    [
        ("zh_CN", "逾期提交的延期日期 {day} 已过，不能再提交"),
        ("en", "Your extension for a late submission ended on {day}"),
    ],
)
def test_a_submission_after_the_extension_is_refused_with_a_clear_message(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, refused: str
) -> None:
    world = _overdue_world(db_session, -5)
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    # Granted earlier until yesterday: a day that has passed now.
    db_session.add(
        LateAllowance(cycle_id=world.cycle.id, organisation_id=world.org_a.id, until=_days(-1))
    )
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")
    page = client.post(f"/assessments/{assessment.id}/submit", follow_redirects=True)
    assert refused.format(day=_days(-1).isoformat()) in page.get_data(as_text=True)
    db_session.refresh(assessment)
    assert assessment.status is AssessmentStatus.DRAFT


def test_the_organisation_submits_on_its_last_day_from_the_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _overdue_world(db_session)
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    services.allow_late_submission(world.cycle, world.org_a.id, _days(0), None)
    db_session.commit()
    auth.login(world.user_a.email)
    client.post(f"/assessments/{assessment.id}/submit")
    db_session.refresh(assessment)
    assert assessment.status is AssessmentStatus.SUBMITTED


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        # QA13 S4: the last day is written inclusive, to 24:00 (cycles.deadline_words)
        ("zh_CN", "{until} 24:00（已延期；本年度截止日期 {deadline}）"),
        ("en", "24:00 on {until} (extended; the year's deadline is {deadline})"),
    ],
)
def test_the_organisation_sees_its_own_deadline(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, shown: str
) -> None:
    world = _overdue_world(db_session)
    assessment = start(world)
    services.allow_late_submission(world.cycle, world.org_a.id, _days(4), None)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")
    text = shown.format(until=_days(4).isoformat(), deadline=world.cycle.deadline.isoformat())
    home = client.get("/").get_data(as_text=True)
    assert text in home
    assert ("还剩 4 天" if lang == "zh_CN" else "4 days left") in home
    overview = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    assert text in overview


# --- the secretariat's page ---------------------------------------------------------------


def _late_url(world: World) -> str:
    return f"/cycles/{world.cycle.id}/late/{world.org_a.id}"


def test_the_form_offers_a_day_and_the_grant_shows_in_the_roster_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _overdue_world(db_session)
    db_session.commit()
    auth.login(world.secretariat.email)
    roster = client.get(f"/cycles/{world.cycle.id}/organisations").get_data(as_text=True)
    assert _late_url(world) in roster
    form = client.get(_late_url(world)).get_data(as_text=True)
    assert "延期至" in form
    assert f'value="{_days(14).isoformat()}"' in form
    response = client.post(
        _late_url(world), data={"until": _days(9).isoformat(), "shown": ""}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert f"逾期提交，延期至 {_days(9).isoformat()}。" in page
    assert f"延期至 {_days(9).isoformat()}" in page  # the roster's badge
    client.get("/lang/en")
    roster = client.get(f"/cycles/{world.cycle.id}/organisations").get_data(as_text=True)
    assert f"Late submission allowed · until {_days(9).isoformat()}" in roster
    assert "Change the extension" in roster


@pytest.mark.parametrize(
    ("lang", "until_in", "message"),
    [
        ("zh_CN", -1, "“延期至”不能早于今天（北京时间 {today}）。"),
        ("en", -1, "“Extended until” cannot be in the past (today is {today}, Beijing time)."),
        ("zh_CN", None, "请填写“延期至”日期（年-月-日）。"),
        ("en", None, "Please enter the “Extended until” date (YYYY-MM-DD)."),
    ],
)
def test_a_bad_day_is_refused_naming_the_field(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    until_in: int | None,
    message: str,
) -> None:
    world = _overdue_world(db_session)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    until = "" if until_in is None else _days(until_in).isoformat()
    response = client.post(_late_url(world), data={"until": until, "shown": ""})
    assert response.status_code == 422
    assert message.format(today=_days(0).isoformat()) in response.get_data(as_text=True)
    assert find_allowance(world.cycle.id, world.org_a.id) is None


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("zh_CN", "“延期至”不能早于本年度截止日期（{deadline}）。"),
        ("en", "“Extended until” cannot be before the year&#39;s deadline ({deadline})."),
    ],
)
def test_a_day_before_the_deadline_is_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, message: str
) -> None:
    # Before the deadline only an allowance granted earlier (the deadline moved later since)
    # can be moved; a new one is refused (QA13 S14, tests/web/test_late_deadline_rules.py).
    world = _overdue_world(db_session, 5)
    services.allow_late_submission(world.cycle, world.org_a.id, _days(9), None)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    shown = _days(9).isoformat()
    response = client.post(_late_url(world), data={"until": _days(2).isoformat(), "shown": shown})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert message.format(deadline=world.cycle.deadline.isoformat()) in text


def test_a_change_made_meanwhile_is_not_overwritten_and_the_input_is_kept(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _overdue_world(db_session)
    db_session.commit()
    auth.login(world.secretariat.email)
    # A colleague grants until day 5 after this page showed "not allowed".
    services.allow_late_submission(world.cycle, world.org_a.id, _days(5), None)
    db_session.commit()
    response = client.post(_late_url(world), data={"until": _days(9).isoformat(), "shown": ""})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert f"现为：延期至 {_days(5).isoformat()}" in page
    assert f'value="{_days(9).isoformat()}"' in page  # what was typed
    assert f'name="shown" type="hidden" value="{_days(5).isoformat()}"' in page
    db_session.expire_all()
    allowance = find_allowance(world.cycle.id, world.org_a.id)
    assert allowance is not None
    assert allowance.until == _days(5)
    # Saving again, knowingly, sets the day typed.
    again = client.post(
        _late_url(world), data={"until": _days(9).isoformat(), "shown": _days(5).isoformat()}
    )
    assert again.status_code == 302
    db_session.expire_all()
    assert find_allowance(world.cycle.id, world.org_a.id).until == _days(9)  # type: ignore[union-attr]


def test_an_allowance_without_end_date_is_shown_so_and_can_get_one(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _overdue_world(db_session)
    db_session.add(LateAllowance(cycle_id=world.cycle.id, organisation_id=world.org_a.id))
    db_session.commit()
    auth.login(world.secretariat.email)
    roster = client.get(f"/cycles/{world.cycle.id}/organisations").get_data(as_text=True)
    assert "无截止日期" in roster
    form = client.get(_late_url(world)).get_data(as_text=True)
    assert "无截止日期；请设定一个延期日期" in form
    assert 'name="shown" type="hidden" value="open"' in form
    response = client.post(_late_url(world), data={"until": _days(6).isoformat(), "shown": "open"})
    assert response.status_code == 302
    [entry] = _audit(db_session, "late.change")
    assert '"until": null' in (entry.before or "")
    client.get("/lang/en")
    roster = client.get(f"/cycles/{world.cycle.id}/organisations").get_data(as_text=True)
    assert f"Late submission allowed · until {_days(6).isoformat()}" in roster


def test_the_audit_log_names_the_change_and_its_day(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _overdue_world(db_session)
    services.allow_late_submission(world.cycle, world.org_a.id, _days(5), None)
    services.allow_late_submission(world.cycle, world.org_a.id, _days(8), None)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get("/lang/en")
    log = client.get(f"/audit/?entity=cycle&entity_id={world.cycle.id}").get_data(as_text=True)
    assert "Change a late submission&#39;s end date" in log
    assert "Extended until" in log
    assert _days(8).isoformat() in log


# --- the reason (QA68 #8) -----------------------------------------------------------------


def test_the_reason_typed_on_the_page_goes_to_the_audit_entry(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _overdue_world(db_session)
    db_session.commit()
    auth.login(world.secretariat.email)
    url = f"/cycles/{world.cycle.id}/late/{world.org_a.id}"
    assert 'name="reason"' in client.get(url).get_data(as_text=True)
    data = {"until": _days(7).isoformat(), "shown": "", "reason": "  系统故障，未能按时提交  "}
    assert client.post(url, data=data).status_code == 302
    [entry] = _audit(db_session, "late.allow")
    assert entry.reason == "系统故障，未能按时提交"
    data = {"until": _days(9).isoformat(), "shown": _days(7).isoformat(), "reason": ""}
    assert client.post(url, data=data).status_code == 302
    [moved] = _audit(db_session, "late.change")
    assert moved.reason is None  # optional: none given, none recorded


def test_an_over_long_reason_is_refused_and_kept(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _overdue_world(db_session)
    db_session.commit()
    auth.login(world.secretariat.email)
    url = f"/cycles/{world.cycle.id}/late/{world.org_a.id}"
    typed = "长" * 2001
    response = client.post(url, data={"until": _days(7).isoformat(), "shown": "", "reason": typed})
    assert response.status_code == 422
    assert typed in response.get_data(as_text=True)
    assert find_allowance(world.cycle.id, world.org_a.id) is None
