"""Members read the published annual reports; the secretariat withdraws an edition.

Who may read what: every member (company, park, lead, reviewer) the published, not withdrawn
annual report editions (a year reopened since keeps them, marked: test_stale_editions); the
workbook, the scorecards ZIP and any file not published stay the secretariat's, and a forged id
is not found.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, OrgRole, User
from rcapp.audit.models import AuditEntry
from rcapp.organisations.models import OrganisationKind
from rcapp.reports import edition_withdrawals, editions
from rcapp.reports.models import JobKind, ReportJob
from tests.conftest import AuthActions
from tests.factories import (
    World,
    make_group_role,
    make_organisation,
    make_user,
    make_working_group,
)
from tests.web.reports.test_editions import CLOSED_AT, closed_world, finished

WORDS = {
    "zh": {"title": "年度报告", "replaced": "已被第 2 版取代", "edition": "第 1 版"},
    "en": {"title": "Annual reports", "replaced": "Replaced by edition 2", "edition": "Edition 1"},
}


def _reader(world: World, role: str) -> User:
    """A member reader: a company's member or admin, a park's user, a lead, a reviewer."""
    if role == "company":
        return world.user_a
    if role == "admin":
        return make_user(world.org_b, OrgRole.ADMIN)
    if role == "park":
        return make_user(make_organisation(kind=OrganisationKind.PARK))
    group = make_working_group()
    reader = make_user()  # no organisation: the group role alone makes a member reader
    make_group_role(reader, group, GroupRole.LEAD if role == "lead" else GroupRole.REVIEWER)
    return reader


def _published(world: World, kind: JobKind = JobKind.ANNUAL_REPORT, lang: str = "zh") -> ReportJob:
    job = finished(world, kind, lang)
    editions.publish(job, world.secretariat)
    return job


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("role", ["company", "admin", "park", "lead", "reviewer"])
def test_each_member_reads_the_published_reports_only(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, role: str
) -> None:
    world = closed_world(db_session)
    old, current, english = _published(world), _published(world), _published(world, lang="en")
    withdrawn = _published(world)
    edition_withdrawals.withdraw(withdrawn, world.secretariat, "数字有误")
    workbook = _published(world, JobKind.ANNUAL_WORKBOOK)
    scorecards = _published(world, JobKind.SCORECARDS)
    unpublished = finished(world)
    reader = _reader(world, role)
    db_session.commit()
    auth.login(reader.email)
    if lang == "en":
        client.get("/lang/en")
    home = client.get("/").get_data(as_text=True)
    assert 'href="/reports/annual-reports"' in home
    page = client.get("/reports/annual-reports")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    words = WORDS[lang]
    assert f"<h1>{words['title']}</h1>" in text
    for shown in (old, current, english):
        assert f'id="annual-report-{shown.id}"' in text
    for hidden in (withdrawn, workbook, scorecards, unpublished):
        assert f'id="annual-report-{hidden.id}"' not in text
        assert f"/annual-reports/{hidden.id}/download" not in text
    old_row = text.split(f'id="annual-report-{old.id}"', 1)[1].split("</li>", 1)[0]
    assert words["replaced"] in old_row  # edition 3 was withdrawn: edition 2 is in force
    current_row = text.split(f'id="annual-report-{current.id}"', 1)[1].split("</li>", 1)[0]
    assert "badge" not in current_row
    # the newest edition first: edition 2 above edition 1
    assert text.index(f'id="annual-report-{current.id}"') < text.index(
        f'id="annual-report-{old.id}"'
    )
    download = client.get(f"/reports/annual-reports/{current.id}/download")
    data = download.get_data()
    download.close()
    assert download.status_code == 200
    assert data == b"%PDF-1.7 edition"
    assert "edition-2" in download.headers["Content-Disposition"]


def test_a_forged_id_is_not_found_for_a_company_user(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = closed_world(db_session)
    unpublished = finished(world)
    workbook = _published(world, JobKind.ANNUAL_WORKBOOK)
    scorecards = _published(world, JobKind.SCORECARDS)
    withdrawn = _published(world)
    edition_withdrawals.withdraw(withdrawn, world.secretariat, "数字有误")
    db_session.commit()
    auth.login(world.user_a.email)
    for job in (unpublished, workbook, scorecards, withdrawn):
        assert client.get(f"/reports/annual-reports/{job.id}/download").status_code == 404
        # the secretariat's own route refuses them too (only the requester and the secretariat)
        assert client.get(f"/reports/jobs/{job.id}/download").status_code == 403
    assert client.get("/reports/annual-reports/999999/download").status_code == 404


def test_a_user_of_no_organisation_or_group_may_not_read(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    closed_world(db_session)
    nobody = make_user()
    db_session.commit()
    auth.login(nobody.email)
    assert client.get("/reports/annual-reports").status_code == 403


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_published_report_says_so(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = closed_world(db_session)
    auth.login(world.user_a.email)
    if lang == "en":
        client.get("/lang/en")
    text = client.get("/reports/annual-reports").get_data(as_text=True)
    assert 'id="no-annual-reports"' in text
    assert ("No annual report" if lang == "en" else "尚无已发布的年度报告") in text


def _withdraw_entries(db_session: Session) -> list[AuditEntry]:
    return list(
        db_session.scalars(select(AuditEntry).where(AuditEntry.action == "report_job.withdraw"))
    )


@pytest.mark.parametrize("reason", ["", "   "])
def test_withdrawing_without_a_reason_is_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions, reason: str
) -> None:
    world = closed_world(db_session)
    job = _published(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    refused = client.post(f"/reports/jobs/{job.id}/withdraw", data={"reason": reason})
    assert refused.status_code == 302
    assert "job-withdraw" in refused.headers["Location"]
    page = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "请填写撤回原因" in page
    db_session.refresh(job)
    assert not edition_withdrawals.is_withdrawn(job)
    assert _withdraw_entries(db_session) == []


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["已撤回", "原因：附录表格有误", "撤回…"]),
        ("en", ["Withdrawn", "Reason: 附录表格有误", "Withdraw…"]),
    ],
)
def test_a_withdrawn_edition_stays_listed_for_the_secretariat_and_numbering_goes_on(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: list[str]
) -> None:
    world = closed_world(db_session)
    first, second = _published(world), _published(world)
    db_session.commit()
    auth.login(world.user_a.email)
    assert (
        client.post(f"/reports/jobs/{second.id}/withdraw", data={"reason": "x"}).status_code == 403
    )
    auth.login(world.secretariat.email)
    if lang == "en":
        client.get("/lang/en")
    job_page = client.get(f"/reports/jobs/{second.id}").get_data(as_text=True)
    assert 'id="job-withdraw"' in job_page
    done = client.post(f"/reports/jobs/{second.id}/withdraw", data={"reason": " 附录表格有误 "})
    assert done.status_code == 302
    year = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    row = year.split(f'id="edition-{second.id}"', 1)[1].split("</li>", 1)[0]
    assert words[0] in row
    assert words[1] in row
    first_row = year.split(f'id="edition-{first.id}"', 1)[1].split("</li>", 1)[0]
    assert words[2] in first_row  # edition 1 is in force again, not marked replaced
    assert "badge" not in first_row
    listed = client.get("/reports/jobs").get_data(as_text=True)
    assert "job-withdrawn" in next(r for r in listed.split("<tr>") if f"#{second.id}<" in r)
    assert "job-withdrawn" not in next(r for r in listed.split("<tr>") if f"#{first.id}<" in r)
    (entry,) = _withdraw_entries(db_session)
    assert "附录表格有误" in (entry.after or "")
    assert client.post(f"/reports/jobs/{second.id}/withdraw", data={"reason": "again"})
    assert len(_withdraw_entries(db_session)) == 1
    third = finished(world)
    db_session.commit()
    assert editions.publish(third, world.secretariat) == 3


def test_the_withdrawal_is_kept_with_the_time(db_session: Session) -> None:
    world = closed_world(db_session)
    job = _published(world)
    edition_withdrawals.withdraw(job, world.secretariat, "原因")
    withdrawal = edition_withdrawals.withdrawal_of(job)
    assert withdrawal is not None
    assert withdrawal.by_id == world.secretariat.id
    assert withdrawal.at > CLOSED_AT - dt.timedelta(days=1)
    with pytest.raises(edition_withdrawals.WithdrawRefused):
        edition_withdrawals.withdraw(job, world.secretariat, "again")
    unpublished = finished(world)
    with pytest.raises(edition_withdrawals.WithdrawRefused):
        edition_withdrawals.withdraw(unpublished, world.secretariat, "原因")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_year_lists_the_viewers_language_first(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """The English reader saw "Chinese · Edition 1" above "English · Edition 1" (enwords 1)."""
    world = closed_world(db_session)
    chinese, english = _published(world, lang="zh-CN"), _published(world, lang="en")
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")
    first, second = (chinese, english) if lang == "zh" else (english, chinese)
    for text in (
        client.get(path).get_data(as_text=True) for path in ("/reports/annual-reports", "/")
    ):
        assert text.index(f"/annual-reports/{first.id}/download") < text.index(
            f"/annual-reports/{second.id}/download"
        )


SENTENCES = {
    "zh": (
        "秘书处在年度关闭后发布的责任关怀年度报告",
        "只有秘书处可以下载。 查看会员看到的年度报告页面。",
    ),
    "en": (
        "After a year is closed, the secretariat publishes its Responsible Care annual report",
        "can be downloaded by the secretariat only. See the annual reports page as members see it.",
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pages_about_the_reports_say_whole_sentences(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """enwords 2 and 3: "The … annual reports the secretariat publishes once a year is closed"
    did not parse; the year page ended "… The annual reports page members see" (a link)."""
    world = closed_world(db_session)
    _published(world)
    db_session.commit()
    lead, link = SENTENCES[lang]
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")
    assert lead in client.get("/reports/annual-reports").get_data(as_text=True)
    auth.logout()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    said = " ".join(re.sub(r"<[^>]+>", "", page.split('id="editions"', 1)[1]).split())
    assert link in said
