"""Overview, result box and evidence words: no confirm when submitting is impossible, data
problems before submitting, advice a locked assessment can act on, links to marked fields,
file sizes in bytes, no duplicate uploads, limits in words, plurals."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus, KpiValue
from rcapp.assessments.views import data_problems
from rcapp.organisations.models import OrganisationKind
from tests.conftest import AuthActions
from tests.web.helpers import PDF, member_with_assessment, page_text, upload_evidence
from tests.web.test_v2_pages import _v2_assessment, real_rubrics  # noqa: F401 - a fixture

SUBMIT_CONFIRM = "提交后自评将被锁定，只有秘书处退回后才能再修改。确定提交？"


def _submit_button(page: str) -> str:
    found = re.search(r'<button type="submit" class="primary"[^>]*>提交自评</button>', page)
    assert found is not None
    return found.group(0)


def test_an_incomplete_assessment_says_why_and_asks_no_confirm(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    page = page_text(client, f"/assessments/{assessment.id}")
    assert "data-confirm" not in _submit_button(page)
    assert re.search(r"尚有 \d+ 处未完成，完成后才能提交", page)
    # The progress table's columns in the home page's order: part, done, progress.
    head = re.search(r"<thead><tr>(.*?)</tr></thead>", page)
    assert head is not None
    assert re.findall(r">([^<>]+)</th>", head.group(1)) == ["部分", "已完成", "进度"]


def test_a_complete_assessment_warns_of_data_problems_before_submitting(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _world, assessment = member_with_assessment(db_session, auth, filled=True)
    url = f"/assessments/{assessment.id}"
    button = _submit_button(page_text(client, url))
    # The provisional result comes first (test_evidence_caps_shown), the lock last.
    assert re.search(f'data-confirm="[^"]*{SUBMIT_CONFIRM}"', button)
    panel = data_problems.DataPanel(
        ("KPI数据为 2，本年度事件登记为 0，两者不一致（死亡人数）。",), ()
    )
    monkeypatch.setattr("rcapp.assessments.views.data_panel", lambda *_args: panel, raising=True)
    page = page_text(client, url)
    assert "提交前请注意：数据问题（评审员可见）" in page
    assert "KPI数据为 2，本年度事件登记为 0，两者不一致（死亡人数）。" in page
    assert "有 1 个数据问题尚未解决（见本页）" in _submit_button(page)


def test_a_submitted_result_does_not_advise_editing_pages(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.add(KpiValue(assessment=assessment, input_id="pse_tier1", value=Decimal(2)))
    assessment.status = AssessmentStatus.SUBMITTED
    db_session.commit()
    auth.login(email)
    page = page_text(client, f"/assessments/{assessment.id}/result")
    assert "两者不一致" in page
    assert "请在“" not in page
    assert "秘书处可退回自评供修改" in page


def test_a_refused_save_links_each_marked_field_from_the_top(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    response = client.post(
        f"/assessments/{assessment.id}/sections/C1", data={"C1.E1.2__value": "250"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    links = re.search(r'<nav class="panel marked-links".*?</nav>', page, re.S)
    assert links is not None
    assert '<a href="#item-C1.E1.2">C1.E1.2 本年度综合演练次数</a>' in links.group(0)
    kpis = client.post(f"/assessments/{assessment.id}/kpis", data={"drills__value": "1.5"})
    assert '<a href="#kpi-drills">应急演练次数</a>' in kpis.get_data(as_text=True)


def test_too_large_numbers_name_the_limit_in_words(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/kpis"
    for lang, words in (("zh_CN", "绝对值须小于 100 万亿。"), ("en", "100 trillion")):
        client.get(f"/lang/{lang}?next=/")
        page = client.post(url, data={"hours_employees__value": "1e15"}).get_data(as_text=True)
        assert words in page
        assert "1e14" not in page


def test_small_files_show_bytes_and_the_same_file_is_not_uploaded_twice(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    assert upload_evidence(client, assessment.id, "承诺书.pdf").status_code == 302
    again = upload_evidence(client, assessment.id, "承诺书.pdf", follow_redirects=True)
    page = again.get_data(as_text=True)
    assert "文件“承诺书.pdf”已上传过（同名、内容相同），未重复上传。" in page
    db_session.expire_all()
    assert len(assessment.attachments) == 1
    assert f"{len(PDF)} B</span>" in page
    other = client.post(
        f"/assessments/{assessment.id}/items/MS.G1.1/evidence",
        data={"file": (io.BytesIO(PDF + b"\n"), "承诺书.pdf")},
        content_type="multipart/form-data",
    )
    assert other.status_code == 302  # same name, other content: another file
    db_session.expire_all()
    assert len(assessment.attachments) == 2


def test_one_conflict_is_worded_in_the_singular(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get("/lang/en?next=/")
    url = f"/assessments/{assessment.id}/sections/C1"
    evidenced = {"C1.E1.1__evidence_note": "drill report"}
    assert client.post(url, data={"C1.E1.1__level": "3", **evidenced}).status_code == 302
    stale = client.post(url, data={"C1.E1.1__level": "1", "C1.E1.1__version": "0"})
    page = stale.get_data(as_text=True)
    assert stale.status_code == 409
    # the same user saved it first, in what stands for another tab
    assert "1 item was changed in another window, tab or device" in page
    assert "Maturity level: 3" in page  # what is stored now, in the glossary's word
