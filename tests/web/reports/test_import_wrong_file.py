"""A file that is not this assessment's template is refused with a link to the right one
(QA11 S20), not "correct it in Excel", which cannot help there; a mistake in the right
template still says to correct it in Excel."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment
from tests.conftest import AuthActions
from tests.factories import start
from tests.web.helpers import PDF, member_with_assessment
from tests.web.reports.test_import_pages import _filled, _upload

FIX_IN_EXCEL = "请在 Excel 中改正这处问题后重新上传。"  # one problem in these files


def _others_template(client: FlaskClient, assessment: Assessment) -> bytes:
    data: bytes = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    return data


@pytest.mark.parametrize("kind", ["pdf", "other organisation"])
def test_the_wrong_file_is_refused_with_a_link_to_this_organisations_template(
    client: FlaskClient, db_session: Session, auth: AuthActions, kind: str
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    data = PDF
    if kind == "other organisation":
        theirs = start(world, world.org_b)
        db_session.commit()
        auth.logout()
        auth.login(world.user_b.email)
        data = _others_template(client, theirs)
        auth.logout()
        auth.login(world.user_a.email)
    for lang, advice in (
        ("zh_CN", "请下载本单位本年度的模板"),
        ("en", "Download this organisation"),
    ):
        client.get(f"/lang/{lang}?next=/")
        status, page = _upload(client, assessment.id, data)
        assert status == 400
        assert FIX_IN_EXCEL not in page
        assert "in Excel and upload the file again" not in page  # it or them
        assert advice in page
        link = f'href="/reports/assessments/{assessment.id}/template.xlsx" download'
        assert page.count(link) == 2  # in step 1 and beside the refusal


def test_a_mistake_in_the_right_template_is_still_corrected_in_excel(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    status, page = _upload(client, assessment.id, _filled(template, 9))
    assert status == 400
    assert FIX_IN_EXCEL in page
    assert 'id="wrong-file-help"' not in page
