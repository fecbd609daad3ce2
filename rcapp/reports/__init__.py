"""Reports: Excel workbooks, PDF scorecards and the annual report, built from plain data."""

from __future__ import annotations

from pathlib import Path

from flask import Flask


def register(app: Flask) -> None:
    """Attach the report pages (the CLI commands are attached by rcapp.cli)."""
    # Importing the view modules attaches their routes; importing tasks registers the
    # report task with the queue, so the worker (which builds this app) knows it.
    from rcapp.audit.labels import set_item_titles
    from rcapp.cycles.guide_hooks import add_guide_figures
    from rcapp.home import add_home_panel
    from rcapp.organisations.queries import working_groups
    from rcapp.reports import (  # noqa: F401
        audit_views,
        compare_views,
        edition_stamp,
        edition_views,
        guide_figures,
        history_views,
        home_panel,
        import_views,
        job_views,
        list_views,
        reader_views,
        recompute_views,
        residents_views,
        scorecard_views,
        tasks,
        views,
        years_views,
    )
    from rcapp.reports.attention import KeptCount, jobs_needing_attention
    from rcapp.reports.audit_items import item_titles
    from rcapp.reports.audit_scopes import register_scopes
    from rcapp.reports.blank_offer import blank_template_offer
    from rcapp.reports.blueprint import bp
    from rcapp.reports.editions import editions_of, produced_files
    from rcapp.reports.job_words import stamp_failure_words
    from rcapp.reports.star_words import not_rated_words, result_type, stars_of_record
    from rcapp.web import NAV_ATTENTION_KEY

    # Documents word stars and result types as the workbooks do (star_words).
    app.jinja_env.globals.update(
        stars_of_record=stars_of_record, not_rated_words=not_rated_words, result_type=result_type
    )

    # The home page offers an organisation with no assessment yet its blank template.
    app.jinja_env.globals["blank_template_offer"] = blank_template_offer
    add_home_panel(app, home_panel.render_panel)  # members: the annual report just published
    # The year page lists its published editions; the reopen page names what it makes out of
    # date (cycles cannot import reports).
    app.jinja_env.globals.update(year_editions=editions_of, year_produced_files=produced_files)
    # The secretariat's guide to the year counts them (cycles.guide_hooks).
    add_guide_figures(app, guide_figures.report_figures)
    # the scorecards ZIP's batch form offers a working group (scorecard_scope)
    app.jinja_env.globals.update(scorecard_groups=working_groups)
    # Why an edition's stamp failed (its kind and error number), in sentences.
    app.jinja_env.globals["stamp_failure_words"] = stamp_failure_words
    # Beside the instance's own upload folder, not in the code's instance folder, which
    # every instance run from the same checkout shares (qa64 M2).
    app.config.setdefault("REPORTS_DIR", str(Path(app.config["UPLOAD_DIR"]).parent / "reports"))
    app.config.setdefault("REPORT_KEEP_DAYS", 7)
    app.register_blueprint(bp)
    # Each self-assessment's history (its overview and result pages link it).
    app.register_blueprint(history_views.bp)
    # The audit page's organisation and year filters (audit_scopes).
    register_scopes()
    set_item_titles(app, item_titles)
    app.jinja_env.globals["history_url"] = history_views.history_url
    # The count on the secretariat's 后台任务 link (web.nav_attention), kept a few seconds.
    app.config.setdefault("NAV_ATTENTION_SECONDS", 15)
    app.extensions[NAV_ATTENTION_KEY] = KeptCount(
        jobs_needing_attention, float(app.config["NAV_ATTENTION_SECONDS"])
    )
