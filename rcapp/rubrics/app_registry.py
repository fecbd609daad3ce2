"""The app's one rubric registry, so every package shares its parse cache."""

from __future__ import annotations

from flask import current_app

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
