"""Review pages mark what people typed in Chinese with the language and, in English, a note.

The reviewer's item showed the company's N/A reason, evidence note and comment, the lead's
page an action's owner, a drop's reason and a late conflict's reason, and the reviewer's
finalised work the same, with the older `zh` filter: marked Chinese and nothing telling an
English reader the text is shown as written. Now they are marked lang="zh-CN" with the note
naming who wrote it (the company, the reviewer, the lead); Chinese pages say nothing more.
The final page's "Raised by" reads the reviewer's name as a person's (the pinyin beside it
is English, outside the Chinese mark).
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.person_names import name_in_pinyin
from rcapp.reviews import lead_findings, reviewing, settling
from rcapp.reviews.finding_gone import finding_stamp
from rcapp.reviews.models import Decision, FindingKind, Review
from tests.conftest import AuthActions
from tests.factories_reviews import (
    assign_all,
    make_review_world,
    submit_all,
    submitted_with_finding,
)
from tests.web.test_actions_name_raiser import _review_with_action
from tests.web.test_declare_conflict_after_submit import REASON as LATE_REASON
from tests.web.test_declare_conflict_after_submit import _both_submitted, _declare
from tests.web.written_notes import (
    BY_COMPANY,
    BY_LEAD,
    BY_REVIEWER,
    notes_only_in_english,
)

DROP_REASON = "与另一条重复"
NA_ITEM = "C6.E1.1"  # an item that allows N/A


def _page(client: FlaskClient, auth: AuthActions, email: str, lang: str, url: str) -> str:
    """The page at `url` as `email` reads it in `lang`."""
    auth.login(email)
    client.get(f"/lang/{lang}")
    answer = client.get(url)
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_reviewer_s_item_marks_the_company_s_answers_and_names_the_company(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    first = review.assignments[0]
    answer = next(a for a in review.assessment.answers if a.item_id == "C1.E1.1")
    answer.evidence_note, answer.comment = "见应急演练记录", "二季度补做一次"
    db_session.commit()

    page = _page(
        client, auth, first.reviewer.email, lang, f"/reviews/assignments/{first.id}?section=C1"
    )

    item = page.split('id="item-C1.E1.1"', 1)[1].split('<form method="post"', 1)[0]
    assert '<span lang="zh-CN">见应急演练记录</span></p>' in item
    assert '<span lang="zh-CN">二季度补做一次</span></p>' in item
    notes_only_in_english(item, lang, BY_COMPANY)
    assert BY_REVIEWER not in item


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_company_s_na_reason_on_the_reviewer_s_item_is_marked(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    claimed = {NA_ITEM: ItemInput(is_na=True, na_reason="本单位不生产化学品")}
    world = make_review_world(5, overrides={0: claimed})
    first = assign_all(world)[0].assignments[0]
    db_session.commit()

    page = _page(
        client, auth, first.reviewer.email, lang, f"/reviews/assignments/{first.id}?section=C6"
    )

    item = page.split(f'id="item-{NA_ITEM}"', 1)[1].split('<form method="post"', 1)[0]
    opening = "（" if lang == "zh_CN" else " ("
    assert f'{opening}<span lang="zh-CN">本单位不生产化学品</span>' in item
    notes_only_in_english(item, lang, BY_COMPANY)


def _dropped(world_size: int = 5) -> tuple[Review, int, str]:
    """A submitted review whose corrective action (owner 王工) the lead dropped."""
    world = make_review_world(world_size)
    review, action = submitted_with_finding(world)
    lead_findings.drop_finding(review, action, DROP_REASON, world.lead, finding_stamp(action))
    return review, action.id, world.lead.email


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_lead_s_map_marks_an_owner_and_a_drop_s_reason(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    review, finding_id, lead = _dropped()
    db_session.commit()

    page = _page(client, auth, lead, lang, f"/reviews/{review.id}/consolidate")

    finding = page.split(f'id="finding-{finding_id}"', 1)[1].split("</li>", 1)[0]
    assert '<span lang="zh-CN">王工</span> · ' in finding
    assert f'<span lang="zh-CN">{DROP_REASON}</span></p>' in finding
    notes_only_in_english(finding, lang, BY_REVIEWER, BY_LEAD)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_lead_s_map_marks_a_conflict_declared_after_submitting(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(3)
    review = _both_submitted(world)
    reviewer = review.assignments[0].reviewer
    db_session.commit()
    auth.login(reviewer.email)
    _declare(client, world, reviewer.id)
    auth.logout()

    page = _page(client, auth, world.lead.email, lang, f"/reviews/{review.id}/consolidate")

    said = page.split('id="declared-after-submit"', 1)[1].split("</div>", 1)[0]
    assert f'<span lang="zh-CN">{LATE_REASON}</span></li>' in said
    notes_only_in_english(said, lang, BY_REVIEWER)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_reviewer_s_finalised_work_marks_reasons_owners_and_a_drop(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    first = review.assignments[0]
    item = rubric_of(review.assessment).item_index()["C1.E1.1"]
    reviewing.save_decision(first, item, False, Decision.ACCEPT, None, "证据齐全", first.reviewer)
    action = reviewing.add_finding(
        first, FindingKind.CORRECTIVE_ACTION, "演练报告缺签字", "C1.E1.1", "王工",
        dt.date(2026, 6, 30), first.reviewer,
    )  # fmt: skip
    submit_all(review)
    lead_findings.drop_finding(review, action, DROP_REASON, world.lead, finding_stamp(action))
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()

    page = _page(client, auth, first.reviewer.email, lang, f"/reviews/assignments/{first.id}")

    decisions = page.split('id="my-decisions"', 1)[1].split("</section>", 1)[0]
    assert '<span lang="zh-CN">证据齐全</span>' in decisions
    notes_only_in_english(decisions, lang, BY_REVIEWER)
    finding = page.split(f'id="finding-{action.id}"', 1)[1].split("</tr>", 1)[0]
    assert '<td><span lang="zh-CN">王工</span></td>' in finding
    assert f'<span lang="zh-CN">{DROP_REASON}</span></p>' in finding
    notes_only_in_english(finding, lang, BY_REVIEWER, BY_LEAD)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_final_page_reads_who_raised_an_action_as_a_person(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review = _review_with_action(world)  # raised by 林静
    organisation = review.assignments[0].reviewer_organisation.display_name(lang)
    db_session.commit()

    page = _page(client, auth, world.lead.email, lang, f"/reviews/{review.id}/final")

    raiser = page.split('<span class="action-raiser">', 1)[1].split("</span> ·", 1)[0]
    if lang == "en":
        reading = name_in_pinyin("林静")
        assert raiser == (
            f'Raised by: <span lang="zh-CN">林静</span> ({reading}) ({html.escape(organisation)})'
        )
    else:
        assert raiser.startswith("提出人：林静（")
