"""A past year reopened to correct data can take the correction (QA, 6 December 2026).

A year opened in January 2025 and due on 31 March 2025, closed and reopened in December
2026: its deadline was bounded by "a year after the opening" (2026-01-06) and extensions by
"a year after the deadline" (2026-03-31), both in the past, so the reopen form, the year's
deadline form and the return form refused every day that could still help. In a reopened
year the bounds now count from the reopening.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import rcapp.clock
from rcapp.assessments import services as assessment_services
from rcapp.assessments.models import Assessment, AssessmentStatus, SnapshotKind
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.snapshots import find_snapshot
from rcapp.assessments.validation import ItemInput
from rcapp.clock import beijing_today, years_after
from rcapp.cycles import services
from rcapp.cycles.late_allowances import (
    InvalidLateDate,
    LateDateProblem,
    find_allowance,
    latest_late_date,
)
from rcapp.cycles.models import ReportingCycle
from rcapp.cycles.reopened import reopened_on
from tests.conftest import AuthActions
from tests.factories import World, make_world, submitted_assessment

TODAY = beijing_today()
IN_TWO_WEEKS = TODAY + dt.timedelta(days=14)
A_YEAR_ON = years_after(TODAY, 1)  # the last day a year reopened today accepts


def _past_year(db_session: Session, *, closed: bool = True) -> tuple[World, Assessment]:
    """A year opened 480 days ago and due 400 days ago, org A's submitted; closed (frozen)."""
    world = make_world(year=TODAY.year - 2)
    assessment = submitted_assessment(world)
    opened = TODAY - dt.timedelta(days=480)
    world.cycle.created_at = dt.datetime.combine(opened, dt.time(1), tzinfo=dt.UTC)
    world.cycle.deadline = TODAY - dt.timedelta(days=400)
    if closed:
        services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    return world, assessment


def _reopened(db_session: Session) -> tuple[World, Assessment]:
    world, assessment = _past_year(db_session)
    services.reopen_cycle(world.cycle, "申诉成立，需更正数据", world.secretariat)
    db_session.commit()
    return world, assessment


def _text(response: object) -> str:
    return html.unescape(response.get_data(as_text=True))  # type: ignore[attr-defined]


def test_a_reopened_year_counts_its_extension_bound_from_the_reopening(
    db_session: Session,
) -> None:
    world, _assessment = _past_year(db_session)
    cycle = world.cycle
    assert reopened_on(cycle.id) is None
    services.reopen_cycle(cycle, "申诉成立，需更正数据", world.secretariat)
    assert reopened_on(cycle.id) == TODAY
    assert latest_late_date(cycle.deadline, TODAY) == A_YEAR_ON

    assert services.allow_late_submission(cycle, world.org_b.id, IN_TWO_WEEKS, world.secretariat)
    db_session.commit()
    allowance = find_allowance(cycle.id, world.org_b.id)
    assert allowance is not None
    assert allowance.until == IN_TWO_WEEKS
    with pytest.raises(InvalidLateDate) as refused:  # a typed 2099 is still a slip
        services.allow_late_submission(
            cycle, world.org_a.id, A_YEAR_ON + dt.timedelta(days=1), world.secretariat
        )
    assert refused.value.problem is LateDateProblem.TOO_LATE


def test_a_year_never_closed_keeps_its_bound_from_the_deadline(db_session: Session) -> None:
    world, _assessment = _past_year(db_session, closed=False)
    with pytest.raises(InvalidLateDate) as refused:
        services.allow_late_submission(world.cycle, world.org_b.id, IN_TWO_WEEKS, None)
    assert refused.value.problem is LateDateProblem.TOO_LATE


REOPEN_WORDS = {
    "zh_CN": (
        "可设在 {first} 到 {last} 之间（最晚为重新开放之日后一年）",
        "例如 {example}。",
        "新的截止日期须在 {first} 到 {last} 之间（不早于今天，最晚为重新开放之日后一年）",
    ),
    "en": (
        "between {first} and {last} (one year after the reopening at the latest)",
        "e.g. {example}.",
        "The new deadline must be between {first} and {last} (not before today,",
    ),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_reopen_form_takes_a_deadline_after_the_opening_year_has_passed(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, _assessment = _past_year(db_session)
    url = f"/cycles/{world.cycle.id}/reopen"
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    help_words, example, refusal = REOPEN_WORDS[lang]
    days = {"first": TODAY.isoformat(), "last": A_YEAR_ON.isoformat()}

    page = _text(client.get(url))
    assert help_words.format(**days) in page
    # the example a refused day gives (the picker's note gives none): never a past day
    unread = _text(client.post(url, data={"reason": "x", "deadline": "31/12"}))
    assert example.format(example=IN_TWO_WEEKS.isoformat()) in unread

    reason = "申诉成立，需更正某单位的数据"
    too_far = (A_YEAR_ON + dt.timedelta(days=1)).isoformat()
    refused = client.post(url, data={"reason": reason, "deadline": too_far})
    assert refused.status_code == 200
    assert refusal.format(**days) in _text(refused)
    assert reason in _text(refused)  # nothing typed is lost
    db_session.refresh(world.cycle)
    assert not world.cycle.is_open

    done = client.post(url, data={"reason": reason, "deadline": IN_TWO_WEEKS.isoformat()})
    assert done.status_code == 302
    db_session.refresh(world.cycle)
    assert world.cycle.is_open
    assert world.cycle.deadline == IN_TWO_WEEKS


DEADLINE_WORDS = {
    "zh_CN": (
        "本年度于 {reopened} 重新开放：截止日期可设在 {first} 到 {last} 之间",
        "截止日期须在 {first} 到 {last} 之间（本年度于 {reopened} 重新开放，最晚为其后一年）。",
    ),
    "en": (
        "This year was reopened on {reopened}: the deadline can be set between {first} and {last}",
        "The deadline must be between {first} and {last} (this year was reopened on {reopened};",
    ),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_year_deadline_form_of_a_reopened_year_counts_from_the_reopening(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, _assessment = _reopened(db_session)
    cycle_id = world.cycle.id
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    shown, refusal = DEADLINE_WORDS[lang]
    days = {
        "reopened": TODAY.isoformat(),
        "first": (TODAY - dt.timedelta(days=480)).isoformat(),  # the opening: past days too
        "last": A_YEAR_ON.isoformat(),
    }
    assert shown.format(**days) in _text(client.get(f"/cycles/{cycle_id}"))

    too_far = (A_YEAR_ON + dt.timedelta(days=1)).isoformat()
    refused = client.post(f"/cycles/{cycle_id}/deadline", data={"deadline": too_far})
    assert refused.status_code == 422
    assert refusal.format(**days) in _text(refused)

    # QA typed 2026-12-20 on 6 December 2026: two weeks on
    saved = client.post(f"/cycles/{cycle_id}/deadline", data={"deadline": IN_TWO_WEEKS.isoformat()})
    assert saved.status_code == 302
    db_session.expire_all()
    assert db_session.get(ReportingCycle, cycle_id).deadline == IN_TWO_WEEKS  # type: ignore[union-attr]


RETURN_WORDS = {
    "zh_CN": (
        "本年度于 {reopened} 重新开放，最晚可延至 {last}。",
        "“延期至”须在 {first} 到 {last} 之间（本年度于 {reopened} 重新开放）。",
    ),
    "en": (
        "This year was reopened on {reopened}; the extension can run until {last} at the latest.",
        "“Extended until” must be between {first} and {last} (this year was reopened on "
        "{reopened}).",
    ),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_return_form_of_a_reopened_year_grants_an_extension(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, assessment = _reopened(db_session)
    url = f"/cycles/assessments/{assessment.id}/return"
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    shown, refusal = RETURN_WORDS[lang]
    days = {
        "reopened": TODAY.isoformat(),
        "first": TODAY.isoformat(),
        "last": A_YEAR_ON.isoformat(),
    }

    page = _text(client.get(url))
    assert shown.format(**days) in page
    assert f'value="{IN_TWO_WEEKS.isoformat()}"' in page  # the day offered is in range

    too_far = (A_YEAR_ON + dt.timedelta(days=1)).isoformat()
    refused = client.post(url, data={"comment": "请更正 MS.G1.1", "until": too_far})
    assert refused.status_code == 422
    assert refusal.format(**days) in _text(refused)

    done = client.post(url, data={"comment": "请更正 MS.G1.1", "until": IN_TWO_WEEKS.isoformat()})
    assert done.status_code == 302
    db_session.refresh(assessment)
    assert assessment.status is AssessmentStatus.RETURNED
    allowance = find_allowance(world.cycle.id, world.org_a.id)
    assert allowance is not None
    assert allowance.until == IN_TWO_WEEKS


def test_a_correction_in_a_reopened_year_is_the_result_closing_again_freezes(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world, assessment = _past_year(db_session)
    first_frozen = find_snapshot(assessment, SnapshotKind.FROZEN)
    assert first_frozen is not None
    frozen_before = first_frozen.scorecard
    auth.login(world.secretariat.email)

    # Reopened with a week to submit in.
    a_week = TODAY + dt.timedelta(days=7)
    reopened = client.post(
        f"/cycles/{world.cycle.id}/reopen",
        data={"reason": "申诉成立，需更正 MS.G1.1", "deadline": a_week.isoformat()},
    )
    assert reopened.status_code == 302
    # Ten days on, that week is over: returning it needs an extension.
    later = rcapp.clock.beijing_now() + dt.timedelta(days=10)
    monkeypatch.setattr(rcapp.clock, "beijing_now", lambda: later)
    until = later.date() + dt.timedelta(days=14)
    returned = client.post(
        f"/cycles/assessments/{assessment.id}/return",
        data={"comment": "MS.G1.1 的等级与证据不符，请更正", "until": until.isoformat()},
    )
    assert returned.status_code == 302, _text(returned)
    db_session.expire_all()
    assessment = db_session.get(Assessment, assessment.id)  # type: ignore[assignment]
    assert assessment.status is AssessmentStatus.RETURNED

    # The organisation corrects the item and resubmits within its extension.
    result = assessment_services.save_section(
        assessment,
        rubric_of(assessment),
        "MS",
        {
            "MS.G1.1": ItemInput(level="1", evidence_note="承诺书 2025-01"),
            "MS.G1.2": ItemInput(level="1"),
        },
        world.user_a,
    )
    assert result.ok, result.problems
    assessment_services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    resubmitted = find_snapshot(assessment, SnapshotKind.SELF)
    assert resubmitted is not None

    cycle = db_session.get(ReportingCycle, world.cycle.id)
    assert cycle is not None
    services.close_cycle(cycle, world.secretariat)
    db_session.commit()
    frozen = find_snapshot(assessment, SnapshotKind.FROZEN)
    assert frozen is not None
    assert frozen.scorecard != frozen_before
    assert frozen.scorecard == resubmitted.scorecard  # the corrected answers, as submitted
