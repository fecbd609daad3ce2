"""User text in the real report PDFs is shown as text and never makes the renderer fetch.

tests/unit/reports/test_pdf.py proves the fetcher refuses files and the network; this
proves the report templates never hand it a URL taken from what a user typed: the
only request of a scorecard or an annual report is the print stylesheet.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reports import documents, pdf
from tests.conftest import AuthActions
from tests.factories import World, make_working_group, make_world, submitted_assessment
from tests.pdf_tools import needs_poppler, pdf_text
from tests.scorecard_download import fetch_scorecard

IMG = '<img src="file:///etc/passwd">'
CSS = "url(http://127.0.0.1:9/steal.css)"
LINK = '<link rel="stylesheet" href="http://127.0.0.1:9/evil.css">'


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every URL the renderer asks the fetcher for."""
    urls: list[str] = []
    original = pdf.fetch_static

    def recording(url: str, *args: object, **kwargs: object) -> pdf.StaticResource:
        urls.append(url)
        return original(url, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf, "fetch_static", recording)
    return urls


def hostile_world() -> World:
    world = make_world()
    world.org_a.name_zh = f"{IMG}临海化工"
    world.org_a.name_en = f"{IMG}Linhai"
    world.org_a.sector = CSS
    world.org_a.parent_group = f"<style>body{{background:{CSS}}}</style>"
    world.org_a.working_groups.append(make_working_group(name_zh=LINK, name_en=LINK))
    return world


STYLESHEET = [pdf.BASE_URL + pdf.PRINT_CSS.lstrip("/")]


@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_hostile_organisation_name_prints_as_text_in_the_scorecard(
    client: FlaskClient, db_session: Session, auth: AuthActions, asked: list[str], lang: str
) -> None:
    world = hostile_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    response = fetch_scorecard(client, assessment.id, lang)
    assert response.status_code == 200
    assert asked == STYLESHEET
    assert "file:///etc/passwd" in pdf_text(response.data)  # printed, not loaded


@needs_poppler
def test_hostile_names_print_as_text_in_the_annual_report(
    db_session: Session, asked: list[str]
) -> None:
    world = hostile_world()
    submitted_assessment(world)
    db_session.commit()
    data = documents.annual_report_pdf(world.cycle, "zh")
    assert asked == STYLESHEET
    assert "file:///etc/passwd" in pdf_text(data)
