"""Keyboard only: N/A on an answered item, and focus after a refused save (qa18 D1-D3, S1, S6).

- D1: an item with a level switched to N/A (Space on the box, a reason, Enter) is saved.
- D2: a refused save on a page whose address names an item (#item-…, after an upload)
  focuses the field in error, not the named item.
- D3: the review page's refused item decision and finding focus their field in error.
- S1: a refused level group focuses the chosen radio, not the first ("0 未建立").
- S6: the focused heading or field is described by the page's flash messages.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Browser, Page, expect

EDITOR = "weibei-petro.admin@demo.example.cn"  # 潍北石化: 2025 returned, so editable
REVIEWER = "reviewer.xing@demo.example.cn"
LogIn = Callable[[Page, str], None]


def _section(live_server: str, demo_world: dict[str, int], section: str) -> str:
    return f"{live_server}/assessments/{demo_world['weibei-petro']}/sections/{section}"


def _item(page: Page, item_id: str) -> str:
    return f"#item-{item_id.replace('.', chr(92) + '.')}"


def _described_by_flash(page: Page) -> bool:
    described: bool = page.evaluate(
        """() => (document.activeElement.getAttribute('aria-describedby') || '').split(' ')
             .some((id) => id && document.getElementById(id)?.matches('.flash'))"""
    )
    return described


def _level(page: Page, item_id: str, level: str) -> None:
    """Choose a level by keyboard: focus the group's first radio, arrow to the level."""
    page.locator(f'input[name="{item_id}__level"]').first.focus()
    for _ in range(int(level)):
        page.keyboard.press("ArrowDown")
    expect(page.locator(f'input[name="{item_id}__level"][value="{level}"]')).to_be_checked()


def _save_by_keyboard(page: Page, item_id: str) -> None:
    """Tab from the item's note to its element's save button ("保存 <element>"), Enter."""
    element = page.locator(f"section.element:has({_item(page, item_id)})")
    button = element.locator(".element-actions button")
    page.locator(f'[name="{item_id}__comment"]').focus()
    for _ in range(80):  # past the element's later items, files and upload buttons
        page.keyboard.press("Tab")
        if button.evaluate("(b) => b === document.activeElement"):
            break
    else:
        raise AssertionError("the element's save button is not reached by Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_an_answered_item_is_switched_to_na_by_keyboard(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: LogIn
) -> None:
    item = "C6.E5.2"
    log_in(page, EDITOR)
    page.goto(_section(live_server, demo_world, "C6"))
    _level(page, item, "2")
    _save_by_keyboard(page, item)
    expect(page.locator(".flash-success").first).to_contain_text("已保存")
    page.goto(_section(live_server, demo_world, "C6"))
    expect(page.locator(f'input[name="{item}__level"][value="2"]')).to_be_checked()

    page.locator(f'[name="{item}__na"]').focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("本企业不销售管控类化学品。")
    _save_by_keyboard(page, item)

    expect(page.locator(".flash-success").first).to_contain_text("已保存")
    expect(page.locator(".has-error")).to_have_count(0)
    page.goto(_section(live_server, demo_world, "C6"))
    expect(page.locator(f'[name="{item}__na"]')).to_be_checked()
    expect(page.locator(f'input[name="{item}__level"]:checked')).to_have_count(0)
    expect(page.locator(f'[name="{item}__na_reason"]')).to_have_value("本企业不销售管控类化学品。")


def test_a_refused_save_focuses_its_field_whatever_the_address_names(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: LogIn
) -> None:
    item = "C6.E8.1"
    log_in(page, EDITOR)
    # As after an upload: the address names another item, far above.
    page.goto(_section(live_server, demo_world, "C6") + "#item-C6.E1.2")
    page.locator(f'[name="{item}__na"]').focus()
    page.keyboard.press("Space")  # N/A without a reason: refused
    _save_by_keyboard(page, item)

    expect(page.locator(f"{_item(page, item)} .has-error")).to_contain_text("须填写理由")
    expect(page.locator(f'[name="{item}__na_reason"]')).to_be_focused()
    expect(page.locator(f'[name="{item}__na_reason"]')).to_be_in_viewport()
    assert _described_by_flash(page)


def test_a_refused_level_focuses_the_chosen_radio(
    browser: Browser, live_server: str, demo_world: dict[str, int], log_in: LogIn
) -> None:
    """Same account, two tabs: the second save of the level is refused as a conflict."""
    item = "C6.E4.1"
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        first, second = context.new_page(), context.new_page()
        log_in(first, EDITOR)
        url = _section(live_server, demo_world, "C6")
        first.goto(url)
        second.goto(url)
        stored = first.locator(f'input[name="{item}__level"]:checked').get_attribute("value")
        theirs, mine = ("1", "3") if stored != "1" else ("2", "3")
        _level(second, item, theirs)
        _save_by_keyboard(second, item)
        expect(second.locator(".flash-success").first).to_contain_text("已保存")

        _level(first, item, mine)
        _save_by_keyboard(first, item)
        expect(first.locator(f"{_item(first, item)} .has-error").first).to_be_visible()
        chosen = first.locator(f'input[name="{item}__level"][value="{mine}"]')
        expect(chosen).to_be_checked()
        expect(chosen).to_be_focused()
    finally:
        context.close()


def _assignment(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/reviews/")
    page.locator("main a[href^='/reviews/assignments/']").first.click()


def test_a_refused_review_decision_focuses_the_reason(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: LogIn
) -> None:
    log_in(page, REVIEWER)
    _assignment(page, live_server)
    item = page.locator(".review-item").nth(8)
    item_id = item.get_attribute("id")
    item.locator("input[value=adjust]").focus()
    page.keyboard.press("Space")
    item.locator("select").focus()
    page.keyboard.press("ArrowDown")
    item.locator("button[type=submit]").focus()
    page.keyboard.press("Enter")  # no reason: refused, answered in place (save-in-place.js)

    expect(page.locator(f"[id='{item_id}'] .field-error")).to_contain_text("请填写理由")
    expect(page.locator(f"[id='{item_id}'] textarea")).to_be_focused()


def test_a_refused_finding_focuses_its_first_wrong_field_and_a_recorded_one_its_heading(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: LogIn
) -> None:
    log_in(page, REVIEWER)
    _assignment(page, live_server)
    form = page.locator("#finding-form")
    form.locator("[name=kind]").select_option("corrective_action")
    form.locator("[name=text]").fill("应急预案未经演练评估。")
    form.locator("button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # no owner, no due date: refused

    expect(form.locator(".has-error").first).to_contain_text("责任人")
    expect(form.locator("[name=owner]")).to_be_focused()

    form.locator("[name=owner]").fill("安全部 王工")
    form.locator("[name=due_on]").fill("2027-03-31")
    form.locator("button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".flash-success").first).to_contain_text("发现已记录")
    expect(page.locator("#findings-h")).to_be_focused()
    assert _described_by_flash(page)
