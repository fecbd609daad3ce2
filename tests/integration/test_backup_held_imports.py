"""Template imports held for a decision are backed up and restored with the database.

Unlike bulk evidence held for a confirmation (left out: no row refers to it), a held import
is named by its import job's row; a restore marks the job failed, and its retry reads the
file again (docs/deployment.md).
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.dbcli import upgrade_database as upgrade
from rcapp.reports import import_jobs, import_service, jobs
from rcapp.reports.models import JobStatus, ReportJob
from tests.integration.test_backup import (  # noqa: F401 - the fixtures
    _dispose_engines,
    _fill,
    _make_app,
    _round_trip,
    urls,
)

UPLOADED = b"PK\x03\x04 the template a member uploaded"


def _member_and_assessment() -> tuple[User, Assessment]:
    user = db.session().scalars(select(User).where(~User.is_secretariat)).first()
    assessment = db.session().scalars(select(Assessment)).first()
    assert user is not None
    assert assessment is not None
    return user, assessment


def test_a_held_import_comes_back_with_its_job_whose_retry_reads_it(
    tmp_path: Path,
    urls: tuple[str, str],  # noqa: F811 - the fixture imported above
) -> None:
    source = _make_app(urls[0], tmp_path / "live-uploads")
    upgrade(urls[0])
    _fill(source)
    with source.app_context():  # a large import: held, its check not yet run by a worker
        user, assessment = _member_and_assessment()
        job = import_jobs.start_import_job(assessment, UPLOADED, user, "zh")
        db.session().commit()
        job_id, token = job.id, str(jobs.params_of(job)["token"])
    target = _make_app(urls[1], tmp_path / "fresh-uploads")
    upgrade(urls[1])
    out = tmp_path / "backup"
    _round_trip(source, target, out)

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [name for name in manifest["files"] if name.startswith("reports/imports/")]
    with target.app_context():
        restored = db.session().get(ReportJob, job_id)
        assert restored is not None
        assert (restored.status, restored.error) == (JobStatus.FAILED, "unfinished_at_backup")
        user, assessment = _member_and_assessment()
        assert import_service.held_upload(assessment, token) == UPLOADED
        jobs.retry_job(restored, user)
        body, _name, _type = import_jobs.check_held_upload(restored, lambda _d, _t: None)
    preview = import_jobs.read_preview(body)  # the file was found and checked: not "gone"
    assert preview.assessment_id == assessment.id
    assert preview.problems  # not a template: said as for any upload
