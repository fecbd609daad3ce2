"""The audit log words a result without stars as the pages do (qa55 #1).

A veto that takes every star is 未评定（一票否决）, a result with unmet prerequisites 未评定:
the page and its export said "星级: 0" for both, as for a plain 0-star result.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.audit import services as audit
from tests.audit_export import export_audit
from tests.conftest import AuthActions
from tests.factories import make_world
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise
from tests.web.test_vetoed_not_rated_on_pages import _vetoed

SAID = {
    "zh": ("星级: 未评定（一票否决）", "星级: 未评定", "星级: 0"),
    "en": ("Star rating: Not rated (veto)", "Star rating: Not rated", "Star rating: 0"),
}


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_vetoed_result_is_not_rated_in_the_audit_log_and_its_export(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, assessment = _vetoed(db_session)
    services.return_assessment(assessment, "请补充事故说明", world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    veto, _not_rated, zero = SAID[lang]
    url = f"/audit/?entity=assessment&entity_id={assessment.id}"
    page = _text(client.get(url).get_data(as_text=True))
    assert page.count(veto) == 2  # the submission's after, the return's before
    assert zero not in page
    book = export_audit(client, {"entity": "assessment", "entity_id": str(assessment.id)})
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row]
    assert sum(veto in cell for cell in cells) == 2
    assert not any(zero in cell for cell in cells)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_older_entries_are_worded_as_far_as_their_values_tell(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """A recompute stored "rated": false (not rated); a plain 0 stays 0 (it may be 0 星)."""
    world = make_world()
    before = {"stars": 0, "rated": False, "overall_score": "40.1"}
    audit.record(world.secretariat, "assessment", 9001, "result.recompute", before=before)
    audit.record(world.secretariat, "assessment", 9002, "submit", after={"stars": 0})
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    _veto, not_rated, zero = SAID[lang]
    first = _text(client.get("/audit/?entity=assessment&entity_id=9001").get_data(as_text=True))
    assert f"{not_rated}\n" in first
    assert zero not in first
    second = _text(client.get("/audit/?entity=assessment&entity_id=9002").get_data(as_text=True))
    assert f"{zero}\n" in second


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_older_entries_of_a_veto_read_as_the_veto_the_kept_results_show(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """Logged before "veto" was stored: a bare 0 whose kept results a veto left starless.

    The assessment's own entries, its history page and its review's entries read the veto,
    as the new entries do, in the page and the export; the log itself is not rewritten.
    """
    world = make_review_world(5, vetoed=(0,))
    review = assign_all(world)[0]
    submit_and_finalise(review, world.lead)
    assessment = review.assessment
    older = {"status": "submitted", "overall_score": "80.0", "stars": 0}
    audit.record(world.lead, "assessment", assessment.id, "submit", after=older)
    audit.record(world.lead, "review", review.id, "review.finalise", after={"stars": 0})
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    veto, _not_rated, zero = SAID[lang]

    pages = [
        f"/audit/?entity=assessment&entity_id={assessment.id}",
        f"/audit/?entity=review&entity_id={review.id}",
        f"/assessments/{assessment.id}/history",
    ]
    for url in pages:
        page = _text(client.get(url).get_data(as_text=True))
        assert f"{veto}\n" in page, url
        assert f"{zero}\n" not in page, url
    for entity, entity_id in (("assessment", assessment.id), ("review", review.id)):
        book = export_audit(client, {"entity": entity, "entity_id": str(entity_id)})
        cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row]
        assert any(veto in cell for cell in cells), entity
        assert not any(f"{zero}\n" in f"{cell}\n" for cell in cells), entity
