"""The year's list of organisations filters by status, review, stars, result, kind, place, group.

Before, "23 with ★★★ or more" on the year page linked to one list sorted by stars that the
secretariat had to scan. Every count on the year page now opens the list filtered to what it
counted, by the same rules (cycles.tally.status_keys, assessments.review_filters,
queries.listed_stars): the number beside a link is the number of rows it lists.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import io
import re
from urllib.parse import parse_qsl, urlsplit

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.assessments.models import AssessmentStatus
from rcapp.clock import beijing_today
from rcapp.cycles.models import ReportingCycle
from rcapp.db import utcnow
from rcapp.organisations.models import Organisation, WorkingGroup
from rcapp.reviews.models import Appeal, AppealStatus, Review, ReviewKind, ReviewStatus
from tests.conftest import AuthActions
from tests.factories import (
    make_assessment,
    make_cycle,
    make_final_stars,
    make_group_role,
    make_organisation,
    make_park,
    make_secretariat,
    make_user,
    make_working_group,
)


@dataclasses.dataclass
class Year:
    cycle: ReportingCycle
    group: WorkingGroup
    other_group: WorkingGroup
    secretary_email: str


def _org(name: str, province: str = "江苏省", park: bool = False) -> Organisation:
    make = make_park if park else make_organisation
    return make(name_zh=name, name_en=None, province=province, commitment_status="signed")


def _submitted(cycle: ReportingCycle, org: Organisation, stars: int | None, **fields: object):  # type: ignore[no-untyped-def]
    return make_assessment(
        org,
        cycle,
        status=AssessmentStatus.SUBMITTED,
        **{"submitted_at": utcnow() - dt.timedelta(days=5), "stars": stars, **fields},
    )


def _review(session: Session, assessment_id: int, status: ReviewStatus, appeal: str = "") -> None:
    review = Review(assessment_id=assessment_id, kind=ReviewKind.DESK, status=status)
    session.add(review)
    session.flush()
    if appeal:
        session.add(
            Appeal(review_id=review.id, reason="理由充分的申诉", status=AppealStatus(appeal))
        )
        session.flush()


def _year(session: Session) -> Year:
    """Ten organisations of a year whose deadline has passed, in every state the page counts.

    甲 3★ in review (Jiangsu, group) · 乙 3★ not reviewed, submitted late (Shandong) · 丙 2★
    reviewed again after an upheld appeal · 丁 2★ self, final 4★, appeal open (group) · 戊 park
    5★ (Shandong, group) · 己 1★ self, final not rated · 庚 draft, overdue (group) · 辛 not
    started, overdue · 壬 returned, final 3★ kept (Shandong) · 癸 0★ (other group).
    """
    cycle = make_cycle(deadline=beijing_today() - dt.timedelta(days=3))
    group, other = make_working_group(), make_working_group()
    jia, yi, bing, ding = _org("甲化工"), _org("乙化工", "山东省"), _org("丙化工"), _org("丁化工")
    wu = _org("戊园区", "山东省", park=True)
    ji, geng = _org("己化工"), _org("庚化工")
    _org("辛化工")  # signed, not started
    ren, gui = _org("壬化工", "山东省"), _org("癸化工")
    group.organisations.extend([jia, ding, wu, geng])
    other.organisations.append(gui)
    a = _submitted(cycle, jia, 3)
    _submitted(cycle, yi, 3, submitted_at=utcnow())  # after the deadline
    c = _submitted(cycle, bing, 2)
    d = _submitted(cycle, ding, 2)
    make_final_stars(d, 4)
    _submitted(cycle, wu, 5)
    f = _submitted(cycle, ji, 1)
    make_final_stars(f, 0, rated=False)
    make_assessment(geng, cycle, status=AssessmentStatus.DRAFT, stars=None)
    r = make_assessment(ren, cycle, status=AssessmentStatus.RETURNED, stars=None)
    make_final_stars(r, 3)
    _submitted(cycle, gui, 0)
    _review(session, a.id, ReviewStatus.IN_REVIEW)
    _review(session, c.id, ReviewStatus.IN_REVIEW, appeal="upheld")
    _review(session, d.id, ReviewStatus.FINAL, appeal="open")
    _review(session, f.id, ReviewStatus.FINAL)
    _review(session, r.id, ReviewStatus.FINAL)
    secretary = make_secretariat()
    session.commit()
    return Year(cycle, group, other, secretary.email)


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page)))


def _names(page: str) -> list[str]:
    """The organisations the list shows, in its order."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in page else ""
    return re.findall(r'/organisations/\d+">([^<]+)</a>', body)


def _query(href: str) -> str:
    """A link's filters, in name order (the sort and order it may carry left out)."""
    pairs = parse_qsl(urlsplit(html.unescape(href)).query)
    return "&".join(f"{k}={v}" for k, v in sorted(pairs) if k not in ("sort", "order"))


def _count(page: str) -> int:
    found = re.search(r'id="list-count">\s*(?:共 (\d+) 家|(\d+) organisations? in all)', page)
    assert found, page
    return int(found.group(1) or found.group(2))


@pytest.fixture
def year(client: FlaskClient, db_session: Session, auth: AuthActions) -> Year:
    found = _year(db_session)
    auth.login(found.secretary_email)
    return found


def _list(client: FlaskClient, year: Year, query: str) -> str:
    response = client.get(f"/cycles/{year.cycle.id}/organisations?{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_count_on_the_year_page_lists_as_many_rows_as_it_says(
    client: FlaskClient, year: Year, lang: str
) -> None:
    client.get(f"/lang/{lang}")
    page = client.get(f"/cycles/{year.cycle.id}").get_data(as_text=True)
    links = re.findall(r'<a href="([^"]+)" data-count="(\d+)"', page)
    counted = {_query(href): int(said) for href, said in links}
    # the self-assessments by status, the reviews, the final results, every star and not rated
    expected = {
        "status=not_started": 1,
        "status=draft": 1,
        "status=submitted": 7,
        "status=returned": 1,
        "status=overdue": 3,
        "status=submitted_late": 1,
        "review=in_review&status=submitted": 2,  # 甲, and 丙 reviewed again
        "review=final&status=submitted": 2,  # 丁 and 己; 壬 was returned
        "result=final&status=submitted": 2,
        "stars=0&status=submitted": 1,
        "stars=3&status=submitted": 2,  # 甲, 乙; 壬's kept 3★ is not submitted
        "stars=4&status=submitted": 1,  # 丁's final 4★, not its self 2★
        "stars=none&status=submitted": 1,
    }
    assert {key: counted.get(key) for key in expected} == expected
    for href, said in links:
        listed = client.get(html.unescape(href)).get_data(as_text=True)
        assert _count(listed) == int(said), href
        assert len(_names(listed)) == int(said), href


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("review=in_review", {"甲化工", "丙化工"}),
        ("review=rereview", {"丙化工"}),
        ("review=final", {"丁化工", "己化工", "壬化工"}),  # 壬: returned, its review final
        ("review=appealed", {"丁化工"}),
        ("review=none", {"乙化工", "戊园区", "癸化工"}),  # submitted ones only
        ("stars=3", {"甲化工", "乙化工", "壬化工"}),  # 壬: the final kept while returned
        ("stars=4", {"丁化工"}),  # final where there is one
        ("stars=2", {"丙化工"}),
        ("stars=3%2B", {"甲化工", "乙化工", "丁化工", "戊园区", "壬化工"}),
        ("stars=0", {"癸化工"}),
        ("stars=none", {"己化工"}),  # not rated: has a result; not the drafts
        ("result=final", {"丁化工", "己化工", "壬化工"}),
        ("result=provisional", {"甲化工", "乙化工", "丙化工", "戊园区", "癸化工"}),
        ("kind=park", {"戊园区"}),
        ("province=山东省", {"乙化工", "戊园区", "壬化工"}),
        ("status=overdue", {"庚化工", "辛化工", "壬化工"}),
        ("status=submitted_late", {"乙化工"}),
        ("q=丙", {"丙化工"}),
    ],
)
def test_each_filter_keeps_what_it_names(
    client: FlaskClient, year: Year, query: str, names: set[str]
) -> None:
    page = _list(client, year, query)
    assert set(_names(page)) == names
    assert _count(page) == len(names)
    assert "（已筛选）" in page
    assert f'href="/cycles/{year.cycle.id}/organisations">清除筛选</a>' in page


def test_the_working_group_filter_lists_its_members(client: FlaskClient, year: Year) -> None:
    page = _list(client, year, f"group={year.group.id}")
    assert set(_names(page)) == {"甲化工", "丁化工", "戊园区", "庚化工"}
    page = _list(client, year, f"group={year.other_group.id}")
    assert set(_names(page)) == {"癸化工"}


def test_filters_combine_with_each_other_the_sort_and_the_pages(
    client: FlaskClient, year: Year
) -> None:
    query = f"stars=2%2B&province=江苏省&group={year.group.id}&sort=stars&order=desc"
    page = _list(client, year, query)
    assert _names(page) == ["丁化工", "甲化工"]  # 4★ then 3★; 戊 is in Shandong
    assert _count(page) == 2
    # the sort links keep the filters, and the form shows them chosen
    assert "stars=2%2B" in html.unescape(page.split("<thead>", 1)[1].split("</thead>", 1)[0])
    assert '<option selected value="2+">' in page
    assert "page=2" not in page  # one page
    both = _list(client, year, "status=submitted&review=in_review&stars=3")
    assert _names(both) == ["甲化工"]


def test_no_filter_lists_everyone(client: FlaskClient, year: Year) -> None:
    page = _list(client, year, "")
    assert _count(page) == 10
    assert "（已筛选）" not in page


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh_CN", "筛选条件“星级”的值“9”无效，已忽略。"),
        ("en", "The filter “Star rating” has no value “9”: it was ignored."),
    ],
)
def test_a_bad_value_in_the_address_is_ignored_with_a_message(
    client: FlaskClient, year: Year, lang: str, said: str
) -> None:
    client.get(f"/lang/{lang}")
    page = _list(client, year, "stars=9&review=bogus&group=abc&status=nope&province=火星&kind=x")
    text = _text(page)
    assert said in text
    assert _count(page) == 10  # nothing filtered by what was ignored
    assert len(re.findall(r"“[^”]+”", text)) >= 12  # six fields named with their values
    page = _list(client, year, "group=99999999999999999999&stars=3")
    assert set(_names(page)) == {"甲化工", "乙化工", "壬化工"}  # the good filter still applies


def test_the_excel_file_lists_the_filtered_rows(client: FlaskClient, year: Year) -> None:
    page = _list(client, year, "stars=3%2B&province=山东省")
    link = re.search(r'href="(/reports/cycles/\d+/organisations\.xlsx[^"]*)"', page)
    assert link
    response = client.get(html.unescape(link.group(1)))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "组织名称")
    listed = {row[0] for row in rows[header + 1 :] if row[0]}
    assert listed == {"乙化工", "戊园区", "壬化工"}
    notes = " ".join(str(row[0]) for row in rows[:header])
    assert "3 星及以上" in notes
    assert "山东" in notes


def test_remind_everyone_the_filters_show(
    client: FlaskClient, db_session: Session, year: Year
) -> None:
    """The reminder to "all those the list shows" reads every filter, not status and name only."""
    year.cycle.deadline = beijing_today() + dt.timedelta(days=5)  # nobody overdue: no notice
    db_session.commit()
    page = _list(client, year, "status=open&province=山东省")
    form = page.split('id="remind-form"', 1)[1].split("</form>", 1)[0]
    assert 'name="province" value="山东省"' in form
    response = client.post(
        f"/cycles/{year.cycle.id}/remind",
        data={"everyone": "1", "status": "open", "province": "山东省"},
        follow_redirects=True,
    )
    text = _text(response.get_data(as_text=True))
    # 壬 (Shandong, returned) has no account; 庚 and 辛 (Jiangsu) were not asked about
    assert "未能发送提醒：壬化工" in text
    assert "庚化工" not in text.split("未能发送提醒", 1)[1].split("。", 1)[0]


@pytest.mark.parametrize("who", ["lead", "member"])
def test_only_the_secretariat_opens_the_filtered_list_and_its_file(
    client: FlaskClient, db_session: Session, auth: AuthActions, who: str
) -> None:
    year = _year(db_session)
    if who == "lead":
        user = make_user()
        make_group_role(user, year.group, GroupRole.LEAD)
    else:
        user = make_user(year.group.organisations[0])
    db_session.commit()
    auth.login(user.email)
    cycle_id = year.cycle.id
    assert client.get(f"/cycles/{cycle_id}/organisations?stars=3").status_code == 403
    assert client.get(f"/reports/cycles/{cycle_id}/organisations.xlsx?stars=3").status_code == 403


def _member_names(page: str) -> list[str]:
    """The names in the members list (a link only once submitted).

    The name is the second cell: the first holds the reminder's checkbox (a non-submitter's).
    """
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in page else ""
    cells = re.findall(r"<tr>\s*<td>.*?</td>\s*<td>(.*?)</td>", body, re.S)
    return [_text(re.sub(r'<span class="muted">.*?</span>', "", cell)).strip() for cell in cells]


def _lead_of(db_session: Session, year: Year) -> str:
    user = make_user()
    make_group_role(user, year.group, GroupRole.LEAD)
    db_session.commit()
    return user.email


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("", {"甲化工", "丁化工", "戊园区", "庚化工"}),
        ("stars=3%2B", {"甲化工", "丁化工", "戊园区"}),
        ("review=appealed", {"丁化工"}),
        ("province=山东省&kind=park", {"戊园区"}),
        ("status=overdue", {"庚化工"}),
        ("result=final", {"丁化工"}),
    ],
)
def test_a_lead_filters_the_members_of_his_group(
    client: FlaskClient, db_session: Session, auth: AuthActions, query: str, names: set[str]
) -> None:
    year = _year(db_session)
    auth.login(_lead_of(db_session, year))
    home = client.get("/").get_data(as_text=True)
    url = f"/cycles/{year.cycle.id}/groups/{year.group.id}"
    assert url in home  # the home panel links the page
    page = client.get(f"{url}?{query}").get_data(as_text=True)
    assert set(_member_names(page)) == names
    assert _count(page) == len(names)


def test_a_lead_opens_submitted_work_only_and_no_other_group(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    year = _year(db_session)
    auth.login(_lead_of(db_session, year))
    page = client.get(f"/cycles/{year.cycle.id}/groups/{year.group.id}").get_data(as_text=True)
    body = page.split("<tbody>", 1)[1]
    assert re.search(r'/overview">甲化工</a>|/assessments/\d+">甲化工</a>', body)  # submitted
    assert "<td>庚化工 <span" in body  # a draft: its name, no link
    assert "癸化工" not in page  # the other group's member
    other = f"/cycles/{year.cycle.id}/groups/{year.other_group.id}"
    assert client.get(other).status_code == 403
    assert client.get(f"/cycles/{year.cycle.id}/organisations").status_code == 403


def test_an_organisation_member_may_not_list_a_group(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    year = _year(db_session)
    user = make_user(year.group.organisations[0])
    db_session.commit()
    auth.login(user.email)
    assert client.get(f"/cycles/{year.cycle.id}/groups/{year.group.id}").status_code == 403
