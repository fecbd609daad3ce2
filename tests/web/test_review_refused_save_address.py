"""qa10 S5: a refused per-item save left the browser on the POST's address
(/reviews/assignments/<id>/items/<item>#…), where F5 offered to send the form again. The
refused page names the page's own address (body[data-page-url]) for forms.js to put in its
place; the input typed stays on the page.
"""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world


def _page_url(page: str) -> str | None:
    found = re.search(r'<body[^>]* data-page-url="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else None


def test_a_refused_item_save_names_the_pages_own_address(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world, ReviewKind.DESK)[0]
    first = review.assignments[0]
    db_session.commit()
    auth.login(first.reviewer.email)
    url = f"/reviews/assignments/{first.id}"
    assert _page_url(client.get(url).get_data(as_text=True)) is None  # a GET is its own address
    typed = "证据不全，需补签字页"
    response = client.post(
        f"{url}/items/MS.G1.1",
        data={"d-MS.G1.1-decision": "adjust", "d-MS.G1.1-reason": typed},  # no level: refused
    )
    page = response.get_data(as_text=True)
    assert typed in html.unescape(page)  # the input is kept
    assert _page_url(page) == f"{url}?section=MS#item-MS.G1.1"
    # the language links lead back to the page, not to the address that only takes a POST
    switch = re.search(r'<a href="(/lang/en\?next=[^"]*)"', page)
    assert switch is not None
    target = client.get(html.unescape(switch.group(1))).headers["Location"]
    assert target == f"{url}?section=MS#item-MS.G1.1"
    assert client.get(target).status_code == 200


def test_a_refused_finding_names_the_pages_findings(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world, ReviewKind.DESK)[0]
    first = review.assignments[0]
    db_session.commit()
    auth.login(first.reviewer.email)
    url = f"/reviews/assignments/{first.id}"
    response = client.post(f"{url}/findings?section=MS", data={"kind": "corrective_action"})
    assert _page_url(response.get_data(as_text=True)) == f"{url}?section=MS#findings"
