"""The events form: refusals name their field, the grade help follows the event type, and
registering the same event twice asks for a second press before it is saved."""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments.queries import events_of, rubric_of
from rcapp.organisations.models import OrganisationKind
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_organisation, make_user
from tests.web.helpers import error_beside, member_with_assessment
from tests.web.test_v2_pages import _sha, real_rubrics  # noqa: F401 - a fixture used below

EVENT = {
    "event_type": "mass_incident",
    "occurred_on": "2025-03-01",
    "fatalities": "0",
    "injuries": "0",
    "description": "门前聚集 1 小时",
}


def test_count_errors_name_their_field(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/events"
    for lang, fatalities, injuries in (
        ("zh_CN", "死亡人数：须为 0 到 100000 之间的整数。", "重伤人数（含急性工业中毒）："),
        ("en", "Number of fatalities: must be", "Serious injuries (acute industrial"),
    ):
        client.get(f"/lang/{lang}?next=/")
        page = client.post(url, data={**EVENT, "fatalities": "two", "injuries": "1.5"})
        text = page.get_data(as_text=True)
        assert page.status_code == 422
        assert error_beside(text, "fatalities").startswith(fatalities)
        assert error_beside(text, "injuries").startswith(injuries)


def test_the_same_event_twice_is_saved_only_when_confirmed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/events"
    assert client.post(url, data=EVENT).status_code == 302
    again = client.post(url, data={**EVENT, "description": " 门前聚集  1 小时 "})
    text = again.get_data(as_text=True)
    assert again.status_code == 422
    assert "本组织已登记过同一日期（2025-03-01）" in error_beside(text, "description")
    assert "门前聚集  1 小时" in text  # the input is kept
    confirm = re.search(r'name="confirm_duplicate" type="hidden" value="(\d+)"', text)
    assert confirm is not None
    db_session.expire_all()
    assert len(events_of(assessment.organisation_id)) == 1
    saved = client.post(url, data={**EVENT, "confirm_duplicate": confirm.group(1)})
    assert saved.status_code == 302
    db_session.expire_all()
    assert len(events_of(assessment.organisation_id)) == 2
    other_day = client.post(url, data={**EVENT, "occurred_on": "2025-03-02"})
    assert other_day.status_code == 302


def test_grade_help_names_each_rule_by_its_kind_of_event(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture imported above
) -> None:
    cycle = make_cycle(company_rubric_id="rc-company", company_rubric_version=2)
    organisation = make_organisation(kind=OrganisationKind.COMPANY)
    user = make_user(organisation, OrgRole.ADMIN)
    assessment = make_assessment(
        organisation,
        cycle,
        rubric_id="rc-company",
        rubric_version=2,
        rubric_sha256=_sha("rc-company"),
    )
    db_session.commit()
    auth.login(user.email)
    text = client.get(f"/assessments/{assessment.id}/events").get_data(as_text=True)
    help_text = re.search(r'id="grade-help">(.*?)</p>', text, re.S)
    assert help_text is not None
    assert re.search(
        r'data-grade-help="safety_accident">生产安全事故按《生产安全事故报告和调查处理条例》',
        help_text.group(1),
    )
    assert re.search(
        r'data-grade-help="environmental_incident">突发环境事件按《国家突发环境事件应急预案》',
        help_text.group(1),
    )


def test_a_grade_for_an_ungraded_type_is_refused_not_dropped(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/events"
    for lang, words in (
        ("zh_CN", "事件等级：“群体性事件”不分等级，请留空。"),
        ("en", "Event grade: “Mass incident” has no grade; leave it blank."),
    ):
        client.get(f"/lang/{lang}?next=/")
        page = client.post(url, data={**EVENT, "grade": "major"})
        text = page.get_data(as_text=True)
        assert page.status_code == 422
        assert error_beside(text, "grade").startswith(words)
        assert "门前聚集 1 小时" in text  # the input is kept
    db_session.expire_all()
    assert events_of(assessment.organisation_id) == []


def test_a_bad_date_names_its_field(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/events"
    for lang, words in (
        ("zh_CN", "发生日期：“2025-02-30”不是有效日期，请按“年-月-日”填写，例如 "),
        ("en", "Date of occurrence: “2025-02-30” is not a valid date. Enter it as year-month-day"),
    ):
        client.get(f"/lang/{lang}?next=/")
        page = client.post(url, data={**EVENT, "occurred_on": "2025-02-30"})
        assert error_beside(page.get_data(as_text=True), "occurred_on").startswith(words)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh_CN", ("一般", "较大", "重大", "特别重大")),
        ("en", ("General", "Larger", "Major", "Especially major")),
    ],
)
def test_the_grade_choices_use_the_rubrics_words_for_the_grades(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture imported above
    lang: str,
    words: tuple[str, ...],
) -> None:
    """The rubric's event type says "general IV, larger III..."; the choices said "Ordinary"."""
    cycle = make_cycle(company_rubric_id="rc-company", company_rubric_version=2)
    organisation = make_organisation(kind=OrganisationKind.COMPANY)
    user = make_user(organisation, OrgRole.ADMIN)
    assessment = make_assessment(
        organisation,
        cycle,
        rubric_id="rc-company",
        rubric_version=2,
        rubric_sha256=_sha("rc-company"),
    )
    db_session.commit()
    auth.login(user.email)
    client.get(f"/lang/{lang}?next=/")
    text = html.unescape(client.get(f"/assessments/{assessment.id}/events").get_data(as_text=True))
    select = re.search(r'<select[^>]*name="grade".*?</select>', text, re.S)
    assert select is not None
    options = re.findall(r'<option value="[a-z_]+"[^>]*>([^<]+)</option>', select.group(0))
    assert tuple(options) == words
    label = next(t for t in rubric_of(assessment).event_types if t.id == "environmental_incident")
    shown = label.label.get("en" if lang == "en" else "zh").lower()
    assert all(word.lower() in shown for word in words)  # the rubric's text, same words


@pytest.mark.parametrize(
    ("occurred_on", "zh", "en"),
    [
        ("2099-12-31", "发生日期：不能晚于今天。", "Date of occurrence: cannot be later"),
        ("1900-01-01", "发生日期：早于 20 年前，请核对。", "Date of occurrence: more than 20"),
    ],
)
def test_date_errors_name_their_field(
    client: FlaskClient, db_session: Session, auth: AuthActions, occurred_on: str, zh: str, en: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/events"
    for lang, expected in (("zh_CN", zh), ("en", en)):
        client.get(f"/lang/{lang}?next=/")
        page = client.post(url, data={**EVENT, "occurred_on": occurred_on})
        assert page.status_code == 422
        assert error_beside(page.get_data(as_text=True), "occurred_on").startswith(expected)


@pytest.mark.parametrize(
    ("lang", "word"), [("zh_CN", "整改措施已完成"), ("en", "Corrective action completed")]
)
def test_the_form_and_the_table_call_a_corrected_event_by_one_word(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, word: str
) -> None:
    # QA11 S8: the form said "Corrective action completed", the table and template "Corrected";
    # qa63: "Corrected: Yes" read as "this entry was corrected", so the one word is the former.
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/events"
    assert client.post(url, data=EVENT).status_code == 302
    client.get(f"/lang/{lang}?next=/")
    text = client.get(url).get_data(as_text=True)
    label = re.search(
        r'<label class="level-choice"><input[^>]*name="is_resolved"[^>]*>(.*?)</label>', text
    )
    assert label is not None
    assert html.unescape(label.group(1)).strip() == word
    assert f'<th scope="col">{word}</th>' in text
