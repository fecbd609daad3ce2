"""Sorting one table of the lead's comparison page keeps the other's sort and the filter.

The main table's sort links (and its forms) dropped the section tables' sort (ssort/sdir):
sorting the members by a column sent the section tables back to their best-first order.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.benchmarks.services import compute_benchmarks
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world

ASKED = "sort=overall&dir=desc&ssort=name&sdir=asc&stars=2%2B&kpi=OHS-03"


def _queries(part: str, path: str) -> list[dict[str, list[str]]]:
    links = re.findall(r'href="([^"]+)"', part)
    return [parse_qs(urlsplit(html.unescape(u)).query) for u in links if u.startswith(path)]


def test_every_sort_link_and_form_keeps_the_other_tables_sort_and_the_filter(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    path = f"/benchmarks/groups/{world.group.id}"
    page = client.get(f"{path}?{ASKED}").get_data(as_text=True)
    main_head = page.split('<table class="compare">', 1)[1].split("</thead>", 1)[0]
    main_links = _queries(main_head, path)
    assert len(main_links) >= 4  # unit, self score, stars, final stars, the metrics
    for query in main_links:
        assert query["ssort"] == ["name"]
        assert query["sdir"] == ["asc"]
        assert query["stars"] == ["2+"]
        assert query["kpi"] == ["OHS-03"]
    sections = page.split('id="section-standings"', 1)[1]
    section_links = [q for q in _queries(sections, path) if "ssort" in q]
    assert section_links
    for query in section_links:
        assert query["sort"] == ["overall"]
        assert query["dir"] == ["desc"]
        assert query["stars"] == ["2+"]
        assert query["kpi"] == ["OHS-03"]
    # the member links (radar), the phone's sort form, the KPI and filter forms keep it too
    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert all(q["ssort"] == ["name"] for q in _queries(rows, path))
    for form_id in ('id="phone-sort"', "<summary>"):
        form = page.split(form_id, 1)[1].split("</form>", 1)[0]
        assert '<input type="hidden" name="ssort" value="name">' in form
        assert '<input type="hidden" name="sdir" value="asc">' in form
    download = re.search(r'href="([^"]*side-by-side[^"]*)"', page)
    assert download is not None
    query = parse_qs(urlsplit(html.unescape(download.group(1))).query)
    assert (query["sort"], query["ssort"], query["sdir"]) == (["overall"], ["name"], ["asc"])
