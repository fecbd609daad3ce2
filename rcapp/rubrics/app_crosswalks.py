"""The app's crosswalks (RUBRICS_DIR/crosswalks/*.yaml), read once while the files stay the same."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from rcapp.rubrics.chain import crosswalk_chain
from rcapp.rubrics.crosswalk import Crosswalk, CrosswalkError, load_crosswalk

_KEY = "rcapp.crosswalks"


def app_crosswalks() -> tuple[Crosswalk, ...]:
    """Return every readable crosswalk; a broken one is left out (`rcapp rubrics check`)."""
    directory = Path(current_app.config["RUBRICS_DIR"]) / "crosswalks"
    paths = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    kept = current_app.extensions.get(_KEY)
    if kept is not None and kept[0] == stamp:
        return kept[1]  # type: ignore[no-any-return]
    found = []
    for path in paths:
        try:
            found.append(load_crosswalk(path))
        except CrosswalkError:
            continue
    walks = tuple(found)
    current_app.extensions[_KEY] = (stamp, walks)
    return walks


def chain_between(old: str, new: str) -> tuple[Crosswalk, ...] | None:
    """Return the crosswalks leading from rubric key `old` to `new` (crosswalk_chain)."""
    return crosswalk_chain(app_crosswalks(), old, new)
