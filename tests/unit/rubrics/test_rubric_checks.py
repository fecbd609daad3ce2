"""Semantic checks: each broken rubric gives exactly the expected `file:line: message`."""

from __future__ import annotations

from pathlib import Path

import pytest

from rcapp.rubrics.checks import Loc, check_rubric
from rcapp.rubrics.loader import RubricFileError, load_rubric, load_rubric_text

DATA = Path(__file__).resolve().parents[2] / "data" / "rubrics"
INVALID = DATA / "invalid"
MINI_TEXT = (DATA / "mini-company" / "v1.yaml").read_text(encoding="utf-8")

# One broken file per kind of error, with the exact problems it must give.
EXPECTED = {
    "yaml-syntax": [
        "21: YAML syntax error: expected ',' or '}', but got ':' (while parsing a flow mapping); "
        "a text containing ': ' must be put in quotes"
    ],
    "duplicate-key": ["19: sections[0].kind: duplicate key (first used at line 17)"],
    "missing-title": ["2: title: required key is missing"],
    "level-count": [
        "25: sections[0].elements[0].items[0].levels: "
        "a maturity item needs exactly 5 level descriptors (levels 0-4)"
    ],
    "duplicate-ids": [
        "41: sections[1].elements[0].items[0].id: duplicate item id 'MS.G1.1' "
        "(first used at line 23)"
    ],
    "formula-unknown-input": ["55: kpis[0].formula: unknown KPI input 'hours_worked'"],
    "formula-syntax": [
        "55: kpis[0].formula: formula does not parse: '(' was never closed (at character 7)"
    ],
    "condition-unknown-kpi": [
        "92: rating.bands[1].conditions[0].kpis[0]: unknown KPI 'LTIR' (did you mean 'LTIF'?)"
    ],
    "veto-unknown-event-type": ["96: rating.vetoes[0].event_type: unknown event type 'accident'"],
    "weights-not-one": [
        "67: rating.components: component weights add up to 0.90; they must add up to 1"
    ],
    "bands-not-consecutive": [
        "88: rating.bands[1].stars: star bands must be stars 1, 2, 3, ... in order: "
        "expected 2, found 3"
    ],
    "component-unknown-section": ["77: rating.components[1].sections[1]: unknown section 'C2'"],
}


def test_every_invalid_file_has_its_expected_problems() -> None:
    assert sorted(path.stem for path in INVALID.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_file_gives_exact_problem(name: str) -> None:
    path = INVALID / f"{name}.yaml"

    with pytest.raises(RubricFileError) as caught:
        load_rubric(path)

    assert [str(problem) for problem in caught.value.problems] == [
        f"{path}:{expected}" for expected in EXPECTED[name]
    ]


class NoLines:
    def line_for(self, loc: Loc) -> int | None:
        return None


def test_the_mini_rubric_passes_every_check() -> None:
    rubric = load_rubric(DATA / "mini-company" / "v1.yaml").rubric

    assert check_rubric(rubric, NoLines()) == []


def problems_after(*edits: tuple[str, str]) -> list[str]:
    text = MINI_TEXT
    for old, new in edits:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    with pytest.raises(RubricFileError) as caught:
        load_rubric_text(text, "x.yaml")
    return [str(problem) for problem in caught.value.problems]


def line_in_mini(fragment: str, nth: int = 1) -> int:
    index = -1
    for _ in range(nth):
        index = MINI_TEXT.index(fragment, index + 1)
    return MINI_TEXT[:index].count("\n") + 1


TEXT = "label: {zh: 新, en: New}"

CASES = [
    (
        [("sections: [C1, C6]", "sections: [C1, C6, MS]")],
        ["rating.components[1].sections[2]: section 'MS' is already in component 'management'"],
    ),
    (
        [("sections: [C1, C6]", "sections: [C1]")],
        ["sections[2].id: section 'C6' is in no rating component"],
    ),
    (
        [("source: kpi_performance", "source: kpi_performance\n      sections: [MS]")],
        ["rating.components[2].sections: a 'kpi_performance' component takes no sections"],
    ),
    (
        [("core: true\n    sdg", "core: false\n    sdg"), ("core: true\n", "core: false\n")],
        [
            "rating.components[2].source: 'kpi_performance' needs at least one core KPI",
            "rating.bands[0].conditions[2].type: a 'kpis_reported' condition needs at least one "
            "core KPI (core: true)",
            "rating.bands[1].conditions[0].type: a 'kpis_reported' condition needs at least one "
            "core KPI (core: true)",
        ],
    ),
    (
        [("{type: peer_reviewed, min_reviewers: 2}", "{type: kpis_top_quartile, count: 3}")],
        ["rating.bands[2].conditions[0].count: count 3 exceeds the 2 core KPIs"],
    ),
    (
        [
            (
                "{type: peer_reviewed, min_reviewers: 2}",
                f'{{type: kpi_threshold, kpi: CA01, op: ">=", value: 1, {TEXT}}}',
            )
        ],
        ["rating.bands[2].conditions[0].kpi: unknown KPI 'CA01' (did you mean 'CA-01'?)"],
    ),
    (
        [("formula: drills", "formula: drills * 2\n    bases: [per_1m_hours]")],
        [
            "kpis[1].bases: bases only make sense for a rate: "
            "the formula must divide by hours worked"
        ],
    ),
    (
        [("aggregation: pooled", "aggregation: mean")],
        ["kpis[0].aggregation: a ratio is pooled, never averaged (mean)"],
    ),
    (
        [("min_overall: 80", "min_overall: 65"), ("min_section: 60", "min_section: 45")],
        [
            "rating.bands[2].min_overall: min_overall 65 is lower than the 2-star band's 70",
            "rating.bands[2].min_section: min_section 45 is lower than the 2-star band's 50",
        ],
    ),
    (
        [("stars: 3", "stars: 2")],
        ["rating.bands[2].stars: duplicate star band 'stars: 2' (first used at line {stars2})"],
    ),
    (
        [
            (
                "event_type: safety_accident\n      min_grade: larger",
                "event_type: mass_incident\n      min_grade: larger",
            )
        ],
        [
            "rating.vetoes[0].min_grade: "
            "min_grade is set but event type 'mass_incident' is not graded"
        ],
    ),
    (
        [("max_stars: 2", "max_stars: 3")],
        ["rating.vetoes[1].max_stars: max_stars 3 caps nothing: the top band is 3"],
    ),
    (
        [
            ("- {value: 1, level: 2}", "- {value: 1, level: 0}"),
            ("- {value: 2, level: 4}", "- {value: 200, level: 4}"),
        ],
        [
            "sections[1].elements[0].items[1].bands[1].level: each band must reach a higher level "
            "than the one before",
            "sections[1].elements[0].items[1].bands[2].value: value 200 is outside the item's "
            "min..max",
        ],
    ),
    (
        [("better: higher\n            bands", "better: lower\n            bands")],
        [
            "sections[1].elements[0].items[1].bands[1].value: with 'better: lower' each band's "
            "value must be lower than the one before",
            "sections[1].elements[0].items[1].bands[2].value: with 'better: lower' each band's "
            "value must be lower than the one before",
        ],
    ),
    (
        [
            (
                "kind: yes_no\n",
                "kind: yes_no\n"
                "            evidence: {from_level: 2, hint: {zh: 文件, en: Files}}\n",
            )
        ],
        [
            "sections[0].elements[0].items[1].evidence.from_level: from_level 2 is above this "
            "item's highest level 1"
        ],
    ),
    (
        [
            ("  - id: drills\n", "  - id: lti_employees\n"),
            ("formula: drills", "formula: lti_employees"),
        ],
        ["kpi_inputs[2].id: duplicate KPI input id 'lti_employees' (first used at line {lti})"],
    ),
    (
        [("prerequisites:\n  - id: P1", "prerequisites:\n  - id: C1.E1.1")],
        [
            "prerequisites[0].id: prerequisite id 'C1.E1.1' is also an item id "
            "(first used at line {c1item})"
        ],
    ),
    (
        [("- id: V2", "- id: V1")],
        ["rating.vetoes[1].id: duplicate veto rule id 'V1' (first used at line {v1})"],
    ),
]


@pytest.mark.parametrize(("edits", "expected"), CASES)
def test_semantic_check(edits: list[tuple[str, str]], expected: list[str]) -> None:
    problems = problems_after(*edits)

    lines = {
        "stars2": line_in_mini("stars: 2"),
        "lti": line_in_mini("  - id: lti_employees"),
        "v1": line_in_mini("- id: V1"),
        "c1item": line_in_mini("- id: C1.E1.1"),
    }
    messages = [problem.split(": ", 1)[1] for problem in problems]
    assert messages == [message.format(**lines) for message in expected]
    assert all(problem.startswith("x.yaml:") for problem in problems)


def test_semantic_problem_lines_point_at_the_offending_value() -> None:
    problems = problems_after(("sections: [C1, C6]", "sections: [C1, C6, MS]"))

    assert problems[0].startswith(f"x.yaml:{line_in_mini('sections: [C1, C6]')}: ")
