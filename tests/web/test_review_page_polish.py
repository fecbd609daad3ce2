"""The review pages as testers read them: outcome explained, reasons named, nothing cut off.

Each test stands for one defect found in the exploratory pass: the self rating's missing
stars explained, a changed item's reason once with who gave it, overdue corrective
actions flagged, a waiting appeal shown once, a same-level "adjustment" refused, a park's
assign page without a dead-end button, the findings form, the conflict list, the
calibration list and the submit refusal.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, OrgRole
from rcapp.accounts.services import add_membership
from rcapp.assessments.models import AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.views.evidence_words import evidence_rule_text
from rcapp.clock import beijing_today, years_after
from rcapp.reviews import calibration_views, pages, reviewing, settling
from rcapp.reviews import services as review_services
from rcapp.reviews.calibration import Move, ReviewerCalibration
from rcapp.reviews.models import (
    Decision,
    DeclaredConflict,
    FindingKind,
    Review,
    ReviewAssignment,
    ReviewKind,
)
from rcapp.rubrics.model import Item
from tests.conftest import AuthActions
from tests.factories import (
    make_assessment,
    make_cycle,
    make_group_role,
    make_organisation,
    make_park,
    make_secretariat,
    make_user,
)
from tests.factories_reviews import (
    ReviewWorld,
    assign_all,
    make_review_world,
    reviewers_of,
    submit_all,
    submit_and_finalise,
)


def _text(client: FlaskClient, url: str) -> str:
    return html.unescape(client.get(url).get_data(as_text=True))


def _item(assignment: ReviewAssignment, item_id: str) -> Item:
    from rcapp.assessments.queries import rubric_of

    return rubric_of(assignment.review.assessment).item_index()[item_id]


def _both_adjust(world: ReviewWorld, reason: str) -> Review:
    """Both reviewers lower MS.G1.1 from 4 to 3 with the same words; the lead finalises."""
    review = assign_all(world)[0]
    for assignment in review.assignments:
        item = _item(assignment, "MS.G1.1")
        reviewing.save_decision(
            assignment, item, False, Decision.ADJUST, 3, reason, assignment.reviewer
        )
    return submit_and_finalise(review, world.lead)


@pytest.mark.parametrize(
    ("lang", "held"),
    [
        (
            "zh_CN",
            "自评结果星级较低的原因：3 星及以上须经同行评审，自评结果本身最多 2 星；"
            "本次同行评审后的星级即上面的最终星级。",
        ),
        (
            "en",
            "Why the self-assessed result alone has fewer stars: 3 stars and above need a "
            "peer review, so the self-assessed result alone reaches at most 2 stars; the "
            "stars after this peer review are the final rating above.",
        ),
    ],
)
def test_the_outcome_page_says_why_the_self_rating_had_fewer_stars(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, held: str
) -> None:
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[0], world.lead)
    db_session.commit()
    assert review.final_stars is not None
    assert review.final_stars == 3
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")

    assert held in _text(client, f"/reviews/{review.id}/final")


def test_the_outcome_page_shows_what_reviewers_proposed_where_the_lead_settled_otherwise(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    for assignment in review.assignments:
        item = _item(assignment, "MS.G1.1")
        reviewing.save_decision(
            assignment, item, False, Decision.ADJUST, 2, "记录不全", assignment.reviewer
        )
    submit_all(review)
    settling.settle_item(review, "MS.G1.1", 3, "组长复核：记录基本完整", world.lead)
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    auth.login(world.members[0].email)
    names = [a.reviewer.name for a in review.assignments]

    def plain() -> str:
        page = _text(client, f"/reviews/{review.id}/final")
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))

    text = plain()

    assert f"{names[0]}：2；{names[1]}：2" in text
    assert "组长裁定的等级与评审员建议不同" in text
    client.get("/lang/en")
    text = plain()
    assert f"{names[0]}: 2; {names[1]}: 2" in text
    assert "The lead settled on a level other than the reviewers proposed" in text


@pytest.mark.parametrize(
    ("settler", "levels", "settled", "zh", "en"),
    [
        # the final level is what the first reviewer proposed: it says so (qa20 D1)
        ("lead", (2, 3), 2, "按评审员 {0} 的意见定级", "Settled as reviewer {0} proposed"),
        ("lead", (2, 3), 3, "按评审员 {1} 的意见定级", "Settled as reviewer {1} proposed"),
        # nobody proposed it, and the deputy lead settled it: "the deputy lead" (qa20 S13)
        (
            "deputy",
            (2, 2),
            3,
            "副组长裁定的等级与评审员建议不同",
            "The deputy lead settled on a level other than the reviewers proposed",
        ),
    ],
)
def test_a_settled_items_note_names_the_reviewer_it_agrees_with_or_the_settler(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    settler: str,
    levels: tuple[int, int],
    settled: int,
    zh: str,
    en: str,
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    for assignment, level in zip(review.assignments, levels, strict=True):
        item = _item(assignment, "MS.G1.1")
        reviewing.save_decision(
            assignment, item, False, Decision.ADJUST, level, "记录不全", assignment.reviewer
        )
        reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
        reviewing.submit_assignment(assignment, assignment.reviewer)
    who = world.lead
    if settler == "deputy":
        who = make_user(make_organisation())
        make_group_role(who, world.group, GroupRole.DEPUTY)
    settling.settle_item(review, "MS.G1.1", settled, "复核", who)
    settling.finalise_review(review, 30, who)
    db_session.commit()
    auth.login(world.members[0].email)
    names = [a.reviewer.name for a in review.assignments]
    zh, en = zh.format(*names), en.format(*names)

    def plain() -> str:
        page = _text(client, f"/reviews/{review.id}/final")
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))

    text = plain()
    assert zh in text
    assert "组长裁定的等级与评审员建议不同" not in text.replace("副组长裁定", "")
    client.get("/lang/en")
    text = plain()
    assert en in text
    assert "The lead settled" not in text


def test_a_changed_items_reason_is_shown_once_with_the_reviewers_who_gave_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = _both_adjust(world, "演练记录不完整")
    db_session.commit()
    names = [a.reviewer.name for a in review.submitted_assignments]
    auth.login(world.members[0].email)

    page = _text(client, f"/reviews/{review.id}/final")

    assert page.count("演练记录不完整") == 1
    plain = re.sub(r"<[^>]+>", "", page)
    assert f"演练记录不完整\n评审员：{names[0]}、{names[1]}" in plain  # one line each
    assert 'class="reason"' in page  # the column the stylesheet gives room


def test_a_lead_settlement_reason_is_named_as_the_leads(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    first, second = review.assignments
    reviewing.save_decision(
        first, _item(first, "MS.G1.1"), False, Decision.ADJUST, 1, "无证据", first.reviewer
    )
    settling.settle_item(review, "MS.G1.1", 2, "组长复核：部分证据", world.lead)
    submit_and_finalise(review, world.lead)
    db_session.commit()
    auth.login(world.members[0].email)

    page = re.sub(r"<[^>]+>", "", _text(client, f"/reviews/{review.id}/final"))

    assert f"组长复核：部分证据\n组长裁定（{world.lead.name}）" in page
    assert f"无证据\n评审员：{first.reviewer.name}" in page


def test_an_open_corrective_action_past_its_due_date_is_marked_overdue(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    first = review.assignments[0]
    late = beijing_today() - dt.timedelta(days=9)
    for text, due in (("补签字", late), ("补培训", beijing_today())):
        reviewing.add_finding(
            first, FindingKind.CORRECTIVE_ACTION, text, None, "王工", due, first.reviewer
        )
    submit_and_finalise(review, world.lead)
    db_session.commit()
    auth.login(world.members[0].email)

    page = _text(client, f"/reviews/{review.id}/final")
    assert page.count("已逾期") == 1
    assert "已逾期 9 天" in page
    client.get("/lang/en")
    assert "overdue by 9 days" in _text(client, f"/reviews/{review.id}/final")
    # The lead's view of the same list says it too.
    auth.logout()
    auth.login(world.lead.email)
    client.get("/lang/zh_CN")
    assert "已逾期 9 天" in _text(client, f"/reviews/{review.id}/final")


def test_a_waiting_appeal_is_shown_once(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[0], world.lead)
    assert review.appeal_until is not None
    settling.file_appeal(review, "等级有误", review.appeal_until, world.members[0])
    db_session.commit()
    auth.login(world.members[0].email)

    page = _text(client, f"/reviews/{review.id}/final")

    assert page.count("待秘书处决定") == 1
    assert page.count("等级有误") == 1


def test_adjusting_to_the_self_level_is_refused_naming_the_item(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)

    response = client.post(
        f"/reviews/assignments/{assignment.id}/items/MS.G1.1",
        data={
            "d-MS.G1.1-decision": "adjust",
            "d-MS.G1.1-level": "4",
            "d-MS.G1.1-reason": "同意",
        },
    )

    page = html.unescape(response.get_data(as_text=True))
    assert "MS.G1.1：调整后的等级与自评等级相同；如认可自评等级，请选择“接受自评等级”。" in page
    assert "同意" in page  # what was typed stays
    db_session.refresh(assignment)
    assert assignment.decisions == []
    # Another level is an adjustment as before.
    client.post(
        f"/reviews/assignments/{assignment.id}/items/MS.G1.1",
        data={
            "d-MS.G1.1-decision": "adjust",
            "d-MS.G1.1-level": "3",
            "d-MS.G1.1-reason": "证据不全",
        },
    )
    db_session.refresh(assignment)
    assert [(d.decision, d.level) for d in assignment.decisions] == [(Decision.ADJUST, 3)]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh_CN", "化工园区不属于任何工作组，因此没有可指派的评审员"),
        ("en", "A chemical park belongs to no working group, so there is no reviewer to assign"),
    ],
)
def test_a_parks_assign_page_says_why_no_one_can_be_chosen_and_offers_no_button(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: str
) -> None:
    park = make_park()
    assessment = make_assessment(park, make_cycle(), status=AssessmentStatus.SUBMITTED)
    secretariat = make_secretariat()
    db_session.commit()
    auth.login(secretariat.email)
    client.get(f"/lang/{lang}")

    page = _text(client, f"/reviews/assessments/{assessment.id}/assign")

    assert words in page
    assert "还没有评审员" not in page
    assert "no reviewers yet" not in page
    assert 'type="submit" class="primary"' not in page


def test_an_assign_page_where_every_reviewer_is_refused_offers_no_button(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(1)  # the only reviewer works for the company itself
    db_session.commit()
    auth.login(world.lead.email)

    page = _text(client, f"/reviews/assessments/{world.assessments[0].id}/assign")

    assert "评审员来自被评审单位本身" in page
    assert "以上评审员都不能评审该单位" in page
    assert 'type="submit" class="primary"' not in page


def test_the_findings_form_names_items_and_refuses_an_owner_for_a_strength(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    prompt = _item(assignment, "C1.E1.1").prompt.get("zh")
    db_session.commit()
    auth.login(assignment.reviewer.email)
    url = f"/reviews/assignments/{assignment.id}"

    page = _text(client, url)
    shown = re.search(r'<option value="C1.E1.1">C1.E1.1 ([^<]+)</option>', page)
    assert shown is not None
    assert prompt.startswith(shown.group(1).removesuffix("…")[:8])
    assert 'class="action-fields"' in page  # hidden for a strength by the stylesheet

    refused = client.post(
        f"{url}/findings",
        data={"kind": "strength", "text": "演练到位", "owner": "王工", "due_on": "2030-01-01"},
    )
    text = html.unescape(refused.get_data(as_text=True))
    assert "亮点不设责任人，请清空“责任人”" in text
    assert "亮点不设完成期限，请清空“完成期限”" in text
    db_session.refresh(assignment)
    assert assignment.review.findings == []
    client.post(f"{url}/findings", data={"kind": "strength", "text": "演练到位"})
    db_session.refresh(assignment)
    finding = assignment.review.findings[0]
    assert (finding.owner, finding.due_on) == (None, None)
    # Deleting asks first (forms.js reads data-confirm).
    assert 'data-confirm="删除这条发现？删除后无法恢复。"' in _text(client, url)


def test_the_conflict_list_leaves_out_the_reviewers_own_organisation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    reviewer, own, other = world.reviewers[0], world.companies[0], world.companies[1]
    db_session.commit()
    auth.login(reviewer.email)

    page = client.get("/reviews/conflicts").get_data(as_text=True)

    assert f'<option value="{other.id}">' in page
    assert f'<option value="{own.id}">' not in page


def test_the_submit_refusal_links_the_undecided_items_in_page_order(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    assignment = review.assignments[0]
    sample = review.sample
    assert len(sample) >= 2
    review.sample_items = '["' + '", "'.join(reversed(sample)) + '"]'  # not page order
    db_session.commit()
    auth.login(assignment.reviewer.email)

    client.post(f"/reviews/assignments/{assignment.id}/submit")
    page = client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True)

    flash = page[page.index("flash-error") :]
    flash = flash[: flash.index("</p>")]
    linked = re.findall(r'<a href="[^"]*#item-([^"]+)">([^<]+)</a>', flash)
    assert [i for i, _ in linked] == [i for i in _page_order(assignment) if i in sample]
    assert all(label.startswith(i) for i, label in linked)  # the code, then its title


def _page_order(assignment: ReviewAssignment) -> list[str]:
    from rcapp.assessments.queries import rubric_of

    return [i.id for _s, _e, i in rubric_of(assignment.review.assessment).iter_items()]


def test_the_calibration_page_shows_every_adjusted_item(
    client: FlaskClient, db_session: Session, auth: AuthActions, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    submit_all(review)
    db_session.commit()
    many = tuple(Move(review.id, f"X.{n}", 3, 2) for n in range(15))  # more than 8 shown at first
    figure = ReviewerCalibration(
        review.assignments[0].reviewer_id, 15, None, None, None, False, many
    )
    monkeypatch.setattr(calibration_views, "calibrate", lambda _ratings: (figure,))
    auth.login(world.lead.email)

    page = client.get(f"/reviews/groups/{world.group.id}/calibration").get_data(as_text=True)

    for move in many:
        assert f"#row-{move.item_id}" in page
    assert "其余 7 项" in page
    assert " …" not in page


@pytest.mark.parametrize(
    ("prompt", "shown"),
    [
        ("建立危险化学品安全管理制度", "建立危险化学品安全管理制度"),
        (
            "主要负责人依法履行安全生产第一责任人职责：定期主持安全生产委员会会议",
            "主要负责人依法履行安全生产第一责任人职责：定期主…",
        ),
        (
            "The top manager acts as the person with primary responsibility for safety",
            "The top manager acts as the person with primary…",
        ),
        (  # a space in Chinese stands before a standard's code: no cut there
            "重大危险源按GB 18218辨识、分级并登记建档，定期检测评估和监控",
            "重大危险源按GB 18218辨识、分级并登记建档，定期检…",
        ),
    ],
)
def test_an_items_prompt_is_shortened_by_its_width_and_at_a_word(prompt: str, shown: str) -> None:
    assert pages.shortened(prompt) == shown


def test_an_admin_cannot_declare_a_colleague_against_the_colleagues_other_organisation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    own, other = world.companies[0], world.companies[1]
    admin = make_user(own, OrgRole.ADMIN)
    colleague = world.members[0]
    add_membership(colleague, other.id)  # works for both
    db_session.commit()
    auth.login(admin.email)

    page = client.get("/reviews/conflicts").get_data(as_text=True)
    assert f'<option value="{own.id}">' not in page  # everyone offered works there
    refused = client.post(
        "/reviews/conflicts",
        data={"person": colleague.id, "organisation": other.id, "reason": "兼职"},
    )

    text = html.unescape(refused.get_data(as_text=True))
    assert f"{colleague.name} 是该单位的人员，不会被指派评审该单位，无须申报。" in text
    assert db_session.scalars(select(DeclaredConflict)).all() == []


def test_a_corrective_action_marks_its_missing_owner_and_due_date_on_their_fields(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)
    url = f"/reviews/assignments/{assignment.id}"

    refused = client.post(f"{url}/findings", data={"kind": "corrective_action", "text": "补记录"})

    page = html.unescape(refused.get_data(as_text=True))
    form = page[page.index('action="' + url + "/findings?section=") :]
    owner_error = form.index("须整改项必须填写责任人。")
    due_error = form.index("须整改项必须填写完成期限。")
    assert form.index('name="owner"') < owner_error < form.index('name="due_on"') < due_error
    assert form.index('name="text"') < form.index('name="owner"')
    assert 'aria-invalid="true"' not in form[: form.index('for="owner"')]  # not the text
    assert "补记录" in form  # what was typed stays
    db_session.refresh(assignment)
    assert assignment.review.findings == []


def test_a_corrective_action_due_more_than_three_years_ahead_is_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)
    url = f"/reviews/assignments/{assignment.id}"
    latest = years_after(beijing_today(), 3)
    data = {"kind": "corrective_action", "text": "补记录", "owner": "王工", "due_on": "9999-12-31"}
    refused = html.unescape(client.post(f"{url}/findings", data=data).get_data(as_text=True))
    assert f"完成期限不能晚于 {latest.isoformat()}（3 年以内）。" in refused
    db_session.refresh(assignment)
    assert assignment.review.findings == []
    client.get("/lang/en")
    refused = html.unescape(client.post(f"{url}/findings", data=data).get_data(as_text=True))
    assert f"cannot be later than {latest.isoformat()} (within 3 years)" in refused
    data["due_on"] = latest.isoformat()
    client.post(f"{url}/findings", data=data)
    db_session.refresh(assignment)
    assert [f.due_on for f in assignment.review.findings] == [latest]


def test_the_reviewer_reads_the_evidence_rule_that_is_scored(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)
    page = html.unescape(client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True))
    rubric = rubric_of(assignment.review.assessment)
    shown = [
        i
        for _s, _e, i in rubric.iter_items()
        if i.evidence is not None and "：" + i.evidence.hint.get("zh") in page
    ]
    assert shown
    with force_locale("zh_CN"):
        missing = [evidence_rule_text(item, "zh") for item in shown]
        missing = [text for text in missing if text not in page]
        assert not missing, missing[:2]
    assert "及以上须有证据）：" not in page  # the old wording, which left out the file rule


def test_adding_or_refusing_a_finding_comes_back_on_the_section_the_reviewer_was_on(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)
    sections = [s.id for s in rubric_of(assignment.review.assessment).sections]
    later = sections[-1]
    url = f"/reviews/assignments/{assignment.id}"
    page = client.get(f"{url}?section={later}").get_data(as_text=True)
    assert f'action="{url}/findings?section={later}#findings"' in page
    added = client.post(
        f"{url}/findings?section={later}", data={"kind": "strength", "text": "台账清楚"}
    )
    assert added.headers["Location"] == f"{url}?section={later}#findings"
    refused = client.post(f"{url}/findings?section={later}", data={"kind": "strength", "text": ""})
    assert '<span aria-current="page">' in refused.get_data(as_text=True)
    current = refused.get_data(as_text=True).split('<span aria-current="page">')[1]
    title = rubric_of(assignment.review.assessment).sections[-1].title.get("zh")
    assert current.startswith(title)


def test_the_finding_forms_owner_and_due_date_help_names_the_improvement_opportunity(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa20 S6: the help spoke of corrective actions and strengths only."""
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)
    client.get("/lang/en")
    text = _text(client, f"/reviews/assignments/{assignment.id}")
    assert "optional for an improvement opportunity; leave empty for a strength." in text
    assert text.count("optional for an improvement opportunity") == 2  # owner and due date


def test_an_assigned_reviewer_is_not_called_a_conflict_of_interest_on_the_assign_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa20 S1: "already assigned" stood in red in the conflict column, and the box said
    nobody may review the organisation."""
    world = make_review_world(3)
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.ONSITE, reviewers_of(world, 0), world.lead
    )
    db_session.commit()
    auth.login(world.lead.email)
    page = _text(client, f"/reviews/assessments/{review.assessment_id}/assign")
    assert page.count('<span class="muted">已指派到本评审</span>') == 2
    assert "该评审员已被指派评审本自评" not in page
    box = re.search(r'id="nobody-left">(.*?)</p>', page, re.S)
    assert box is not None
    assert "以上评审员或已指派到本评审，或不能评审该单位" in box.group(1)
    # QA37 S5: with nobody to assign, no reviewer's box can be ticked
    boxes = re.findall(r'<input type="checkbox" name="reviewers"[^>]*>', page)
    assert boxes
    assert all(" disabled" in b for b in boxes)


def test_the_reviewer_boxes_can_be_ticked_while_someone_may_be_assigned(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.lead.email)
    page = _text(client, f"/reviews/assessments/{world.assessments[0].id}/assign")
    boxes = re.findall(r'<input type="checkbox" name="reviewers"[^>]*>', page)
    assert boxes
    # only a reviewer with a conflict (reviewer 0 is of the company reviewed) is greyed
    # out, not to be chosen (qa66 #2); every other box can be ticked
    barred = {f'value="{world.reviewers[0].id}"'}
    for box in boxes:
        assert (" disabled" in box) is any(v in box for v in barred), box


def test_the_self_level_and_what_that_level_asks_are_said_apart(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa20 S5: "Level 4 · Level 3, and each member …" read as two levels claimed."""
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)
    client.get("/lang/en")
    page = _text(client, f"/reviews/assignments/{assignment.id}")
    assert re.search(
        r"<strong>Level \d</strong><br><span class=\"help self-level-text\">"
        r"This level asks for: ",
        page,
    )
    assert not re.search(r"Level \d · ", page)


def test_the_assign_page_says_what_one_reviewer_alone_costs_before_assigning(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa20 S11: the 'at most 2 stars' warning came only after the lone reviewer was notified."""
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/reviews/assessments/{world.assessments[0].id}/assign"
    page = _text(client, url)
    hint = re.search(r'id="single-reviewer-hint">(.*?)</p>', page, re.S)
    assert hint is not None
    assert "只有 1 名评审员的评审最高只能定为 2 星" in hint.group(1)
    review_services.assign_reviewers(
        world.assessments[0], ReviewKind.ONSITE, reviewers_of(world, 0), world.lead
    )
    db_session.commit()
    assert 'id="single-reviewer-hint"' not in _text(client, url)  # two assigned: enough
