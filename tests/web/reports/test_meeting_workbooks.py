"""Workbooks taken to a meeting say what their pages say (QA14 S11).

The members list had "省份" = "Jiangsu" where the group page's "地区" says "Jiangsu Yancheng";
the corrective-action workbook gave the item code alone, and evidence the lead sent back
stood under "整改证据" as if it were the correction.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews import settling
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world
from tests.web.reports.test_downloads import workbook
from tests.web.test_action_reopen_reason import REASON, _closed_action


def _rows(data: bytes) -> list[tuple[object, ...]]:
    return [tuple(r) for r in workbook(data).active.iter_rows(values_only=True)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_members_list_names_the_region_as_the_group_page(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    company = world.companies[0]
    company.province, company.city = "江苏省", "盐城市"
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    rows = _rows(client.get(f"/reports/working-groups/{world.group.id}/members.xlsx").data)
    header = next(r for r in rows if r[0] in ("名称", "Name"))
    region = {"zh": "江苏省 盐城市", "en": "Jiangsu Yancheng"}[lang]
    assert header[3] == {"zh": "地区", "en": "Region"}[lang]
    row = next(r for r in rows if r[0] == company.display_name(lang))
    assert row[3] == region


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_action_workbook_gives_the_item_title_and_marks_evidence_sent_back(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    action = _closed_action(world)
    settling.accept_action(action, False, world.lead, REASON)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    rows = _rows(client.get(f"/reports/corrective-actions.xlsx?group={world.group.id}").data)
    row = next(r for r in rows if "C1.E1.1" in r)
    at = row.index("C1.E1.1")
    title = row[at + 1]
    assert isinstance(title, str)
    assert title
    assert not re.fullmatch(r"[A-Z0-9.]+", title)  # words, not another code
    said = {"zh": "未被接受的整改证据：", "en": "Evidence not accepted: "}[lang]
    assert f"{said}补签后的评估报告 PJ-07" in row
    assert "补签后的评估报告 PJ-07" not in row  # never bare, as if it were the correction
