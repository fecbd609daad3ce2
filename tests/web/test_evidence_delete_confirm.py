"""The delete-evidence question says what deleting the file does to the score (selfleft c).

The in-page confirmation asked only "删除证据文件…？删除后无法恢复。". It now names the items
whose level counts lower once the file is gone, by the scoring's evidence rule, with the
level counted then; or it says that no item's score changes.
"""

from __future__ import annotations

import html
import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.completeness import Capped
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.assessments.views.evidence_words import delete_evidence_confirm
from tests.conftest import AuthActions
from tests.factories import make_world, start

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
ASKED = {"zh_CN": "删除证据文件“演练记录", "en": "Delete the evidence file “演练记录"}
CAPPED = {
    "zh_CN": "删除后，因缺少证据文件，以下评价项将按较低等级计："
    "C1.E1.1 每年至少一次综合演练并评估（自评 4 级，将按等级 1 计）。",
    "en": "Once it is deleted, these items will count at a lower level for want of an "
    "evidence file: C1.E1.1 At least one full-scale drill a year, evaluated (answered 4; "
    "will count as level 1).",
}
UNCHANGED = {"zh_CN": "删除后各评价项的计分不变。", "en": "Deleting it changes no item's score."}


def _confirms(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, note: str, files: int
) -> list[str]:
    """C1.E1.1 at level 4 with `note` and `files` files; the section page's delete questions."""
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    services.save_section(
        assessment,
        rubric,
        "C1",
        {"C1.E1.1": ItemInput(level="4", evidence_note=note)},
        world.user_a,
    )
    for n in range(files):
        name = "演练记录.pdf" if n == 0 else f"演练记录{n}.pdf"
        services.add_attachment(
            assessment, rubric, "C1.E1.1", name, io.BytesIO(PDF + bytes([n])), world.user_a
        )
    db_session.commit()
    auth.login(world.user_a.email)
    url = f"/assessments/{assessment.id}/sections/C1"
    client.get(f"/lang/{lang}?next=/")
    page = client.get(url).get_data(as_text=True)
    return [html.unescape(text) for text in re.findall(r'data-confirm="([^"]*)"', page)]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_deleting_the_last_file_names_the_item_and_its_counted_level(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    confirms = [c for c in _confirms(client, db_session, auth, lang, "", 1) if ASKED[lang] in c]
    assert len(confirms) == 1
    assert confirms[0].endswith(CAPPED[lang]), confirms[0]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize(("note", "files"), [("演练记录见档案室", 1), ("", 2)])
def test_a_deletion_that_changes_no_level_says_so(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, note: str, files: int
) -> None:
    """A description still counts for this level; or another file stays."""
    confirms = [
        c for c in _confirms(client, db_session, auth, lang, note, files) if ASKED[lang] in c
    ]
    assert len(confirms) == files
    for confirm in confirms:
        assert confirm.endswith(UNCHANGED[lang]), confirm


def test_more_than_five_items_are_named_five_then_counted(app: Flask) -> None:
    with app.test_request_context():
        world = make_world()
        rubric = rubric_of(start(world))
        items = [i for _s, _e, i in rubric.iter_items()]  # the mini rubric has five
        caps = [Capped(items[n % len(items)].id, "C1", 1, 0, False, None) for n in range(6)]
        with force_locale("zh_CN"):
            text = delete_evidence_confirm(rubric, "a.pdf", caps, "zh")
    assert len(items) == 5
    named = text.split("：", 1)[1]
    assert [c.item_id for c in caps[:5]] == re.findall(r"(?:^|、)(\S+) ", named)
    assert named.endswith("等 6 项。"), text
