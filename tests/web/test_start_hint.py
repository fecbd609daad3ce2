"""The overview of a nearly empty draft says where to start and from which level the
rubric wants evidence, read from the rubric (qa11 S15)."""

from __future__ import annotations

import html
import io
import re

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.organisations.models import OrganisationKind
from tests.conftest import AuthActions
from tests.factories import file_prerequisite, fill_complete
from tests.web.helpers import member_with_assessment, page_text
from tests.web.test_v2_pages import _v2_assessment, real_rubrics  # noqa: F401 - a fixture

WORDS = {
    "zh_CN": {
        "title": "从哪里开始",
        "start": "先填写前置条件和 KPI 数据，再逐个板块评定；也可下载 Excel 模板离线填写后导入。",
        "note": "评为 2 级及以上的评价项须提供证据（证据说明或上传文件），否则按较低等级计分。",
        "file": "评为 3 级及以上的评价项须上传证据文件，否则按较低等级计分。",
    },
    "en": {
        "title": "Where to start",
        "start": "Fill in the prerequisites and the KPI data first, then rate one section after "
        "another; or download the Excel template, fill it in offline and import it.",
        "note": "Items rated level 2 or above need evidence (an evidence description or an "
        "uploaded file); otherwise they count at a lower level.",
        "file": "Items rated level 3 or above need an uploaded evidence file; "
        "otherwise they count at a lower level.",
    },
}


def _hint(page: str) -> str:
    found = re.search(r'<section class="panel start-hint".*?</section>', page, re.S)
    return "" if found is None else found.group(0)


def _words(panel: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", panel))).strip()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_new_draft_says_where_to_start_with_links(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}?next=/")
    panel = _hint(page_text(client, f"/assessments/{assessment.id}"))
    words = WORDS[lang]
    assert words["title"] in panel
    assert words["start"] in _words(panel)
    # The mini rubric asks for evidence (a note will do) from level 2: no file rule.
    assert words["note"] in _words(panel)
    first = rubric_of(assessment).sections[0].id
    for url in (
        f"/assessments/{assessment.id}/prerequisites",
        f"/assessments/{assessment.id}/kpis",
        f"/assessments/{assessment.id}/sections/{first}",
        f"/reports/assessments/{assessment.id}/import",
    ):
        assert f'href="{url}"' in panel
    assert f'href="/reports/assessments/{assessment.id}/template.xlsx?blank=1"' in panel


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_file_level_comes_from_the_rubric(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
    lang: str,
) -> None:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.commit()
    auth.login(email)
    client.get(f"/lang/{lang}?next=/")
    panel = _hint(page_text(client, f"/assessments/{assessment.id}"))
    assert WORDS[lang]["file"] in _words(panel)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_read_only_viewer_gets_the_words_without_links(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    auth.logout()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}?next=/")
    panel = _hint(page_text(client, f"/assessments/{assessment.id}"))
    assert WORDS[lang]["start"] in _words(panel)
    assert "<a " not in panel


def test_the_hint_goes_once_a_tenth_of_the_items_are_answered(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    fill_complete(assessment, world.user_a)
    db_session.commit()
    page = page_text(client, f"/assessments/{assessment.id}")
    assert "从哪里开始" not in page


def test_a_draft_with_saved_answers_offers_the_filled_template(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # qa21 S5: the prerequisites were saved on the web, the only link gave the blank template
    world, assessment = member_with_assessment(db_session, auth)
    rubric = rubric_of(assessment)
    services.save_prerequisites(assessment, rubric, {"P1": ItemInput(level="1")}, world.user_a)
    file_prerequisite(assessment, rubric, "P1", world.user_a)
    db_session.commit()
    panel = _hint(page_text(client, f"/assessments/{assessment.id}"))
    filled = f'href="/reports/assessments/{assessment.id}/template.xlsx"'
    assert panel.count(filled) == 2  # the sentence's link and the choice
    choice = panel.split('id="template-choice"', 1)[1].split("</p>", 1)[0]
    assert "下载已填内容的模板" in choice
    assert f'href="/reports/assessments/{assessment.id}/template.xlsx?blank=1"' in choice
    assert "下载空白模板" in choice
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data)
    )
    sheet = next(s for s in book.worksheets if s.title.startswith("前置"))
    assert any(row[0].value == "P1" and row[4].value in (1, "1", "是") for row in sheet.iter_rows())
