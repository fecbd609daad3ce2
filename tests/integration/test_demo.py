"""`rcapp demo` on the test database: who and what it creates, and that it runs only once."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.accounts.models import GroupRole, Membership, OrgRole, User, WorkingGroupRole
from rcapp.accounts.services import authenticate
from rcapp.assessments import queries
from rcapp.assessments.computed_kpis import snapshot_current
from rcapp.assessments.inputs import NOT_REVIEWED
from rcapp.assessments.models import Assessment, AssessmentStatus, Event, KpiValue, SnapshotKind
from rcapp.assessments.results import compute_scorecard
from rcapp.assessments.snapshots import find_snapshot, shown_scorecard, snapshot_scorecard
from rcapp.assessments.views.data_problems import data_panel
from rcapp.assessments.views.result_page import build_result_page
from rcapp.audit.models import AuditEntry
from rcapp.clock import beijing_day, beijing_today
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.demo import demo_command, review_round, world
from rcapp.demo.table import accounts_table
from rcapp.mail.models import OutboxMessage
from rcapp.organisations.credit_code import is_valid_credit_code
from rcapp.organisations.models import Organisation, OrganisationKind, ValueChainPartner
from rcapp.reviews.models import ActionStatus, Review, ReviewStatus
from rcapp.scoring.scorecard import GateKind, PartState
from tests.demo_world import demo as demo  # the fixture, once a module

PROJECT = Path(__file__).resolve().parents[2]
REVIEWED = {"东海精细化工股份有限公司", "海澄农化股份有限公司", "江北新材料有限公司"}


@pytest.fixture
def session(demo: Result) -> Session:
    assert demo.exit_code == 0, demo.output
    return db.session()


def _count(session: Session, model: type[object]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _current(session: Session) -> list[Assessment]:
    statement = select(Assessment).join(ReportingCycle).where(ReportingCycle.year == 2025)
    return list(session.scalars(statement))


def test_prints_every_account_as_the_readme_table(session: Session, demo: Result) -> None:
    assert accounts_table() in demo.output
    assert "rcapp-demo-2025" in demo.output
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"<!-- demo-accounts -->\n(.*?)\n<!-- /demo-accounts -->", readme, re.S)
    assert section is not None
    assert accounts_table() in section[1]


def test_the_table_lists_every_demo_account(session: Session) -> None:
    """QA33 S12: the review round's reviewers (han, yu, xing) were missing from it."""
    table = accounts_table()
    emails = list(session.scalars(select(User.email)))
    assert len(emails) == len(world.PEOPLE) + len(review_round.REVIEWERS)
    for email in emails:
        assert f"`{email}`" in table, email


def test_accounts_for_every_role_log_in_with_the_demo_password(session: Session) -> None:
    users = list(session.scalars(select(User)))
    assert len(users) == len(world.PEOPLE) + len(review_round.REVIEWERS)
    assert [u.email for u in users if u.is_secretariat] == ["secretariat@demo.example.cn"]
    assert not any(u.must_change_password for u in users)
    group_roles = Counter(r.role for r in session.scalars(select(WorkingGroupRole)))
    # Three code groups with a lead and a deputy each; the parks group has a lead, no deputy.
    assert group_roles == {GroupRole.LEAD: 4, GroupRole.DEPUTY: 3, GroupRole.REVIEWER: 3 + 3 + 3}
    org_roles = Counter(m.role for m in session.scalars(select(Membership)))
    assert org_roles[OrgRole.ADMIN] == len(world.ORGANISATIONS)  # one admin per organisation
    assert org_roles[OrgRole.MEMBER] >= 2 + 6 + 2  # two HSE members, leads/deputies, reviewers
    for email in ("secretariat@demo.example.cn", "linhai-chlor.hse@demo.example.cn"):
        assert authenticate(email, world.DEMO_PASSWORD) is not None


def test_parks_companies_and_groups_are_a_believable_register(session: Session) -> None:
    organisations = list(session.scalars(select(Organisation)))
    kinds = Counter(o.kind for o in organisations)
    assert kinds == {OrganisationKind.PARK: 2, OrganisationKind.COMPANY: 12}
    assert all(is_valid_credit_code(o.credit_code) for o in organisations)
    assert {o.province for o in organisations} == {"江苏省", "山东省"}
    in_parks = [o for o in organisations if o.park is not None]
    assert len(in_parks) >= 5
    assert all(o.park is not None and o.park.kind is OrganisationKind.PARK for o in in_parks)
    companies = [o for o in organisations if o.kind is OrganisationKind.COMPANY]
    assert all(o.commitment_signed_on and o.commitment_signatory for o in companies)
    assert all(o.working_groups for o in companies)
    partners = list(session.scalars(select(ValueChainPartner)))
    assert len({p.organisation_id for p in partners}) == 3
    assert all(is_valid_credit_code(p.credit_code or "") for p in partners)


def test_cycles_2025_open_and_2024_closed_with_frozen_results(session: Session) -> None:
    cycles = {c.year: c for c in session.scalars(select(ReportingCycle))}
    current, previous = cycles[2025], cycles[2024]
    assert current.status is CycleStatus.OPEN
    # 31 March, or two months ahead when the demo is built after that date (deadlines bind).
    assert current.deadline >= dt.date(2026, 3, 31)
    assert current.deadline > beijing_today()
    assert current.rubric_for("company") == ("rc-company", 2)
    assert current.rubric_for("park") == ("rc-park", 2)
    assert previous.status is CycleStatus.CLOSED
    # The closed cycle stays on the pinned version 1: its assessments keep scoring as before.
    assert previous.rubric_for("company") == ("rc-company", 1)
    assert previous.rubric_for("park") == ("rc-park", 1)
    closed = list(session.scalars(select(Assessment).where(Assessment.cycle_id == previous.id)))
    assert closed
    for assessment in closed:
        kinds = {s.kind for s in assessment.snapshots}
        assert kinds == {SnapshotKind.SELF, SnapshotKind.FROZEN}, assessment


@pytest.mark.parametrize(
    ("year", "day"), [(2023, dt.date(2024, 4, 15)), (2024, dt.date(2025, 4, 15))]
)
def test_a_closed_year_was_closed_two_weeks_after_its_deadline_not_when_built(
    session: Session, year: int, day: dt.date
) -> None:
    """The year page's 关闭时间 and the frozen results' snapshot time read as a real year's."""
    cycle = session.scalars(select(ReportingCycle).where(ReportingCycle.year == year)).one()
    assert cycle.closed_at is not None
    assert cycle.close_requested_at is not None
    assert beijing_day(cycle.close_requested_at) == beijing_day(cycle.closed_at) == day
    assert cycle.close_requested_at <= cycle.closed_at
    frozen = [
        s
        for a in session.scalars(select(Assessment).where(Assessment.cycle_id == cycle.id))
        for s in a.snapshots
        if s.kind is SnapshotKind.FROZEN
    ]
    assert frozen
    assert {s.computed_at for s in frozen} == {cycle.closed_at}
    assert queries.freeze_progress(cycle)[0] == len(frozen)  # all frozen since the close


def test_the_2023_assessments_the_kpi_history_rests_on_were_submitted(session: Session) -> None:
    """An earlier year's KPI data count only when submitted (QA17 D0): 2023 is a real year."""
    [earliest] = session.scalars(select(ReportingCycle).where(ReportingCycle.year == 2023))
    assert earliest.status is CycleStatus.CLOSED
    found = list(session.scalars(select(Assessment).where(Assessment.cycle_id == earliest.id)))
    assert {a.organisation.name_zh for a in found} == REVIEWED
    for assessment in found:
        assert assessment.status is AssessmentStatus.SUBMITTED
        assert len(assessment.answers) >= 192  # answered as 2024's are, not KPI data alone
        assert len(assessment.kpi_values) >= 19
        assert {s.kind for s in assessment.snapshots} == {SnapshotKind.SELF, SnapshotKind.FROZEN}


def test_the_closed_2024_shows_no_condition_waiting_for_statistics(
    app: Flask, session: Session
) -> None:
    """Closing computed the statistics before freezing (QA17 D6): nothing is 待判定.

    The process-safety group's members beat or miss the median; members of groups too small
    for statistics are told none were published for the year, not that they are awaited.
    """
    closed = session.scalars(
        select(Assessment)
        .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
        .where(ReportingCycle.year == 2024)
    ).all()
    assert len(closed) == 7
    with app.test_request_context():
        for assessment in closed:
            rubric = queries.rubric_of(assessment)
            page = build_result_page(rubric, shown_scorecard(assessment, rubric), "zh", 2024)
            assert page.shown.kind is SnapshotKind.FROZEN
            texts = [g.text for b in page.bands for g in b.gates]
            assert not page.awaiting, assessment
            assert not any(g.awaiting for b in page.bands for g in b.gates), assessment
            assert not any("中位数尚未发布" in text for text in texts), (assessment, texts)
        donghai = next(a for a in closed if a.organisation.name_zh == "东海精细化工股份有限公司")
    frozen = find_snapshot(donghai, SnapshotKind.FROZEN)
    assert frozen is not None
    bands = snapshot_scorecard(frozen).rating.bands
    parts = {
        p.state
        for b in bands
        for g in b.gates
        if g.kind is GateKind.KPI_VS_GROUP_MEDIAN
        for p in g.parts
    }
    assert parts
    assert PartState.NO_STATISTICS not in parts  # its group's 2024 median judged it


def test_assessments_in_every_state(session: Session) -> None:
    current = _current(session)
    statuses = Counter(a.status for a in current)
    assert statuses == {
        AssessmentStatus.SUBMITTED: 5,
        AssessmentStatus.RETURNED: 1,
        AssessmentStatus.DRAFT: 2,
    }
    [returned] = [a for a in current if a.status is AssessmentStatus.RETURNED]
    assert returned.return_comment
    assert "C2.E2 承运商与仓储商管理" in returned.return_comment
    drafts = [a for a in current if a.status is AssessmentStatus.DRAFT]
    assert all(0 < len(a.answers) < 192 for a in drafts)  # partly filled
    not_started = _count(session, Organisation) - len(current)
    assert not_started == 6


def test_submitted_ones_have_kpi_inputs_and_history(session: Session) -> None:
    submitted = [a for a in _current(session) if a.status is AssessmentStatus.SUBMITTED]
    for assessment in submitted:
        assert len(assessment.kpi_values) >= 19
        history = queries.kpi_history(assessment)
        reviewed = assessment.organisation.name_zh in REVIEWED
        assert set(history) == ({2023, 2024} if reviewed else {2024})
        assert len(history[2024]) >= 19
    assert _count(session, KpiValue) > 500


def test_the_vetoed_company_has_its_fatal_accident_on_its_register(session: Session) -> None:
    [event] = session.scalars(select(Event).where(Event.fatalities > 0))
    organisation = session.get(Organisation, event.organisation_id)
    assert organisation is not None
    assert organisation.name_zh == "西岭化工有限公司"
    assert (event.event_type, event.grade, event.fatalities) == ("safety_accident", "larger", 3)


def test_the_demo_park_names_a_registered_and_an_unregistered_resident(session: Session) -> None:
    """A new user opening linhai-park's events sees both kinds of resident an event names."""
    park = session.scalar(select(Organisation).where(Organisation.name_zh == "江苏临海化工园区"))
    assert park is not None
    events = list(session.scalars(select(Event).where(Event.organisation_id == park.id)))
    named = sorted(
        (e.event_type, e.resident.name_zh if e.resident else None, e.resident_name) for e in events
    )
    assert named == [
        ("major_hidden_danger", None, "临海港储物流有限公司"),
        ("safety_accident", "海澄农化股份有限公司", None),
    ]
    unregistered = next(e for e in events if e.resident_name)
    assert unregistered.resident_credit_code is not None
    assert is_valid_credit_code(unregistered.resident_credit_code)
    assert unregistered.resident_id is None
    [accident] = [e for e in events if e.resident is not None]
    assert accident.resident is not None
    assert accident.resident.park_id == park.id


def test_no_assessment_opens_with_a_data_problem(app: Flask, session: Session) -> None:
    """KPI data agree with the events register: the pages' own check finds nothing.

    No demo organisation is meant to show a data problem (the returned one was returned for
    other reasons). Drafts are what a new user opens first; the rest are checked as well.
    """
    assessments = list(session.scalars(select(Assessment).order_by(Assessment.id)))
    drafts = [a for a in assessments if a.status is AssessmentStatus.DRAFT]
    draft_names = {a.organisation.name_zh for a in drafts}
    assert draft_names >= {"江苏临海氯碱化工有限公司", "鲁东化肥有限公司"}
    with app.test_request_context():
        found = {
            (a.organisation.name_zh, a.cycle.year, a.status.value): problems
            for a in assessments
            if (problems := data_panel(a, queries.rubric_of(a), "zh").problems)
        }
    assert found == {}


def test_stored_stars_equal_a_fresh_computation(session: Session) -> None:
    submitted = list(
        session.scalars(select(Assessment).where(Assessment.status == AssessmentStatus.SUBMITTED))
    )
    assert len(submitted) == 15  # 3 of 2023, 7 of 2024, 5 of 2025
    for assessment in submitted:
        # The stored stars are the self-assessment's, scored before any review.
        card = compute_scorecard(assessment, review=NOT_REVIEWED)
        assert (assessment.stars, assessment.overall_score) == (card.rating.stars, card.overall)
    stars = {a.organisation.name_zh: a.stars for a in _current(session) if a.stars is not None}
    assert stars["西岭化工有限公司"] == 0  # the 2024 accident vetoes the rating
    # Version 2 needs at least a desk review for two stars; the demo has no review data yet.
    assert max(stars.values()) == 1
    keys = {a.cycle.year: compute_scorecard(a).rubric_key for a in submitted if a.cycle.year}
    earlier = {compute_scorecard(a).rubric_key for a in submitted if a.cycle.year == 2024}
    assert earlier == {"rc-company@1", "rc-park@1"}  # pinned in the closed 2024 cycle
    assert keys[2025] in {"rc-company@2", "rc-park@2"}


def test_version_2_evidence_files_are_uploaded(session: Session) -> None:
    current = [a for a in _current(session) if a.status is AssessmentStatus.SUBMITTED]
    donghai = next(a for a in current if a.organisation.name_zh == "东海精细化工股份有限公司")
    card = compute_scorecard(donghai)
    capped = [
        item.item_id
        for section in card.sections
        for element in section.elements
        for item in element.items
        if item.effective_level != item.claimed_level and not item.is_na
    ]
    assert len(donghai.attachments) > 150
    assert capped == []


def test_if_empty_does_nothing_once_users_exist(app: Flask, session: Session) -> None:
    before = [_count(session, m) for m in (User, Organisation, Assessment, AuditEntry)]
    again = app.test_cli_runner().invoke(demo_command, ["--if-empty"])
    assert again.exit_code == 0, again.output
    assert "未创建演示数据" in again.output
    assert [_count(session, m) for m in (User, Organisation, Assessment, AuditEntry)] == before
    refused = app.test_cli_runner().invoke(demo_command)
    assert refused.exit_code == 1
    assert "空数据库" in refused.output


def test_a_finished_review_round_gives_final_ratings_of_three_stars(session: Session) -> None:
    reviews = list(session.scalars(select(Review).order_by(Review.id)))
    assert [r.status for r in reviews] == [
        ReviewStatus.FINAL,
        ReviewStatus.FINAL,
        ReviewStatus.IN_REVIEW,
    ]
    assert all((r.final_stars or 0) >= 3 for r in reviews[:2])
    actions = [f for r in reviews for f in r.findings if f.action_status is not None]
    assert {f.action_status for f in actions} >= {ActionStatus.OPEN, ActionStatus.CLOSED}


def test_the_review_round_mails_nobody(session: Session) -> None:
    """The demo builds data: neither the reviewers nor the companies are mailed."""
    kinds = set(session.scalars(select(OutboxMessage.kind)))
    assert not {k for k in kinds if k.startswith("review.")}


def test_the_parks_lead_can_assign_a_reviewer_to_the_linhai_park(
    app: Flask, session: Session
) -> None:
    """The README's parks path (qa10 D2): both candidates were refused, none could be assigned."""
    park = session.scalar(select(Organisation).where(Organisation.name_zh == "江苏临海化工园区"))
    assert park is not None
    assessment = next(a for a in _current(session) if a.organisation_id == park.id)
    client = app.test_client()
    login = client.post(
        "/login",
        data={"email": "weibei-park.admin@demo.example.cn", "password": world.DEMO_PASSWORD},
    )
    assert login.status_code == 302
    page = client.get(f"/reviews/assessments/{assessment.id}/assign").get_data(as_text=True)
    assert "目前没有可指派的评审员" not in page
    row = next(r for r in page.split("<tr>") if "赵国栋" in r)
    assert "gate-pass" in row  # no conflict: eligible


def test_the_open_year_was_opened_in_january_so_a_past_deadline_can_be_set(
    session: Session,
) -> None:
    # QA13 D4: the demo opened 2025 "today", so no deadline before today could be set and the
    # late part of the year was out of reach; it opens in January, as the secretariat does.
    from rcapp.cycles.deadlines import deadline_problem, opened_on

    cycle = session.scalar(select(ReportingCycle).where(ReportingCycle.year == world.CURRENT_YEAR))
    assert cycle is not None
    opened = min(world.opened_on(world.CURRENT_YEAR), beijing_today())
    assert opened_on(cycle) == opened
    yesterday = beijing_today() - dt.timedelta(days=1)
    if yesterday >= opened:
        assert deadline_problem(yesterday, opened_on(cycle), beijing_today()) is None


def test_the_open_years_deadline_obeys_the_deadline_forms_rule(session: Session) -> None:
    # QA17 S2: 2027-02-03 was more than a year after the year opened (2026-01-06), so once
    # changed on the year page it could not be typed back.
    from rcapp.cycles.deadlines import latest_deadline, opened_on

    cycle = session.scalar(select(ReportingCycle).where(ReportingCycle.year == world.CURRENT_YEAR))
    assert cycle is not None
    latest = latest_deadline(opened_on(cycle))
    if beijing_today() + world.LEAST_DAYS_TO_SUBMIT <= latest:
        assert cycle.deadline <= latest


@pytest.mark.parametrize(
    ("today", "opened", "deadline"),
    [
        (dt.date(2025, 12, 1), dt.date(2025, 12, 1), dt.date(2026, 3, 31)),
        (dt.date(2026, 2, 1), dt.date(2026, 1, 6), dt.date(2026, 4, 2)),
        (dt.date(2026, 12, 5), dt.date(2026, 1, 6), dt.date(2027, 1, 6)),  # was 2027-02-03
        (dt.date(2026, 12, 20), dt.date(2026, 1, 6), dt.date(2027, 1, 19)),  # 30 days left
    ],
)
def test_the_demo_deadline_keeps_the_rule_while_it_leaves_time_to_submit(
    today: dt.date, opened: dt.date, deadline: dt.date
) -> None:
    assert world.current_deadline(today, opened) == deadline


def test_the_readme_counts_the_c6_items_the_chlor_alkali_draft_misses(
    app: Flask, session: Session
) -> None:
    """QA13 S17: the README said 20 missing C6 items where the home page says 19."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    said = re.search(r"the (\d+) C6 \(产品安全监管\) items still missing", readme)
    assert said is not None
    client = app.test_client()
    login = client.post(
        "/login",
        data={"email": "linhai-chlor.hse@demo.example.cn", "password": world.DEMO_PASSWORD},
    )
    assert login.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert f"提交前还需完成 {said[1]} 处" in page


def test_the_years_chart_draws_the_overall_score_and_every_section(
    app: Flask, session: Session
) -> None:
    """QA14 S7: the legend listed 4 of 8 series (the overall score and three sections)."""
    donghai = session.scalar(
        select(Organisation).where(Organisation.name_zh == "东海精细化工股份有限公司")
    )
    assert donghai is not None
    client = app.test_client()
    login = client.post(
        "/login", data={"email": "ps.lead@demo.example.cn", "password": world.DEMO_PASSWORD}
    )
    assert login.status_code == 302
    page = client.get(f"/benchmarks/organisations/{donghai.id}/years").get_data(as_text=True)
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert chart.count("data-series=") == 8  # 总分 and the seven sections
    assert ">产品安全监管</text>" in chart  # the last section


def test_no_two_organisations_report_the_same_kpi_data(session: Session) -> None:
    """Companies filled from one example file have their own size and process.

    The benchmark pages showed 东海精细 and 海澄农化, 江北新材料 and 江苏临海氯碱, with the
    same figures.
    """
    seen: dict[tuple[int, tuple[tuple[str, str], ...]], str] = {}
    for assessment in session.scalars(select(Assessment).order_by(Assessment.id)):
        values = tuple(sorted((v.input_id, str(v.value)) for v in assessment.kpi_values))
        key = (assessment.cycle.year, values)
        name = assessment.organisation.name_zh
        assert key not in seen, f"{name} reports {seen.get(key)}'s KPI data"
        seen[key] = name
    # The rates differ too, not only the totals: other hours for the same case counts.
    current = {a.organisation.name_zh: a for a in _current(session)}
    ltif = {
        name: compute_scorecard(current[name]).kpi("OHS-03").value
        for name in ("东海精细化工股份有限公司", "海澄农化股份有限公司")
    }
    assert len(set(ltif.values())) == 2, ltif


def test_the_open_years_park_submitted_without_typing_the_count_rcapp_makes(
    session: Session,
) -> None:
    # qa38 D1: no page can type 三星及以上入园企业数 under rc-park@2; the demo's park got
    # through the submit check only on a seeded row. It now submits as a real park does.
    parks = [a for a in _current(session) if a.organisation.kind is OrganisationKind.PARK]
    submitted = [a for a in parks if a.status is AssessmentStatus.SUBMITTED]
    assert submitted
    for assessment in submitted:
        assert assessment.rubric_version == 2
        assert "companies_3star" not in {v.input_id for v in assessment.kpi_values}


def test_the_open_years_submitted_park_shows_its_kept_scorecard(session: Session) -> None:
    # qa42 S4: the park was submitted before its residents' results (and the review round's
    # final ratings) were in, so its kept scorecard held another three-star count and the
    # result page showed a live result for a 已提交 assessment.
    parks = [a for a in _current(session) if a.organisation.kind is OrganisationKind.PARK]
    submitted = [a for a in parks if a.status is AssessmentStatus.SUBMITTED]
    assert submitted
    for assessment in submitted:
        rubric = queries.rubric_of(assessment)
        kept = find_snapshot(assessment, SnapshotKind.SELF)
        assert kept is not None
        assert snapshot_current(assessment, rubric, snapshot_scorecard(kept))
        assert shown_scorecard(assessment, rubric).kind is SnapshotKind.SELF
