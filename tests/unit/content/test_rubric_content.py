"""Content-shape tests over every rubric version under rubrics/ (issue "Rubric content").

The loader already checks the format; these tests check what the content promises:
bilingual texts, complete maturity items, the company rubric's sections and KPI set,
computable KPIs mapped to SDG targets, a provisional rating scheme that says so, and
the park's risk-grade conditions. They run over the registry's list, so a new version
(rc-company v2, ...) is tested as soon as its file exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from rcapp.rubrics.cli import rubrics_cli
from rcapp.rubrics.formula import parse_formula
from rcapp.rubrics.model import (
    Aggregation,
    Direction,
    ItemKind,
    KpiInput,
    KpiThreshold,
    Rubric,
    RubricKind,
    SectionKind,
    Text,
)
from rcapp.rubrics.registry import RubricRegistry

RUBRICS_DIR = Path(__file__).resolve().parents[3] / "rubrics"
REGISTRY = RubricRegistry(RUBRICS_DIR)
SUMMARIES = REGISTRY.list()
ALL = [(s.id, s.version) for s in SUMMARIES]
COMPANY = [(s.id, s.version) for s in SUMMARIES if s.kind is RubricKind.COMPANY]
PARK = [(s.id, s.version) for s in SUMMARIES if s.kind is RubricKind.PARK]

CODES = ("C1", "C2", "C3", "C4", "C5", "C6")
# CJK ideographs, CJK symbols and punctuation (、。《》), full-width forms (，：（）).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# English may cite a Chinese title in 《》, gloss a term of art in brackets, e.g.
# "supervised rectification (挂牌督办)", or cite a document code as it is (财资〔2022〕136号,
# docs/rubric-format.md §2); any other Chinese in an English text is untranslated.
GLOSS = re.compile(
    r"《[^》]*》|[(（][\u3400-\u4dbf\u4e00-\u9fff]+[)）]"
    r"|[\u4e00-\u9fff]+〔(?:19|20)\d\d〕\d+号"
)
SDG_TARGET = re.compile(r"([1-9][0-9]?)\.([1-9][0-9]?)")
PROVISIONAL_ZH = ("暂行", "试行", "暂定")


def _key(key: tuple[str, int]) -> str:
    return f"{key[0]}@{key[1]}"


def _rubric(key: tuple[str, int]) -> Rubric:
    return REGISTRY.get(*key).rubric


@pytest.fixture(params=ALL, ids=_key)
def rubric(request: pytest.FixtureRequest) -> Rubric:
    return _rubric(request.param)


@pytest.fixture(params=COMPANY, ids=_key)
def company(request: pytest.FixtureRequest) -> Rubric:
    return _rubric(request.param)


@pytest.fixture(params=PARK, ids=_key)
def park(request: pytest.FixtureRequest) -> Rubric:
    return _rubric(request.param)


def texts(value: object, path: str) -> Iterator[tuple[str, Text]]:
    """Yield every Text in a rubric with its path, e.g. sections[1].elements[0].title."""
    if isinstance(value, Text):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, tuple | list):
        for index, child in enumerate(value):
            yield from texts(child, f"{path}[{index}]")


def language_neutral(text: Text) -> bool:
    """A symbol written the same in both languages, such as the unit '%'."""
    return text.zh == text.en and not re.search(r"[A-Za-z]", text.zh)


def plausible(kpi_input: KpiInput) -> Decimal:
    """A plausible positive figure for an input, within its declared range."""
    value = Decimal(100)
    if kpi_input.plausible_max is not None:
        value = min(value, kpi_input.plausible_max)
    if kpi_input.max is not None:
        value = min(value, kpi_input.max)
    return max(value, kpi_input.min, Decimal(1))


# --- The registry and the checker --------------------------------------------------------


def test_registry_holds_a_company_and_a_park_rubric() -> None:
    assert ("rc-company", 1) in COMPANY
    assert ("rc-park", 1) in PARK


def test_rubrics_check_passes_on_the_rubric_directory() -> None:
    result = CliRunner().invoke(rubrics_cli, ["check", str(RUBRICS_DIR)])

    assert result.exit_code == 0, result.output
    errata = len(list((RUBRICS_DIR / "errata").glob("*.yaml")))
    assert result.stdout == f"{len(ALL) + errata} rubric file(s) OK\n"


# --- Every rubric -------------------------------------------------------------------------


def test_every_text_has_chinese_and_english(rubric: Rubric) -> None:
    problems = []
    for path, text in texts(rubric, ""):
        if not text.zh.strip() or not text.en.strip():
            problems.append(f"{path}: empty text")
        if CJK.search(GLOSS.sub("", text.en)):
            problems.append(f"{path}.en has Chinese: {text.en[:80]!r}")
        if not CJK.search(text.zh) and not language_neutral(text):
            problems.append(f"{path}.zh has no Chinese: {text.zh[:80]!r}")

    assert problems == []


def test_maturity_items_have_distinct_levels_guidance_and_evidence(rubric: Rubric) -> None:
    problems = []
    for _, _, item in rubric.iter_items():
        if item.kind is not ItemKind.MATURITY:
            continue
        levels = item.levels or ()
        if len(levels) != 5:
            problems.append(f"{item.id}: {len(levels)} level descriptors")
        if len({level.zh for level in levels}) != len(levels):
            problems.append(f"{item.id}: two levels share a Chinese descriptor")
        if len({level.en for level in levels}) != len(levels):
            problems.append(f"{item.id}: two levels share an English descriptor")
        if item.guidance is None:
            problems.append(f"{item.id}: no guidance")
        if item.evidence is None:
            problems.append(f"{item.id}: no evidence rule")

    assert problems == []


def test_rate_kpis_aggregate_pooled(rubric: Rubric) -> None:
    rates = [kpi for kpi in rubric.kpis if kpi.bases]

    assert rates
    assert {kpi.id: kpi.aggregation for kpi in rates} == {
        kpi.id: Aggregation.POOLED for kpi in rates
    }


def test_kpi_formulas_use_declared_inputs_and_compute(rubric: Rubric) -> None:
    inputs = {kpi_input.id: plausible(kpi_input) for kpi_input in rubric.kpi_inputs}
    problems = []
    for kpi in rubric.kpis:
        formula = parse_formula(kpi.formula)
        unknown = sorted(formula.names - inputs.keys())
        value = formula.evaluate(inputs)
        if unknown:
            problems.append(f"{kpi.id}: undeclared inputs {unknown}")
        elif value is None or not value.is_finite():
            problems.append(f"{kpi.id}: {kpi.formula} gives no finite value")

    assert problems == []


def test_every_kpi_maps_to_an_sdg_target(rubric: Rubric) -> None:
    problems = []
    for kpi in rubric.kpis:
        if not kpi.sdg:
            problems.append(f"{kpi.id}: no SDG target")
        for target in kpi.sdg:
            match = SDG_TARGET.fullmatch(target)
            if match is None or not 1 <= int(match[1]) <= 17:
                problems.append(f"{kpi.id}: {target!r} is not an SDG target N.N")

    assert problems == []


def test_notes_say_whether_the_rating_is_provisional(rubric: Rubric) -> None:
    notes = rubric.notes
    assert notes is not None
    said = any(word in notes.zh for word in PROVISIONAL_ZH) or "provisional" in notes.en.lower()

    assert said == rubric.rating.provisional


@pytest.mark.parametrize("key", [("rc-company", 1), ("rc-park", 1)], ids=_key)
def test_first_versions_are_provisional(key: tuple[str, int]) -> None:
    # CPCIF has not published its rating rules (domain.md 9): v1 must say the scheme is interim.
    assert _rubric(key).rating.provisional


# --- Company rubrics ----------------------------------------------------------------------


def test_company_has_management_and_six_codes(company: Rubric) -> None:
    sections = [(section.id, section.kind) for section in company.sections]

    assert sections == [("MS", SectionKind.MANAGEMENT)] + [
        (code, SectionKind.CODE) for code in CODES
    ]


def test_company_codes_have_seven_elements_of_two_to_four_items(company: Rubric) -> None:
    problems = []
    for section in company.sections:
        if section.kind is SectionKind.CODE and len(section.elements) < 7:
            problems.append(f"{section.id}: {len(section.elements)} elements")
        problems.extend(
            f"{element.id}: {len(element.items)} items"
            for element in section.elements
            if not 2 <= len(element.items) <= 4
        )

    assert problems == []


def test_company_has_thirty_kpis_with_unit_direction_and_aggregation(company: Rubric) -> None:
    kpis = company.kpis

    assert len(kpis) >= 30
    assert [k.id for k in kpis if not (k.unit.zh.strip() and k.unit.en.strip())] == []
    assert all(isinstance(k.better, Direction) for k in kpis)
    assert all(isinstance(k.aggregation, Aggregation) for k in kpis)
    assert any(k.core for k in kpis)


# --- Park rubrics -------------------------------------------------------------------------


def test_park_sections_are_park_sections_with_kpis(park: Rubric) -> None:
    assert {section.kind for section in park.sections} == {SectionKind.PARK}
    assert park.kpis
    assert any(kpi.core for kpi in park.kpis)


def test_park_stars_from_three_up_need_the_risk_grade(park: Rubric) -> None:
    kpis = {kpi.id for kpi in park.kpis}
    thresholds = {
        band.stars: [c for c in band.conditions if isinstance(c, KpiThreshold)]
        for band in park.rating.bands
    }
    risk = {
        stars: found[0]
        for stars, found in thresholds.items()
        if found and "风险" in found[0].label.zh and "risk" in found[0].label.en.lower()
    }

    assert 3 in risk
    assert {condition.kpi for condition in risk.values()} <= kpis
    values = [risk[stars].value for stars in sorted(risk)]
    assert values == sorted(values)


# --- The language rule itself ----------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "has_chinese"),
    [
        ("Listed for supervised rectification (挂牌督办) by the authorities", False),
        ("CPCIF has not published its rules (《石油和化工行业责任关怀分级评价管理办法》).", False),
        ("Upload the 承诺书 scan", True),
        ("Drill records（演练记录） and photos，", True),
    ],
)
def test_english_may_gloss_chinese_terms_but_not_leave_them_untranslated(
    english: str, has_chinese: bool
) -> None:
    assert bool(CJK.search(GLOSS.sub("", english))) is has_chinese
