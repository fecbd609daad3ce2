"""English pages mark what users typed in Chinese with lang="zh-CN" (names, reasons, notes).

Found in the language audit: organisation names without an English name, reviewers' reasons
and findings were read by screen readers with the English page's voice.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.i18n import marked_chinese, marked_written
from rcapp.reference_numbers import marked_gloss
from rcapp.reviews import reviewing
from rcapp.reviews.models import FindingKind
from rcapp.web import cited_reference
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_secretariat
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise


def _main(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True).split("<main", 1)[1]


def test_the_filter_marks_chinese_only_on_english_pages_and_escapes(app: Flask) -> None:
    with app.test_request_context(), force_locale("en"):
        assert marked_chinese("甲<b>") == '<span lang="zh-CN">甲&lt;b&gt;</span>'
        assert marked_chinese("Jia Chemicals <b>") == "Jia Chemicals &lt;b&gt;"
        assert marked_chinese(None) == ""
    with app.test_request_context(), force_locale("zh_CN"):
        assert marked_chinese("甲<b>") == "甲&lt;b&gt;"


def test_every_chinese_mark_writes_the_same_tag(app: Flask) -> None:
    """`zh` wrote lang="zh" while `written` and the reference glosses wrote lang="zh-CN"."""
    with app.test_request_context(), force_locale("en"):
        marks = [
            marked_chinese("王工"),
            marked_written("王工"),
            marked_gloss("王工"),
            cited_reference("王工"),
        ]
    assert marks == ['<span lang="zh-CN">王工</span>'] * 4


def test_organisation_pages_mark_chinese_names_and_places(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    company = make_organisation(
        name_zh="无英文名化工有限公司", name_en=None, city="南通市", parent_group="某集团"
    )
    named = make_organisation(name_zh="有英文名化工有限公司", name_en="Named Chemicals Co.")
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")

    listing = _main(client, "/organisations/")
    assert '<span lang="zh-CN">无英文名化工有限公司</span></a>' in listing
    # An English name is the link on English pages, the Chinese one beside it (QA S12).
    assert ">Named Chemicals Co.</a>" in listing
    assert '<span class="muted"><span lang="zh-CN">有英文名化工有限公司</span></span>' in listing
    assert "Jiangsu Nantong" in listing  # the city in pinyin (test_city_in_english)
    detail = _main(client, f"/organisations/{company.id}")
    assert '<h1><span lang="zh-CN">无英文名化工有限公司</span></h1>' in detail
    assert '<dd><span lang="zh-CN">某集团</span></dd>' in detail
    assert "<h1>Named Chemicals Co.</h1>" in _main(client, f"/organisations/{named.id}")
    client.get("/lang/zh_CN")
    assert 'lang="zh-CN"' not in _main(client, "/organisations/")


def test_review_pages_mark_chinese_names_findings_and_reasons(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    first = review.assignments[0]
    reviewing.add_finding(
        first, FindingKind.CORRECTIVE_ACTION, "演练评估报告缺签字", "C1.E1.1", "王工",
        dt.date(2026, 6, 30), first.reviewer,
    )  # fmt: skip
    submit_and_finalise(review, world.lead)
    company = review.assessment.organisation
    company.name_zh, company.name_en = "丙化工有限公司", None
    db_session.commit()
    auth.login(world.members[0].email)
    client.get("/lang/en")
    client.post(f"/reviews/{review.id}/appeal", data={"reason": "证据已补充"})

    final = _main(client, f"/reviews/{review.id}/final")
    assert '<span lang="zh-CN">丙化工有限公司</span></h1>' in final
    assert '<span lang="zh-CN">演练评估报告缺签字</span></h3>' in final
    assert 'Owner: <span lang="zh-CN">王工</span>' in final
    assert '<span lang="zh-CN">证据已补充</span>' in final
    assessments = _main(client, "/assessments/")
    assert '<span lang="zh-CN">丙化工有限公司</span></a></th>' in assessments
    result = _main(client, f"/assessments/{review.assessment.id}/result")
    assert '<span lang="zh-CN">丙化工有限公司</span> ·' in result
