"""A number item's level sentence says the file is there once it is (qa42 S1).

PK3.E1.1 = 72 gives level 3, which needs an uploaded file: the page said "此等级须上传证据文件"
after the file was uploaded and after submitting. The need is said while it is unmet and the
answer can still be changed; once a file is there, the sentence says the need is met.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import Answer, Assessment, AssessmentStatus
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.parks import park_year, real_rubrics  # noqa: F401 - the fixture
from tests.web.helpers import page_text, upload_evidence

NEED = {"zh": "此等级须上传证据文件", "en": "this level needs an uploaded evidence file"}
MET = {
    "zh": "数值 72 对应成熟度等级 3：已上传证据文件，满足此等级的证据要求。",
    "en": "The number 72 gives maturity level 3: an evidence file is uploaded",
}


def _park_with_72(status: AssessmentStatus) -> tuple[Assessment, str]:
    own = park_year(status=status)
    park = own.organisation
    own.answers.append(Answer(item_id="PK3.E1.1", value=Decimal(72), evidence_note="自评打分表"))
    return own, make_user(park, OrgRole.ADMIN).email


def _level_sentence(client: FlaskClient, assessment_id: int) -> str:
    page = page_text(client, f"/assessments/{assessment_id}/sections/PK3")
    start = page.index('id="number-level-PK3.E1.1"')
    return page[start : page.index("</p>", start)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_need_goes_once_the_file_is_uploaded(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture
    lang: str,
) -> None:
    own, email = _park_with_72(AssessmentStatus.DRAFT)
    db_session.commit()
    auth.login(email)
    if lang == "en":
        client.get("/lang/en")
    assert NEED[lang] in _level_sentence(client, own.id)
    assert upload_evidence(client, own.id, "ev.pdf", item_id="PK3.E1.1").status_code == 302
    sentence = _level_sentence(client, own.id)
    assert NEED[lang] not in sentence
    assert MET[lang] in sentence


def test_a_submitted_page_does_not_ask_for_a_file(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture
) -> None:
    own, email = _park_with_72(AssessmentStatus.SUBMITTED)
    db_session.commit()
    auth.login(email)
    sentence = _level_sentence(client, own.id)
    assert NEED["zh"] not in sentence
    assert "数值 72 对应成熟度等级 3。" in sentence
