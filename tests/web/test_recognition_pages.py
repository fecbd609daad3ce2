"""The secretariat records a verification and a case; companies read theirs; the benchmark
companies page: permissions, CSRF-protected forms, messages in zh and en."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import io

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.inputs import ReviewContext
from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.assessments.recognition_models import PublishedIn, Verifier
from rcapp.assessments.recognition_services import (
    GoodPracticeCase,
    Verification,
    record_case,
    record_verification,
)
from rcapp.assessments.results import compute_scorecard
from rcapp.assessments.snapshots import write_snapshot
from rcapp.cycles.models import CycleStatus
from rcapp.organisations.models import Organisation
from rcapp.scoring import Gate, GateKind
from tests.conftest import AuthActions
from tests.factories import (
    World,
    fill_complete,
    make_organisation,
    make_user,
    make_world,
    submitted_assessment,
)
from tests.web.helpers import page_text, page_words, result_page

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
VERIFICATION = {
    "verifier": "third_party",
    "verifier_name": "中化认证中心",
    "on_date": "2026-03-02",
    "note": "现场核实",
    "shown_id": "",
}
CASE = {
    "title": "应急联动",
    "published_in": "meeting",
    "published_where": "2026 年责任关怀年会",
    "on_date": "2026-03-02",
    "note": "",
    "shown_id": "",
}


@pytest.fixture
def world(db_session: Session) -> tuple[World, Assessment]:
    made = make_world()
    assessment = submitted_assessment(made)
    db_session.commit()
    return made, assessment


def _url(assessment: Assessment, what: str = "") -> str:
    return f"/assessments/{assessment.id}/recognition{what}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_secretariat_records_both_and_the_company_reads_them(
    client: FlaskClient, auth: AuthActions, world: tuple[World, Assessment], lang: str
) -> None:
    made, assessment = world
    auth.login(made.secretariat.email)
    auth.choose_language(lang)
    data = {**VERIFICATION, "evidence": (io.BytesIO(PDF), "核实报告.pdf")}
    response = client.post(_url(assessment, "/verification"), data=data)
    assert response.status_code == 302
    assert client.post(_url(assessment, "/case"), data=CASE).status_code == 302
    words = page_words(client, _url(assessment))
    assert "中化认证中心 · 2026-03-02" in words
    assert {"zh": "“应急联动” · 会议", "en": "“应急联动” · Meeting"}[lang] in words
    auth.logout()

    auth.login(made.user_a.email)
    auth.choose_language(lang)
    page = result_page(client, assessment.id)
    assert "中化认证中心" in page
    assert "核实报告.pdf" in page
    assert "record-recognition" not in page  # read-only for the company
    assert {"zh": "核实与良好实践案例", "en": "Verification and good-practice case"}[lang] in page


@pytest.mark.parametrize(
    ("path", "method"),
    [("", "get"), ("/verification", "post"), ("/case", "post")],
)
def test_only_the_secretariat_may_record(
    client: FlaskClient,
    auth: AuthActions,
    world: tuple[World, Assessment],
    path: str,
    method: str,
) -> None:
    made, assessment = world
    auth.login(made.user_a.email)
    data = VERIFICATION if path == "/verification" else CASE
    response = getattr(client, method)(_url(assessment, path), data=data)
    assert response.status_code == 403
    assert made.user_a.email  # the company's own admin, still refused


def test_a_company_cannot_withdraw(
    client: FlaskClient, auth: AuthActions, world: tuple[World, Assessment], db_session: Session
) -> None:
    made, assessment = world
    case = record_case(assessment, _case(), made.secretariat, shown_id=None)
    db_session.commit()
    auth.login(made.user_a.email)
    response = client.post(
        f"/assessments/recognitions/{case.id}/withdraw", data={"reason": "x", "version": "1"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_missing_third_party_name_is_said_beside_the_field_and_the_input_kept(
    client: FlaskClient, auth: AuthActions, world: tuple[World, Assessment], lang: str
) -> None:
    made, assessment = world
    auth.login(made.secretariat.email)
    auth.choose_language(lang)
    response = client.post(
        _url(assessment, "/verification"), data={**VERIFICATION, "verifier_name": ""}
    )
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert {
        "zh": "由第三方机构核实时，请填写机构名称。",
        "en": "Please enter the body's name when a third party verified it.",
    }[lang] in page
    assert "现场核实" in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_closed_year_refuses_with_the_reopen_advice(
    client: FlaskClient,
    auth: AuthActions,
    world: tuple[World, Assessment],
    db_session: Session,
    lang: str,
) -> None:
    made, assessment = world
    made.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    auth.login(made.secretariat.email)
    auth.choose_language(lang)
    response = client.post(_url(assessment, "/case"), data=CASE)
    assert response.status_code == 409
    expected = {"zh": "请先重新开放该年度", "en": "reopen the year first"}[lang]
    assert expected in response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_benchmark_page_says_how_they_are_chosen(
    client: FlaskClient, auth: AuthActions, world: tuple[World, Assessment], lang: str
) -> None:
    made, _assessment = world
    auth.login(made.secretariat.email)
    auth.choose_language(lang)
    words = page_words(client, f"/cycles/{made.cycle.id}/benchmark-companies")
    assert {"zh": "2025 年度标杆企业名单", "en": "Benchmark companies 2025"}[lang] in words
    assert {"zh": "候选单位", "en": "Candidates"}[lang] in words
    detail = page_words(client, f"/cycles/{made.cycle.id}")
    assert {"zh": "标杆企业名单", "en": "Benchmark companies"}[lang] in detail


@pytest.mark.parametrize(("closed", "status"), [(False, 403), (True, 200)])
def test_members_read_the_list_once_the_year_is_closed_without_candidates(
    client: FlaskClient,
    auth: AuthActions,
    world: tuple[World, Assessment],
    db_session: Session,
    closed: bool,
    status: int,
) -> None:
    made, _assessment = world
    if closed:
        made.cycle.status = CycleStatus.CLOSED
        db_session.commit()
    auth.login(made.user_b.email)
    response = client.get(f"/cycles/{made.cycle.id}/benchmark-companies")
    assert response.status_code == status
    assert "candidates-title" not in response.get_data(as_text=True)


def _case() -> GoodPracticeCase:
    return GoodPracticeCase("应急联动", PublishedIn.REPORT, "年度报告", dt.date(2026, 3, 2))


def _final(assessment: Assessment, stars: int, binding: tuple[Gate, ...]) -> None:
    """Keep a final result of `stars` out of the mini rubric's 3, `binding` short of the next."""
    card = compute_scorecard(assessment)
    rating = dataclasses.replace(
        card.rating,
        stars=stars,
        max_stars=3,
        rated=True,
        next_stars=stars + 1 if stars < 3 else None,
        binding=binding,
    )
    write_snapshot(
        assessment, SnapshotKind.FINAL, dataclasses.replace(card, rating=rating), ReviewContext()
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_list_names_the_top_band_and_the_candidates_short_only_of_recognition(
    client: FlaskClient, auth: AuthActions, db_session: Session, lang: str
) -> None:
    made = make_world()
    top, candidate, short = (
        submitted_assessment(made),
        _submitted_other(made, made.org_b),
        _submitted_other(made, make_organisation(name_zh="丁化工有限公司")),
    )
    _final(top, 3, ())
    _final(
        candidate,
        2,
        (Gate(GateKind.VERIFIED, False, "x"), Gate(GateKind.GOOD_PRACTICE_CASE, False, "x")),
    )
    _final(short, 2, (Gate(GateKind.OVERALL, False, "x"), Gate(GateKind.VERIFIED, False, "x")))
    db_session.commit()
    auth.login(made.secretariat.email)
    auth.choose_language(lang)
    page = page_text(client, f"/cycles/{made.cycle.id}/benchmark-companies")
    benchmarks, candidates = page.split('id="candidates-title"')

    def link(assessment: Assessment) -> str:
        return f'href="/assessments/{assessment.id}/result"'

    assert link(top) in benchmarks
    assert link(candidate) not in benchmarks
    assert link(candidate) in candidates
    assert link(short) not in page
    missing = {"zh": "核实、良好实践案例", "en": "Verification, Good-practice case"}[lang]
    assert missing in candidates
    assert f"/assessments/{candidate.id}/recognition" in candidates


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_third_party_and_the_case_title_are_marked_as_typed_chinese(
    client: FlaskClient, auth: AuthActions, db_session: Session, lang: str
) -> None:
    """An English page marks what was typed in Chinese (lang="zh-CN"), as every typed text."""
    made = make_world()
    top = submitted_assessment(made)
    third_party = Verification(Verifier.THIRD_PARTY, "中化认证中心", dt.date(2026, 3, 2))
    record_verification(top, third_party, made.secretariat, shown_id=None)
    record_case(top, _case(), made.secretariat, shown_id=None)
    _final(top, 3, ())
    db_session.commit()
    auth.login(made.secretariat.email)
    auth.choose_language(lang)
    benchmarks = page_text(client, f"/cycles/{made.cycle.id}/benchmark-companies")
    benchmarks = benchmarks.split('id="candidates-title"')[0]
    for typed in ("中化认证中心", "应急联动"):
        assert f'<span lang="zh-CN">{typed}</span>' in benchmarks


def _submitted_other(made: World, organisation: Organisation) -> Assessment:
    user = make_user(organisation)
    assessment = services.get_or_start_assessment(organisation, made.cycle, user)
    fill_complete(assessment, user)
    services.submit_assessment(assessment, user)
    return assessment
