"""The members' table sorts on a phone too: a form with the headers' sort keys (no JavaScript).

On a phone the table is a card a member and its sort headers are out of sight, so it
could not be sorted; the form's choices are the same keys, sent in the query string.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.benchmarks.services import compute_benchmarks
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world


def _form(page: str) -> str:
    return page.split('id="phone-sort"', 1)[1].split("</form>", 1)[0]


def _names(page: str) -> list[str]:
    """The members' names in the table's order (each row's radar link)."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'#radar">([^<]+)</a>', body)


@pytest.mark.parametrize(("lang", "label"), [("zh", "排序依据"), ("en", "Sort by")])
def test_the_phone_form_offers_the_headers_sort_keys_and_sorts_by_query_string(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, label: str
) -> None:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    url = f"/benchmarks/groups/{world.group.id}?cycle={world.cycle.id}"
    page = client.get(url).get_data(as_text=True)
    form = _form(page)
    assert label in form
    headers = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    header_keys = list(dict.fromkeys(re.findall(r'(?<!s)sort=([^&"]+)', headers)))
    offered = re.findall(r'<option value="([^"]+)"', form.split('name="dir"', 1)[0])
    assert offered == header_keys
    assert len(offered) > 4  # the fixed columns and the metrics shown
    assert f'name="cycle" value="{world.cycle.id}"' in form

    # What the form sends (sort=name, dir=desc) sorts the cards, and is selected again.
    ascending = _names(page)
    descending = client.get(f"{url}&sort=name&dir=desc").get_data(as_text=True)
    assert _names(descending) == ascending[::-1]
    assert '<option value="name" selected>' in _form(descending)
    assert '<option value="desc" selected>' in _form(descending)
