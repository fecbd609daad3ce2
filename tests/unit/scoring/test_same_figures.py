"""A number item and the KPI input that report one figure (`same_figure_as`, qa64 M1).

The pure comparison (scoring.same_figures), the rubric checks on the link, the errata key
that adds it to a published version, and the submit check's list (completeness).
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from rcapp.assessments.completeness import missing_parts
from rcapp.rubrics.checks import same_figure_findings
from rcapp.rubrics.loader import RubricFileError
from rcapp.rubrics.model import Rubric
from rcapp.rubrics.registry import RubricRegistry
from rcapp.scoring.same_figures import same_figures
from tests.unit.scoring.builders import build_rubric, element, number, section, text, yes_no

ROOT = Path(__file__).resolve().parents[3]
MINI = ROOT / "tests" / "data" / "rubrics" / "mini-company" / "v1.yaml"
D = Decimal


def _rubric(
    same_as: str | None = "score", inputs: dict[str, dict[str, object]] | None = None
) -> Rubric:
    item = number("A.1")
    if same_as is not None:
        item["same_figure_as"] = same_as
    kpi_inputs = [
        {"id": name, "label": text(name), "unit": text("points"), **extra}
        for name, extra in (inputs or {"score": {}}).items()
    ]
    return build_rubric([section("A", element("A.E", item))], kpi_inputs=kpi_inputs)


@pytest.mark.parametrize(
    ("item", "kpi", "differ", "item_missing", "input_missing"),
    [
        (D(78), D(74), True, False, False),  # qa64: Linhai's 78 and 74
        (D(78), D("78.000000"), None, None, None),  # the same number as stored: agree
        (D(0), D(0), None, None, None),
        (None, D(74), False, True, False),  # offer the KPI's 74 to the item
        (D(78), None, False, False, True),  # offer the item's 78 to the KPI data
        (None, None, None, None, None),  # neither filled: nothing to say
        (D(0), D("0.5"), True, False, False),
    ],
)
def test_pairs_that_differ_or_lack_one_figure(
    item: Decimal | None,
    kpi: Decimal | None,
    differ: bool | None,
    item_missing: bool | None,
    input_missing: bool | None,
) -> None:
    found = same_figures(_rubric(), {"A.1": item}, {"score": kpi})
    if differ is None:
        assert found == []
        return
    [pair] = found
    assert (pair.item_id, pair.input_id) == ("A.1", "score")
    assert (pair.item_value, pair.input_value) == (item, kpi)
    assert (pair.differ, pair.item_missing, pair.input_missing) == (
        differ,
        item_missing,
        input_missing,
    )


def test_an_item_without_the_link_is_never_compared() -> None:
    assert same_figures(_rubric(same_as=None), {"A.1": D(78)}, {"score": D(74)}) == []


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"scores": {}}, "no KPI input 'score' (did you mean 'scores'?)"),
        ({"score": {"computed": "resident_companies_3star"}}, "computed by rcapp"),
    ],
)
def test_the_link_names_a_typed_kpi_input(
    inputs: dict[str, dict[str, object]], message: str
) -> None:
    findings = list(same_figure_findings(_rubric(inputs=inputs)))
    assert [f.loc[-1] for f in findings] == ["same_figure_as"]
    assert message in findings[0].message


def test_two_items_cannot_name_one_input() -> None:
    first, second = number("A.1"), number("A.2")
    first["same_figure_as"] = second["same_figure_as"] = "score"
    rubric = build_rubric(
        [section("A", element("A.E", first, second))],
        kpi_inputs=[{"id": "score", "label": text("s"), "unit": text("points")}],
    )
    [finding] = same_figure_findings(rubric)
    assert "already the same figure as A.1" in finding.message


def test_only_a_number_item_names_a_same_figure() -> None:
    item = yes_no("A.1")
    item["same_figure_as"] = "score"
    with pytest.raises(ValidationError, match="only for number items"):
        build_rubric([section("A", element("A.E", item))])


@dataclass(frozen=True)
class _Answer:
    value: Decimal | None = None
    level: int | None = None
    is_na: bool = False
    na_reason: str | None = None


@pytest.mark.parametrize(
    ("item", "kpi", "refused"),
    [(D(78), D(74), True), (D(74), D(74), False), (D(78), None, False), (None, D(74), False)],
)
def test_the_submit_check_lists_a_pair_that_differs(
    item: Decimal | None, kpi: Decimal | None, refused: bool
) -> None:
    rubric = _rubric()
    answers = {"A.1": _Answer(value=item)}
    figures = {} if kpi is None else {"score": kpi}
    found = missing_parts(rubric, answers, set(figures), figures)
    differing = [m for m in found if m.kind == "same_figure"]
    assert bool(differing) is refused
    if refused:
        assert differing[0].subject_id == "A.1"
        assert differing[0].differing == (item, kpi)
        assert differing[0].section_id == "A"
    # Without the typed values the check is the old one: nothing about the pair.
    assert not [m for m in missing_parts(rubric, answers, set(figures)) if m.kind == "same_figure"]


def _errata_dir(tmp_path: Path, same_figures: str) -> Path:
    (tmp_path / "mini-company").mkdir()
    shutil.copy(MINI, tmp_path / "mini-company" / "v1.yaml")
    sha = hashlib.sha256(MINI.read_bytes()).hexdigest()
    (tmp_path / "errata").mkdir()
    (tmp_path / "errata" / "mini-company-v1.yaml").write_text(
        f'rubric: mini-company\nversion: 1\nsha256: "{sha}"\nreason: a test\n'
        f"same_figures:\n{same_figures}texts:\n  title: {{zh: 标题, en: Title}}\n",
        encoding="utf-8",
    )
    return tmp_path


def test_errata_link_an_item_of_a_published_version_without_changing_its_file(
    tmp_path: Path,
) -> None:
    registry = RubricRegistry(_errata_dir(tmp_path, "  C1.E1.2: drills\n"))
    loaded = registry.get("mini-company", 1, hashlib.sha256(MINI.read_bytes()).hexdigest())
    assert loaded.rubric.item_index()["C1.E1.2"].same_figure_as == "drills"
    assert loaded.rubric.item_index()["C1.E1.1"].same_figure_as is None


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  C1.E1.1: drills\n", "needs a number item's id"),  # a maturity item
        ("  C1.E9.9: drills\n", "needs a number item's id"),
        ("  C1.E1.2: drill\n", "no KPI input 'drill'"),
    ],
)
def test_errata_links_are_checked(tmp_path: Path, entry: str, message: str) -> None:
    registry = RubricRegistry(_errata_dir(tmp_path, entry))
    with pytest.raises(RubricFileError, match=message):
        registry.get("mini-company", 1)


def test_the_current_park_rubric_links_the_safety_risk_score() -> None:
    registry = RubricRegistry(ROOT / "rubrics")
    item = registry.get("rc-park", 2).rubric.item_index()["PK3.E1.1"]
    assert item.same_figure_as == "risk_score"
    # Version 1 serves closed years only; their history is kept as it was submitted.
    assert registry.get("rc-park", 1).rubric.item_index()["PK3.E1.1"].same_figure_as is None
