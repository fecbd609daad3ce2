"""The members side by side print whole for a group meeting (qa85).

Printed from the browser, the about 2,200 px table was cut after its sixth column and the
KPI chooser, filters and download link were printed instead: the page's print sheet puts
every column on A4 landscape and leaves the controls out.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import PhonePage
from tests.pdf_tools import _run, needs_poppler


@needs_poppler
@pytest.mark.parametrize(
    ("lang", "controls"), [("zh_CN", "选择显示的绩效指标"), ("en", "Choose the KPIs")]
)
def test_every_column_of_the_members_table_prints_on_the_first_page(
    live_server: str, demo_world: dict[str, int], phone_page: PhonePage, lang: str, controls: str
) -> None:
    page = phone_page(
        "pp.lead@demo.example.cn",
        viewport={"width": 1280, "height": 900},
        is_mobile=False,
        has_touch=False,
    )
    page.goto(f"{live_server}/lang/{lang}?next=/reviews/")
    page.locator("a[href^='/benchmarks/groups/']").first.click()
    page.wait_for_load_state("load")
    assert controls in page.locator("main").inner_text()  # on the screen, not on paper
    headers = page.locator("table.compare thead th a").all_inner_texts()
    kpi_ids = [m.group(0) for text in headers if (m := re.match(r"[A-Z]+-\d+", text.strip()))]
    assert len(kpi_ids) >= 3, headers
    first_page = _run("pdftotext", page.pdf(prefer_css_page_size=True), "-f", "1", "-l", "1")
    for kpi_id in kpi_ids:  # the last columns too, not only the first six
        assert kpi_id in first_page, (kpi_id, first_page[:600])
    assert controls not in first_page
    assert re.search(r"\d+\.\d", first_page)  # the members' figures, not only the headers
