"""The evidence file input speaks the page's language (qa57 c).

The browser's own "Choose File / No file chosen" (or 选择文件/未选择任何文件) followed the
browser's language, not the page's. The input now lies inside a .file-pick beside a face and
a line for the chosen names in the page's words, which evidence-upload.js shows (and the
CSS keeps hidden without it: a plain file input). The browser test taps and types it.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment

WORDS = {
    "zh_CN": ("选择文件", "未选择文件", "已选 {count} 个文件：{names}", "、"),
    "en": ("Choose files", "No file chosen", "{count} files chosen: {names}", ", "),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_file_input_has_a_face_and_a_names_line_in_the_page_language(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}")
    page = client.get(f"/assessments/{assessment.id}/sections/C1").get_data(as_text=True)
    picks = re.findall(r'<span class="file-pick">(.*?)</span>\s*<button', page, re.S)
    assert picks
    face, none, many, joiner = WORDS[lang]
    for pick in picks:
        item = re.search(r'id="file-([\w.]+)" name="evidence-\1" multiple', pick)
        assert item, pick
        assert f'<span class="file-pick-face" aria-hidden="true">{face}</span>' in pick
        names = re.search(
            r'<span class="file-pick-names" id="file-[\w.]+-chosen"([^>]*)>([^<]*)<', pick
        )
        assert names is not None
        assert names.group(2) == none
        attributes = html.unescape(names.group(1))
        assert f'data-none="{none}"' in attributes
        assert f'data-many="{many}"' in attributes
        assert f'data-joiner="{joiner}"' in attributes
        # The names line is read with the input: what was chosen, in the page's words.
        described = re.search(r'aria-describedby="([^"]*)"', pick)
        assert described is not None
        assert described.group(1).split()[0] == f"file-{item.group(1)}-chosen"
