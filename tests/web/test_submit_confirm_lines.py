"""The submit confirmation reads as separate lines, not one run-on paragraph (qa50 #8):
the provisional result, the items counted lower and the lock each on a line of their own,
the question set apart. window.confirm shows the attribute's line breaks as they are.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import page_text
from tests.web.test_evidence_caps_shown import _capped_c1

LINES = {
    "zh_CN": ("按当前填写内容，暂定星级为 ", "其中 1 个评价项因缺少证据按较低等级计分。", "提交后"),
    "en": ("With the answers as they are now", "1 item counts lower for lack of evidence.", "Once"),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_each_point_of_the_confirmation_is_a_paragraph_of_its_own(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    assessment_id = _capped_c1(db_session, auth, filled=True)
    client.get(f"/lang/{lang}?next=/")
    page = page_text(client, f"/assessments/{assessment_id}")
    confirm = html.unescape(re.findall(r'data-confirm="([^"]*)"', page)[-1])
    paragraphs = confirm.split("\n\n")
    result, capped, lock = LINES[lang]
    assert paragraphs[0].startswith(result)
    assert capped in paragraphs  # a line of its own, after the reason for no star
    assert paragraphs[-1].startswith(lock)
