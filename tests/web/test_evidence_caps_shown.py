"""Items counting lower for want of evidence are marked on every visit, counted on the
overview and the result page, and the evidence line states the rule that is scored; the
submit confirmation names the provisional result (qa6 D7, smaller 15)."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.assessments.views.evidence_words import rule_words
from rcapp.rubrics.model import EvidenceRule, ItemKind
from rcapp.rubrics.registry import RubricRegistry
from tests.conftest import AuthActions
from tests.factories import fill_complete, make_world, start
from tests.web.helpers import member_with_assessment, page_text


def _text(page: str, pattern: str) -> str:
    found = re.search(pattern, page, re.S)
    assert found is not None, pattern
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


def _capped_c1(db_session: Session, auth: AuthActions, *, filled: bool = False) -> int:
    """Organisation A's assessment with C1.E1.1 at level 4 and no evidence; its id."""
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    if filled:
        fill_complete(assessment, world.user_a)
    services.save_section(
        assessment,
        rubric,
        "C1",
        {"C1.E1.1": ItemInput(level="4", evidence_note="")},
        world.user_a,
    )
    db_session.commit()
    auth.login(world.user_a.email)
    return assessment.id


@pytest.mark.parametrize(
    ("lang", "rule", "mark"),
    [
        (
            "zh_CN",
            "证据要求（等级 2 及以上须有证据（证据说明或上传文件），否则按等级 1 计）："
            "演练方案、记录与评估报告",
            "目前按成熟度等级 1 计（自评 4 级）：成熟度等级 2 及以上须有证据。"
            "填写证据说明或上传文件后按成熟度等级 4 计。",
        ),
        (
            "en",
            "Evidence required (level 2 and above need evidence (a description or an uploaded "
            "file), otherwise it counts as level 1): Drill plan, records and evaluation",
            "Counts as maturity level 1 now (answered 4): maturity level 2 and above need "
            "evidence. Describe the evidence or upload a file to count maturity level 4.",
        ),
    ],
)
def test_a_capped_item_is_marked_on_every_visit_with_the_rule_that_is_scored(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, rule: str, mark: str
) -> None:
    assessment_id = _capped_c1(db_session, auth)
    client.get(f"/lang/{lang}?next=/")
    url = f"/assessments/{assessment_id}/sections/C1"
    for _visit in range(2):  # the second visit is served from the kept page
        page = page_text(client, url)
        assert _text(page, r'<p class="help evidence-rule">(.*?)</p>') == rule
        assert _text(page, r'id="capped-C1\.E1\.1">(.*?)</p>') == mark
        assert 'href="#item-C1.E1.1"' in _text_block(page, "capped-items")
    # Once a description is given, the level counts and the mark is gone.
    client.post(url, data={"C1.E1.1__level": "4", "C1.E1.1__evidence_note": "演练评估报告"})
    page = page_text(client, url)
    assert 'id="capped-C1.E1.1"' not in page
    assert 'id="capped-items"' not in page


def _text_block(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}".*?</(?:section|div)>', page, re.S)
    assert found is not None, element_id
    return found.group(0)


@pytest.mark.parametrize(
    ("lang", "count"),
    [
        ("zh_CN", "1 个评价项因缺少证据按较低等级计分"),
        ("en", "1 item counts lower for lack of evidence"),
    ],
)
def test_the_overview_and_the_result_page_count_the_capped_items_with_links(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, count: str
) -> None:
    assessment_id = _capped_c1(db_session, auth)
    client.get(f"/lang/{lang}?next=/")
    link = f'href="/assessments/{assessment_id}/sections/C1#item-C1.E1.1"'
    for url in (f"/assessments/{assessment_id}", f"/assessments/{assessment_id}/result"):
        block = _text_block(page_text(client, url), "capped-items")
        assert count in " ".join(html.unescape(re.sub(r"<[^>]+>", " ", block)).split())
        assert link in block


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "zh_CN",
            "数据质量：完成度 100%；已作答的评价项中，有上传证据文件的 0%，"
            "仅有证据说明（无文件）的 40%；不适用 0 项（共 5 项，0%）"
            "（只统计评价项；前置条件的证据文件在“前置条件”页核对。）",
        ),
        (
            "en",
            "Data quality: 100% complete; of the answered items, 0% backed by an uploaded file "
            "and 40% described only (no file); 0 not applicable (of 5 items, 0%) "
            "(items only; prerequisites’ evidence files are checked on the Prerequisites page.)",
        ),
    ],
)
def test_the_data_quality_line_tells_files_from_descriptions(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, line: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth, filled=True)
    client.get(f"/lang/{lang}?next=/")
    page = page_text(client, f"/assessments/{assessment.id}/result")
    assert _text(page, r'id="data-quality">(.*?)</p>') == line
    assert "backed by evidence" not in page


def test_the_results_workbook_tells_files_from_descriptions_as_the_page_does(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth, filled=True)
    response = client.get(f"/reports/assessments/{assessment.id}/results.xlsx")
    summary = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]
    facts = {row[0]: row[1] for row in summary.iter_rows(values_only=True)}
    assert (facts["有上传证据文件 %"], facts["仅有证据说明（无文件）%"]) == (0, 40)
    assert "有证据支持 %" not in facts


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "zh_CN",
            [
                "按当前填写内容，暂定星级为 ",
                "其中 1 个评价项因缺少证据按较低等级计分。",
                "提交后自评将被锁定",
            ],
        ),
        (
            "en",
            [
                "With the answers as they are now, the provisional star rating is ",
                "1 item counts lower for lack of evidence.",
            ],
        ),
    ],
)
def test_the_submit_confirmation_names_the_provisional_result(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: list[str]
) -> None:
    assessment_id = _capped_c1(db_session, auth, filled=True)
    client.get(f"/lang/{lang}?next=/")
    page = page_text(client, f"/assessments/{assessment_id}")
    confirm = html.unescape(re.findall(r'data-confirm="([^"]*)"', page)[-1])
    for text in words:
        assert text in confirm
    assert re.search(
        r"(暂定星级为 (\d 星|未评定|未达 1 星)|star rating is (\d stars?|Not rated|below 1 star))",
        confirm,
    )


@pytest.mark.parametrize(
    ("locale", "rule", "yes_no"),
    [
        (
            "zh_CN",
            "等级 2 须有证据说明（或上传文件），等级 3 及以上须上传证据文件",
            "答“是”须上传证据文件，否则按“否”计",
        ),
        (
            "en",
            "level 2 needs an evidence description (or an uploaded file); level 3 and above "
            "need an uploaded file",
            "“yes” needs an uploaded file, otherwise it counts as “no”",
        ),
    ],
)
def test_the_rule_is_worded_from_the_rubrics_evidence_levels(
    app: Flask, locale: str, rule: str, yes_no: str
) -> None:
    rubric = (
        RubricRegistry(Path(__file__).resolve().parents[2] / "rubrics").get("rc-company", 2).rubric
    )
    items = [item for _s, _e, item in rubric.iter_items() if item.evidence is not None]
    maturity = next(
        i
        for i in items
        if i.kind is ItemKind.MATURITY
        and i.evidence is not None
        and (i.evidence.from_level, i.evidence.file_from_level) == (2, 3)
    )
    with app.test_request_context(), force_locale(locale):
        assert rule_words(maturity) == rule
        # A yes/no item is worded as yes and no, not as levels.
        hint = maturity.evidence.hint if maturity.evidence else None
        rule_1 = EvidenceRule(from_level=1, file_from_level=1, hint=hint)
        yes = maturity.model_copy(update={"kind": ItemKind.YES_NO, "evidence": rule_1})
        assert rule_words(yes) == yes_no


@pytest.mark.parametrize(
    ("lang", "header", "capped"),
    [
        # C1.E1.1 needs a description or a file: not "no file uploaded" (qa34 S11)
        ("zh_CN", "证据（计分依据）", "缺少证据，按较低等级计分"),
        ("en", "Evidence (what counts)", "No evidence: counts at a lower level"),
    ],
)
def test_the_results_workbook_marks_the_items_the_result_page_lists_as_counting_lower(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, header: str, capped: str
) -> None:
    """A level lowered for want of a file is not "Evidenced: Yes" (qa11 S7)."""
    assessment_id = _capped_c1(db_session, auth, filled=True)
    client.get(f"/lang/{lang}?next=/")
    block = _text_block(page_text(client, f"/assessments/{assessment_id}/result"), "capped-items")
    listed = set(re.findall(r"#item-([\w.]+)", block))
    response = client.get(f"/reports/assessments/{assessment_id}/results.xlsx")
    items = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[2]
    rows = list(items.iter_rows(values_only=True))
    column = rows[0].index(header)
    marked = {row[2] for row in rows[1:] if row[column] == capped}
    assert marked == listed == {"C1.E1.1"}
    assert not {row[column] for row in rows[1:]} & {"是", "否", "Yes", "No"}
