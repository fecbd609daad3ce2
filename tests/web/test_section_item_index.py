"""A section page's index of its items and the folds of answered ones (phonefix 3).

The page says how many items are answered, links to the next one unanswered and lists every
item with its state; an answered item is wrapped in a fold (open in the markup: closed on a
phone by phone-folds.js), its fields inside it and sent with the form as before.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from tests.conftest import AuthActions
from tests.factories import make_world, start

COUNT = {"zh_CN": "已作答 1 / {n} 项", "en": "1 of {n} items answered"}
NEXT = {"zh_CN": "下一个未答项：{id}", "en": "Next unanswered item: {id}"}


def _fold_of(page: str, item_id: str) -> str | None:
    found = re.search(
        r'<details class="item-fold" open data-phone-fold>(?:(?!</details>).)*?id="item-'
        + re.escape(item_id)
        + '"',
        page,
        re.S,
    )
    return None if found is None else found.group(0)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_index_counts_links_the_next_unanswered_and_folds_answered_items(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    section = rubric.sections[1]
    items = [item for element in section.elements for item in element.items]
    first, second = items[0], items[1]
    answer = ItemInput(level="1") if first.kind.value != "number" else ItemInput(value="1")
    result = services.save_section(assessment, rubric, section.id, {first.id: answer}, world.user_a)
    assert result.ok, result.problems
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}?next=/")
    page = client.get(f"/assessments/{assessment.id}/sections/{section.id}").get_data(as_text=True)
    assert COUNT[lang].format(n=len(items)) in page
    assert f'<a href="#item-{second.id}" class="next-unanswered"' in page
    assert NEXT[lang].format(id=second.id) in page
    assert f'<a href="#item-{first.id}" class="is-answered">' in page
    assert f'<a href="#item-{second.id}" class="is-open">' in page
    fold = _fold_of(page, first.id)
    assert fold is not None  # the answered item, folded on a phone
    assert _fold_of(page, second.id) is None  # the unanswered one stays as it was
    assert f'name="{first.id}__version"' in page  # its fields still in the form
    assert "phone-folds.js" in page
