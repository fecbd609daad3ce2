"""The side-by-side page's default KPI columns fit the working group's field."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from rcapp.benchmarks.pages import chosen_metrics, default_kpis, metrics_of
from rcapp.benchmarks.stats import KPI_PREFIX, SECTION_PREFIX
from rcapp.rubrics.loader import load_rubric

COMPANY = load_rubric(Path(__file__).parents[3] / "rubrics/rc-company/v2.yaml").rubric


def test_the_pollution_groups_defaults_start_with_pollution_kpis() -> None:
    shown = default_kpis(COMPANY, "C3")
    kpis = {k.id: k for k in COMPANY.kpis}
    assert [kpis[k].category for k in shown[:3]] == ["environment"] * 3
    assert shown[:3] == ["EN-01", "EN-02", "EN-03"]
    # The KPIs the rating compares with the group median follow.
    assert shown[3:] == ["OHS-03", "OHS-04", "PS-02"]


def test_a_group_without_a_field_keeps_the_ratings_kpis() -> None:
    assert default_kpis(COMPANY) == ["OHS-03", "OHS-04", "PS-02"]
    assert default_kpis(COMPANY, None) == default_kpis(COMPANY, "X9")


def test_the_process_safety_group_sees_its_kpi_once() -> None:
    shown = default_kpis(COMPANY, "C4")
    assert shown[0] == "PS-02"
    assert shown.count("PS-02") == 1


def test_the_distribution_group_opens_on_its_own_comparable_kpis() -> None:
    """v2 has no core storage-and-transport KPI: its rates come first (qa72 p11)."""
    kpis = {k.id: k for k in COMPANY.kpis}
    shown = default_kpis(COMPANY, "C2")
    field = [k for k in shown if kpis[k].category == "distribution"]
    assert field
    assert shown[: len(field)] == field
    assert all(not kpis[k].absolute for k in field)  # an absolute count compares nothing
    assert shown[len(field) :] == ["OHS-03", "OHS-04", "PS-02"]


def test_the_pollution_groups_columns_open_on_its_own_kpis(app: Flask) -> None:
    """The columns follow the defaults' order, not the rubric's (OHS-03 came first)."""
    with app.test_request_context():
        every = metrics_of(COMPANY, "zh")
        shown = chosen_metrics(every, default_kpis(COMPANY, "C3"))
    kpis = [m.key.removeprefix(KPI_PREFIX) for m in shown if m.key.startswith(KPI_PREFIX)]
    assert kpis == ["EN-01", "EN-02", "EN-03", "OHS-03", "OHS-04", "PS-02"]
    sections = [m for m in every if m.key.startswith(SECTION_PREFIX)]
    assert shown[: len(sections)] == sections  # every section first, as before
