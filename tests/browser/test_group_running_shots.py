"""The deputy's view of running reviews and the group's activity in a real browser (QA grouprun).

郑凯, deputy of the 污染防治 group, opens his home page, the group's review planning (reviews
under way with due days and states, a card each on a phone) and the group's activity, in
Chinese and English, on a laptop and a phone; nothing may widen the phone's page.
Screenshots are written when RCAPP_SHOTS names a folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, ViewportSize, expect
from sqlalchemy import select

from rcapp import db
from rcapp.organisations.models import WorkingGroup
from tests.browser.conftest import fits_phone

DEPUTY = "pp.deputy@demo.example.cn"  # 郑凯, deputy lead of WG-PP
SHOTS = os.environ.get("RCAPP_SHOTS")
SIZES: dict[str, ViewportSize] = {
    "laptop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}
RUNNING = {"zh_CN": "进行中的评审", "en": "Reviews under way"}
ACTIVITY = {"zh_CN": "本组操作记录", "en": "Group activity"}


def test_the_deputy_sees_running_reviews_and_the_groups_activity(
    page: Page,
    live_server: str,
    live_app: object,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    with live_app.app_context():  # type: ignore[attr-defined]
        group_id = db.session().scalar(select(WorkingGroup.id).where(WorkingGroup.code == "WG-PP"))
    log_in(page, DEPUTY)
    for lang in ("zh_CN", "en"):
        for size_name, size in SIZES.items():
            page.set_viewport_size(size)
            for name, url, heading in (
                ("home", "/", None),
                ("group", f"/reviews/groups/{group_id}", RUNNING[lang]),
                ("activity", f"/reviews/groups/{group_id}/activity", ACTIVITY[lang]),
            ):
                page.goto(f"{live_server}/lang/{lang}?next={url}")
                if heading:
                    expect(page.locator("main")).to_contain_text(heading)
                if size_name == "phone":
                    fits_phone(page, f"{name} {lang}")
                if SHOTS:
                    page.screenshot(
                        path=str(Path(SHOTS) / f"grouprun-{name}-{lang}-{size_name}.png"),
                        full_page=True,
                    )
