"""qa18 S13: a section page ends with a link to the next section (the prerequisites last).

After the page's last "保存本页" the page comes back at #section-end, where the link is:
"save, go on" is one key, not some 300 Shift+Tab presses back to the section tabs.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment, page_text

NEXT = {"zh": ("下一板块：", "下一页：前置条件"), "en": ("Next section: ", "Next: prerequisites")}


def _next_link(page: str) -> tuple[str, str]:
    end = page[page.index('id="section-end"') :]
    found = re.search(r'<a class="next-section" data-next-section href="([^"]+)">([^<]+)', end)
    assert found is not None, "no link to the next section at the page's end"
    return found.group(1), found.group(2).strip()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_section_links_to_the_next_and_the_last_to_the_prerequisites(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}")
    base = f"/assessments/{assessment.id}"
    href, text = _next_link(page_text(client, f"{base}/sections/MS"))
    assert href == f"{base}/sections/C1"
    assert text.startswith(NEXT[lang][0])
    href, text = _next_link(page_text(client, f"{base}/sections/C6"))  # the mini rubric's last
    assert href == f"{base}/prerequisites"
    assert text == NEXT[lang][1]
