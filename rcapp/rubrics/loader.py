"""Read a rubric YAML file into a validated Rubric, or report its problems as file:line: message.

The YAML is composed (safe loader) into a node tree first, so that every key and list
entry keeps its line: pydantic errors and semantic-check findings are located by their
key/index path and mapped back to that line. Building the data from the nodes also
catches duplicate keys, which PyYAML would otherwise silently accept.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from rcapp.rubrics.checks import Finding, Loc, check_rubric
from rcapp.rubrics.messages import describe_error
from rcapp.rubrics.model import Rubric
from rcapp.rubrics.yamlread import dotted, read_yaml

__all__ = [
    "LineMap",
    "LoadedRubric",
    "Problem",
    "RubricError",
    "RubricFileError",
    "format_loc",
    "load_rubric",
    "load_rubric_bytes",
    "load_rubric_text",
]

_FILE_NAME = re.compile(r"v([1-9][0-9]*)\.yaml")


class RubricError(Exception):
    """Base class of the rubric package's errors."""


@dataclass(frozen=True)
class Problem:
    """One problem in one rubric file; str() gives `file:line: message`."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class RubricFileError(RubricError):
    """A rubric file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class LoadedRubric:
    rubric: Rubric
    sha256: str  # of the rubric file's bytes, as assessments pin it
    path: Path
    errata: Path | None = None  # the errata file whose display texts `rubric` carries


def format_loc(loc: Loc) -> str:
    """Render ("sections", 1, "title") as "sections[1].title"."""
    return dotted(loc)


class LineMap:
    """The 1-based line of every key and list entry of a file, by its key/index path."""

    def __init__(self, path: str, lines: dict[Loc, int]) -> None:
        self.path = path
        self._lines = lines

    def __contains__(self, loc: Loc) -> bool:
        return loc in self._lines

    def line_for(self, loc: Loc) -> int | None:
        """Return the line of `loc`, or of its nearest parent present in the file."""
        for end in range(len(loc), -1, -1):
            line = self._lines.get(loc[:end])
            if line is not None:
                return line
        return None

    def problem(self, loc: Loc, message: str) -> Problem:
        text = f"{format_loc(loc)}: {message}" if loc else message
        return Problem(self.path, self.line_for(loc), text)


def load_rubric(path: str | os.PathLike[str]) -> LoadedRubric:
    """Read, parse, validate and check the rubric file at `path`; raise RubricFileError."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise RubricFileError([Problem(str(path), None, f"cannot read file: {reason}")]) from exc
    return load_rubric_bytes(data, path)


def load_rubric_text(text: str, path: str | os.PathLike[str]) -> LoadedRubric:
    """Load a rubric from `text` as if read from `path` (UTF-8)."""
    return load_rubric_bytes(text.encode("utf-8"), path)


def load_rubric_bytes(data: bytes, path: str | os.PathLike[str]) -> LoadedRubric:
    """Load a rubric from the bytes of the file at `path`; sha256 is the hash of `data`.

    A file named `v<N>.yaml` must hold version N of the rubric named by its directory.
    """
    name = str(path)
    text = _decode(data, name)
    lines, problems, raw = _build(text, name)
    rubric = None
    if not problems:
        rubric = _validate(raw, lines, problems)
        if rubric is not None:
            findings = check_rubric(rubric, lines) + _layout(rubric, Path(path))
            problems.extend(lines.problem(f.loc, f.message) for f in findings)
    if problems or rubric is None:
        problems.sort(key=lambda problem: problem.line or 0)
        raise RubricFileError(problems)
    return LoadedRubric(rubric=rubric, sha256=hashlib.sha256(data).hexdigest(), path=Path(path))


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RubricFileError([Problem(name, line, "the file is not UTF-8 text")]) from exc


def _build(text: str, name: str) -> tuple[LineMap, list[Problem], object]:
    document = read_yaml(text, what="rubric file")
    problems = [Problem(name, line, message) for line, message in document.problems]
    return LineMap(name, document.lines), problems, document.data


def _validate(raw: object, lines: LineMap, problems: list[Problem]) -> Rubric | None:
    try:
        return Rubric.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            described = describe_error(error, lines.__contains__)
            if described is not None:
                problems.append(lines.problem(*described))
        return None


def _layout(rubric: Rubric, path: Path) -> list[Finding]:
    """Check that a file named v<N>.yaml lives in <rubric id>/ and holds version N."""
    match = _FILE_NAME.fullmatch(path.name)
    if match is None:
        return []
    findings = []
    if rubric.id != path.parent.name:
        message = f"'{rubric.id}' does not match the directory name '{path.parent.name}'"
        findings.append(Finding(("id",), message))
    if rubric.version != int(match[1]):
        message = f"{rubric.version} does not match the file name '{path.name}'"
        findings.append(Finding(("version",), message))
    return findings
