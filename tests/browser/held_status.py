"""Hold a demo assessment in a status for one test, then put it back as it was.

The browser tests share one demo database: a test that needs an assessment editable (or
submitted by a colleague meanwhile) must not depend on which tests ran before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask

from rcapp import db
from rcapp.assessments.models import Assessment, AssessmentStatus


@contextmanager
def held_status(app: Flask, assessment_id: int, status: AssessmentStatus) -> Iterator[None]:
    """Give the assessment `status` (submitted now, if submitted); restore it afterwards."""
    with app.app_context():
        assessment = db.session().get(Assessment, assessment_id)
        assert assessment is not None
        kept = assessment.status, assessment.submitted_at
        assessment.status = status
        assessment.submitted_at = (
            dt.datetime.now(dt.UTC) if status is AssessmentStatus.SUBMITTED else None
        )
        db.session().commit()
    try:
        yield
    finally:
        with app.app_context():
            assessment = db.session().get(Assessment, assessment_id)
            assert assessment is not None
            assessment.status, assessment.submitted_at = kept
            db.session().commit()
