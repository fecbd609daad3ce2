"""Members side by side on a 390-pixel phone: each figure of a card on its own line (QA57 p2).

The cells of a card were inline blocks, so short ones ran together: "Review Final" and
"Management system 95.1" on one line, read as one figure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from rcapp import db
from rcapp.organisations.models import WorkingGroup
from tests.browser.conftest import PHONE, PhonePage

LEAD = "pp.lead@demo.example.cn"  # leads the pollution prevention group


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_each_figure_of_a_side_by_side_card_has_its_own_line(
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    phone_page: PhonePage,
    lang: str,
) -> None:
    with live_app.app_context():
        group_id = db.session().scalar(
            select(WorkingGroup.id).where(WorkingGroup.name_en.like("Pollution%"))
        )
    page = phone_page(LEAD)
    page.goto(f"{live_server}/lang/{lang}?next=/benchmarks/groups/{group_id}")
    assert page.viewport_size is not None
    assert page.viewport_size["width"] == PHONE["width"]
    cards = page.eval_on_selector_all(
        ".member-compare tbody tr",
        "rows => rows.map(r => [...r.querySelectorAll('td')]"
        ".filter(td => td.offsetParent !== null)"
        ".map(td => Math.round(td.getBoundingClientRect().top)))",
    )
    assert cards
    assert all(len(tops) > 4 for tops in cards), cards
    for tops in cards:
        assert len(set(tops)) == len(tops), tops  # no two cells on one line
    shots = os.environ.get("RCAPP_SHOTS")  # to look at it: a folder for the screenshot
    if shots:
        card = page.locator(".member-compare tbody tr").first
        card.screenshot(path=str(Path(shots) / f"compare_390_{lang}.png"))
