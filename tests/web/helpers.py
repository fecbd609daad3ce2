"""Page-level steps the web tests share: a member signed in with a started assessment,
reading a page that must open, uploading evidence, the message shown beside a field."""

from __future__ import annotations

import html
import io
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from rcapp.assessments.models import Assessment, Event
from tests.conftest import AuthActions
from tests.factories import World, fill_complete, make_world, start

# The smallest file the upload checks accept as a PDF (its magic bytes and a trailer).
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def member_with_assessment(
    db_session: Session, auth: AuthActions, *, filled: bool = False
) -> tuple[World, Assessment]:
    """Make the usual world, start organisation A's assessment, commit and sign in user A.

    `filled` answers every item first (`fill_complete`), so the assessment can be submitted.
    """
    world = make_world()
    assessment = start(world)
    if filled:
        fill_complete(assessment, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    return world, assessment


# An accident as the events page's form posts it.
EVENT_FORM = {
    "event_type": "safety_accident",
    "grade": "general",
    "occurred_on": "2025-03-01",
    "fatalities": "0",
    "injuries": "1",
    "description": "储罐区泄漏",
}


def event_added(client: FlaskClient, db_session: Session, assessment_id: int) -> tuple[Event, str]:
    """Post EVENT_FORM to the assessment's events page (it must be saved): the one event
    stored, and the address of its edit form."""
    saved = client.post(f"/assessments/{assessment_id}/events", data=EVENT_FORM)
    assert saved.status_code == 302
    event = db_session.query(Event).one()
    return event, f"/assessments/{assessment_id}/events/{event.id}"


def page_text(client: FlaskClient, url: str) -> str:
    """GET `url`, which must open (200), and return its HTML."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def joined_addresses(page: str) -> str:
    """The page with each address whole again: the audit table lets one break before its @
    and after its domain's dots (`email_addresses.address_markup`), which a reader still
    reads as one word."""
    return page.replace('</span><wbr><span class="addr-part">', "")


def page_words(client: FlaskClient, url: str) -> str:
    """GET `url`, which must open, and return its text as read: no tags, one space between."""
    return words_of(page_text(client, url))


def words_of(page: str) -> str:
    """Return the page's text as read: no tags, one space between."""
    text = re.sub(r"<[^>]+>", " ", joined_addresses(page))
    return " ".join(html.unescape(text).split())


def result_page(client: FlaskClient, assessment_id: int) -> str:
    """The assessment's result page, which must open."""
    return page_text(client, f"/assessments/{assessment_id}/result")


def upload_evidence(
    client: FlaskClient,
    assessment_id: int,
    name: str = "a.pdf",
    content: bytes = PDF,
    *,
    item_id: str = "MS.G1.1",
    follow_redirects: bool = False,
) -> TestResponse:
    """Post one file to the stand-alone evidence upload of `item_id`."""
    return client.post(
        f"/assessments/{assessment_id}/items/{item_id}/evidence",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
        follow_redirects=follow_redirects,
    )


def error_beside(page: str, field_id: str) -> str:
    """The message shown beside the field `field_id` (fails when there is none)."""
    found = re.search(rf'id="{re.escape(field_id)}-error">([^<]*)<', page)
    assert found is not None, f"no message beside {field_id}"
    return found.group(1)


def taken_beside(page: str, field_id: str) -> str:
    """The note beside `field_id` that it now shows a colleague's change (fails without one)."""
    found = re.search(rf'id="{re.escape(field_id)}-taken">([^<]*)<', page)
    assert found is not None, f"no note beside {field_id}"
    return found.group(1)


def finalise_confirmed(
    client: FlaskClient, review_id: int, reason: str = "申诉成立后复核，重新定级"
) -> TestResponse:
    """Open the finalise confirmation page as the lead does, and confirm the rating shown.

    `reason` is typed when the page asks for one (a rating given again after an appeal).
    """
    page = page_text(client, f"/reviews/{review_id}/finalise")
    shown = re.search(r'name="shown" type="hidden" value="([^"]*)"', page)
    assert shown is not None, "no confirmation form"
    data = {"shown": shown.group(1)}
    if 'name="reason"' in page:
        data["reason"] = reason
    return client.post(f"/reviews/{review_id}/finalise", data=data)
