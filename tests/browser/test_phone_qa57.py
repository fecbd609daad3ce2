"""QA57 on a 390-pixel phone: the result page's folds, the evidence file input in the page's
words, the park's two shares named, and a level chosen by a tap on its words."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import OpenPage, open_fold

FINAL = "donghai-fine.admin@demo.example.cn"  # a reviewed final result
EDITOR = "weibei-petro.admin@demo.example.cn"  # 潍北石化: 2025 returned, so editable
PARK = "linhai-park.admin@demo.example.cn"
FOLDS = "[...document.querySelectorAll('details[data-phone-fold]')].map(d => d.open)"
SHOTS = Path("/tmp/phoneleft")  # noqa: S108 - screenshots for the reviewer


def _shot(page_: object, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page_.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_result_pages_long_parts_fold_on_a_phone_and_open_on_a_desktop(
    phone_page: OpenPage,
    desktop_page: OpenPage,
    live_server: str,
    demo_world: dict[str, int],
    lang: str,
) -> None:
    path = f"/assessments/{demo_world['donghai-fine']}/result"
    wide = desktop_page(FINAL)
    wide.goto(f"{live_server}/lang/{lang}?next={path}")
    opened = wide.evaluate(FOLDS)
    assert opened
    assert all(opened)
    tall = wide.evaluate("document.documentElement.scrollHeight")
    page = phone_page(FINAL)
    page.goto(f"{live_server}/lang/{lang}?next={path}")
    assert not any(page.evaluate(FOLDS))
    # Folded, the phone's page is shorter than the desktop's, which is twice as wide.
    short = page.evaluate("document.documentElement.scrollHeight")
    assert short < tall, (short, tall)
    _shot(page, f"result-folded-{lang}")
    # Each fold opens with a tap on its summary.
    fold = page.locator("#kpi-values")
    fold.locator("> summary").tap()
    expect(fold.locator("table")).to_be_visible()
    # A link into a fold opens it: on arrival, and on a jump within the page.
    page.goto(f"{live_server}{path}#section-C1")
    expect(page.locator("#section-C1 table")).to_be_visible()
    expect(page.locator("#section-C1")).to_be_in_viewport()
    assert not page.locator("#section-C2").evaluate("d => d.open")
    page.evaluate("location.hash = '#kpi-ladder-title'")
    expect(page.locator("#kpi-ladder")).to_be_visible()


@pytest.mark.parametrize(
    ("lang", "face", "none"),
    [("zh_CN", "选择文件", "未选择文件"), ("en", "Choose files", "No file chosen")],
)
def test_the_evidence_input_speaks_the_pages_language_and_names_the_chosen_file(
    phone_page: OpenPage,
    live_server: str,
    demo_world: dict[str, int],
    tmp_path: Path,
    lang: str,
    face: str,
    none: str,
) -> None:
    # The browser's own language is the other one: its words must not show.
    page = phone_page(EDITOR, locale="en-US" if lang == "zh_CN" else "zh-CN")
    path = f"/assessments/{demo_world['weibei-petro']}/sections/C4"
    page.goto(f"{live_server}/lang/{lang}?next={path}")
    open_fold(page, "C4.E3.2")
    pick = page.locator("#item-C4\\.E3\\.2 .file-pick")
    expect(pick.locator(".file-pick-face")).to_have_text(face)
    expect(pick.locator(".file-pick-names")).to_have_text(none)
    field = pick.locator("input[type=file]")
    assert field.evaluate("e => getComputedStyle(e).opacity") == "0"
    # The unseen input lies over the face: a tap on the face is a tap on the input.
    box, face_box = field.bounding_box(), pick.locator(".file-pick-face").bounding_box()
    assert box is not None
    assert face_box is not None
    assert box["x"] <= face_box["x"]
    assert box["x"] + box["width"] >= face_box["x"] + face_box["width"]
    assert face_box["height"] >= 44
    # Reached with the keyboard: the focus is the input's, its ring drawn on the face.
    field.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert field.evaluate("e => e === document.activeElement")
    assert (
        pick.locator(".file-pick-face").evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    )
    one, two = tmp_path / "演练记录.pdf", tmp_path / "plan.pdf"
    for file in (one, two):
        file.write_bytes(b"%PDF-1.4\n%%EOF\n")
    field.set_input_files(str(one))
    expect(pick.locator(".file-pick-names")).to_have_text("演练记录.pdf")
    field.set_input_files([str(one), str(two)])
    many = (
        "已选 2 个文件：演练记录.pdf、plan.pdf"
        if lang == "zh_CN"
        else "2 files chosen: 演练记录.pdf, plan.pdf"
    )
    expect(pick.locator(".file-pick-names")).to_have_text(many)
    _shot(page, f"file-pick-{lang}")


def test_without_script_the_evidence_input_is_a_plain_file_input(
    phone_page: OpenPage, live_server: str, demo_world: dict[str, int]
) -> None:
    page = phone_page(EDITOR, java_script_enabled=False)
    page.goto(f"{live_server}/assessments/{demo_world['weibei-petro']}/sections/C4")
    pick = page.locator("#item-C4\\.E3\\.2 .file-pick")
    expect(pick.locator("input[type=file]")).to_be_visible()
    assert pick.locator("input[type=file]").evaluate("e => getComputedStyle(e).opacity") == "1"
    expect(pick.locator(".file-pick-face")).to_be_hidden()
    expect(pick.locator(".file-pick-names")).to_be_hidden()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_tap_on_a_levels_words_chooses_the_level(
    phone_page: OpenPage, live_server: str, demo_world: dict[str, int], lang: str
) -> None:
    page = phone_page(EDITOR)
    page.goto(
        f"{live_server}/lang/{lang}?next=/assessments/{demo_world['weibei-petro']}/sections/C4"
    )
    open_fold(page, "C4.E2.2")
    choices = page.locator("#item-C4\\.E2\\.2 label.level-choice")
    for index in (0, choices.count() - 1):
        words = choices.nth(index).locator("span")
        box = words.bounding_box()
        assert box is not None
        assert box["height"] >= 20
        # A tap on the words' far end, away from the radio itself.
        words.tap(position={"x": box["width"] - 4, "y": box["height"] / 2})
        expect(choices.nth(index).locator("input[type=radio]")).to_be_checked()
        assert choices.nth(index).bounding_box()["height"] >= 44  # type: ignore[index]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_parks_two_shares_are_named_on_a_phone(
    phone_page: OpenPage, live_server: str, demo_world: dict[str, int], lang: str
) -> None:
    page = phone_page(PARK)
    page.goto(f"{live_server}/lang/{lang}?next=/")
    page.get_by_role(
        "link", name="区内企业对标" if lang == "zh_CN" else "Resident companies compared"
    ).first.click()
    shares = page.locator("#park-shares")
    expect(shares).to_be_visible()
    names, figures = shares.locator("dt"), shares.locator("dd")
    assert names.count() == figures.count() >= 1
    for index in range(names.count()):
        name, figure = names.nth(index).bounding_box(), figures.nth(index).bounding_box()
        assert name is not None
        assert figure is not None
        assert figure["y"] >= name["y"] + name["height"] - 1  # each figure under its name
        assert "%" in figures.nth(index).inner_text()
    _shot(page, f"park-shares-{lang}")
