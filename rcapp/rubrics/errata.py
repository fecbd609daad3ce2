"""Errata: reviewed display wording for a published rubric version, kept beside its file.

A published rubric file is pinned by its SHA-256 and never edited, so a wording mistake
found after publication (a maintainer's note shown to users, a KPI name that names the
wrong basis) cannot be fixed in the file. An errata file
`rubrics/errata/<rubric-id>-v<N>.yaml` names the exact file it corrects (id, version and
sha256) and replaces named display texts only: titles (veto rules' too), names, labels,
prompts, notes, guidance and an item's maturity level texts (`levels/<0-4>`), each in both
languages or in one (the other kept as published). Nothing that scores (ids, weights, level
numbers, bands' numbers, thresholds, formulas, conditions) can be addressed, so a scorecard
is the same with or without its errata apart from the wording. docs/rubric-format.md
(section 13) describes the format.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from rcapp.rubrics.checks import same_figure_findings
from rcapp.rubrics.grade_checks import GRADE_CHECKS
from rcapp.rubrics.loader import (
    LineMap,
    Problem,
    RubricFileError,
    load_rubric_bytes,
)
from rcapp.rubrics.model import ItemKind, Rubric, ScoreGrades, Section, Text
from rcapp.rubrics.yamlread import read_yaml

__all__ = [
    "DISPLAY_FIELDS",
    "ERRATA_DIR",
    "Erratum",
    "check_errata_file",
    "errata_path",
    "read_errata",
]

ERRATA_DIR = "errata"
# The only fields an erratum may replace: each holds a Text that is shown, never scored.
DISPLAY_FIELDS = frozenset({"title", "notes", "name", "label", "prompt", "guidance"})
# An item's maturity level texts: a list of Texts, one named by its level number.
LEVEL_TEXTS = "levels"
_LANGUAGES = ("zh", "en")
_KEYS = ("rubric", "version", "sha256", "reason", "texts")
# An optional key: number items that report the same figure as a KPI input (item id: input
# id), for a published version written before `same_figure_as` existed. It adds a check
# that the two figures agree before submitting; it changes no score.
SAME_FIGURES = "same_figures"
# An optional key: grades a published version's KPI falls into (KPI id: {label, grades}),
# for a version written before `Kpi.grades` existed. Shown beside the value; scores nothing.
KPI_GRADES = "kpi_grades"
_OPTIONAL = (SAME_FIGURES, KPI_GRADES)
_FILE_NAME = re.compile(r"([A-Za-z][A-Za-z0-9_.\-]*)-v([1-9][0-9]*)\.yaml")
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Erratum:
    """One replaced text: its address (e.g. `kpis/OHS-03/name`) and the new wording.

    `text` has both languages (one the erratum leaves out is kept as published), `published`
    the wording it replaces.
    """

    address: str
    text: Text
    published: Text | None = None


def errata_path(directory: Path, rubric_id: str, version: int) -> Path:
    """Where the errata of one rubric version live, under the rubric directory."""
    return directory / ERRATA_DIR / f"{rubric_id}-v{version}.yaml"


def read_errata(
    data: bytes, path: Path, rubric: Rubric, sha256: str
) -> tuple[Rubric, tuple[Erratum, ...]]:
    """Check the errata file's bytes against `rubric` (whose file hashes to `sha256`).

    Return the rubric with the texts replaced, and the errata; raise RubricFileError naming
    the errata file, the line and the key of every problem.
    """
    name = str(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RubricFileError([Problem(name, None, "the file is not UTF-8 text")]) from exc
    document = read_yaml(text, what="errata file")
    lines = LineMap(name, document.lines)
    problems = [Problem(name, line, message) for line, message in document.problems]
    raw = document.data
    if not problems and not isinstance(raw, dict):
        problems.append(lines.problem((), "an errata file is a mapping of keys"))
    if problems or not isinstance(raw, dict):
        raise RubricFileError(problems)
    _check_head(raw, rubric, sha256, lines, problems)
    errata = []
    for address, value in _text_entries(raw.get("texts"), lines, problems):
        try:
            rubric, erratum = _replaced_in(rubric, address, value)
        except _AddressError as exc:
            problems.append(lines.problem(("texts", address), f"{exc}"))
        else:
            errata.append(erratum)
    same = _optional_mapping(raw, SAME_FIGURES, "item id: KPI input id", lines, problems)
    rubric = _with_same_figures(rubric, same, lines, problems) if same else rubric
    grades = _optional_mapping(raw, KPI_GRADES, "KPI id: {label, grades}", lines, problems)
    rubric = _with_kpi_grades(rubric, grades, lines, problems) if grades else rubric
    if problems:
        problems.sort(key=lambda problem: problem.line or 0)
        raise RubricFileError(problems)
    return rubric, tuple(errata)


def check_errata_file(path: Path) -> None:
    """Check an errata file against the rubric file it names by its own file name."""
    match = _FILE_NAME.fullmatch(path.name)
    if match is None:
        message = "an errata file is named <rubric-id>-v<version>.yaml"
        raise RubricFileError([Problem(str(path), None, message)])
    rubric_file = path.parent.parent / match[1] / f"v{match[2]}.yaml"
    try:
        rubric_data = rubric_file.read_bytes()
        data = path.read_bytes()
    except OSError as exc:
        reason = f"cannot read {exc.filename}: {exc.strerror or exc}"
        raise RubricFileError([Problem(str(path), None, reason)]) from exc
    loaded = load_rubric_bytes(rubric_data, rubric_file)
    read_errata(data, path, loaded.rubric, hashlib.sha256(rubric_data).hexdigest())


def _check_head(
    raw: dict[object, object], rubric: Rubric, sha256: str, lines: LineMap, problems: list[Problem]
) -> None:
    for key in raw:
        if key not in (*_KEYS, *_OPTIONAL):
            known = ", ".join((*_KEYS, *_OPTIONAL))
            problems.append(lines.problem((str(key),), f"unknown key (known keys: {known})"))
    for key in _KEYS:
        if key not in raw:
            problems.append(lines.problem((), f"{key}: missing"))
    if "rubric" in raw and raw["rubric"] != rubric.id:
        problems.append(lines.problem(("rubric",), f"is not the rubric's id '{rubric.id}'"))
    if "version" in raw and raw["version"] != rubric.version:
        message = f"is not the rubric file's version {rubric.version}"
        problems.append(lines.problem(("version",), message))
    found = raw.get("sha256")
    if "sha256" in raw and (not isinstance(found, str) or not _SHA256.fullmatch(found)):
        problems.append(lines.problem(("sha256",), "must be 64 lower-case hex digits, quoted"))
    elif "sha256" in raw and found != sha256:
        message = (
            f"written for another file ({str(found)[:12]}…); the rubric file's sha256 is "
            f"{sha256}: these errata do not apply to it"
        )
        problems.append(lines.problem(("sha256",), message))
    reason = raw.get("reason")
    if "reason" in raw and (not isinstance(reason, str) or not reason.strip()):
        problems.append(lines.problem(("reason",), "say why the wording is corrected"))


def _text_entries(
    found: object, lines: LineMap, problems: list[Problem]
) -> list[tuple[str, object]]:
    if found is None:
        return []
    if not isinstance(found, dict) or not found:
        problems.append(lines.problem(("texts",), "a mapping of address: {zh: ..., en: ...}"))
        return []
    return [(str(address), value) for address, value in found.items()]


def _corrected(published: Text, value: object) -> Text:
    """Return the new wording: the languages `value` gives, the others as published."""
    given = value if isinstance(value, dict) else None
    if not given or any(key not in _LANGUAGES for key in given):
        raise _AddressError("needs zh, en or both, non-empty, nothing else")
    try:
        return Text.model_validate({**published.model_dump(), **given})
    except ValidationError as exc:
        raise _AddressError("needs zh, en or both, non-empty, nothing else") from exc


def _optional_mapping(
    raw: dict[object, object], key: str, shape: str, lines: LineMap, problems: list[Problem]
) -> dict[object, object] | None:
    """Return an optional key's mapping; a value that is no mapping is a problem, None."""
    found = raw.get(key)
    if found is None:
        return None
    if not isinstance(found, dict) or not found:
        problems.append(lines.problem((key,), f"a mapping of {shape}"))
        return None
    return found


def _with_same_figures(
    rubric: Rubric, found: dict[object, object], lines: LineMap, problems: list[Problem]
) -> Rubric:
    """Mark the named number items as reporting the same figure as the named KPI inputs."""
    items = rubric.item_index()
    named: dict[str, str] = {}
    for item_id, input_id in found.items():
        item = items.get(str(item_id))
        if item is None or item.kind is not ItemKind.NUMBER or not isinstance(input_id, str):
            message = "needs a number item's id and a KPI input's id"
            problems.append(lines.problem((SAME_FIGURES, str(item_id)), message))
        else:
            named[item.id] = input_id
    changed = rubric.model_copy(update={"sections": _marked(rubric.sections, named)})
    for finding in same_figure_findings(changed):
        item_id = _item_at(changed, finding.loc)
        problems.append(lines.problem((SAME_FIGURES, item_id), finding.message))
    return changed


def _with_kpi_grades(
    rubric: Rubric, found: dict[object, object], lines: LineMap, problems: list[Problem]
) -> Rubric:
    """Give the named KPIs their grades, checked as a rubric's own would be."""
    kpis = list(rubric.kpis)
    for kpi_id, value in found.items():
        index = next((k for k, kpi in enumerate(kpis) if kpi.id == kpi_id), None)
        if index is None:
            problems.append(lines.problem((KPI_GRADES, str(kpi_id)), "no KPI with this id"))
            continue
        try:
            kpis[index] = kpis[index].model_copy(
                update={"grades": ScoreGrades.model_validate(value)}
            )
        except ValidationError as exc:
            message = "; ".join(str(error["msg"]) for error in exc.errors())
            problems.append(lines.problem((KPI_GRADES, str(kpi_id)), message))
    changed = rubric.model_copy(update={"kpis": tuple(kpis)})
    for check in GRADE_CHECKS:
        for finding in check(changed, lines):
            kpi_id = _kpi_named(changed, finding.loc)
            problems.append(lines.problem((KPI_GRADES, kpi_id), finding.message))
    return changed


def _kpi_named(rubric: Rubric, loc: tuple[str | int, ...]) -> str:
    """Name the graded KPI a grade finding is about: at kpis[k], or named by a threshold."""
    if loc[0] == "kpis":
        return rubric.kpis[int(loc[1])].id
    _r, _b, b, _c, c = loc[:5]
    condition = rubric.rating.bands[int(b)].conditions[int(c)]
    return str(getattr(condition, "kpi", ""))


def _marked(sections: tuple[Section, ...], named: dict[str, str]) -> tuple[Section, ...]:
    return tuple(
        section.model_copy(
            update={
                "elements": tuple(
                    element.model_copy(
                        update={
                            "items": tuple(
                                item.model_copy(update={"same_figure_as": named[item.id]})
                                if item.id in named
                                else item
                                for item in element.items
                            )
                        }
                    )
                    for element in section.elements
                )
            }
        )
        for section in sections
    )


def _item_at(rubric: Rubric, loc: tuple[str | int, ...]) -> str:
    _s, s, _e, e, _i, i = loc[:6]
    return rubric.sections[int(s)].elements[int(e)].items[int(i)].id


def _replaced_in(rubric: Rubric, address: str, value: object) -> tuple[Rubric, Erratum]:
    """Return `rubric` with the text at `address` corrected by `value`, and the erratum."""
    seen: list[Text] = []

    def correct(published: Text) -> Text:
        seen.append(published)
        return _corrected(published, value)

    changed = _replaced(rubric, address.split("/"), correct)
    if not isinstance(changed, Rubric):  # the walk rebuilds the node it is given
        raise TypeError(type(changed).__name__)
    return changed, Erratum(address, _corrected(seen[0], value), seen[0])


class _AddressError(Exception):
    """An errata address that does not name a display text of the rubric."""


_Correct = Callable[[Text], Text]


def _replaced(node: BaseModel, steps: list[str], correct: _Correct) -> BaseModel:
    # Walks field names and, in a list, the entry's id (a star band's number of stars, a
    # level text's level number).
    field, rest = steps[0], steps[1:]
    if field not in type(node).model_fields:
        raise _AddressError(f"no '{field}' here")
    value = getattr(node, field)
    if isinstance(value, Text):
        if rest or field not in DISPLAY_FIELDS:
            allowed = ", ".join(sorted(DISPLAY_FIELDS))
            raise _AddressError(f"'{field}' is not a display text (only {allowed})")
        return node.model_copy(update={field: correct(value)})
    if field == LEVEL_TEXTS and isinstance(value, tuple):
        return node.model_copy(update={field: _level_replaced(value, rest, correct)})
    if isinstance(value, BaseModel) and rest:
        return node.model_copy(update={field: _replaced(value, rest, correct)})
    if isinstance(value, tuple) and len(rest) >= 2:
        for index, entry in enumerate(value):
            if isinstance(entry, BaseModel) and _entry_key(entry) == rest[0]:
                changed = list(value)
                changed[index] = _replaced(entry, rest[1:], correct)
                return node.model_copy(update={field: tuple(changed)})
        raise _AddressError(f"no entry '{rest[0]}' in '{field}'")
    if value is None:
        raise _AddressError(f"'{field}' has no text to replace")
    # Weights, thresholds, points, windows, grades, formulas: they decide a score or a star.
    raise _AddressError(
        f"'{field}' is not a display text: errata correct wording only, never what scores "
        "(thresholds, points, weights, windows, conditions)"
    )


def _level_replaced(
    levels: tuple[Text, ...], rest: list[str], correct: _Correct
) -> tuple[Text, ...]:
    """Correct one maturity level's text, named by its level number (`levels/3`)."""
    numbers = f"0-{len(levels) - 1}"
    if len(rest) != 1 or not rest[0].isdigit() or int(rest[0]) >= len(levels):
        raise _AddressError(f"'levels' is not a display text: name one level, levels/<{numbers}>")
    changed = list(levels)
    changed[int(rest[0])] = correct(levels[int(rest[0])])
    return tuple(changed)


def _entry_key(entry: BaseModel) -> str | None:
    for attribute in ("id", "stars"):
        key = getattr(entry, attribute, None)
        if key is not None:
            return str(key)
    return None
