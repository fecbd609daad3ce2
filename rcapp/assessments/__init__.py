"""Self-assessments: one organisation's answers for one cycle against a pinned rubric."""

from __future__ import annotations

from typing import Any

from flask import Flask


def register(app: Flask) -> None:
    """Add the assessment pages; answer the cycles' hooks and add to the organisation page."""
    # The view modules add their routes to the one blueprint as they are imported.
    from rcapp.assessments import (
        audit_labels,
        compare_words,
        counted_words,
        final_lowering,
        park_refresh,
        queries,
        rating_words,
        roster,
        services,
    )
    from rcapp.assessments.outside_year import first_year_ahead
    from rcapp.assessments.unstarted_years import unstarted_open_years
    from rcapp.assessments.views import (  # noqa: F401
        backfill,
        benchmark_companies,
        events,
        evidence,
        fragments,
        group_list,
        recognition,
        round,
        sections,
        targets,
        year_doubts,
    )
    from rcapp.assessments.views.blueprint import bp
    from rcapp.assessments.views.dashboard import render_dashboard
    from rcapp.assessments.views.locked import register_locked_page
    from rcapp.assessments.year_marks import year_marks
    from rcapp.audit.labels import (
        set_after_words,
        set_event_type_labels,
        set_kpi_input_labels,
        set_old_vetoes,
        set_owners,
        set_yes_no_items,
    )
    from rcapp.cycles.hooks import CycleResults, set_cycle_results
    from rcapp.home import set_dashboard
    from rcapp.organisations.hooks import ORGANISATION_PAGE, PageSection, add_section

    park_refresh.listen()  # a resident's new rating refreshes its park's stored result
    app.register_blueprint(bp)
    register_locked_page(app)  # a write page of a locked assessment says why (409)
    # The secretariat's round pages (roster, reminders, returns with notes) under /cycles/.
    app.register_blueprint(round.bp)
    set_cycle_results(
        app,
        CycleResults(
            freeze=services.freeze_cycle_results,
            status_counts=queries.status_counts,
            roster=roster.roster,
            freeze_progress=queries.freeze_progress,
            freeze_moved_at=queries.freeze_moved_at,
            roster_counts=roster.status_counts,
            with_progress=roster.with_progress,
        ),
    )

    def _organisation_assessments(organisation: Any) -> dict[str, Any]:
        assessments = queries.assessments_of(organisation)
        rated = queries.rated_stars([a.id for a in assessments])
        return {
            "assessments": assessments,
            "rated": rated,
            "first_year": first_year_ahead(organisation),
            # open years not started: the secretariat's extension link is offered for them too
            "unstarted": unstarted_open_years(organisation, assessments),
            # years under another rubric version than the newest: marked as the years page
            "marks": year_marks(assessments),
            "total_note": compare_words.total_note(),
        }

    set_dashboard(app, render_dashboard)
    # An organisation signed for a year not open yet: its page and home page say from when.
    app.jinja_env.globals["first_year_ahead"] = first_year_ahead
    # Every page words a result without stars as the documents do (macros/ratings.html).
    app.jinja_env.globals["not_rated_text"] = rating_words.not_rated_text
    # a star count that can be 0 reads "未达 1 星", as the star tables' rows (vcnames 3)
    app.jinja_env.globals["star_count_text"] = rating_words.star_count_text
    app.jinja_env.globals["recorded_rating_text"] = rating_words.recorded_rating_text
    app.jinja_env.globals["below_one_star_note"] = rating_words.below_one_star_note
    app.jinja_env.globals["not_rated_why"] = rating_words.not_rated_why
    # A park resident's stars counted towards 三星及以上 (a veto said, not "0 星")
    app.jinja_env.globals["counted_stars_text"] = counted_words.counted_stars_text
    set_kpi_input_labels(app, audit_labels.kpi_labels)
    set_event_type_labels(app, audit_labels.event_type_labels)
    set_yes_no_items(app, audit_labels.yes_no_items)
    set_after_words(app, final_lowering.LOWERED_ACTION, audit_labels.lowered_words)
    set_owners(app, "cycle", audit_labels.cycle_owners)
    set_owners(app, "assessment", audit_labels.assessment_owners)
    set_old_vetoes(app, "assessment", audit_labels.vetoed_without_star)  # older "stars": 0
    add_section(
        app,
        ORGANISATION_PAGE,
        PageSection(
            "assessments",
            "assessments/_organisation_assessments.html",
            _organisation_assessments,
        ),
    )
