"""Each demo company's own KPI data, though several are filled from one example file.

Companies filled from the same example file (rcapp.demo.world.PLANS) would show identical
figures side by side on the benchmark pages. A profile gives a company its own size and
process: `size` scales what grows with the workforce (hours, people, health checks, PHA
actions, shipments, carriers), `output` the production and its value, and `intensity` the
emissions, waste, energy and water per tonne on top of `output`. The case counts (injuries,
process safety events, incidents, complaints) stay the file's: on other hours they are other
rates, and the events register, which the file's counts agree with, stays true.

The factors are the same every year, so the file's year-on-year changes, which the KPI
ladder and the stars reward, stay as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from rcapp.assessments.validation import KpiEntry

SIZE_INPUTS = frozenset(
    {
        "hours_employees",
        "hours_contractors",
        "headcount_employees",
        "exposure_points_monitored",
        "exposure_points_compliant",
        "health_exams_required",
        "health_exams_done",
        "training_hours",
        "pha_actions_due",
        "pha_actions_closed",
        "shipments",
        "carriers_active",
        "carriers_evaluated",
    }
)
OUTPUT_INPUTS = frozenset({"production_t", "output_value"})
EMISSION_INPUTS = frozenset(
    {
        "so2_t",
        "nox_t",
        "cod_t",
        "tn_t",
        "tp_t",
        "heavy_metals_kg",
        "cod_transferred_t",
        "nh3n_t",
        "voc_t",
        "hazwaste_generated_t",
        "hazwaste_transferred_t",
        "hazwaste_disposed_t",
        "hazwaste_compliant_t",
        "energy_tce",
        "ghg_scope1_t",
        "ghg_scope2_t",
        "fresh_water_m3",
        "reused_water_m3",
    }
)
_SIGNIFICANT = 3  # an emission figure keeps three significant digits, as a report writes it


@dataclass(frozen=True)
class KpiProfile:
    size: Decimal
    output: Decimal
    intensity: Decimal = Decimal(1)

    def factor(self, input_id: str) -> Decimal | None:
        """Return what the input is multiplied by (None: kept as the file has it)."""
        if input_id in SIZE_INPUTS:
            return self.size
        if input_id in OUTPUT_INPUTS:
            return self.output
        if input_id in EMISSION_INPUTS:
            return self.output * self.intensity
        return None


# The example files' own companies (东海精细, 江北新材料) and those with a file of their own
# keep the file's figures.
PROFILES: Mapping[str, KpiProfile] = {
    # Pesticides in the same park as 东海精细: more people, less tonnage, dirtier per tonne.
    "haicheng-agro": KpiProfile(Decimal("1.15"), Decimal("0.55"), Decimal("1.25")),
    # Chlor-alkali: large tonnage of caustic soda and chlorine, energy per tonne lower.
    "linhai-chlor": KpiProfile(Decimal("1.4"), Decimal("2.4"), Decimal("0.7")),
    # A refinery: the largest site of the demo.
    "weibei-petro": KpiProfile(Decimal("2.6"), Decimal("6.5"), Decimal("0.45")),
    # Ammonia and urea: big tonnage, few people.
    "ludong-fert": KpiProfile(Decimal("0.8"), Decimal("2.0"), Decimal("0.8")),
}


def profiled(org_key: str, kpis: Mapping[str, KpiEntry]) -> dict[str, KpiEntry]:
    """Return the KPI inputs as `org_key` reports them (the file's where it has no profile)."""
    profile = PROFILES.get(org_key)
    if profile is None:
        return dict(kpis)
    found: dict[str, KpiEntry] = {}
    for input_id, entry in kpis.items():
        factor = profile.factor(input_id)
        if factor is None or not entry.value:
            found[input_id] = entry
            continue
        value = Decimal(entry.value) * factor
        scaled = _whole(value) if input_id not in EMISSION_INPUTS else _reported(value)
        found[input_id] = KpiEntry(value=format(scaled, "f"), note=entry.note)
    return found


def _whole(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _reported(value: Decimal) -> Decimal:
    """Round to three significant digits, never to a figure with an exponent."""
    if value == 0:
        return Decimal(0)
    digits = value.adjusted() + 1  # digits before the decimal point
    places = max(_SIGNIFICANT - digits, 0)
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
