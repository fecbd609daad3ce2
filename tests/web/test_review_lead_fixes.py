"""Lead pages of peer review: what a working-group lead sees and keeps while planning."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.assessments.queries import rubric_of
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.clock import beijing_today
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import queries, reviewing, settling
from rcapp.reviews import services as review_services
from rcapp.reviews.models import Decision, FindingKind, Review, ReviewKind
from rcapp.reviews.pages import shortened
from tests.conftest import AuthActions
from tests.factories import (
    make_cycle,
    make_group_role,
    make_organisation,
    make_user,
    make_working_group,
)
from tests.factories_reviews import VISIT, ReviewWorld, assign_all, make_review_world


def test_the_assign_page_offers_the_open_reviews_kind_not_desk_review(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.lead.email)
    target = world.assessments[0]
    url = f"/reviews/assessments/{target.id}/assign"
    ids = [world.reviewers[1].id, world.reviewers[2].id]
    assert (
        client.post(url, data={"kind": "onsite", "visit_on": VISIT, "reviewers": ids}).status_code
        == 302
    )
    page = client.get(url).get_data(as_text=True)
    checked = re.search(r'<input checked[^>]*name="kind"[^>]*>', page)
    assert checked is not None
    assert 'value="onsite"' in checked.group(0)
    # Adding a third reviewer with the form as shown keeps the review on site.
    client.post(
        url, data={"kind": "onsite", "visit_on": VISIT, "reviewers": [world.reviewers[3].id]}
    )
    review = queries.find_review(target)
    assert review is not None
    assert review.kind is ReviewKind.ONSITE
    assert len(review.assignments) == 3


def test_a_new_review_still_starts_as_desk_review(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.lead.email)
    page = client.get(f"/reviews/assessments/{world.assessments[0].id}/assign")
    checked = re.search(r'<input checked[^>]*name="kind"[^>]*>', page.get_data(as_text=True))
    assert checked is not None
    assert 'value="desk"' in checked.group(0)


def test_the_comparison_keeps_the_chosen_kpis_when_sorting_or_picking_a_radar(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/benchmarks/groups/{world.group.id}"
    offered = re.findall(r'name="kpi" value="([^"]+)"', client.get(url).get_data(as_text=True))
    chosen = offered[-1]
    page = client.get(f"{url}?kpi={chosen}&sort=overall&dir=desc").get_data(as_text=True)
    sort_links = re.findall(r'href="([^"]*sort=[^"]*)"', page)
    assert sort_links
    assert all(f"kpi={chosen}" in link for link in sort_links)
    radar_links = re.findall(r'href="([^"]*member=[^"]*)"', page)
    assert len(radar_links) == 5
    assert all(f"kpi={chosen}" in link for link in radar_links)
    # Choosing other KPIs keeps the order the table is sorted in.
    assert '<input type="hidden" name="sort" value="overall">' in page
    assert '<input type="hidden" name="dir" value="desc">' in page


def test_a_rating_finalised_after_midnight_in_beijing_carries_the_beijing_day(
    client: FlaskClient, db_session: Session, auth: AuthActions, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    for each in review.assignments:
        reviewing.accept_remaining(each, list(review.sample), set(), each.reviewer)
        reviewing.submit_assignment(each, each.reviewer)
    # 01:30 on 2 March in Beijing is still 1 March in UTC.
    moment = dt.datetime(2026, 3, 1, 17, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(settling, "utcnow", lambda: moment)
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    assert review.appeal_until == dt.date(2026, 4, 1)  # 2 March + 30 days
    auth.login(world.lead.email)
    page = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    assert "定级于 2026-03-02" in page
    # Open or ended by the day the test runs: either way the period's last day is Beijing's.
    assert "申诉期至 2026-04-01。" in page or "申诉期已于 2026-04-01 结束" in page


def test_the_workload_lists_reviewers_from_another_group_who_review_its_members(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    other = make_working_group()
    other.organisations.append(world.companies[0])  # a member of both groups
    outsider = make_user(make_organisation(), name="外组评审员")
    make_group_role(outsider, other, GroupRole.REVIEWER)
    review_services.assign_reviewers(world.assessments[0], ReviewKind.DESK, [outsider], world.lead)
    db_session.commit()
    auth.login(world.lead.email)
    page = client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True)
    workload = page.split('id="load"')[1]
    assert "外组评审员" in page.split('id="all"')[1].split('id="load"')[0]  # in the rows
    assert re.search(r"外组评审员</td><td class=\"num\">1</td><td class=\"num\">0</td>", workload)


def test_finalising_is_offered_only_once_it_can_succeed_and_says_what_is_missing(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world, ReviewKind.DESK)[0]
    first = review.assignments[0]
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/reviews/{review.id}/consolidate"
    page = client.get(url).get_data(as_text=True)
    assert "须至少有 1 份已提交的评审，目前 0 份。" in page
    assert f'href="/reviews/{review.id}/finalise"' not in page
    client.get("/lang/en")
    page = client.get(url).get_data(as_text=True)
    assert "at least 1 submitted review is needed; 0 so far." in page
    reviewing.submit_assignment(first, first.reviewer)
    db_session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "submitted review is needed" not in page
    assert f'href="/reviews/{review.id}/finalise"' in page


def test_unsettled_items_are_named_and_linked_instead_of_a_refused_finalise_button(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world, ReviewKind.DESK)[0]
    first = review.assignments[0]
    item = rubric_of(review.assessment).item_index()["MS.G1.1"]
    reviewing.save_decision(first, item, False, Decision.ADJUST, 1, "无签字", first.reviewer)
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    db_session.commit()
    auth.login(world.lead.email)
    page = client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True)
    assert '还有 1 个差异项未裁定：<a href="#row-MS.G1.1">MS.G1.1</a>。' in page
    assert f'href="/reviews/{review.id}/finalise"' not in page


def _final_cell(page: str, item_id: str) -> str:
    """The 最终 cell of an item's row on the discrepancy map (the cell before the settle form)."""
    row = page.split(f'id="row-{item_id}"')[1].split("</tr>")[0]
    return row.split('<td class="settle">')[0].rsplit('<td class="num"', 1)[1].split(">", 1)[1]


def test_an_unsettled_flagged_item_reads_to_settle_not_a_final_level(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world, ReviewKind.DESK)[0]
    first = review.assignments[0]
    item = rubric_of(review.assessment).item_index()["MS.G1.1"]
    reviewing.save_decision(first, item, False, Decision.ADJUST, 1, "无签字", first.reviewer)
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/reviews/{review.id}/consolidate"
    # Finalising waits for the lead's level: the reviewer's 1 is not a final level yet.
    cell = _final_cell(client.get(url).get_data(as_text=True), "MS.G1.1")
    assert cell.startswith('<span class="muted">待裁定</span>'), cell
    assert "1" not in cell
    client.get("/lang/en")
    assert "To settle" in _final_cell(client.get(url).get_data(as_text=True), "MS.G1.1")
    settling.settle_item(review, "MS.G1.1", 2, "核实", world.lead)
    db_session.commit()
    assert _final_cell(client.get(url).get_data(as_text=True), "MS.G1.1").startswith(
        "<strong>2</strong>"
    )


def _finalised_with_adjustment(db_session: Session) -> tuple[ReviewWorld, Review]:
    world = make_review_world(5)
    review = assign_all(world, ReviewKind.DESK)[0]
    first = review.assignments[0]
    item = rubric_of(review.assessment).item_index()["MS.G1.1"]
    reviewing.save_decision(first, item, False, Decision.ADJUST, 3, "签字页缺失", first.reviewer)
    reviewing.add_finding(
        first, FindingKind.STRENGTH, "演练记录完整", None, "", None, first.reviewer
    )
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    return world, review


def test_english_review_pages_use_english_words_punctuation_and_plurals(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review = _finalised_with_adjustment(db_session)
    reviewer = review.assignments[0].reviewer
    auth.login(world.lead.email)
    client.get("/lang/en")
    final = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    assert "1 reviewer ·" in final
    assert "1 reviewers" not in final
    assert ">Self-assessments</th>" not in final
    assert '<th scope="col" class="num">Self score</th>' in final
    assert '<th scope="col" class="num">Self-assessed level</th>' in final
    assert '<strong>Strength</strong>: <span lang="zh-CN">演练记录完整</span>' in final
    # The lead downloads the organisation's actions, not "our" actions.
    assert "Download this organisation's corrective actions (Excel)" in final
    assert "Download our corrective actions" not in final
    group = client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True)
    assert f'<span lang="zh-CN">{reviewer.name}</span> (Submitted)' in group
    assign = client.get(f"/reviews/assessments/{review.assessment_id}/assign")
    assert "Assigned (" in assign.get_data(as_text=True)
    assert "（" not in assign.get_data(as_text=True)
    index = client.get("/reviews/").get_data(as_text=True)
    assert f"{world.group.name_en}: <a" in index
    consolidate = client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True)
    assert '<th scope="col" class="num">Items</th>' in consolidate
    calibration = client.get(f"/reviews/groups/{world.group.id}/calibration")
    assert '<th scope="col" class="num">Items</th>' in calibration.get_data(as_text=True)
    # The organisation itself still reads "our" corrective actions.
    auth.logout()
    auth.login(world.members[0].email)
    client.get("/lang/en")
    own = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    assert "Download this organisation" not in own


def test_refusals_count_in_english_singular_and_list_items_with_english_commas(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world, ReviewKind.DESK)[0]
    db_session.commit()
    assignment = review.assignments[0]
    auth.login(assignment.reviewer.email)
    client.get("/lang/en")
    page = client.post(
        f"/reviews/assignments/{assignment.id}/submit", follow_redirects=True
    ).get_data(as_text=True)
    n = len(review.sample)
    # Each item a link with its title, in the page's order (tags stripped to read the sentence).
    shown = [i for _s, _e, i in rubric_of(review.assessment).iter_items()]
    listed = [f"{i.id} {shortened(i.prompt.en)}" for i in shown if i.id in review.sample]
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert f"{n} sampled items are not decided yet:" in text
    # one item a line (qa59 p3): a list, not a run joined by commas
    refusal = page[page.index("sampled items are not decided yet:") :]
    items = re.findall(r"<li><a href=[^>]*>(.*?)</a></li>", refusal[: refusal.index("</ul>")])
    assert [html.unescape(i) for i in items] == listed
    assert "、" not in page
    auth.logout()
    auth.login(world.lead.email)
    client.get("/lang/en")
    refused = client.post(f"/reviews/{review.id}/finalise", follow_redirects=True)
    page = refused.get_data(as_text=True)
    assert "At least 1 submitted review is needed before finalising." in page


def test_calibration_links_only_the_reviews_the_lead_may_open(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    # A deputy who works for the first company: its review is managed by others.
    deputy = make_user(world.companies[0])
    make_group_role(deputy, world.group, GroupRole.DEPUTY)
    reviews = assign_all(world, ReviewKind.DESK)[:2]
    for review in reviews:
        first = review.assignments[0]
        item = rubric_of(review.assessment).item_index()["MS.G1.1"]
        reviewing.save_decision(
            first, item, False, Decision.ADJUST, 3, "签字页缺失", first.reviewer
        )
        reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
        reviewing.submit_assignment(first, first.reviewer)
    db_session.commit()
    auth.login(deputy.email)
    page = client.get(f"/reviews/groups/{world.group.id}/calibration").get_data(as_text=True)
    assert f'href="/reviews/{reviews[1].id}/consolidate?all=1#row-MS.G1.1"' in page
    assert f"/reviews/{reviews[0].id}/consolidate" not in page
    # The organisation's own review is not the deputy's: left out, said so (qa72 last stop).
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert f"{world.companies[0].name_zh}：MS.G1.1 " not in text
    assert "本单位的评审不在此列（回避）。" in text
    assert client.get(f"/reviews/{reviews[0].id}/consolidate").status_code == 403


def test_stars_on_the_planning_and_final_pages_are_read_out_as_a_number(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review = _finalised_with_adjustment(db_session)
    auth.login(world.lead.email)
    stars = review.final_stars
    assert stars is not None
    for url in (f"/reviews/groups/{world.group.id}", f"/reviews/{review.id}/final"):
        page = client.get(url).get_data(as_text=True)
        assert f'<span class="stars" aria-hidden="true">{"★" * stars}' in page
        assert f'<span class="stars-num">{stars} 星</span>' in page
        assert '<span class="stars">' not in page


def test_control_characters_typed_into_review_forms_are_dropped_not_stored(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world, ReviewKind.DESK)[0]
    db_session.commit()
    assignment = review.assignments[0]
    auth.login(assignment.reviewer.email)
    base = f"/reviews/assignments/{assignment.id}"
    response = client.post(
        f"{base}/items/MS.G1.1",
        data={
            "d-MS.G1.1-decision": "adjust",
            "d-MS.G1.1-level": "2",
            "d-MS.G1.1-reason": "签字\x00页缺失\x07",
        },
    )
    assert response.status_code == 302
    client.post(f"{base}/findings", data={"kind": "strength", "text": "记录\x00完整"})
    db_session.expire_all()
    assert [d.reason for d in assignment.decisions] == ["签字页缺失"]
    assert [f.text for f in review.findings] == ["记录完整"]


def test_a_reviewer_no_longer_offered_is_refused_in_the_pages_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/reviews/assessments/{world.assessments[0].id}/assign"
    gone = str(world.reviewers[4].id + 1000)  # e.g. taken out of the group meanwhile
    page = client.post(url, data={"kind": "desk", "reviewers": [gone]}).get_data(as_text=True)
    assert "所选评审员不在候选名单中" in page
    assert "valid choice" not in page
    client.get("/lang/en")
    page = client.post(url, data={"kind": "desk", "reviewers": [gone]}).get_data(as_text=True)
    assert "A chosen reviewer is not among the candidates" in page
    page = client.post(url, data={"kind": "desk", "reviewers": ["abc"]}).get_data(as_text=True)
    assert "could not be coerced" not in page


def test_an_unknown_kind_of_review_is_refused_beside_the_choice(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/reviews/assessments/{world.assessments[0].id}/assign"
    data = {"kind": "visit", "reviewers": [world.reviewers[1].id]}
    page = client.post(url, data=data).get_data(as_text=True)
    assert (
        '<p class="field-error" id="kind-error">评审方式：不是可选的选项，请从列表中选择。</p>'
        in page
    )
    assert queries.find_review(world.assessments[0]) is None


def test_the_assignment_mail_gives_the_due_day_the_reviewers_home_counts_down_to(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.lead.email)
    target = world.assessments[0]
    reviewer = world.reviewers[1]
    client.post(
        f"/reviews/assessments/{target.id}/assign",
        data={"kind": "desk", "reviewers": [reviewer.id]},
    )
    # the reviewer's (the company's users are told too: company_mail)
    body = db_session.scalars(
        select(OutboxMessage.body).where(OutboxMessage.kind == "review")
    ).one()
    due = (beijing_today() + dt.timedelta(days=21)).isoformat()
    assert f"请于 {due}（北京时间）前提交评审。" in body
    auth.logout()
    auth.login(reviewer.email)
    assert due in client.get("/").get_data(as_text=True)


def test_the_radar_names_no_group_median_when_the_group_has_no_statistics(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)  # under five members: no group statistics
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
    assert 'id="radar"' in page
    assert "各板块得分与工作组中位数" not in page
    # no median drawn or tabled; the data table says why it is missing (qa72 M3)
    note = "没有“工作组中位数”一列：4 家成员，其中 4 家有对标数据，不足 5 家，不显示组统计。"
    assert page.replace(note, "").count("工作组中位数") == 0
    assert note in page


def test_calibration_opens_on_the_latest_year_with_reviews_not_a_newly_opened_one(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world, ReviewKind.DESK)[0]
    first = review.assignments[0]
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    newer = make_cycle(year=world.cycle.year + 1)
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/reviews/groups/{world.group.id}/calibration"

    page = client.get(url).get_data(as_text=True)
    assert first.reviewer.name in page  # the year with the review, though a newer one is open
    newest = client.get(url, query_string={"cycle": newer.id}).get_data(as_text=True)
    assert first.reviewer.name not in newest  # chosen on purpose: that year has none
