"""The reviewer's submit confirmation sums up what goes to the lead (QA on site).

It said only that everything will be locked. Now, one line a part: her decisions (kept at
the self level or changed, how many with a reason), her findings by kind and their files,
the items left undecided that count as accepted, then the lock.
"""

from __future__ import annotations

import html
import io
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.reviews import reviewing
from rcapp.reviews.consolidation import self_verdicts
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.finding_files import attach_files
from rcapp.reviews.models import Decision, FindingKind
from rcapp.reviews.rules import NA
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
LINES = {
    "zh": [
        "将提交给工作组组长或副组长：",
        "结论 {n} 项：维持自评等级 {kept} 项，调整等级 1 项，其中写明理由 1 项。",
        "发现 2 条（亮点 1、改进机会 1、须整改项 0），附照片或文件 1 个。",
    ],
    "en": [
        "What goes to the working-group lead or deputy lead:",
        "{n} decisions: {kept} kept at the self-assessed level, 1 with the level changed; "
        "1 with a reason.",
        "2 findings (strengths 1, improvement opportunities 1, corrective actions 0), "
        "1 photos or files attached.",
    ],
}
LOCK = {"zh": "提交后评审结论和发现将被锁定", "en": "Once submitted, the decisions and findings"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_submit_confirm_says_what_goes_to_the_lead(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    assignment = review.assignments[0]
    me = assignment.reviewer
    rubric = rubric_of(review.assessment)
    selfs = self_verdicts(self_scorecard(review.assessment, rubric))
    items = rubric.item_index()
    changed = next(i for i in review.sample if selfs[i] not in (NA, None) and int(selfs[i]) > 1)
    reviewing.save_decision(
        assignment, items[changed], False, Decision.ADJUST, 1, "现场核实不符", me
    )
    kept = [i for i in review.sample if i != changed]
    reviewing.accept_remaining(assignment, kept, set(), me)
    reviewing.add_finding(assignment, FindingKind.STRENGTH, "台账清楚", None, "", None, me)
    photo = reviewing.add_finding(
        assignment, FindingKind.IMPROVEMENT, "阀门未标识", changed, "", None, me
    )
    attach_files(photo, [("阀门.png", io.BytesIO(PNG))], me)
    db_session.commit()
    auth.login(me.email)
    client.get(f"/lang/{lang}")

    page = client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True)
    form = re.search(r'action="[^"]*/submit"[^>]*>(.*?)</form>', page, re.S)
    assert form is not None
    found = re.search(r'data-confirm="([^"]*)"', form.group(1))
    assert found is not None
    lines = html.unescape(found.group(1)).split("\n")
    n = len(assignment.decisions)
    want = [line.format(n=n, kept=n - 1) for line in LINES[lang]]
    assert lines[:3] == want
    assert LOCK[lang] in lines[-1]


@pytest.mark.parametrize(("lang", "none"), [("zh", "无发现。"), ("en", "No findings.")])
def test_no_findings_are_said_so_without_an_empty_bracket(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, none: str
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    assignment = review.assignments[0]
    me = assignment.reviewer
    reviewing.accept_remaining(assignment, list(review.sample), set(), me)
    db_session.commit()
    auth.login(me.email)
    client.get(f"/lang/{lang}")

    page = client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True)
    form = re.search(r'action="[^"]*/submit"[^>]*>(.*?)</form>', page, re.S)
    assert form is not None
    found = re.search(r'data-confirm="([^"]*)"', form.group(1))
    assert found is not None
    lines = html.unescape(found.group(1)).split("\n")
    assert lines[2] == none
    assert "0" not in lines[2]
    assert "（" not in lines[2]
    assert "(" not in lines[2]
