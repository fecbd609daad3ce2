"""A star count that can be 0 reads 未达 1 星, and small inside an English sentence (zerowords).

1. The home page printed "提交的自评星级：0 星" / "0 stars on the current answers"; a kept
   earlier rating read "此前经同行评审的最终结果为 0 星"; the final mail "最终星级：0 星。".
2. A sentence embedding the words read "the provisional star rating is Below 1 star": in a
   sentence English says "below 1 star", standing alone (a cell, a heading) "Below 1 star".
3. The comparison workbook headed "…(LTIF) (cases per million hours worked)": a KPI's unit
   follows a comma, as in years.xlsx.
4. The audit label of a failed edition stamp queued again said "重新生成正式版（加盖版次）".
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from flask import Flask, render_template
from flask.testing import FlaskClient
from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.rating_words import star_count_text
from rcapp.assessments.review_hook import Rereview
from rcapp.assessments.validation import ItemInput
from rcapp.audit.labels import ACTION_LABELS
from tests.conftest import AuthActions
from tests.factories import (
    FULL_KPIS,
    file_prerequisite,
    make_assessment,
    make_cycle,
    make_group_lead,
    make_organisation,
    make_working_group,
    make_world,
    start,
)
from tests.real_rubrics import REGISTRY
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture
from tests.web.helpers import page_text

# The mini rubric answered at its lowest levels, prerequisite met: rated, below 60 points.
LOWEST = {
    "MS": {"MS.G1.1": ItemInput(level="0"), "MS.G1.2": ItemInput(level="0")},
    "C1": {"C1.E1.1": ItemInput(level="0"), "C1.E1.2": ItemInput(value="0")},
    "C6": {"C6.E1.1": ItemInput(level="0")},
}

HOME = {
    # (draft, submitted), as the home page's 星级 panel words a rated 0
    "zh_CN": ("按目前的答案为 未达 1 星（暂定）", "提交的自评星级：未达 1 星（暂定）"),
    "en": (
        "Below 1 star on the current answers (provisional)",
        "Self-assessed rating as submitted: below 1 star (provisional)",
    ),
}


def _zero_star_draft(db_session: Session, submit: bool) -> tuple[int, str]:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    for section_id, answers in LOWEST.items():
        assert services.save_section(assessment, rubric, section_id, answers, world.user_a).ok
    services.save_prerequisites(assessment, rubric, {"P1": ItemInput(level="1")}, world.user_a)
    file_prerequisite(assessment, rubric, "P1", world.user_a)
    assert services.save_kpi_inputs(assessment, rubric, FULL_KPIS, world.user_a).ok
    if submit:
        services.submit_assessment(assessment, world.user_a)
        assert assessment.stars == 0
    db_session.commit()
    return assessment.id, world.user_a.email


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("submit", [False, True])
def test_the_home_page_says_a_rated_zero_is_below_one_star(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, submit: bool
) -> None:
    _id, email = _zero_star_draft(db_session, submit)
    auth.login(email)
    client.get(f"/lang/{lang}?next=/")
    text = " ".join(re.sub(r"<[^>]+>", " ", page_text(client, "/")).split())
    assert HOME[lang][submit] in text
    assert not re.search(r"\b0 (星|stars?)\b", text)


EARLIER = {
    "zh_CN": "此前经同行评审的最终结果为 未达 1 星（总分 55.0",
    "en": "below 1 star",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_an_earlier_final_rating_of_zero_reads_below_one_star(app: Flask, lang: str) -> None:
    rereview = Rereview(
        decided_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
        earlier_stars=0,
        earlier_overall=Decimal("55.0"),
        earlier_veto=False,  # recorded as a rated 0, not a veto's (wordfix 5)
    )
    with app.test_request_context(), force_locale(lang):
        text = render_template("assessments/_earlier_not_kept.html", rereview=rereview)
    assert EARLIER[lang] in text
    assert not re.search(r"\b0 (星|stars?)\b", text)


@pytest.mark.parametrize(
    ("lang", "final"), [("zh_CN", "最终星级：未达 1 星。"), ("en", "Final rating: below 1 star.")]
)
def test_the_final_mail_says_a_rated_zero_is_below_one_star(
    app: Flask, lang: str, final: str
) -> None:
    with app.test_request_context(), force_locale(lang):
        text = render_template(
            "reviews/mail_final.txt",
            user=SimpleNamespace(name="张三"),
            organisation=make_organisation(),
            year=2025,
            vetoed=False,
            rated=True,
            stars=0,
            actions=0,
            appeal_until="",
            link="http://example.test/",
            lang=lang,
        )
    assert final in text


def test_english_starts_below_one_star_small_inside_a_sentence(app: Flask) -> None:
    with app.test_request_context(), force_locale("en"):
        assert star_count_text(0) == "Below 1 star"
        assert star_count_text(0, in_sentence=True) == "below 1 star"
        assert star_count_text(3, in_sentence=True) == "3 stars"
    with app.test_request_context(), force_locale("zh_CN"):
        assert star_count_text(0) == star_count_text(0, in_sentence=True) == "未达 1 星"


def test_the_submit_confirmation_says_below_one_star_mid_sentence(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment_id, email = _zero_star_draft(db_session, submit=False)
    auth.login(email)
    client.get("/lang/en?next=/")
    page = page_text(client, f"/assessments/{assessment_id}")
    assert "the provisional star rating is below 1 star (overall score" in page
    assert "is Below 1 star" not in page


HEADER = {
    "zh_CN": "OHS-03 员工损失工时伤害率，单位：起/百万工时",
    "en": "OHS-03 Employee lost-time injury frequency (LTIF), cases per million hours worked",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_comparison_workbook_writes_a_kpis_unit_once(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    cycle = make_cycle(company_rubric_id="rc-company", company_rubric_version=2)
    group = make_working_group()
    member = make_organisation()
    group.organisations.append(member)
    submitted_at = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    sha = REGISTRY.get("rc-company", 2).sha256
    make_assessment(
        member,
        cycle,
        status=AssessmentStatus.SUBMITTED,
        submitted_at=submitted_at,
        rubric_sha256=sha,
    )
    lead = make_group_lead(group)
    db_session.commit()
    auth.login(lead.email)
    client.get(f"/lang/{lang}?next=/")
    url = f"/reports/working-groups/{group.id}/side-by-side.xlsx?cycle={cycle.id}&kpi=OHS-03"
    response = client.get(url)
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.data)).worksheets[0].iter_rows(values_only=True))
    headers = [str(h) for row in rows[:5] for h in row if h]
    kpis = [h for h in headers if h.startswith("OHS-")]
    assert any(h.startswith(HEADER[lang]) for h in kpis), kpis
    assert not [h for h in kpis if ") (" in h or "）（" in h]


def test_the_audit_label_of_a_stamp_queued_again_says_what_was_done(app: Flask) -> None:
    label = ACTION_LABELS["report_job.restamp"]
    with app.test_request_context(), force_locale("zh_CN"):
        assert str(label) == "重新排队加盖版次号（上次加盖失败）"
    with app.test_request_context(), force_locale("en"):
        assert str(label) == "Edition number stamp queued again (the earlier stamp failed)"
