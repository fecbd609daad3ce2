"""Wording taken from the rubrics: KPI group headings, star and component labels, KPI names,
the yes/no items on the path to improvement, and one name for the KPI pages and score.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments.inputs import NOT_REVIEWED
from rcapp.assessments.messages import kpi_category_text
from rcapp.assessments.models import Assessment
from rcapp.assessments.snapshots import ShownScorecard
from rcapp.assessments.views.result_page import build_result_page
from rcapp.organisations.models import OrganisationKind
from rcapp.rubrics.loader import RubricFileError, load_rubric_text
from rcapp.rubrics.model import Rubric, RubricKind
from rcapp.rubrics.registry import RubricRegistry
from rcapp.scorecards.answers import read_answers
from rcapp.scorecards.source import read_source
from rcapp.scoring import Scorecard, score_assessment
from tests.conftest import AuthActions
from tests.factories import (
    make_assessment,
    make_cycle,
    make_organisation,
    make_user,
    make_world,
    submitted_assessment,
)
from tests.pdf_tools import needs_poppler, pdf_text
from tests.real_rubrics import RUBRICS
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture
from tests.scorecard_download import fetch_scorecard

ROOT = Path(__file__).resolve().parents[2]
WITH_ERRATA = RubricRegistry(RUBRICS)
AS_PUBLISHED = RubricRegistry(RUBRICS, errata=False)
CJK = re.compile(r"[\u4e00-\u9fff]")


def _v2_assessment(kind: OrganisationKind) -> tuple[Assessment, str]:
    rubric_id = "rc-park" if kind is OrganisationKind.PARK else "rc-company"
    sha = hashlib.sha256((RUBRICS / rubric_id / "v2.yaml").read_bytes()).hexdigest()
    cycle = make_cycle(
        company_rubric_id="rc-company",
        company_rubric_version=2,
        park_rubric_id="rc-park",
        park_rubric_version=2,
    )
    organisation = make_organisation(kind=kind)
    user = make_user(organisation, OrgRole.ADMIN)
    assessment = make_assessment(
        organisation, cycle, rubric_id=rubric_id, rubric_version=2, rubric_sha256=sha
    )
    return assessment, user.email


# --- KPI group headings (qa6 D6) -----------------------------------------------------------


def _every_category() -> list[tuple[str, int, str, bool]]:
    found = []
    for rubric_id, version in WITH_ERRATA.versions():
        rubric = WITH_ERRATA.get(rubric_id, version).rubric
        park = rubric.kind is RubricKind.PARK
        for category in dict.fromkeys(kpi.category for kpi in rubric.kpis):
            found.append((rubric_id, version, category, park))
    return found


@pytest.mark.parametrize(("rubric_id", "version", "category", "park"), _every_category())
def test_every_kpi_category_of_every_rubric_has_a_heading_in_both_languages(
    app: Flask, rubric_id: str, version: int, category: str, park: bool
) -> None:
    with app.test_request_context():
        with force_locale("zh_CN"):
            zh = kpi_category_text(category, park=park)
        with force_locale("en"):
            en = kpi_category_text(category, park=park)
    assert category not in (zh, en)
    assert zh != "其他"
    assert CJK.search(zh)
    assert en != zh
    assert not CJK.search(en.replace("“1+3”", ""))


def test_a_rubric_with_a_category_without_a_heading_is_refused() -> None:
    text = (ROOT / "tests/data/rubrics/mini-company/v1.yaml").read_text(encoding="utf-8")
    with pytest.raises(RubricFileError) as caught:
        load_rubric_text(text.replace("category: safety", "category: waste_water", 1), "x.yaml")
    assert "kpis[0].category: unknown KPI category 'waste_water'" in str(caught.value)


@pytest.mark.parametrize(
    ("lang", "headings"),
    [
        ("zh_CN", ["危险废物", "污染物场外转移", "价值链（“1+3”推广）"]),
        ("en", ["Hazardous waste", "Off-site transfers", "Value chain (“1+3” promotion)"]),
    ],
)
def test_kpi_page_headings_are_names_not_keys(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,
    lang: str,
    headings: list[str],
) -> None:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.commit()
    auth.login(email)
    client.get(f"/lang/{lang}")
    html = client.get(f"/assessments/{assessment.id}/kpis").get_data(as_text=True)
    h2 = re.findall(r'<h2 id="kpi-group-\d+">([^<]*)</h2>', html)
    captions = re.findall(r"<caption[^>]*>([^<]*)</caption>", html)
    for heading in headings:
        assert heading in h2
    for key in ("waste", "transfer", "value_chain"):
        assert key not in h2
        assert not [c for c in captions if c.startswith(key)]


# --- One name for the KPI data and score (qa6 smaller 13) -----------------------------------


@pytest.mark.parametrize(
    ("lang", "tab", "row", "component"),
    [
        ("zh_CN", "KPI 数据", "KPI 数据（核心指标所需数据项）", "KPI 绩效"),
        ("en", "KPI data", "KPI data (entries the core KPIs need)", "KPI performance"),
    ],
)
def test_the_kpi_tab_progress_row_and_score_share_one_name(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,
    lang: str,
    tab: str,
    row: str,
    component: str,
) -> None:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.commit()
    auth.login(email)
    client.get(f"/lang/{lang}")
    overview = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    result = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)

    assert f">{tab}</a>" in overview
    assert f">{row}</a>" in overview
    assert "绩效数据" not in overview
    assert "Core KPI data" not in overview
    assert f'<th scope="row">{component}</th>' in result
    assert "绩效指标</th>" not in result
    # star labels do not repeat the number of stars
    assert "1 星 · 一星" not in result
    if lang == "zh_CN":
        assert "1 星 · 起步" in result


def _card(rubric: Rubric, answers: Path) -> Scorecard:
    read = read_answers(read_source(answers), rubric)
    return score_assessment(rubric, read.inputs, read.context)


def test_a_card_kept_with_the_published_wording_shows_the_corrected_wording(app: Flask) -> None:
    # A snapshot stored before the errata carries the old labels; the page names from the rubric.
    answers = ROOT / "examples/rc-company-two-star.yaml"
    old = _card(AS_PUBLISHED.get("rc-company", 2).rubric, answers)
    rubric = WITH_ERRATA.get("rc-company", 2).rubric
    with app.test_request_context(), force_locale("zh_CN"):
        page = build_result_page(rubric, ShownScorecard(card=old, review=NOT_REVIEWED), "zh")
    assert [b.label for b in page.bands] == ["起步", "规范", "良好", "优秀", "标杆"]
    assert [c.label for c in page.components] == ["管理体系", "六项准则", "KPI 绩效"]
    names = {k.kpi_id: k.name for k in page.kpis}
    assert names["OHS-03"] == "员工损失工时伤害率"
    assert {k.kpi_id: k.name.zh for k in old.kpis}["OHS-03"] == "员工百万工时损失工时伤害率"


# --- Yes/no items on the path to improvement (qa6 smaller 14) -------------------------------


@pytest.mark.parametrize(
    ("lang", "from_to", "counted"),
    [
        ("zh", ("否", "是"), "自评为“是”，因无证据按“否”计"),
        ("en", ("No", "Yes"), "Answered yes, counted as no for missing evidence"),
    ],
)
def test_a_yes_no_item_on_the_path_is_worded_yes_and_no(
    app: Flask, tmp_path: Path, lang: str, from_to: tuple[str, str], counted: str
) -> None:
    # MS.G5.4 (yes/no) answered yes without its evidence: it counts as no.
    text = (ROOT / "examples/rc-company-two-star.yaml").read_text(encoding="utf-8")
    text, found = re.subn(r"MS\.G5\.4: \{value: yes, files: \[[^\]]*\]\}", "MS.G5.4: yes", text)
    assert found == 1
    answers = tmp_path / "answers.yaml"
    answers.write_text(text, encoding="utf-8")
    rubric = WITH_ERRATA.get("rc-company", 2).rubric
    card = _card(rubric, answers)
    with app.test_request_context(), force_locale(lang):
        page = build_result_page(rubric, ShownScorecard(card=card, review=NOT_REVIEWED), lang)
    [step] = [s for s in page.steps if s.item_id == "MS.G5.4"]
    assert (step.from_level, step.to_level) == from_to
    assert step.counted == counted


# --- The PDF is titled with the glossary's word (qa6 smaller 13) ----------------------------


@needs_poppler
@pytest.mark.parametrize(("lang", "title"), [("zh", "评分卡"), ("en", "Scorecard")])
def test_the_pdf_scorecard_is_called_a_scorecard(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, title: str
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    response = fetch_scorecard(client, assessment.id, lang)
    text = pdf_text(response.data)
    assert f"年度责任关怀评价 · {title}" in text or f"· {title}" in text
    assert "评价结果" not in text
