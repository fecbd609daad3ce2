"""Errata correct a published version's veto titles and level texts where they are shown.

A company's result is stored (submitted) while mini-company v1 still titles its veto V1
"Larger or worse production-safety accident"; an errata file then rewords it and a level
text. The result page, the scorecard PDF's HTML, the section page and the year page show
the corrected words; the stored scorecard keeps the words it was stored with, and a closed
year's frozen result, a record, still shows them (vetowords).
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.assessments.snapshots import find_snapshot, keep_as
from rcapp.cycles.models import CycleStatus
from rcapp.reports.documents import scorecard_html
from tests.conftest import TEST_RUBRICS_DIR, AuthActions
from tests.factories import make_cycle, make_organisation, make_user
from tests.factories_reviews import submitted
from tests.web.helpers import page_text

PUBLISHED = "Larger or worse production-safety accident"
CORRECTED = "Production-safety accident of larger grade or above"
LEVEL = "Reaffirmed every year and promoted; hazards reported openly"  # level 4, answered
MINI = TEST_RUBRICS_DIR / "mini-company" / "v1.yaml"


def _errata(sha: str) -> str:
    return (
        f'rubric: mini-company\nversion: 1\nsha256: "{sha}"\nreason: a test\ntexts:\n'
        f"  rating/vetoes/V1/title: {{en: {CORRECTED}}}\n"
        f'  sections/MS/elements/MS.G1/items/MS.G1.1/levels/4: {{en: "{LEVEL}"}}\n'
    )


@contextmanager
def corrected(app: Flask, directory: Path) -> Iterator[None]:
    """Point the app at mini-company v1 with errata (after the test's result was stored)."""
    (directory / "mini-company").mkdir()
    shutil.copy(MINI, directory / "mini-company" / "v1.yaml")
    (directory / "errata").mkdir()
    sha = hashlib.sha256(MINI.read_bytes()).hexdigest()
    (directory / "errata" / "mini-company-v1.yaml").write_text(_errata(sha), encoding="utf-8")
    before = app.config["RUBRICS_DIR"]
    app.config["RUBRICS_DIR"] = str(directory)
    try:
        yield
    finally:
        app.config["RUBRICS_DIR"] = before


@pytest.fixture
def vetoed(db_session: Session, client: FlaskClient, auth: AuthActions) -> Assessment:
    """A company that registered a larger accident, submitted (its result stored, vetoed);
    its member logged in, reading in English."""
    company = make_organisation()
    member = make_user(company, OrgRole.ADMIN)
    assessment = submitted(company, make_cycle(year=2025), member, {}, veto=True)
    db_session.commit()
    auth.login(member.email)
    client.get("/lang/en")
    return assessment


def _text(page: str) -> str:
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _stored(assessment: Assessment, kind: SnapshotKind) -> str:
    snapshot = find_snapshot(assessment, kind)
    assert snapshot is not None
    return snapshot.scorecard  # the stored document, as JSON text


def test_an_open_years_result_and_pdf_name_the_veto_as_corrected(
    app: Flask, client: FlaskClient, vetoed: Assessment, tmp_path: Path
) -> None:
    assessment = vetoed
    with corrected(app, tmp_path):
        result = _text(page_text(client, f"/assessments/{assessment.id}/result"))
        with app.test_request_context():
            pdf = _text(scorecard_html(assessment, "en"))
        years = _text(
            page_text(client, f"/benchmarks/organisations/{assessment.organisation_id}/years")
        )

    for text in (result, pdf, years):
        assert CORRECTED in text
        assert PUBLISHED not in text
    assert PUBLISHED in _stored(assessment, SnapshotKind.SELF)  # the row is not rewritten


def test_a_level_text_reads_as_corrected_on_the_section_page(
    app: Flask, client: FlaskClient, vetoed: Assessment, tmp_path: Path
) -> None:
    assessment = vetoed
    with corrected(app, tmp_path):
        english = _text(page_text(client, f"/assessments/{assessment.id}/sections/MS"))
        client.get("/lang/zh_CN")
        chinese = _text(page_text(client, f"/assessments/{assessment.id}/sections/MS"))

    assert LEVEL in english
    assert "Reaffirmed yearly and promoted" not in english
    assert "每年重申并对外宣传" in chinese  # English only: the Chinese stays as published


def test_a_closed_years_frozen_result_keeps_its_stored_veto_title(
    app: Flask, client: FlaskClient, db_session: Session, vetoed: Assessment, tmp_path: Path
) -> None:
    assessment = vetoed
    keep_as(assessment, SnapshotKind.SELF, SnapshotKind.FROZEN)
    assessment.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    stored = _stored(assessment, SnapshotKind.FROZEN)

    with corrected(app, tmp_path):
        result = _text(page_text(client, f"/assessments/{assessment.id}/result"))
        years = _text(
            page_text(client, f"/benchmarks/organisations/{assessment.organisation_id}/years")
        )

    assert _stored(assessment, SnapshotKind.FROZEN) == stored
    assert PUBLISHED in stored
    assert CORRECTED not in stored
    for text in (result, years):  # a record: what it stored, not reworded silently
        assert PUBLISHED in text
        assert CORRECTED not in text
