"""Published annual report editions and their stamp, as the stamp tests set them up.

Publishing queues the stamp (the edition line) for the worker; `stamp` runs it here with the
PDF render mocked to work or to fail.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.reports import documents, edition_stamp, editions
from rcapp.reports.models import ReportJob
from rcapp.reports.stamp_states import StampState, note_stamp
from tests.conftest import AuthActions
from tests.factories import World
from tests.web.reports.test_editions import finished


def published(world: World, db_session: Session, lang: str = "zh") -> ReportJob:
    """An annual report edition whose stamp is queued, not run (as the worker has not yet)."""
    job = finished(world, lang=lang)
    editions.publish(job, world.secretariat)
    assert edition_stamp.queue_stamp(job)
    db_session.commit()
    return job


def render_works(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "annual_report_pdf", lambda *_a, **_k: b"%PDF-1.7 stamped")


def render_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> bytes:
        raise RuntimeError("layout engine crashed")

    monkeypatch.setattr(documents, "annual_report_pdf", broken)


def run_stamp(monkeypatch: pytest.MonkeyPatch, job: ReportJob, *, renders: bool = True) -> None:
    """Run `job`'s queued stamp as the worker would, its render working or crashing."""
    (render_works if renders else render_fails)(monkeypatch)
    edition_stamp.stamp_edition(job.id)


def failed_edition(world: World, db_session: Session) -> ReportJob:
    """A published edition whose stamp failed (error number `<id>/x`)."""
    job = published(world, db_session)
    note_stamp(job, StampState.FAILED, error="internal", number=f"{job.id}/x")
    db_session.commit()
    return job


def edition_row(client: FlaskClient, world: World, job: ReportJob) -> str:
    """The edition's line in the year page's list of editions, unescaped."""
    page = html.unescape(client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True))
    start = page.index(f'id="edition-{job.id}"')
    return page[start : page.index("</li>", start)]


def as_secretariat(client: FlaskClient, auth: AuthActions, world: World, lang: str) -> None:
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")


def restamps(db_session: Session) -> list[AuditEntry]:
    found = select(AuditEntry).where(AuditEntry.action == "report_job.restamp")
    return list(db_session.scalars(found))
