"""Accessibility of the markup, found by crawling every role's pages with axe and by hand.

Each test names the page and what a screen-reader or keyboard user met there.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_secretariat
from tests.factories_reviews import make_review_world


def _page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_every_page_loads_the_form_helpers_once(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # The user form, like every form outside the assessment pages, left focus at the top of
    # the page after a refused save: the script that moves it to the first error was only
    # on the assessment pages. It is now in the layout, once per page.
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    refused = client.post("/admin/users/new", data={})
    assert refused.status_code == 200
    assert refused.get_data(as_text=True).count("js/forms.js") == 1
    assert _page(client, "/").count("js/forms.js") == 1


def test_a_wide_table_scrolls_in_a_group_not_a_second_landmark_named_like_its_section(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # axe (landmark-unique) on the result, home, review and group pages: the table's
    # scrolling box was a region landmark named by its section's heading, so each section
    # was listed twice under the same name in a screen reader's landmarks.
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.members[0].email)
    page = _page(client, f"/assessments/{world.assessments[0].id}/result")
    assert 'class="table-scroll" tabindex="0" role="group" aria-labelledby="sections-title"' in (
        page
    )
    assert 'class="table-scroll" tabindex="0" role="region"' not in page
