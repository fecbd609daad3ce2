"""A stale evidence delete or verification page names who changed it meanwhile.

The user themself is told it was their other window, tab or device; a colleague is named;
the page's input is kept either way (rcapp.audit.whose).
"""

from __future__ import annotations

import datetime as dt
import html
import io

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.recognition_models import PublishedIn
from rcapp.assessments.recognition_services import GoodPracticeCase, record_case
from tests.conftest import AuthActions
from tests.factories import (
    answer_of,
    make_secretariat,
    make_world,
    start,
    submitted_assessment,
)
from tests.web.helpers import PDF
from tests.web.stale_two_hands import LANGS, refused, signed_in


@pytest.mark.parametrize("lang", LANGS)
def test_deleting_evidence_deleted_in_the_users_other_tab_says_so_and_saves_the_answers(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    assessment = start(world)
    old = services.add_attachment(
        assessment, rubric_of(assessment), "C1.E1.1", "old_sds.pdf", io.BytesIO(PDF), world.user_a
    )
    db_session.commit()
    signed_in(auth, world.user_a.email, lang)
    url = f"/assessments/{assessment.id}/sections/C1"
    shown = f"{old.id}:{old.original_name}"
    assert f'name="delete_evidence" value="{shown}"' in client.get(url).get_data(as_text=True)
    services.delete_attachment(assessment, old, world.user_a)  # the user's other tab
    db_session.commit()

    response = client.post(
        url, data={"C1.E1.1__level": "1", "delete_evidence": shown}, follow_redirects=True
    )
    page = html.unescape(response.get_data(as_text=True))
    assert {
        "zh": "您已在另一窗口、标签页或设备中删除证据文件“old_sds.pdf”。",
        "en": "You deleted the evidence file “old_sds.pdf” in another window, tab or device.",
    }[lang] in page
    db_session.expire_all()
    assert answer_of(assessment, "C1.E1.1") == (1, None)  # the typed answer is saved


CASE = {
    "title": "我的案例",
    "published_in": "meeting",
    "published_where": "2026 年责任关怀年会",
    "on_date": "2026-03-02",
    "note": "",
    "shown_id": "",
}
THEIR_CASE = GoodPracticeCase("应急联动", PublishedIn.REPORT, "年度报告", dt.date(2026, 3, 2))


SAID = {
    "colleague": {
        "zh": "您打开本页后，王芳已记录或撤销了此项；本次操作未执行。",
        "en": "王芳 (Wang Fang) recorded or withdrew this after you opened the page;",
    },
    "own tab": {
        "zh": "您已在另一窗口、标签页或设备中记录或撤销了此项；本次操作未执行。",
        "en": "You recorded or withdrew this in another window, tab or device; nothing was done.",
    },
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("who", SAID)
def test_a_case_recorded_meanwhile_says_who_and_keeps_the_input(
    client: FlaskClient, db_session: Session, auth: AuthActions, who: str, lang: str
) -> None:
    made = make_world()
    assessment = submitted_assessment(made)
    recorder = make_secretariat(name="王芳") if who == "colleague" else made.secretariat
    db_session.commit()
    signed_in(auth, made.secretariat.email, lang)
    url = f"/assessments/{assessment.id}/recognition"
    assert client.get(url).status_code == 200  # opened with no case
    record_case(assessment, THEIR_CASE, recorder, shown_id=None)
    db_session.commit()

    page = refused(client.post(f"{url}/case", data=CASE))
    assert SAID[who][lang] in page
    assert "其他人已记录" not in page
    assert "Someone recorded" not in page
    assert 'value="我的案例"' in page
