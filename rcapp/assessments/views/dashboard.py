"""The home page of a logged-in user: each role's to-do list (see home_todo.py).

`rcapp.home` owns the "/" route but knows no domain; the assessments package hands it this
renderer when it registers.
"""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from rcapp.assessments import home_todo
from rcapp.assessments.outside_year import outside_year_reason
from rcapp.assessments.queries import assessments_of, newest_cycle, rated_stars
from rcapp.assessments.setup_steps import setup_steps
from rcapp.assessments.views import advice_words
from rcapp.clock import beijing_today
from rcapp.i18n import current_lang


def render_dashboard() -> str:
    today, lang = beijing_today(), current_lang()
    return render_template(
        "home/dashboard.html",
        today=today,
        lang=lang,
        own=home_todo.own_todos(current_user, today, lang),
        closed_unfinished=home_todo.closed_unfinished(current_user),
        groups=home_todo.group_panels(current_user, today),
        parks=home_todo.park_panels(current_user, today),
        park_results=home_todo.park_results(current_user),
        secretariat=home_todo.secretariat_rows(today) if current_user.is_secretariat else [],
        newest_cycle=newest_cycle() if current_user.is_secretariat else None,
        setup=setup_steps() if current_user.is_secretariat else None,
        closed=_closed_results(lang),
        is_submitted=home_todo.is_submitted,
        outside_year_reason=outside_year_reason,
        own_conditions=advice_words.own_conditions,
        veto_words=advice_words.veto_words,
        veto_headline=advice_words.veto_headline,
    )


def _closed_results(lang: str) -> list[tuple[str, int, int | None, bool, int]]:
    """(organisation name, year, stars, vetoed, assessment id) of every own published result.

    Each closed year's, newest first, an organisation after another: a history, not only
    the last year (qa71 p11). Stars are None when the result is not rated; `vetoed` says a
    veto took every star.
    """
    latest = [
        (membership.organisation, assessment)
        for membership in current_user.memberships
        for assessment in assessments_of(membership.organisation)
        if assessment.cycle.is_closed and home_todo.is_submitted(assessment)
    ]
    # the stars the result page shows: the frozen result (final where peer reviewed)
    rated = rated_stars([assessment.id for _org, assessment in latest])
    found = []
    for organisation, assessment in latest:
        kept = rated.get(assessment.id)
        vetoed = kept is not None and kept.vetoed
        stars = assessment.stars if kept is None else kept.stars
        if kept is not None and (not kept.rated or vetoed):
            stars = None
        name = organisation.display_name(lang)
        found.append((name, assessment.cycle.year, stars, vetoed, assessment.id))
    return found
