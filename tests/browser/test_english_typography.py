"""English pages in a browser: curly quotes are not drawn full-width, names do not break.

The page font is a CJK one, which draws “ ” ‘ ’ one em wide, so every quoted word in
English ("Only when “Set an initial password” is chosen") had a wide gap on either side.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

WIDTHS = """() => {
  const probe = document.createElement("span");
  document.body.appendChild(probe);
  const width = text => { probe.textContent = text; return probe.getBoundingClientRect().width; };
  const em = parseFloat(getComputedStyle(probe).fontSize);
  const result = {quote: width("\\u201c") / em, apostrophe: width("\\u2019") / em};
  probe.remove();
  return result;
}"""


def test_curly_quotes_are_narrow_in_english_and_full_width_in_chinese(
    page: Page, live_server: str
) -> None:
    page.goto(f"{live_server}/lang/en?next=/login")
    english = page.evaluate(WIDTHS)
    assert english["quote"] < 0.7, english
    assert english["apostrophe"] < 0.7, english
    page.goto(f"{live_server}/lang/zh_CN?next=/login")
    chinese = page.evaluate(WIDTHS)
    assert chinese["quote"] > 0.9, chinese


def test_a_three_character_name_stays_on_one_line_in_the_users_list(
    page: Page,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "secretariat@demo.example.cn")
    page.goto(f"{live_server}/lang/en?next=/admin/users")
    lines = page.eval_on_selector_all(
        "main table tbody tr td:first-child",
        """cells => cells.map(td => {
             const range = document.createRange();
             range.selectNodeContents(td);
             // Lines, not boxes: a name marked lang="zh-CN" is a span and its text, two boxes.
             const tops = Array.from(range.getClientRects(), r => Math.round(r.top));
             return new Set(tops).size;
           })""",
    )
    assert lines
    assert all(n == 1 for n in lines), lines
