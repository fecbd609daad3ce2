"""Mail text: a name ending in a full stop does not get a second one at the sentence's end."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import Flask, render_template
from flask_babel import force_locale

from rcapp.mail.services import single_stops


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "the self-assessment of Jiangbei New Materials Co., Ltd..",
            "the self-assessment of Jiangbei New Materials Co., Ltd.",
        ),
        ("Co., Ltd.. Please continue", "Co., Ltd. Please continue"),
        ("wait...", "wait..."),
        ("version 1.2.3.", "version 1.2.3."),
        ("江北新材料有限公司。", "江北新材料有限公司。"),
    ],
)
def test_a_doubled_full_stop_is_written_once(text: str, expected: str) -> None:
    assert single_stops(text) == expected


@pytest.mark.parametrize(
    ("lang", "prompt", "line"),
    [
        ("zh", "达到要求的SIL。", "C4.E3.3 达到要求的SIL：SIL 验证计算书缺少 2 个 SIF。"),
        (
            "en",
            "achieve the required SIL.",
            # the finding as the reviewer wrote it, and the English reader's note after it
            "C4.E3.3 achieve the required SIL: SIL 验证计算书缺少 2 个 SIF。\n"
            "Written by the reviewer in Chinese; shown as written.",
        ),
    ],
)
def test_an_action_line_joins_the_item_and_the_action_with_one_mark(
    app: Flask, lang: str, prompt: str, line: str
) -> None:
    item = SimpleNamespace(id="C4.E3.3", prompt={lang: prompt})
    finding = SimpleNamespace(text="SIL 验证计算书缺少 2 个 SIF。")
    with app.test_request_context(), force_locale("en" if lang == "en" else "zh_CN"):
        text = render_template("reviews/_mail_action.txt", item=item, finding=finding, lang=lang)
    assert text.strip() == line
