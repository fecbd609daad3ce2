"""The publish question says who will read the file (secwords #3).

The internal annual workbook's confirmation read as the report's: nothing said members would
not see it, though the year page does. The withdraw form says the reason is for members.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reports import editions
from rcapp.reports.models import JobKind
from tests.conftest import AuthActions
from tests.web.reports.test_editions import closed_world, finished

HIDDEN = {
    "zh": "本文件只有秘书处可以下载，会员看不到",
    "en": "Only the secretariat can download this file; members will not see it",
}
READ = {
    "zh": "发布后，各单位、组长和评审员可在“年度报告”页面下载本版。",
    "en": "Once published, every organisation, group lead and reviewer can download",
}
REASON_FOR_MEMBERS = {"zh": "撤回原因（必填，会员可见）", "en": "members will read it"}


def _confirm(page: str) -> str:
    """The publish button's question, as the dialog shows it."""
    form = page.split('id="job-publish"', 1)[1].split("</form>", 1)[0]
    return html.unescape(form.split('data-confirm="', 1)[1].split('"', 1)[0])


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", [JobKind.ANNUAL_WORKBOOK, JobKind.SCORECARDS])
def test_the_secretariats_files_are_said_to_stay_unseen_by_members(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, kind: JobKind
) -> None:
    world = closed_world(db_session)
    first, again = finished(world, kind), finished(world, kind)
    editions.publish(first, world.secretariat)  # `again` would replace it: the other question
    fresh = finished(world, kind, lang="en")
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{'en' if lang == 'en' else 'zh_CN'}")
    for job in (again, fresh):
        page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
        assert HIDDEN[lang] in _confirm(page)
        assert READ[lang] not in page
    page = client.get(f"/reports/jobs/{first.id}").get_data(as_text=True)
    assert REASON_FOR_MEMBERS[lang] not in page  # the withdraw form: members never read it


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_annual_report_is_said_to_reach_members(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = closed_world(db_session)
    draft, published = finished(world), finished(world, lang="en")
    editions.publish(published, world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{'en' if lang == 'en' else 'zh_CN'}")
    page = client.get(f"/reports/jobs/{draft.id}").get_data(as_text=True)
    assert READ[lang] in _confirm(page)
    assert HIDDEN[lang] not in page
    page = client.get(f"/reports/jobs/{published.id}").get_data(as_text=True)
    assert REASON_FOR_MEMBERS[lang] in page
