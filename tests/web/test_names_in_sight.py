"""What was only a bare number or a tooltip now has a name or a note in sight (QA39 S4, S6, S10).

S4: the year page's counts were links named "6", "2", "0" (three times "0"): a screen reader's
links list could not tell them apart. Each now says what it counts ("6 家未开始").
S6: that logging out ends the session on all devices, and what "（评审前封顶）" means, were
only in title tooltips, out of reach for keyboard, touch and most screen-reader users.
S10: self-assessed stars showed only ★ marks; the number is now shown beside them.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world


def _count_links(page: str) -> list[tuple[str, str]]:
    """(aria-label, text) of every link whose text is a bare number."""
    link = r'<a href="[^"]*" data-count="\d+"(?: aria-label="([^"]*)")?>(\d+)</a>'
    return [(label, text) for label, text in re.findall(link, page)]


def test_the_year_pages_count_links_say_what_they_count(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    links = _count_links(page)
    assert len(links) >= 10
    for label, text in links:
        assert label.startswith(text) or f"：{text} " in label, (label, text)
    labels = [label for label, _ in links]
    assert len(set(labels)) == len(labels)  # no two links named alike
    assert "0 家未开始" in labels
    assert any(re.fullmatch(r"\d 星：\d+ 份", label) for label in labels), labels

    client.get("/lang/en")
    page = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    labels = [label for label, _ in _count_links(page)]
    assert "0 not started" in labels, labels
    assert any(re.fullmatch(r"\d-star: \d+", label) for label in labels), labels


def test_logout_and_capped_stars_are_explained_in_sight(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.lead.email)
    page = client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True)
    # in sight (qa44 S6)
    assert '>退出<span class="logout-scope">（所有设备）</span></button>' in page
    assert '<span class="help capped"' in page  # the demo's self stars are capped
    footnotes = page.split('id="capped-footnotes"', 1)[1].split("</div>", 1)[0]
    assert "* （评审前封顶） 自评星级在同行评审前已封顶：更高星级须经同行评审" in footnotes
    assert re.search(r'</span> <span class="stars-num">\d 星</span>', page)  # S10

    client.get("/lang/en")
    page = client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True)
    assert '>Log out<span class="logout-scope"> (all devices)</span></button>' in page
    assert re.search(r'</span> <span class="stars-num">\d stars?</span>', page)
