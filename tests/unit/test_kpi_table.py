"""The KPI table's rates and change column (plain data, no app)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from rcapp.assessments.kpi_table import (
    basis_unit,
    change_text,
    count_unit,
    input_table,
    primary_unit,
)
from rcapp.rubrics.loader import load_rubric

MINI = Path(__file__).resolve().parents[1] / "data" / "rubrics" / "mini-company" / "v1.yaml"


@pytest.mark.parametrize(
    ("this", "last", "shown"),
    [
        (Decimal(110), Decimal(100), "+10 (+10 %)"),
        (Decimal(90), Decimal(100), "-10 (-10 %)"),
        # one rule with the computed rows and the KPI ladder: a KPI figure, not "-50.0 %"
        (Decimal(50), Decimal(100), "-50 (-50 %)"),
        (Decimal(1300000), Decimal(1200000), "+100,000 (+8.33 %)"),
        (Decimal("100.5"), Decimal(100), "+0.5 (+0.5 %)"),
        (Decimal(10003), Decimal(10000), "+3 (+0.03 %)"),
        (Decimal(5), Decimal(0), "+5"),
        (Decimal(3), Decimal(3), "0"),
        (None, Decimal(3), "—"),
        (Decimal(3), None, "—"),
    ],
)
def test_change_reads_like_a_spreadsheet(
    this: Decimal | None, last: Decimal | None, shown: str
) -> None:
    assert change_text(this, last) == shown


def test_rates_are_computed_per_basis_for_both_years() -> None:
    rubric = load_rubric(MINI).rubric
    this_year = {"hours_employees": Decimal(2_000_000), "lti_employees": Decimal(3)}
    last_year = {"hours_employees": Decimal(1_000_000), "lti_employees": Decimal(2)}
    groups = input_table(rubric, this_year, last_year, "zh")
    rates = {(r.kpi_id, r.multiplier): r for g in groups for r in g.rates}
    per_million = rates[("OHS-03", Decimal(1_000_000))]
    assert (per_million.this_year, per_million.last_year) == (Decimal("1.50"), Decimal("2.00"))
    assert per_million.change == Decimal("-0.50")
    assert "每百万工时" in per_million.name
    assert rates[("OHS-03", Decimal(200_000))].this_year == Decimal("0.30")
    assert rates[("CA-01", Decimal(1))].this_year is None  # drills not entered
    every_input = [i.id for g in groups for i in g.inputs]
    assert sorted(every_input) == sorted(i.id for i in rubric.kpi_inputs)


@pytest.mark.parametrize(
    ("lang", "per_million", "per_200k", "plain"),
    [
        ("zh", "起/百万工时", "起/20万工时", "次/年"),
        ("en", "cases per million hours worked", "cases per 200,000 hours worked", "per year"),
    ],
)
def test_a_per_hours_unit_names_its_basis(
    lang: str, per_million: str, per_200k: str, plain: str
) -> None:
    rubric = load_rubric(MINI).rubric
    groups = input_table(rubric, {}, {}, lang)
    units = {(r.kpi_id, r.multiplier): r.unit for g in groups for r in g.rates}
    assert units[("OHS-03", Decimal(1_000_000))] == per_million
    assert units[("OHS-03", Decimal(200_000))] == per_200k
    assert units[("CA-01", Decimal(1))] == plain  # a unit without a basis is the rubric's


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_200k_basis_unit_is_written_as_the_rubric_writes_it(lang: str) -> None:
    # rc-park v1 writes PK-PS-01's unit out ("起/20万工时"); v2 and the company rubrics name
    # the basis by a stand-in that rcapp fills in: both must read the same (no "20 万").
    rubrics = Path(__file__).resolve().parents[2] / "rubrics" / "rc-park"
    written = next(k for k in load_rubric(rubrics / "v1.yaml").rubric.kpis if k.id == "PK-PS-01")
    filled = next(k for k in load_rubric(rubrics / "v2.yaml").rubric.kpis if k.id == "PK-PS-01")
    shown = "events per 200,000 hours worked" if lang == "en" else written.unit.get(lang)
    assert primary_unit(filled, lang) == shown  # the glossary's form in English (QA37 S3)
    assert primary_unit(written, lang) == shown


@pytest.mark.parametrize(
    ("lang", "unit", "shown"),
    [
        ("en", "incidents per 10000 shipments", "incidents per 10,000 shipments"),
        ("en", "t per 1.5 units", "t per 1.5 units"),
        ("en", "cases per basis hours", "cases per basis hours"),
        ("zh", "起/10000批次", "起/10000批次"),
    ],
)
def test_an_english_units_large_number_gets_its_thousands_separator(
    lang: str, unit: str, shown: str
) -> None:
    """QA37 S3: "per 10000 shipments" beside "per 200,000 hours worked"."""
    assert basis_unit(unit, None, lang) == shown


@pytest.mark.parametrize(
    ("rubric", "kpi_id", "en"),
    [
        ("rc-company/v1.yaml", "EN-07", "kg/t product"),  # v1: "kg per t product"
        ("rc-company/v2.yaml", "EN-01", "kg/t product"),
        ("rc-company/v1.yaml", "RS-07", "m³/t product"),  # "m³ per t product"
        ("rc-company/v1.yaml", "RS-02", "tce per CNY 10k"),
        ("rc-park/v2.yaml", "PK-RS-01", "tce per CNY 10k"),  # "tce per ¥10k output"
        ("rc-company/v1.yaml", "DS-02", "incidents per 10,000 shipments"),
    ],
)
def test_one_measure_has_one_english_unit_in_every_rubric_version(
    rubric: str, kpi_id: str, en: str
) -> None:
    """QA46 S5: the report, the scorecards and the pages spelt one unit two ways."""
    rubrics = Path(__file__).resolve().parents[2] / "rubrics"
    kpi = next(k for k in load_rubric(rubrics / rubric).rubric.kpis if k.id == kpi_id)
    assert primary_unit(kpi, "en") == en
    assert count_unit(kpi.unit.en, "en") == en  # the result page and the scorecard's column
    assert primary_unit(kpi, "zh") == kpi.unit.zh  # Chinese as the rubric writes it


@pytest.mark.parametrize(
    ("this", "last"),
    [(Decimal(50), Decimal(100)), (Decimal(13), Decimal(12)), (Decimal("0.7"), Decimal("0.9"))],
)
def test_raw_and_computed_rows_write_the_percentage_alike(this: Decimal, last: Decimal) -> None:
    raw, computed = change_text(this, last), change_text(this, last, places=2)
    assert raw[raw.index("(") :] == computed[computed.index("(") :]
