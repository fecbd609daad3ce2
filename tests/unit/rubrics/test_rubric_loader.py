"""Loading rubric files: valid files load, broken ones give `file:line: message` problems."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest

from rcapp.rubrics.loader import (
    LineMap,
    Problem,
    RubricFileError,
    format_loc,
    load_rubric,
    load_rubric_bytes,
    load_rubric_text,
)

MINI = Path(__file__).resolve().parents[2] / "data" / "rubrics" / "mini-company" / "v1.yaml"
MINI_TEXT = MINI.read_text(encoding="utf-8")


def problems_of(text: str, path: str = "x.yaml") -> list[str]:
    with pytest.raises(RubricFileError) as caught:
        load_rubric_text(text, path)
    return [str(problem) for problem in caught.value.problems]


def edited(old: str, new: str, *, count: int = 1) -> str:
    assert MINI_TEXT.count(old) == count, old
    return MINI_TEXT.replace(old, new)


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_mini_rubric_loads_with_the_hash_of_its_bytes() -> None:
    loaded = load_rubric(MINI)

    assert loaded.rubric.key == "mini-company@1"
    assert loaded.path == MINI
    assert loaded.sha256 == hashlib.sha256(MINI.read_bytes()).hexdigest()
    assert [s.id for s in loaded.rubric.sections] == ["MS", "C1", "C6"]


def test_hash_is_stable_and_follows_the_content() -> None:
    first = load_rubric(MINI)
    again = load_rubric_text(MINI_TEXT, MINI)
    changed = load_rubric_text(MINI_TEXT + "# a comment\n", MINI)

    assert first.sha256 == again.sha256
    assert first.rubric == again.rubric
    assert changed.sha256 != first.sha256


def test_decimals_are_read_exactly_so_weights_add_up_to_one() -> None:
    weights = [c.weight for c in load_rubric(MINI).rubric.rating.components]

    assert weights == [Decimal("0.15"), Decimal("0.6"), Decimal("0.25")]
    assert sum(weights) == 1


def test_a_byte_order_mark_is_accepted() -> None:
    data = b"\xef\xbb\xbf" + MINI.read_bytes()

    assert load_rubric_bytes(data, MINI).rubric.id == "mini-company"


def test_problem_renders_as_file_line_message() -> None:
    assert str(Problem("a/v1.yaml", 42, "id: bad")) == "a/v1.yaml:42: id: bad"
    assert str(Problem("a/v1.yaml", None, "cannot read")) == "a/v1.yaml: cannot read"


def test_format_loc_writes_keys_and_indexes() -> None:
    assert format_loc(("sections", 1, "elements", 0, "title")) == "sections[1].elements[0].title"
    assert format_loc(()) == ""


def test_line_map_falls_back_to_the_nearest_parent() -> None:
    lines = LineMap("f.yaml", {(): 1, ("a",): 3, ("a", 0): 4})

    assert lines.line_for(("a", 0, "missing", "deeper")) == 4
    assert lines.line_for(("nothing",)) == 1


def test_missing_key_points_at_its_mapping() -> None:
    text = edited(
        "          - id: MS.G1.2\n            kind: yes_no\n", "          - kind: yes_no\n"
    )

    line = line_of(text, "          - kind: yes_no")
    assert problems_of(text) == [
        f"x.yaml:{line}: sections[0].elements[0].items[1].id: required key is missing"
    ]


def test_validator_error_points_at_the_field_it_names() -> None:
    text = edited("            unit: {zh: 次, en: drills}\n", "")

    line = line_of(text, "          - id: C1.E1.2")
    assert problems_of(text) == [
        f"x.yaml:{line}: sections[1].elements[0].items[1].unit: a number item needs a unit"
    ]


def test_unknown_key_suggests_the_known_one() -> None:
    text = edited("    na_allowed: true\n    elements:", "    na_alowed: true\n    elements:")

    line = line_of(text, "na_alowed")
    assert problems_of(text) == [
        f"x.yaml:{line}: sections[2].na_alowed: unknown key 'na_alowed' "
        "(did you mean 'na_allowed'?)"
    ]


def test_unquoted_comma_in_a_flow_text_gets_a_hint() -> None:
    text = edited('en: "Signed, not published"', "en: Signed, not published")

    [problem] = problems_of(text)
    assert problem.startswith(f"x.yaml:{line_of(text, 'Signed, not published')}: ")
    assert "levels[2].not published: unknown key 'not published'" in problem
    assert "put that text in quotes" in problem


SCHEMA_ERRORS = [
    ("reference: GB/T 29639-2020", "reference: 2020", "must be a text (put the value in quotes)"),
    ("category: safety", "category: yes", "YAML reads yes/no/on/off/true/false as true"),
    ("kind: management", "kind: managment", "must be 'management', 'code' or 'park'"),
    ("id: MS.G1.1\n", "id: 1.G1\n", "'1.G1' is not a valid id: an id starts with a letter"),
    ("effective_year: 2025", "effective_year: 1999", "effective_year: must be at least 2000"),
    ("version: 1", "version: one", "version: must be a whole number"),
    ("weight: 0.15", "weight: lots", "weight: must be a number"),
    ("na_allowed: true\n    elements", "na_allowed: maybe\n    elements", "true or false"),
    (
        "{type: peer_reviewed, min_reviewers: 2}",
        "{type: peer_review}",
        "unknown type 'peer_review'",
    ),
    ("{type: prerequisites_met}", "{kind: prerequisites_met}", "needs a 'type' key"),
    ("{type: kpis_reported, years: 1}", "{type: kpis_reported}", "years: required key is missing"),
    ("title: {zh: 迷你企业评价细则, en: Mini company rubric}", "title:", "title: has no value"),
    (
        "title: {zh: 迷你企业评价细则, en: Mini company rubric}",
        "title: Mini",
        "with the keys zh and en",
    ),
    ("en: An RC management body exists}", "en: ''}", "prompt.en: must not be empty"),
]


@pytest.mark.parametrize(("old", "new", "expected"), SCHEMA_ERRORS)
def test_schema_errors_read_as_plain_english(old: str, new: str, expected: str) -> None:
    text = MINI_TEXT.replace(old, new, 1)
    assert text != MINI_TEXT

    [problem] = problems_of(text)
    assert expected in problem
    assert problem.startswith(f"x.yaml:{line_of(text, new.splitlines()[0])}: ")
    assert "pydantic" not in problem
    assert "Input should" not in problem


def test_a_file_that_is_not_a_mapping() -> None:
    assert problems_of("- id: x\n") == [
        "x.yaml:1: a rubric file must be a mapping of keys: id, version, kind, title, ..."
    ]


def test_an_empty_file() -> None:
    assert problems_of("# nothing yet\n") == ["x.yaml:1: the file is empty"]


def test_a_file_that_is_not_utf8() -> None:
    with pytest.raises(RubricFileError) as caught:
        load_rubric_bytes(b"id: x\ntitle: \xff\n", "x.yaml")

    assert [str(p) for p in caught.value.problems] == ["x.yaml:2: the file is not UTF-8 text"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: [1\n", "x.yaml:2: YAML syntax error: expected ',' or ']', but got '<stream end>'"),
        ("a: 1\n---\nb: 2\n", "x.yaml:2: YAML syntax error: a rubric file holds one document"),
        ("a: 1\nb: \x07\n", "x.yaml:2: YAML syntax error: character #x0007 is not allowed"),
        ("a: &x [1, *x]\n", "x.yaml:1: an alias refers to itself or expands too far"),
        ("a: &x {b: 1}\nc:\n  <<: *x\n", "x.yaml:3: merge keys (<<) are not supported"),
        ("id: !custom x\n", "x.yaml:1: id: cannot read value 'x'"),
        ("a: {b: 1, b: 2}\n", "x.yaml:1: a.b: duplicate key (first used at line 1)"),
    ],
)
def test_yaml_level_problems(text: str, expected: str) -> None:
    [problem] = problems_of(text)

    assert problem.startswith(expected)


def test_an_unreadable_path_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(RubricFileError) as caught:
        load_rubric(tmp_path / "absent.yaml")

    [problem] = caught.value.problems
    assert (
        str(problem) == f"{tmp_path / 'absent.yaml'}: cannot read file: No such file or directory"
    )


def test_a_version_file_must_match_its_directory_and_number() -> None:
    problems = problems_of(MINI_TEXT, "rubrics/other/v2.yaml")

    assert problems == [
        "rubrics/other/v2.yaml:2: id: 'mini-company' does not match the directory name 'other'",
        "rubrics/other/v2.yaml:3: version: 1 does not match the file name 'v2.yaml'",
    ]


def test_problems_are_sorted_by_line() -> None:
    text = edited("effective_year: 2025", "effective_year: 1").replace("version: 1", "version: 0")

    lines = [int(problem.split(":")[1]) for problem in problems_of(text)]
    assert lines == sorted(lines)
    assert len(lines) == 2
