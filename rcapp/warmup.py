"""Do at server start what the first requests would otherwise pay for (docs/performance.md).

A fresh process parses every rubric version on its first page that names one (about 1 s
of YAML per file), compiles each template on its first use, reads the language
catalogues, configures the SQLAlchemy mappers, compiles each model's first statement,
builds the cycle queries' table of blank characters (a walk over all of Unicode) and
imports WeasyPrint on the first PDF; and the first full garbage collection walks all of
that, inside a request. `warm_up` does all of that once (then freezes it for the
collector), when an app is made for serving: wsgi.py (gunicorn) and `rcapp run` call it;
tests and the other commands do not, so they start as before.

Nothing here opens a database connection, so the work can be done in a gunicorn master
before it forks its workers (`--preload`); `dispose_engine_after_fork` makes sure no
worker inherits a pooled connection all the same. A step that fails (a broken install,
say) is logged and skipped: the warm-up never stops a server from starting, and the page
that needs what it could not load pays for it as before.
"""

from __future__ import annotations

import gc
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask

from rcapp.db import ENGINE_KEY

logger = logging.getLogger(__name__)


@dataclass
class WarmUp:
    """What `warm_up` loaded, and how long each step took (seconds)."""

    rubrics: list[tuple[str, int]] = field(default_factory=list)
    crosswalks: int = 0
    templates: list[str] = field(default_factory=list)
    catalogues: list[str] = field(default_factory=list)
    statements: int = 0
    failed: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        steps = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.timings.items())
        failed = f"; failed: {', '.join(self.failed)}" if self.failed else ""
        return (
            f"warmed up: {len(self.rubrics)} rubric versions, {self.crosswalks} crosswalks, "
            f"{len(self.templates)} templates, catalogues {'/'.join(self.catalogues)}, "
            f"{self.statements} statements ({steps}){failed}"
        )


def warm_up(app: Flask, *, pdf: bool = True) -> WarmUp:
    """Load the rubrics, templates, catalogues, mappers (and WeasyPrint) into this process.

    A rubric file that does not load is left for the page that needs it to report (as
    before); `rcapp rubrics check` is where a broken file is found.
    """
    done = WarmUp()
    with app.app_context():
        _timed(done, "rubrics", lambda: _rubrics(done))
        _timed(done, "templates", lambda: _templates(app, done))
        _timed(done, "catalogues", lambda: _catalogues(app, done))
        _timed(done, "mappers", _mappers)
        _timed(done, "statements", lambda: _statements(app, done))
        _timed(done, "blank characters", _blank_characters)
        if pdf:
            _timed(done, "weasyprint", _weasyprint)
    _timed(done, "freeze", _freeze)
    return done


def dispose_engine_after_fork(app: Flask) -> None:
    """In a forked child (a gunicorn worker), drop the pool's inherited connections.

    `close=False` leaves the parent's connections to the parent (SQLAlchemy's advice for
    multiprocessing); the child opens its own on first use. The other connections are not
    inherited open: the task queue's SQLite file is closed again once Huey has made its
    tables, and redis clients (queue, login counts) reconnect in a new process by themselves.
    """
    engine = app.extensions[ENGINE_KEY]
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))


def _timed(done: WarmUp, name: str, step: Callable[[], object]) -> None:
    started = time.perf_counter()
    try:
        step()
    except Exception:  # noqa: BLE001 - a warm-up step never stops the server from starting
        logger.exception("warm-up step %r failed; the first page that needs it pays instead", name)
        done.failed.append(name)
    done.timings[name] = time.perf_counter() - started


def _freeze() -> None:
    """Keep what the warm-up loaded out of the garbage collector's full collections.

    Some 230,000 objects (rubrics, templates, catalogues, mappers) live as long as the
    process. The first full collection walked them all, inside whichever request allocated
    enough to trigger it: the KPI page, on its first load (0.8-1.1 s of a 1.2-1.7 s page,
    docs/performance.md). Frozen, a collection walks only what requests made since; before a
    fork (gunicorn --preload) it also leaves the shared pages unwritten.
    """
    gc.collect()
    gc.freeze()


def _rubrics(done: WarmUp) -> None:
    from rcapp.rubrics.app_crosswalks import app_crosswalks
    from rcapp.rubrics.app_registry import app_registry
    from rcapp.rubrics.loader import RubricError

    registry = app_registry()
    for rubric_id, version in registry.versions():
        try:
            registry.get(rubric_id, version)
        except RubricError:
            continue
        done.rubrics.append((rubric_id, version))
    done.crosswalks = len(app_crosswalks())


def _templates(app: Flask, done: WarmUp) -> None:
    environment = app.jinja_env
    for name in environment.list_templates():
        environment.get_template(name)
        done.templates.append(name)


def _catalogues(app: Flask, done: WarmUp) -> None:
    from flask_babel import force_locale, get_translations

    for language in app.config["LANGUAGES"]:
        with app.test_request_context(), force_locale(language):
            get_translations()
        done.catalogues.append(language)


def _mappers() -> None:
    from sqlalchemy.orm import configure_mappers

    import rcapp.all_models  # noqa: F401 - every mapper must be known before configuring

    configure_mappers()


def _statements(app: Flask, done: WarmUp) -> None:
    """Compile `SELECT <model>` for every mapped class in the app's SQL dialect.

    No connection is opened: compiling alone fills what SQLAlchemy computes once per table
    and mapper (column collections, labels, loaders), which a fresh process otherwise pays
    inside the first few queries of every page (docs/performance.md).
    """
    from sqlalchemy import select

    from rcapp.db import Base

    dialect = app.extensions[ENGINE_KEY].dialect
    for mapper in Base.registry.mappers:
        select(mapper.class_).compile(dialect=dialect)
        done.statements += 1


def _blank_characters() -> None:
    from rcapp.assessments.cycle_queries import blank_chars

    blank_chars()


def _weasyprint() -> None:
    import weasyprint  # noqa: F401 - loading Pango and its fonts' libraries takes seconds
