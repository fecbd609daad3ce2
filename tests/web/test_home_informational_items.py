"""The home page's progress counts number items kept for information as the review does (qa54 6).

"Storage and transport safety 25/25" on the home page, 24 items on the discrepancy map: the
map leaves out a number item with no bands (no level, not scored) and says so. Both now ask
the rubric's item the same question (Item.is_informational), and the home page says it too.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments.completeness import section_progress
from rcapp.rubrics.model import Item, ItemKind, NumberBand, Text
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_organisation, make_user
from tests.real_rubrics import REGISTRY
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture
from tests.web.helpers import page_text

T = Text(zh="项", en="item")
LEVELS = (T, T, T, T, T)


@pytest.mark.parametrize(
    ("item", "informational"),
    [
        (Item(id="A.1", prompt=T, levels=LEVELS), False),
        (Item(id="A.2", kind=ItemKind.YES_NO, prompt=T), False),
        (Item(id="A.3", kind=ItemKind.NUMBER, prompt=T, unit=T, weight=Decimal(0)), True),
        (
            Item(
                id="A.4",
                kind=ItemKind.NUMBER,
                prompt=T,
                unit=T,
                better="higher",
                bands=(NumberBand(value=Decimal(1), level=4),),
            ),
            False,
        ),
    ],
)
def test_an_informational_item_is_a_number_item_without_bands(
    item: Item, informational: bool
) -> None:
    assert item.is_informational is informational


def test_section_progress_counts_the_informational_items_of_the_real_rubric() -> None:
    rubric = REGISTRY.get("rc-company", 2).rubric
    counts = {p.section.id: (p.total, p.informational) for p in section_progress(rubric, {})}
    assert counts["C2"] == (25, 1)
    assert counts["C5"] == (20, 1)
    assert counts["MS"][1] == 0


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", "0/25 （其中 1 项仅供参考、不计分）"),
        ("en", "0/25 (1 for information only, not scored)"),
    ],
)
def test_the_home_progress_says_how_many_are_for_information_only(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,
    lang: str,
    words: str,
) -> None:
    sha = REGISTRY.get("rc-company", 2).sha256
    cycle = make_cycle(year=2025, company_rubric_id="rc-company", company_rubric_version=2)
    organisation = make_organisation()
    user = make_user(organisation, OrgRole.ADMIN)
    make_assessment(
        organisation, cycle, rubric_id="rc-company", rubric_version=2, rubric_sha256=sha
    )
    db_session.commit()
    auth.login(user.email)
    client.get(f"/lang/{lang}")
    page = page_text(client, "/")
    row = next(r for r in page.split("<tr>") if "/sections/C2" in r)
    assert words in " ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split())
    mgmt = next(r for r in page.split("<tr>") if "/sections/MS" in r)
    assert 'class="muted informational"' not in mgmt
