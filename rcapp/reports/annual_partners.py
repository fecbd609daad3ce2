"""The annual report's check of the typed "1+3" partner counts against the register.

The counts are published as typed (the register may be incomplete: assessments.partner_check);
the data-quality appendix says how many organisations' figures differ from their register,
with both sums, so a reader sees what the published figure rests on (qa40 D2).
"""

from __future__ import annotations

from decimal import Decimal

from rcapp.assessments.partner_check import mismatches, registers
from rcapp.reports.annual_model import PartnerCheck
from rcapp.reports.annual_pool import PinnedInputs
from rcapp.rubrics.partner_inputs import partner_inputs


def partner_check(results: list[PinnedInputs], year: int) -> PartnerCheck | None:
    """Check the year's results that report a partner count (None: none does).

    Each result's partner inputs are those its rubric names (rubrics.partner_inputs).
    """
    typed: dict[int, dict[str, Decimal]] = {}
    counts: dict[int, dict[str, bool]] = {}  # per organisation: input id -> cumulative
    for r in results:
        inputs = partner_inputs(r.rubric)
        values = {k: v for k, v in r.inputs.items() if k in inputs}
        if r.organisation_id is not None and values:
            typed[r.organisation_id], counts[r.organisation_id] = values, inputs
    if not typed:
        return None
    found = registers(typed, year)
    differing = sum(1 for o, values in typed.items() if mismatches(found[o], values, counts[o]))
    sums: dict[bool, Decimal | None] = {}
    registered = {False: 0, True: 0}
    for cumulative in (False, True):
        reporting = {
            o: value
            for o, values in typed.items()
            for input_id, value in values.items()
            if counts[o][input_id] is cumulative
        }
        if reporting:
            sums[cumulative] = sum(reporting.values(), Decimal(0))
            registered[cumulative] = sum(found[o].count(cumulative) for o in reporting)
    return PartnerCheck(
        checked=len(typed),
        differing=differing,
        typed_year=sums.get(False),
        registered_year=registered[False],
        typed_total=sums.get(True),
        registered_total=registered[True],
    )
