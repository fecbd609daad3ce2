"""Peer review of submitted assessments: assignment, item decisions, settlement, final rating.

Also the pages that show benchmarks next to review results (`benchmark_views`).
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add the review pages; tell assessments how each was reviewed, accounts what to re-check."""
    from rcapp.accounts.hooks import MembershipWatcher, set_membership_watcher
    from rcapp.assessments.recompute import set_final_rescorer
    from rcapp.assessments.review_hook import (
        set_final_outcome_reader,
        set_final_review_reader,
        set_review_context_reader,
        set_review_reader,
        set_review_states_reader,
        set_review_underway_column,
        set_review_underway_reader,
    )
    from rcapp.audit.labels import set_old_vetoes, set_owners
    from rcapp.cycles.guide_hooks import add_guide_figures
    from rcapp.cycles.hooks import (
        CloseNotice,
        add_close_notice,
        add_reopen_action,
        add_reopen_notice,
    )
    from rcapp.home import add_home_panel
    from rcapp.mail.tasks import deliver_outbox
    from rcapp.organisations.hooks import (
        GROUP_PAGE,
        ORGANISATION_PAGE,
        PageSection,
        add_section,
        set_running_reviews,
    )
    from rcapp.reviews import (
        audit_labels,
        benchmark_views,
        close_notice,
        declared_closed_year,
        group_figures,
        guide_figures,
        home_panel,
        park_residents,
        queries,
        reading,
        rechecks,
        recompute,
        result_link,
        running_groups,
        site_contact,
        states,
        stats_refresh,  # noqa: F401 - imported for its route and template global on bp
        underway,
        views,
        year_appeals,
        year_figures,
        years_link,
    )
    from rcapp.reviews.group_work import group_work

    app.register_blueprint(views.bp)
    app.add_template_global(year_figures.year_figures, "year_figures")  # the year page's
    # ... and its table of each working group's reviews (qa87 1)
    app.add_template_global(group_figures.group_review_figures, "group_review_figures")
    # ... and its appeals not decided yet, as the guide to the year counts them too
    app.add_template_global(year_appeals.open_appeal_count, "open_appeal_count")
    # The secretariat's guide to the year shows the same figures (cycles.guide_hooks).
    add_guide_figures(app, guide_figures.review_figures)
    set_owners(app, "review", audit_labels.review_owners)  # "华彩 2025 年度同行评审" in the log
    set_old_vetoes(app, "review", audit_labels.vetoed_reviews)  # older "stars": 0 of a veto
    add_home_panel(app, home_panel.render_panel)  # a reviewer's open assignments, when due
    add_home_panel(app, home_panel.render_lead_panel)  # what waits for a lead or deputy
    add_home_panel(app, home_panel.render_appeals_panel)  # the secretariat's open appeals
    add_home_panel(app, home_panel.render_company_panel)  # the organisation's actions, appeals
    add_home_panel(app, site_contact.render_reminder_panel)  # on site: the contact to fill in
    app.register_blueprint(benchmark_views.bp)
    # "与往年比较": a result, its review outcome and the home card link the years page
    app.add_template_global(years_link.years_url, "years_url")
    add_guide_figures(app, guide_figures.benchmark_figures)  # the guide's benchmarks step
    # the counted rating's year, as the residents page and its documents say it
    app.add_template_global(park_residents.counted_year_note, "counted_year_note")
    set_review_context_reader(app, queries.review_context)
    set_final_review_reader(app, result_link.final_review_for)  # the result page's link
    set_final_outcome_reader(app, result_link.final_outcome_for)  # the home card's
    set_review_underway_reader(app, underway.review_underway)  # the return page warns
    set_review_reader(app, reading.review_reading)  # a result's pages: re-review, underway, link
    set_review_states_reader(app, states.review_states)  # the year list's review filter
    set_review_underway_column(app, underway.underway_column)  # kept pages' lock notice
    # Recomputing a final result (an open year's recomputation, the close) reads the review.
    set_final_rescorer(app, recompute.rescore_final)
    # The year's close page lists the reviews not finalised and the appeals not decided.
    add_close_notice(
        app,
        CloseNotice(
            "reviews/_cycle_close.html", close_notice.close_notice, close_notice.unconfirmed
        ),
    )
    # The reopen page names the appeals waiting: upholding one needs the year open.
    add_reopen_notice(app, CloseNotice("reviews/_cycle_reopen.html", close_notice.reopen_notice))
    # A conflict declared after submitting while the year was closed takes effect now.
    add_reopen_action(app, declared_closed_year.hold_declared_on_reopen)
    # An open assignment in conflict in a closed year can be withdrawn now: the lead is told.
    add_reopen_action(app, rechecks.retell_on_reopen)
    # A reviewer who joins or leaves an organisation may now be in conflict (rechecks.py).
    set_membership_watcher(app, MembershipWatcher(rechecks.after_membership_change, deliver_outbox))
    add_section(
        app,
        ORGANISATION_PAGE,
        PageSection("reviews", "reviews/_organisation_reviews.html", queries.final_results),
    )
    # The group page links its lead to the group's work pages (qa72 m7).
    add_section(app, GROUP_PAGE, PageSection("work", "reviews/_group_work.html", group_work))
    # The edit form asks before a save takes a member out of a group running its review.
    set_running_reviews(app, running_groups.running_reviews)
