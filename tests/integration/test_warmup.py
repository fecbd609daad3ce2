"""The warm-up at server start (rcapp/warmup.py) loads what it says, and only when serving.

Each check takes the source away after the warm-up (the rubric parser, the template loader,
the catalogue reader): what still works was loaded by the warm-up. Nothing here is timed.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import click.testing
import pytest
from babel.support import Translations
from flask import Flask
from flask.cli import ScriptInfo
from flask_babel import force_locale, get_translations

from rcapp import create_app
from rcapp.assessments.cycle_queries import blank_chars
from rcapp.cli import main
from rcapp.db import ENGINE_KEY, Base
from rcapp.rubrics import registry as registry_module
from rcapp.rubrics.app_registry import app_registry
from rcapp.warmup import WarmUp, dispose_engine_after_fork, warm_up

PROJECT_RUBRICS = Path(__file__).resolve().parents[2] / "rubrics"


def _new_app(folder: Path) -> Flask:
    """A new app, as gunicorn or `rcapp run` makes it (on the project's own rubrics)."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "warm-up",
            "DATABASE_URL": f"sqlite:///{folder / 'warm.sqlite3'}",
            "RUBRICS_DIR": str(PROJECT_RUBRICS),
            "UPLOAD_DIR": str(folder / "uploads"),
        }
    )


@pytest.fixture
def fresh_app(tmp_path: Path) -> Iterator[Flask]:
    app = _new_app(tmp_path)
    yield app
    app.extensions[ENGINE_KEY].dispose()


@pytest.fixture(scope="module")
def warmed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One app warmed up for the module (each check below puts back what it takes away)."""
    app = _new_app(tmp_path_factory.mktemp("warm"))
    yield app
    app.extensions[ENGINE_KEY].dispose()


@pytest.fixture(scope="module")
def warmed(warmed_app: Flask) -> Iterator[WarmUp]:
    yield warm_up(warmed_app, pdf=False)
    gc.unfreeze()  # the rest of the test run collects as before


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    """A warm-up freezes the objects it finds (step "freeze"); the next tests start unfrozen."""
    yield
    gc.unfreeze()


def test_what_the_warm_up_loaded_is_frozen_for_the_collector(
    fresh_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    # QA34 S18: the first full collection walked the ~230,000 warmed objects inside the first
    # KPI page (0.8-1.1 s); frozen, a collection walks only what requests make.
    _quick(monkeypatch)
    gc.unfreeze()
    done = warm_up(fresh_app, pdf=False)
    assert "freeze" in done.timings
    assert "freeze" not in done.failed
    assert gc.get_freeze_count() > 10_000


def _parse_refused(*_args: Any) -> Any:
    raise AssertionError("parsed again: the warm-up did not keep it")


def test_creating_an_app_warms_nothing_up(fresh_app: Flask) -> None:
    # Tests make many apps: only the serving entry points pay for the warm-up.
    assert "rcapp.rubric_registry" not in fresh_app.extensions
    assert fresh_app.jinja_env.cache is not None
    assert len(fresh_app.jinja_env.cache) == 0


def test_every_rubric_version_is_parsed_once_and_kept(
    warmed_app: Flask, warmed: WarmUp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry_module, "load_rubric_bytes", _parse_refused)
    with warmed_app.app_context():
        registry = app_registry()
        versions = registry.versions()
        assert ("rc-company", 2) in versions
        assert ("rc-park", 2) in versions
        assert warmed.rubrics == versions
        for rubric_id, version in versions:
            assert registry.get(rubric_id, version).rubric.version == version
    assert warmed.crosswalks == len(list((PROJECT_RUBRICS / "crosswalks").glob("*.yaml")))


def test_every_template_is_compiled_and_kept(
    warmed_app: Flask, warmed: WarmUp, monkeypatch: pytest.MonkeyPatch
) -> None:
    environment = warmed_app.jinja_env
    names = environment.list_templates()
    assert "base.html" in names
    assert "cycles/index.html" in names
    assert warmed.templates == names
    assert environment.loader is not None
    monkeypatch.setattr(environment.loader, "get_source", _parse_refused)
    for name in names:
        assert environment.get_template(name).name == name


def test_both_catalogues_are_read_and_kept(
    warmed_app: Flask, warmed: WarmUp, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert warmed.catalogues == ["zh_CN", "en"]
    monkeypatch.setattr(Translations, "load", _parse_refused)
    with warmed_app.test_request_context(), force_locale("en"):
        assert get_translations().gettext("登录") == "Log in"


def test_every_mapper_is_configured(warmed: WarmUp) -> None:
    assert warmed.timings.keys() >= {"rubrics", "templates", "catalogues", "mappers"}
    assert all(mapper.configured for mapper in Base.registry.mappers)


def test_each_model_has_a_compiled_statement(warmed: WarmUp) -> None:
    assert warmed.statements == len(Base.registry.mappers) > 20
    assert "statements" in warmed.timings
    assert warmed.failed == []


def _quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave out the slow steps checked above (rubrics, templates) for the checks below."""
    monkeypatch.setattr("rcapp.warmup._rubrics", lambda done: None)
    monkeypatch.setattr("rcapp.warmup._templates", lambda app, done: None)


def test_the_blank_characters_are_built_before_the_first_page(
    fresh_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A walk over all of Unicode (0.1-0.2 s): the cycle pages' first request paid it.
    _quick(monkeypatch)
    blank_chars.cache_clear()
    warm_up(fresh_app, pdf=False)
    assert blank_chars.cache_info().currsize == 1
    assert set(" \u3000\n") <= set(blank_chars())


def test_a_failing_step_is_logged_and_the_others_still_run(
    fresh_app: Flask, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _quick(monkeypatch)

    def broken() -> None:
        raise OSError("no such file")

    monkeypatch.setattr("rcapp.warmup._blank_characters", broken)
    done = warm_up(fresh_app, pdf=False)
    assert done.failed == ["blank characters"]
    assert done.catalogues == ["zh_CN", "en"]
    assert "failed: blank characters" in done.summary()
    assert "'blank characters' failed" in caplog.text
    assert "no such file" in caplog.text


def test_an_unreachable_database_does_not_stop_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing listens on port 9: the warm-up opens no connection, so it neither waits nor fails.
    _quick(monkeypatch)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "warm-up",
            "DATABASE_URL": "postgresql+psycopg://rcapp:rcapp@127.0.0.1:9/nowhere",
            "RUBRICS_DIR": str(PROJECT_RUBRICS),
            "UPLOAD_DIR": str(tmp_path / "uploads"),
        }
    )
    done = warm_up(app, pdf=False)
    assert done.failed == []
    assert done.statements == len(Base.registry.mappers)


def test_weasyprint_is_imported_when_asked(warmed_app: Flask, warmed: WarmUp) -> None:
    done = warm_up(warmed_app)
    assert "weasyprint" in sys.modules
    assert "weasyprint" in done.timings
    assert "templates" in done.summary()


def test_a_forked_worker_drops_the_pooled_connections(fresh_app: Flask) -> None:
    engine = fresh_app.extensions[ENGINE_KEY]
    with engine.connect():
        pass
    inherited = engine.pool
    assert inherited.checkedin() == 1
    dispose_engine_after_fork(fresh_app)
    child = os.fork()
    if child == 0:  # the worker: a new, empty pool
        os._exit(0 if engine.pool is not inherited and engine.pool.checkedin() == 0 else 1)
    _pid, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert engine.pool is inherited
    assert inherited.checkedin() == 1


class _Calls:
    def __init__(self) -> None:
        self.warmed: list[Flask] = []
        self.served: list[dict[str, Any]] = []


@pytest.fixture
def run_calls(monkeypatch: pytest.MonkeyPatch) -> _Calls:
    """`rcapp run` with the warm-up and the server replaced by recorders."""
    calls = _Calls()

    @click.command()
    def serve(**options: Any) -> None:
        calls.served.append(options)

    monkeypatch.setattr("rcapp.runcli.run_command", serve)

    def warm(app: Flask) -> WarmUp:
        calls.warmed.append(app)
        return WarmUp()

    monkeypatch.setattr("rcapp.runcli.warm_up", warm)
    monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    return calls


def _run(app: Flask, *args: str) -> click.testing.Result:
    runner = click.testing.CliRunner()
    info = ScriptInfo(create_app=lambda: app)
    return runner.invoke(main, ["run", *args], obj=info)


def test_rcapp_run_warms_the_app_up_before_serving(fresh_app: Flask, run_calls: _Calls) -> None:
    result = _run(fresh_app, "--port", "5999", "--no-reload")
    assert result.exit_code == 0, result.output
    assert run_calls.warmed == [fresh_app]
    [options] = run_calls.served
    assert options["port"] == 5999
    assert options["reload"] is False


def test_rcapp_run_warms_only_the_process_that_serves_under_the_reloader(
    fresh_app: Flask, run_calls: _Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _run(fresh_app, "--reload").exit_code == 0  # the watcher: no warm-up
    assert run_calls.warmed == []
    monkeypatch.setenv("WERKZEUG_RUN_MAIN", "true")  # the server it starts
    assert _run(fresh_app, "--reload").exit_code == 0
    assert run_calls.warmed == [fresh_app]
    assert len(run_calls.served) == 2
