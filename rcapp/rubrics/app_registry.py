"""The app's one rubric registry, so every package shares its parse cache."""

from __future__ import annotations

from flask import current_app

from rcapp.rubrics.loader import RubricError
from rcapp.rubrics.registry import RubricRegistry

_KEY = "rcapp.rubric_registry"


def app_registry() -> RubricRegistry:
    """Return the registry over the app's RUBRICS_DIR (made again if the setting changed)."""
    found = current_app.extensions.get(_KEY)
    directory = current_app.config["RUBRICS_DIR"]
    if not isinstance(found, RubricRegistry) or str(found.directory) != str(directory):
        found = RubricRegistry(directory)
        current_app.extensions[_KEY] = found
    return found


def rubric_label(rubric_id: str, version: int, lang: str) -> str:
    """Name a rubric version by its title and version ("…评价细则（第2版）"), as users know it.

    Its file name and version ("rc-park v1") when that version will not load.
    """
    try:
        return app_registry().get(rubric_id, version).rubric.shown_label(lang)
    except RubricError:
        return f"{rubric_id} v{version}"
