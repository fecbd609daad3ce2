"""Shared text cleaning: invisible format characters go, surrounding space goes, text stays."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict
from wtforms import PasswordField, StringField, TextAreaField

from rcapp.fields import CleanForm, strip_control_chars

BIDI_AND_INVISIBLE = [
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # embeddings and overrides
    "\u2066", "\u2067", "\u2068", "\u2069",  # isolates
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",  # zero-width, joiners, marks
    "\u2060", "\ufeff",  # word joiner, byte-order mark
]  # fmt: skip


@pytest.mark.parametrize("char", BIDI_AND_INVISIBLE)
def test_bidi_controls_and_invisible_characters_are_stripped(char: str) -> None:
    assert strip_control_chars(f"控制{char}字符公司") == "控制字符公司"


def test_the_override_qa_typed_is_gone_with_bel_and_nul() -> None:
    assert strip_control_chars("控制\x07字符\u202e公司\x00") == "控制字符公司"


@pytest.mark.parametrize(
    "text",
    [
        "江苏临海氯碱化工股份有限公司（南通）",
        "Jiangsu Chlor-Alkali Co., Ltd. — “Nantong” · 第2期",
        "行一\n行二\t缩进",
        "zhang.wei+hse@jinling-chem.cn",
        "全角　空格和①②③、《标准》",
        "Müller & Søn Café",
    ],
)
def test_text_chinese_and_english_need_is_kept_while_an_override_goes(text: str) -> None:
    assert strip_control_chars(f"\u202e{text}\u2069") == text


class _Form(CleanForm):
    class Meta:
        csrf = False

    name = StringField()
    note = TextAreaField()
    password = PasswordField()


def test_a_form_trims_and_cleans_text_but_leaves_a_password_as_typed(app: Flask) -> None:
    typed = MultiDict(
        {
            "name": "  东海精细化工\u202e股份有限公司 \u200b",
            "note": "\ufeff 备注 \n",
            "password": " pass\u200bword ",
        }
    )
    with app.test_request_context():
        form = _Form(typed)
    assert form.name.data == "东海精细化工股份有限公司"
    assert form.note.data == "备注"
    assert form.password.data == " pass\u200bword "


@pytest.mark.parametrize(
    "typed",
    [
        "Evil\r\nBcc: x@example.cn",
        "Evil\nBcc: x@example.cn",
        "Evil \r\n  Bcc: x@example.cn",
        "Evil\u2028Bcc: x@example.cn",
    ],
)
def test_a_one_line_field_folds_line_breaks_and_a_text_area_keeps_them(
    app: Flask, typed: str
) -> None:
    """QA32 S2: a user name with CR LF was stored with it and greeted on two lines."""
    with app.test_request_context():
        form = _Form(MultiDict({"name": typed, "note": "第一行\r\n第二行"}))
    assert form.name.data == "Evil Bcc: x@example.cn"
    assert form.note.data == "第一行\r\n第二行"
