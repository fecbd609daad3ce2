"""A veto is said in full once among the star conditions, with the bands it affects; the
bands above name it (qa49 #10: the long sentence stood in every band).
"""

from __future__ import annotations

import dataclasses
import html

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.reports.documents import scorecard_pdf
from tests.conftest import AuthActions
from tests.factories import make_world, start
from tests.factories_reviews import FATAL_ACCIDENT
from tests.pdf_tools import pdf_text
from tests.web.helpers import page_text

WORDS = {
    "zh_CN": ("（影响 1–3 星）", "因“较大及以上生产安全事故”一票否决：见 1 星", "该事件在其后"),
    "en": (
        "(affects 1–3 stars)",
        "Vetoed by “Larger or worse production-safety accident”: see 1 star",
        "; it counts for ",
    ),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_veto_sentence_stands_once_with_the_bands_it_affects(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    assessment = start(world)
    event = dataclasses.replace(FATAL_ACCIDENT, occurred_on="2025-03-01")
    services.add_event(assessment, rubric_of(assessment), event, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}?next=/")
    page = html.unescape(page_text(client, f"/assessments/{assessment.id}/result"))
    bands = page[
        page.index('id="bands-title"') : page.index("</section>", page.index('id="bands-title"'))
    ]
    full, short, event_words = WORDS[lang]
    assert bands.count(full) == 1
    assert bands.count(short) == 2  # the 2- and 3-star bands
    assert bands.count(event_words) == 1


def _squeezed(text: str) -> str:
    """The text without white space: the PDF breaks lines inside a sentence (1 星 → 1星)."""
    return "".join(text.split())


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_scorecard_pdf_says_the_veto_once_as_the_result_page(
    app: Flask, db_session: Session, lang: str
) -> None:
    world = make_world()
    assessment = start(world)
    event = dataclasses.replace(FATAL_ACCIDENT, occurred_on="2025-03-01")
    services.add_event(assessment, rubric_of(assessment), event, world.user_a)
    db_session.commit()
    with app.test_request_context(), force_locale(lang):
        pdf = scorecard_pdf(assessment, "en" if lang == "en" else "zh")
        # the star table: from its last column's heading to the next section's
        start_at = _squeezed(gettext("未满足或待判定的条件"))
        end_at = _squeezed(gettext("提升路径"))
    text = _squeezed(pdf_text(pdf))
    table = text[text.index(start_at) : text.index(end_at)]
    full, short, event_words = map(_squeezed, WORDS[lang])
    assert table.count(full) == 1
    assert table.count(short) == 2  # the 2- and 3-star bands
    assert table.count(event_words) == 1
