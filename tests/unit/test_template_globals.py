"""Template globals whose keys() a set difference reads in C (rcapp/template_globals.py)."""

from __future__ import annotations

from collections import ChainMap

from flask import Flask, render_template_string
from jinja2 import DictLoader

from rcapp.template_globals import RcappEnvironment, TemplateGlobals


def test_keys_are_a_plain_dicts_and_the_chains() -> None:
    chain = TemplateGlobals({"own": 1, "shared": 2}, {"shared": 3, "env": 4})
    assert type(chain.keys()) is type({}.keys())
    assert set(chain.keys()) == set(ChainMap(*chain.maps).keys()) == {"own", "shared", "env"}
    assert {"own", "other"} - chain.keys() == {"other"}
    assert chain["shared"] == 2


def test_the_app_gives_templates_such_globals(app: Flask) -> None:
    assert isinstance(app.jinja_env, RcappEnvironment)
    assert isinstance(app.jinja_env.get_template("base.html").globals, TemplateGlobals)


def test_an_import_sees_a_global_added_after_its_template_was_loaded() -> None:
    app = Flask("t")
    app.jinja_environment = RcappEnvironment
    app.jinja_env.loader = DictLoader({"m.html": "{% macro hi() %}{{ greeting }}{% endmacro %}"})
    app.jinja_env.get_template("m.html")
    app.jinja_env.globals["greeting"] = "你好"
    with app.app_context():
        page = render_template_string('{% from "m.html" import hi %}{{ hi() }}')
    assert page == "你好"
    page_globals = app.jinja_env.from_string("x", globals={"own": 1}).globals
    assert {"own", "greeting"} <= set(page_globals.keys())
