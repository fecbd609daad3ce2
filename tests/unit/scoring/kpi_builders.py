"""A rubric with rate and count KPIs for KPI tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rcapp.rubrics.model import Rubric

from .builders import build_rubric, split_section, text

D = Decimal


def kpi_inputs() -> list[dict[str, Any]]:
    return [
        {"id": "hours", "label": text("hours"), "unit": text("h")},
        {"id": "lti", "label": text("LTI"), "unit": text("cases"), "integer": True},
        {"id": "drills", "label": text("drills"), "unit": text("drills"), "integer": True},
        {"id": "ghg", "label": text("GHG"), "unit": text("t")},
        {"id": "output", "label": text("output"), "unit": text("t")},
    ]


def kpi(kpi_id: str, formula: str, better: str = "lower", **extra: Any) -> dict[str, Any]:
    data = {
        "id": kpi_id,
        "name": text(kpi_id),
        "category": "safety",
        "formula": formula,
        "unit": text("u"),
        "better": better,
        "aggregation": "pooled",
        "core": True,
    }
    data.update(extra)
    return data


LTIF = kpi("LTIF", "lti / hours", bases=["per_1m_hours", "per_200k_hours"])
DRILLS = kpi("DRILLS", "drills", "higher", aggregation="sum")
GHG_INDEX = kpi("GHG-IX", "ghg / output", aggregation="index", core=False)


def kpi_rubric(
    *kpis: dict[str, Any], bands: list[dict[str, Any]] | None = None, **opts: Any
) -> Rubric:
    components = [
        {
            "id": "codes",
            "label": text("codes"),
            "weight": "0.5",
            "source": "sections",
            "sections": ["S"],
        },
        {"id": "kpi", "label": text("kpi"), "weight": "0.5", "source": "kpi_performance"},
    ]
    return build_rubric(
        [split_section("S", 100)],
        bands or [],
        components,
        kpi_inputs=kpi_inputs(),
        kpis=list(kpis) or [LTIF, DRILLS],
        **opts,
    )


def year(hours: object = 2_400_000, lti: object = 3, drills: object = 2) -> dict[str, Decimal]:
    return {"hours": D(str(hours)), "lti": D(str(lti)), "drills": D(str(drills))}
