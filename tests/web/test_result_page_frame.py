"""What the result page reads on every request: few statements, keyed so a change shows.

The KPI doubts (QA9 S3) are read in one plain statement and are part of the key of the
kept part of the page, so a changed stored figure shows on the next request even though
the snapshot is unchanged. The review-outcome link's permission reads the login's grants,
not the user's collections. Requests run in their own app context, as in a worker.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, update
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.assessments import services
from rcapp.assessments.kpi_backfill import save_backfill
from rcapp.assessments.models import Assessment, AssessmentStatus, KpiValue
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import KpiEntry
from rcapp.db import ENGINE_KEY
from rcapp.reviews.models import ReviewKind
from rcapp.reviews.services import assign_reviewers
from tests.conftest import AuthActions
from tests.factories import (
    FULL_KPIS,
    fill_complete,
    make_cycle,
    make_world,
    mark_reported,
    start,
    submitted_assessment,
)
from tests.factories_reviews import make_review_world, reviewers_of, submit_and_finalise
from tests.web.test_request_frame_fresh import fresh, opened


@contextmanager
def _statements(app: Flask) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(" ".join(str(args[2]).split()))

    engine = app.extensions[ENGINE_KEY]
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _url(assessment: Assessment) -> str:
    return f"/assessments/{assessment.id}/result"


def _with_last_year(db_session: Session, drills: str) -> tuple[Assessment, Assessment, User]:
    """A submitted 2025 assessment (3 drills) and its organisation's 2024 one."""
    world = make_world(year=2025)
    last = services.get_or_start_assessment(world.org_a, make_cycle(year=2024), world.user_a)
    services.save_kpi_inputs(last, rubric_of(last), {"drills": KpiEntry(drills)}, world.user_a)
    mark_reported(last)  # last year counts only as a reported year
    assessment = submitted_assessment(world)
    db_session.commit()
    return assessment, last, world.user_a


def _set_drills(db_session: Session, assessment: Assessment, value: str) -> None:
    """Change a stored figure behind the application's back, as another request would."""
    db_session.execute(
        update(KpiValue)
        .where(KpiValue.assessment_id == assessment.id, KpiValue.input_id == "drills")
        .values(value=value)
    )
    db_session.commit()


def test_a_changed_kpi_figure_shows_on_a_kept_result_page(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, last, user = _with_last_year(db_session, "3")
    auth.login(user.email)
    before = html.unescape(opened(app, client, _url(assessment)))  # the body is kept now
    assert 'id="kpi-doubts"' not in before
    assert "显示的是提交时的自评结果" in before  # the kept self snapshot

    _set_drills(db_session, last, "300")  # 3 drills is now a hundredth of last year's
    flagged = html.unescape(fresh(app, client, _url(assessment)).get_data(as_text=True))
    assert 'id="kpi-doubts"' in flagged
    assert "与去年的 300 相差十倍以上，请核对。" in flagged
    assert 'href="#kpi-doubts">请核对</a>' in flagged

    _set_drills(db_session, last, "3")
    again = html.unescape(fresh(app, client, _url(assessment)).get_data(as_text=True))
    assert _masked(again) == _masked(before)


def _masked(page: str) -> str:
    """The page with its CSRF tokens (new ones each request) masked."""
    return re.sub(r'(csrf[-_]token"[^>]*?(?:value|content)=")[^"]*', r"\1", page)


def test_the_statements_do_not_grow_with_the_kpi_figures(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, last, user = _with_last_year(db_session, "3")
    url = _url(assessment)
    auth.login(user.email)
    opened(app, client, url)
    with _statements(app) as few:
        assert fresh(app, client, url).status_code == 200
    last.status = AssessmentStatus.DRAFT  # reopened to change last year's figures
    services.save_kpi_inputs(last, rubric_of(last), FULL_KPIS, user)
    mark_reported(last)
    db_session.commit()
    with _statements(app) as many:
        assert fresh(app, client, url).status_code == 200
    assert len(many) == len(few)
    assert sum("FROM kpi_values" in s for s in many) == 1  # this year's and last year's


def test_the_review_outcome_link_reads_the_logins_grants(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(n=3)
    reviewers = reviewers_of(world, 0)
    review = assign_reviewers(world.assessments[0], ReviewKind.ONSITE, reviewers, world.lead)
    submit_and_finalise(review, world.lead)
    db_session.commit()
    url = _url(world.assessments[0])

    auth.login(world.members[0].email)
    opened(app, client, url)
    with _statements(app) as seen:
        page = fresh(app, client, url).get_data(as_text=True)
    assert 'id="review-outcome"' in page  # the organisation's own outcome
    # the roles come with the user row (the loader's subqueries), not as collections
    collections = ("SELECT memberships.", "SELECT working_group_roles.")
    assert not [s for s in seen if s.startswith(collections)]

    auth.logout()
    auth.login(world.lead.email)  # leads the review's group, not a member: sees it too
    fresh(app, client, "/")  # shows the logout's message: a page with messages is not kept
    assert 'id="review-outcome"' in opened(app, client, url)
    auth.logout()
    auth.login(reviewers[0].email)  # reviewed it, leads nothing: no link
    assert fresh(app, client, url).status_code in (200, 403)
    assert 'id="review-outcome"' not in fresh(app, client, url).get_data(as_text=True)


def test_the_review_is_read_once(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """Its state and the outcome link come from one select of the review (three before)."""
    world = make_review_world(n=3)
    review = assign_reviewers(
        world.assessments[0], ReviewKind.ONSITE, reviewers_of(world, 0), world.lead
    )
    submit_and_finalise(review, world.lead)
    db_session.commit()
    url = _url(world.assessments[0])
    auth.login(world.members[0].email)
    opened(app, client, url)
    with _statements(app) as seen:
        page = fresh(app, client, url).get_data(as_text=True)
    assert 'id="review-outcome"' in page
    assert sum(s.startswith("SELECT reviews.") for s in seen) == 1


def test_the_statements_of_an_unreviewed_result(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """The user, the assessment, its review once for the page (and once for the scoring's
    review context), snapshots, a working group, the KPI inputs, whether an earlier year was
    submitted: 12 before the review was read once."""
    assessment, _last, user = _with_last_year(db_session, "3")
    auth.login(user.email)
    opened(app, client, _url(assessment))
    with _statements(app) as seen:
        assert fresh(app, client, _url(assessment)).status_code == 200
    # SAVEPOINT (BEGIN) included; one for the "compare with earlier years" link (earlier_years)
    assert len(seen) <= 11, [s[:60] for s in seen]
    assert sum(s.startswith("SELECT reviews.") for s in seen) == 2


def test_a_backfilled_last_year_is_read_in_the_kpi_statement(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """The backfill note's years and a backfilled last year's figures (the KPI doubts) come
    with the KPI inputs' one statement, not a statement of their own."""
    world = make_world(year=2025)
    assessment = start(world)
    backfill = {"hours_employees": KpiEntry("1000000"), "drills": KpiEntry("300")}
    assert save_backfill(assessment, rubric_of(assessment), 2024, backfill, world.user_a).ok
    fill_complete(assessment, world.user_a)  # 3 drills: a hundredth of the backfilled 300
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    opened(app, client, _url(assessment))
    with _statements(app) as seen:
        page = html.unescape(fresh(app, client, _url(assessment)).get_data(as_text=True))
    assert 'id="kpi-backfill-note">往年数据（补录）：2024 年度' in page
    assert "与去年的 300 相差十倍以上，请核对。" in page
    assert not [s for s in seen if s.startswith("SELECT kpi_backfills.")]
    assert len(seen) <= 11, [s[:60] for s in seen]  # as above
