"""Self-assessments: one organisation's answers for one cycle against a pinned rubric."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add the assessment pages; answer the cycles' hooks and add to the organisation page."""
    # The three view modules add their routes to the one blueprint as they are imported.
    from rcapp.assessments import queries, services
    from rcapp.assessments.views import events, evidence  # noqa: F401
    from rcapp.assessments.views.blueprint import bp
    from rcapp.cycles.hooks import CycleResults, set_cycle_results
    from rcapp.organisations.hooks import ORGANISATION_PAGE, PageSection, add_section

    app.register_blueprint(bp)
    set_cycle_results(
        app,
        CycleResults(freeze=services.freeze_cycle_results, status_counts=queries.status_counts),
    )
    add_section(
        app,
        ORGANISATION_PAGE,
        PageSection(
            "assessments",
            "assessments/_organisation_assessments.html",
            lambda organisation: {"assessments": queries.assessments_of(organisation)},
        ),
    )
