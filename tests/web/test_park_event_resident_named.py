"""A park's event names its resident company for reviewers and in the audit log.

The reviewer's event register (the review page's 事件登记) lists, for a park, where each
event happened as the park's own events page does: the resident's name, or the park itself.
The audit log and its Excel export name an event's resident by its name today, never by
its id; a resident deleted since reads （已删除的单位）.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus, Event
from rcapp.audit.models import AuditEntry
from rcapp.reviews.models import Review, ReviewAssignment, ReviewKind
from tests.audit_export import export_audit
from tests.conftest import AuthActions
from tests.event_residents import ParkWorld, park_world
from tests.factories import make_park, make_user
from tests.web.park_events import SECRETARIAT_EMAIL, add_event, audit_filters, park_signed_in

WHERE = {"zh_CN": "发生单位（入园企业）", "en": "Resident company where it happened"}
ITSELF = {"zh_CN": "园区本身", "en": "The park itself"}
RESIDENT = {"zh_CN": "临海石化有限公司", "en": "Linhai Petrochemical Co."}
GONE = {"zh_CN": "（已删除的单位）", "en": "(deleted organisation)"}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _exported(client: FlaskClient, filters: str) -> list[str]:
    """Every cell of the audit export with the page's filters, as text."""
    sheet = export_audit(client, filters).active
    assert sheet is not None
    return [str(c) for row in sheet.iter_rows(values_only=True) for c in row]


def _cell(row: str, css: str) -> str:
    found = re.search(rf'<td class="{css}"[^>]*>(.*?)</td>', row, re.S)
    assert found is not None, css
    return _text(found.group(1))


def _event(park: ParkWorld, description: str, resident_id: int | None) -> Event:
    return Event(
        organisation_id=park.world.org_a.id,
        recorded_in_id=park.assessment.id,
        event_type="safety_accident",
        occurred_on=dt.date(park.assessment.cycle.year, 3, 1),
        fatalities=0,
        injuries=0,
        description=description,
        is_resolved=True,
        resident_id=resident_id,
    )


def _reviewer_of(park: ParkWorld, db_session: Session) -> ReviewAssignment:
    park.assessment.status = AssessmentStatus.SUBMITTED
    review = Review(assessment_id=park.assessment.id, kind=ReviewKind.DESK)
    db_session.add(review)
    db_session.flush()
    other = make_park()
    assignment = ReviewAssignment(
        review_id=review.id,
        reviewer_id=make_user(other, email="reviewer@example.cn").id,
        reviewer_organisation_id=other.id,
    )
    db_session.add(assignment)
    db_session.commit()
    return assignment


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_reviewers_register_names_where_each_park_event_happened(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    park = park_world()
    db_session.add_all(
        [_event(park, "储罐区泄漏", park.resident.id), _event(park, "公共管廊泄漏", None)]
    )
    assignment = _reviewer_of(park, db_session)
    auth.login("reviewer@example.cn")
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True)
    register = page.split('id="event-register"', 1)[1].split("</section>", 1)[0]
    assert f'<th scope="col">{WHERE[lang]}</th>' in register
    where = {
        _cell(row, "description long"): _cell(row, "resident long")
        for row in register.split("<tbody>", 1)[1].split("<tr")[1:]
    }
    # each row names its own place: the resident's name, or the park itself
    assert where == {"储罐区泄漏": RESIDENT[lang], "公共管廊泄漏": ITSELF[lang]}


def test_a_companys_register_has_no_resident_column(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    park = park_world()
    park.world.org_a.kind = park.outsider.kind  # a company after all
    db_session.add(_event(park, "储罐区泄漏", None))
    assignment = _reviewer_of(park, db_session)
    auth.login("reviewer@example.cn")
    page = client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True)
    register = page.split('id="event-register"', 1)[1].split("</section>", 1)[0]
    assert "储罐区泄漏" in register
    assert WHERE["zh_CN"] not in register
    assert ITSELF["zh_CN"] not in register


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_audit_log_names_an_events_resident_and_a_deleted_one(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    park = park_signed_in(db_session, auth)
    add_event(client, park, resident=str(park.resident.id))
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "event.add")).one()
    assert f'"resident_id": {park.resident.id}' in (entry.after or "")

    auth.login(SECRETARIAT_EMAIL)
    client.get(f"/lang/{lang}")
    filters = audit_filters(park)
    shown = f"{WHERE[lang]}: {RESIDENT[lang]}"
    assert shown in html.unescape(client.get(f"/audit/?{filters}").get_data(as_text=True))
    assert any(shown in c for c in _exported(client, filters))

    # the resident is deleted since: its name is gone, and so is any bare number
    db_session.delete(park.resident)
    db_session.commit()
    page = html.unescape(client.get(f"/audit/?{filters}").get_data(as_text=True))
    assert f"{WHERE[lang]}: {GONE[lang]}" in page
    assert f"{WHERE[lang]}: #" not in page
    assert any(f"{WHERE[lang]}: {GONE[lang]}" in c for c in _exported(client, filters))
