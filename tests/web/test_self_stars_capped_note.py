"""Self stars held by the peer-review gate are explained on the lead's group pages.

The mini rubric's three stars need a peer review: a company whose self result would reach
them shows two, capped. The planning page and the side-by-side comparison say so beside
those stars (a short note, its title the full sentence); after the final review the note
stays, its title saying the cap held before the review (a high self score beside few self
stars needs the reason then too); in a closed year without a review it promises nothing.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.benchmarks.services import compute_benchmarks
from rcapp.cycles.models import CycleStatus
from tests.conftest import AuthActions
from tests.factories import make_final_stars
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise

# One sentence for the note, before and after the final review (QA47 S14).
WORDS = {
    "zh": (
        "（评审前封顶）",
        "自评星级在同行评审前已封顶：更高星级须经同行评审；评审定级后的结果见“最终星级”。",
    ),
    "en": ("(capped before peer review)", "Self-assessed stars are capped before the peer review"),
}
AFTER = {lang: title for lang, (_note, title) in WORDS.items()}
CLOSED = {
    "zh": ("（未经评审，封顶）", "本年度已关闭，未经评审", "未评审"),
    "en": ("(capped: not peer-reviewed)", "the year is closed", "Not reviewed"),
}


def _row(page: str, name: str) -> str:
    # Up to the row's end: the footnotes under the table are not the last row's.
    return next(row.split("</tr>", 1)[0] for row in page.split("<tr>") if name in row)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("url", ["/reviews/groups/{id}", "/benchmarks/groups/{id}"])
def test_capped_self_stars_say_so_before_and_after_the_final_review(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, url: str
) -> None:
    world = make_review_world(5)
    reviews = assign_all(world)
    submit_and_finalise(reviews[0], world.lead)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get(url.format(id=world.group.id)).get_data(as_text=True))
    note, title = WORDS[lang]
    # the group page's list of submitted assessments, not its reviews under way (grouprun)
    page = page.split('id="all"', 1)[-1]
    capped = _row(page, world.companies[1].display_name(lang))
    assert note in capped
    assert title in capped
    reviewed = _row(page, world.companies[0].display_name(lang))
    assert note in reviewed
    assert AFTER[lang] in reviewed


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_closed_year_says_not_reviewed_and_promises_no_review(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    url = f"/benchmarks/groups/{world.group.id}?cycle={world.cycle.id}"
    page = html.unescape(client.get(url).get_data(as_text=True))
    note, title, unreviewed = CLOSED[lang]
    capped = _row(page, world.companies[1].display_name(lang))
    assert note in capped
    assert title in capped
    assert unreviewed in capped
    assert WORDS[lang][0] not in page
    assert WORDS[lang][1] not in page
    assert ("未指派" if lang == "zh" else "Not assigned") not in page


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("url", ["/reviews/groups/{id}", "/benchmarks/groups/{id}"])
def test_a_closed_years_frozen_result_never_reviewed_reads_the_same_on_both_pages(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, url: str
) -> None:
    """qa20 S16: the frozen result of a member never reviewed read "capped before peer
    review" on the comparison, and "Not assigned" on the planning page."""
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    for assessment in world.assessments:  # as closing the year freezes each result
        make_final_stars(assessment, assessment.stars or 0)
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = html.unescape(
        client.get(url.format(id=world.group.id) + f"?cycle={world.cycle.id}").get_data(
            as_text=True
        )
    )
    note, _title, unreviewed = CLOSED[lang]
    # the planning page's table of every submitted assessment (not its to-do lists above)
    table = page.split('aria-labelledby="all"', 1)[-1]
    capped = _row(table, world.companies[1].display_name(lang))
    assert note in capped
    assert unreviewed in capped
    assert WORDS[lang][0] not in page
    assert ("未指派" if lang == "zh" else "Not assigned") not in capped


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_comparison_explains_its_capped_notes_in_sight(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """The side-by-side table's capped note was explained in a title only: a reader without
    a mouse (or a screen reader skipping titles) never saw why. Each kind of note used is
    now written out under the table, as on the review planning page."""
    world = make_review_world(5)
    reviews = assign_all(world)
    submit_and_finalise(reviews[0], world.lead)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
    footnotes = html.unescape(page.split('id="capped-footnotes"', 1)[1].split("</div>", 1)[0])
    note, title = WORDS[lang]
    assert f"* {note} {title}" in footnotes  # the reviewed member's note as well
    assert footnotes.count(note) == 1  # one line for one note (QA47 S14)
    assert '<span aria-hidden="true">*</span>' in _row(page, world.companies[1].display_name(lang))
