"""Turn an answers file into scoring inputs (docs/answers-format.md describes the format).

Reading checks the shape (keys, types, dates); scoring.input_problems then checks the
values against the rubric. Both kinds of problem are reported together, each with the
file, the line (YAML) and the key path, so one run lists everything to fix.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from rcapp.rubrics.model import EventGrade, Item, ItemKind, Rubric
from rcapp.scorecards.source import AnswersFileError, Loc, SourceFile
from rcapp.scorecards.values import ValueReader
from rcapp.scoring import (
    Answer,
    AssessmentInputs,
    Event,
    GroupStats,
    ScoringContext,
    Target,
    input_problems,
)

TOP_KEYS = (
    "rubric",
    "organisation",
    "year",
    "answers",
    "na_sections",
    "prerequisites",
    "kpi_inputs",
    "kpi_history",
    "events",
    "context",
    "group_stats",
    "targets",
)
ANSWER_KEYS = ("value", "na", "evidence", "files", "comment")
EVENT_KEYS = (
    "type",
    "date",
    "grade",
    "fatalities",
    "serious_injuries",
    "direct_loss",
    "resolved",
)
TARGET_KEYS = ("kpi", "base_year", "deadline", "value", "change_pct")
CONTEXT_KEYS = (
    "assessment_date",
    "peer_reviewers",
    "onsite_review",
    "verified",
    "good_practice_case",
    "kpi_years_before",
)
STATS_KEYS = ("median", "first_quartile", "third_quartile")
RUBRIC_KEY = re.compile(r"([A-Za-z][A-Za-z0-9_.\-]*)@([1-9][0-9]*)")
_GRADES = {
    "一般": "general",
    "较大": "larger",
    "重大": "major",
    "特别重大": "especially_major",
    # Environmental emergency levels (国家突发环境事件应急预案): IV is the lowest.
    "IV": "general",
    "III": "larger",
    "II": "major",
    "I": "especially_major",
    "Ⅳ": "general",
    "Ⅲ": "larger",
    "Ⅱ": "major",
    "Ⅰ": "especially_major",
}
_YES_NO = {"yes": 1, "no": 0, "是": 1, "否": 0, "y": 1, "n": 0}


@dataclass(frozen=True)
class AnswersFile:
    organisation: str
    inputs: AssessmentInputs
    context: ScoringContext


def rubric_reference(source: SourceFile, override: str | None) -> tuple[str, int]:
    """Return (rubric id, version) from --rubric or the file's `rubric` key."""
    data = source.data if isinstance(source.data, dict) else {}
    key = override if override is not None else data.get("rubric")
    if key is None:
        message = "no rubric: add 'rubric: ID@VERSION' to the file or pass --rubric"
        raise AnswersFileError([source.message(("rubric",), message)])
    match = RUBRIC_KEY.fullmatch(str(key))
    if match is None:
        message = f"'{key}' is not a rubric reference like mini-company@1"
        raise AnswersFileError([source.message(("rubric",), message)])
    return match[1], int(match[2])


def read_answers(source: SourceFile, rubric: Rubric) -> AnswersFile:
    """Read the whole file against `rubric`; raise AnswersFileError listing every problem."""
    reader = ValueReader()
    top = reader.mapping(source.data, (), "a mapping of the keys " + ", ".join(TOP_KEYS))
    reader.keys(top, (), TOP_KEYS)
    year = 0
    if "year" not in top:
        reader.report(("year",), "the reporting year is required, e.g. 'year: 2025'")
    else:
        year = reader.year(top["year"], ("year",)) or 0
        if year and year < rubric.effective_year:
            message = f"{year} is before {rubric.key} took effect ({rubric.effective_year})"
            reader.report(("year",), message)
    organisation = reader.text(top.get("organisation", ""), ("organisation",)) or ""
    inputs = AssessmentInputs(
        year=year,
        answers=_answers(reader, rubric, top.get("answers")),
        na_sections=_na_sections(reader, top.get("na_sections")),
        prerequisites_met=_prerequisites(reader, top.get("prerequisites")),
        kpi_inputs=_numbers(reader, top.get("kpi_inputs"), ("kpi_inputs",)),
        kpi_history=_history(reader, top.get("kpi_history"), year),
        events=_events(reader, top.get("events")),
        targets=_targets(reader, top.get("targets")),
    )
    context = _context(reader, top, year)
    found = reader.problems + [
        (p.where, p.message) for p in input_problems(rubric, inputs, context)
    ]
    if found:
        found.sort(key=lambda problem: source.line_for(problem[0]) or 0)
        raise AnswersFileError([source.message(loc, message) for loc, message in found])
    return AnswersFile(organisation, inputs, context)


def _answers(reader: ValueReader, rubric: Rubric, raw: object) -> dict[str, Answer]:
    items = rubric.item_index()
    answers = {}
    for item_id, value in reader.mapping(raw, ("answers",)).items():
        item = items.get(item_id)
        if item is None:
            reader.report(
                ("answers", item_id), f"unknown item id '{item_id}' (not in {rubric.key})"
            )
            continue
        answer = _answer(reader, item, value, ("answers", item_id))
        if answer is not None:
            answers[item_id] = answer
    return answers


def _answer(reader: ValueReader, item: Item, raw: object, loc: Loc) -> Answer | None:
    if not isinstance(raw, dict):
        return _valued(reader, item, raw, loc, Answer())
    full = reader.mapping(raw, loc)
    reader.keys(full, loc, ANSWER_KEYS)
    answer = Answer(
        evidence=reader.texts(full.get("evidence"), (*loc, "evidence")),
        comment=reader.text(full.get("comment", ""), (*loc, "comment")) or "",
        files=reader.texts(full.get("files"), (*loc, "files")),
    )
    if "na" in full:
        if full.get("value") is not None:
            reader.report((*loc, "value"), "an answer is either N/A or has a value, not both")
            return None
        reason = full["na"]
        text = "" if reason is None or isinstance(reason, bool) else reader.text(reason, loc)
        return Answer(
            na_reason=text or "",
            evidence=answer.evidence,
            comment=answer.comment,
            files=answer.files,
        )
    return _valued(reader, item, full.get("value"), (*loc, "value") if full else loc, answer)


def _valued(
    reader: ValueReader, item: Item, value: object, loc: Loc, answer: Answer
) -> Answer | None:
    """Put a shorthand or `value:` into the answer, read by the item's kind."""
    if value is None:
        return answer  # a comment or evidence without a value: still unanswered
    kind = item.kind
    if kind is ItemKind.NUMBER:
        number = reader.number(value, loc)
        return None if number is None else _with(answer, number=number)
    if kind is ItemKind.YES_NO:
        if isinstance(value, bool):
            return _with(answer, level=int(value))
        if isinstance(value, str) and value.strip().lower() in _YES_NO:
            return _with(answer, level=_YES_NO[value.strip().lower()])
    if isinstance(value, bool):
        reader.report(loc, "a maturity item takes a level 0-4, not yes/no")
        return None
    level = reader.integer(value, loc, "a level (a whole number)")
    return None if level is None else _with(answer, level=level)


def _with(answer: Answer, *, level: int | None = None, number: Decimal | None = None) -> Answer:
    return Answer(
        level=level,
        number=number,
        evidence=answer.evidence,
        comment=answer.comment,
        files=answer.files,
    )


def _na_sections(reader: ValueReader, raw: object) -> dict[str, str]:
    read = {
        section_id: reader.text(reason or "", ("na_sections", section_id))
        for section_id, reason in reader.mapping(raw, ("na_sections",)).items()
    }
    return {section_id: reason for section_id, reason in read.items() if reason is not None}


def _prerequisites(reader: ValueReader, raw: object) -> frozenset[str]:
    if isinstance(raw, list):
        names = (reader.text(item, ("prerequisites", str(i))) for i, item in enumerate(raw))
        return frozenset(name for name in names if name)
    met = {
        prerequisite_id
        for prerequisite_id, value in reader.mapping(raw, ("prerequisites",)).items()
        if reader.boolean(value, ("prerequisites", prerequisite_id))
    }
    return frozenset(met)


def _numbers(reader: ValueReader, raw: object, loc: Loc) -> dict[str, Decimal]:
    read = {
        key: reader.number(value, (*loc, key)) for key, value in reader.mapping(raw, loc).items()
    }
    return {key: value for key, value in read.items() if value is not None}


def _history(reader: ValueReader, raw: object, year: int) -> dict[int, dict[str, Decimal]]:
    history = {}
    for key, values in reader.mapping(raw, ("kpi_history",)).items():
        loc = ("kpi_history", key)
        earlier = reader.year(key if not key.isdigit() else int(key), loc)
        if earlier is None:
            continue
        if earlier >= year:
            reader.report(loc, f"history years must be before the reporting year {year}")
            continue
        history[earlier] = _numbers(reader, values, loc)
    return history


def _events(reader: ValueReader, raw: object) -> tuple[Event, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        reader.report(("events",), "must be a list of events")
        return ()
    events = (_event(reader, item, ("events", str(i))) for i, item in enumerate(raw))
    return tuple(event for event in events if event is not None)


def _event(reader: ValueReader, raw: object, loc: Loc) -> Event | None:
    data = reader.mapping(raw, loc, "a mapping with " + ", ".join(EVENT_KEYS))
    reader.keys(data, loc, EVENT_KEYS)
    type_id = reader.text(data.get("type"), (*loc, "type"))
    date = reader.date(data.get("date"), (*loc, "date"))
    grade = _grade(reader, data.get("grade"), (*loc, "grade"))
    fatalities = reader.integer(data.get("fatalities", 0), (*loc, "fatalities"))
    injuries = reader.integer(data.get("serious_injuries", 0), (*loc, "serious_injuries"))
    loss = None
    if data.get("direct_loss") is not None:
        loss = reader.number(data["direct_loss"], (*loc, "direct_loss"))
    resolved = reader.boolean(data.get("resolved", False), (*loc, "resolved"))
    if type_id is None or date is None or None in (fatalities, injuries, resolved):
        return None
    return Event(
        type_id,
        date,
        grade,
        fatalities or 0,
        bool(resolved),
        serious_injuries=injuries or 0,
        direct_loss=loss,
    )


def _targets(reader: ValueReader, raw: object) -> tuple[Target, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        reader.report(("targets",), "must be a list of targets")
        return ()
    targets = (_target(reader, item, ("targets", str(i))) for i, item in enumerate(raw))
    return tuple(target for target in targets if target is not None)


def _target(reader: ValueReader, raw: object, loc: Loc) -> Target | None:
    data = reader.mapping(raw, loc, "a mapping with " + ", ".join(TARGET_KEYS))
    reader.keys(data, loc, TARGET_KEYS)
    for key in ("kpi", "base_year", "deadline"):
        if key not in data:
            reader.report((*loc, key) if data else loc, f"a target needs '{key}'")
    if any(key not in data for key in ("kpi", "base_year", "deadline")):
        return None
    kpi = reader.text(data["kpi"], (*loc, "kpi"))
    base = reader.year(data["base_year"], (*loc, "base_year"))
    deadline = reader.year(data["deadline"], (*loc, "deadline"))
    value = change = None
    if data.get("value") is not None:
        value = reader.number(data["value"], (*loc, "value"))
    if data.get("change_pct") is not None:
        change = reader.number(data["change_pct"], (*loc, "change_pct"))
    if kpi is None or base is None or deadline is None:
        return None
    return Target(kpi, base, deadline, value=value, change_pct=change)


def _grade(reader: ValueReader, raw: object, loc: Loc) -> EventGrade | None:
    if raw is None:
        return None
    written = str(raw).strip().removesuffix("级")
    text = _GRADES.get(written, written)
    try:
        return EventGrade(text)
    except ValueError:
        names = ", ".join(grade.value for grade in EventGrade)
        reader.report(
            loc, f"unknown grade '{raw}' (use {names}, 一般/较大/重大/特别重大, or IV/III/II/I)"
        )
        return None


def _context(reader: ValueReader, top: dict[str, object], year: int) -> ScoringContext:
    loc: Loc = ("context",)
    data = reader.mapping(top.get("context"), loc)
    reader.keys(data, loc, CONTEXT_KEYS)
    # Without a date the veto windows end with the reporting year.
    assessed = dt.date(year, 12, 31) if 1 <= year <= 9999 else dt.date.min
    if "assessment_date" in data:
        assessed = reader.date(data["assessment_date"], (*loc, "assessment_date")) or assessed

    def count(name: str) -> int:
        return reader.integer(data.get(name, 0), (*loc, name)) or 0

    def flag(name: str) -> bool:
        return bool(reader.boolean(data.get(name, False), (*loc, name)))

    return ScoringContext(
        assessment_date=assessed,
        peer_reviewers=count("peer_reviewers"),
        onsite_review=flag("onsite_review"),
        verified=flag("verified"),
        good_practice_case=flag("good_practice_case"),
        kpi_years_before=count("kpi_years_before"),
        group_stats=_group_stats(reader, top.get("group_stats")),
    )


def _group_stats(reader: ValueReader, raw: object) -> dict[str, GroupStats]:
    stats = {}
    for kpi_id, value in reader.mapping(raw, ("group_stats",)).items():
        loc = ("group_stats", kpi_id)
        data = reader.mapping(value, loc)
        reader.keys(data, loc, STATS_KEYS)
        numbers = [reader.number(data.get(key), (*loc, key)) for key in STATS_KEYS]
        middle, first, third = numbers
        if middle is not None and first is not None and third is not None:
            stats[kpi_id] = GroupStats(median=middle, first_quartile=first, third_quartile=third)
    return stats
