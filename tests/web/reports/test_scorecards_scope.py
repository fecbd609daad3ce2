"""The year's scorecards ZIP: every submitted result, a working group's, or the rated only.

The batch form offered only "all submitted" (secretariat QA, publishmail #4). The choice
rides in the same job's params; a part cannot be published as the year's edition.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus
from rcapp.reports import documents, editions, jobs, producers
from rcapp.reports.models import JobKind, ReportJob
from tests.conftest import AuthActions
from tests.factories import World, make_assessment, make_organisation, make_working_group
from tests.web.reports.test_editions import closed_world


def _year(db_session: Session) -> tuple[World, int, dict[str, str]]:
    """A closed year: org_a (3 stars) and org_b (not rated) in a group, a third outside it."""
    world = closed_world(db_session)
    outside = make_organisation()
    group = make_working_group()
    group.organisations.extend([world.org_a, world.org_b])
    submitted = AssessmentStatus.SUBMITTED
    make_assessment(world.org_a, world.cycle, status=submitted, stars=3)
    make_assessment(world.org_b, world.cycle, status=submitted, stars=None)
    make_assessment(outside, world.cycle, status=submitted, stars=2)
    db_session.commit()
    names = {"a": world.org_a.name_zh, "b": world.org_b.name_zh, "out": outside.name_zh}
    return world, group.id, names


def _asked(
    client: FlaskClient, db_session: Session, world: World, form: dict[str, str]
) -> ReportJob | None:
    response = client.post(
        f"/reports/cycles/{world.cycle.id}/jobs", data={"kind": "scorecards", **form}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return db_session.scalars(
        select(ReportJob).where(ReportJob.kind == JobKind.SCORECARDS).order_by(ReportJob.id.desc())
    ).first()


def _members(job: ReportJob) -> str:
    data, name, _type = producers.scorecards(job, lambda _done, _total: None)
    return name + "|" + "|".join(zipfile.ZipFile(io.BytesIO(data)).namelist())


@pytest.mark.parametrize(
    ("form", "kept", "left", "suffix"),
    [
        ({}, ("a", "b", "out"), (), "scorecards-2025.zip"),
        ({"group": "GROUP"}, ("a", "b"), ("out",), "-group-"),
        ({"rated_only": "1"}, ("a", "out"), ("b",), "-rated.zip"),
        ({"group": "GROUP", "rated_only": "1"}, ("a",), ("b", "out"), "-rated.zip"),
    ],
)
def test_the_zip_holds_the_part_asked_for(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    form: dict[str, str],
    kept: tuple[str, ...],
    left: tuple[str, ...],
    suffix: str,
) -> None:
    monkeypatch.setattr(documents, "scorecard_pdf", lambda *_a, **_k: b"%PDF-1.7 card")
    world, group_id, names = _year(db_session)
    auth.login(world.secretariat.email)
    job = _asked(
        client,
        db_session,
        world,
        {k: str(group_id) if v == "GROUP" else v for k, v in form.items()},
    )
    assert job is not None
    listed = _members(job)
    assert suffix in listed.split("|", 1)[0]
    assert all(names[key] in listed for key in kept)
    assert not any(names[key] in listed for key in left)
    partial = bool(form)
    assert (editions.refusal(job, world.cycle) == "partial") is partial
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    scope = page.split('id="job-scope">', 1)[1].split("</dd>", 1)[0]
    assert ("全部已提交的单位" in scope) is not partial
    assert ("只含已评定星级的单位" in scope) is ("rated_only" in form)


def test_a_part_is_said_not_publishable_and_a_gone_group_is_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(documents, "scorecard_pdf", lambda *_a, **_k: b"%PDF-1.7 card")
    world, _group_id, _names = _year(db_session)
    auth.login(world.secretariat.email)
    job = _asked(client, db_session, world, {"rated_only": "1"})
    assert job is not None
    assert jobs.result_path(job) is not None  # the test queue runs it at once
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert "本压缩包只含部分单位的评分卡" in page
    assert 'id="job-publish"' not in page
    response = client.post(
        f"/reports/cycles/{world.cycle.id}/jobs", data={"kind": "scorecards", "group": "999999"}
    )
    assert response.status_code == 302
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "评分卡范围：所选工作组不存在" in shown
    assert len(list(db_session.scalars(select(ReportJob).where(ReportJob.id > job.id)))) == 0
