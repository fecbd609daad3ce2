"""The corrective action's evidence file on the result page in the page's words (wordfix 7).

The closing form showed the browser's own "Choose File / No file chosen", in the browser's
language; the finding form and the evidence upload use the shared file_pick face, with the
size checked before sending (evidence-upload.js) and the accepted types offered. Now so
does the action's evidence file.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import storage
from tests.conftest import AuthActions
from tests.web.test_action_evidence_file import _final_with_action

FACE = {"zh": ("选择文件", "未选择文件"), "en": ("Choose file", "No file chosen")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_action_evidence_file_uses_the_shared_file_pick(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, finding = _final_with_action(db_session)
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/{finding.review_id}/final").get_data(as_text=True)
    assert "js/evidence-upload.js" in page
    form = page.split(f'id="close-{finding.id}"')[1].split("</form>")[0]
    field = f"c-{finding.id}-evidence_file"
    pick = re.search(
        rf'<span class="file-pick">(.*?)<p class="field-error" id="{field}-problem"', form, re.S
    )
    assert pick is not None
    face, none = FACE[lang]
    assert f'<span class="file-pick-face" aria-hidden="true">{face}</span>' in pick.group(1)
    assert f'id="{field}-chosen"' in pick.group(1)
    assert f">{none}</span>" in pick.group(1)
    tag = re.search(rf'<input type="file" id="{field}"[^>]*>', pick.group(1))
    assert tag is not None
    attrs = tag.group(0)
    assert f'data-max-bytes="{storage.upload_limits()["bytes"]}"' in attrs
    assert 'data-max-files="1"' in attrs
    assert "multiple" not in attrs
    assert 'accept=".pdf,' in attrs
    assert ".ofd" in attrs
    assert f'data-problem="{field}-problem"' in attrs
    assert f'id="{field}-problem" role="alert" hidden' in form
