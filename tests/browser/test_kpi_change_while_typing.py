"""The KPI page's 变化 column while a doubtful but valid value is typed: the change is the
server's (kpi_redraw), so until its answer comes the column showed the saved value's change
with no word that it was not the typed one's. Meanwhile it is greyed and says so; the answer
then writes the typed value's change and the note goes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.test_forms_keep_input import EDITOR, LogIn

PENDING = {
    "zh": "未保存：正在按输入的数值计算变化",
    "en": "Not saved: the change is being worked out for the value typed",
}
DOUBT = {"zh": "相差十倍以上", "en": "tenfold"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_typed_doubtful_value_is_not_shown_with_the_saved_change(
    page: Page,
    live_server: str,
    demo_world: dict[str, int],
    log_in: LogIn,
    lang: str,
) -> None:
    log_in(page, EDITOR)
    page.goto(f"{live_server}/lang/{lang}")
    page.goto(f"{live_server}/assessments/{demo_world['weibei-petro']}/kpis")
    held: list[Route] = []
    page.route("**/kpis/figures?*", lambda route: held.append(route))  # its answer, held back
    field = page.locator('[name="lti_employees__value"]')
    change = page.locator('[data-change-for="lti_employees"]')
    note = page.locator('[data-pending-basis="lti_employees"]')
    saved = change.inner_text()
    expect(note).to_be_hidden()

    field.fill("25")  # ten times last year's 2: a warning, saved all the same

    live = page.locator(f"#{field.get_attribute('id')}-live")
    expect(live).to_contain_text(DOUBT[lang])
    expect(note).to_be_visible()
    expect(note).to_have_text(PENDING[lang])
    expect(change).to_have_class("muted")
    for _wait in range(50):  # the typed figure is asked for once typing pauses
        if any("lti_employees=25&" in route.request.url for route in held):
            break
        page.wait_for_timeout(100)
    expect(note).to_be_visible()  # still unanswered
    for route in held:  # answered now
        route.continue_()
    expect(note).to_be_hidden()
    expect(change).not_to_have_text(saved)
    expect(change).to_have_text("+23 (+1,150 %)")
    expect(change).not_to_have_class("muted")
