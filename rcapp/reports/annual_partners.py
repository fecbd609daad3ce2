"""The annual report's check of the typed "1+3" partner counts against the register.

The counts are published as typed (the register may be incomplete: assessments.partner_check);
the data-quality appendix says how many organisations' figures differ from their register,
with both sums, so a reader sees what the published figure rests on (qa40 D2).
"""

from __future__ import annotations

from decimal import Decimal

from rcapp.assessments.partner_check import PARTNER_INPUTS, mismatches, registers
from rcapp.reports.annual_model import PartnerCheck
from rcapp.reports.annual_pool import PinnedInputs


def partner_check(results: list[PinnedInputs], year: int) -> PartnerCheck | None:
    """Check the year's results that report a partner count (None: none does)."""
    typed = {
        r.organisation_id: {k: v for k, v in r.inputs.items() if k in PARTNER_INPUTS}
        for r in results
        if r.organisation_id is not None and PARTNER_INPUTS.keys() & r.inputs.keys()
    }
    if not typed:
        return None
    found = registers(typed, year)
    differing = sum(1 for o, values in typed.items() if mismatches(found[o], values))
    sums: dict[bool, Decimal | None] = {}
    registered = {False: 0, True: 0}
    for cumulative in (False, True):
        input_id = next(i for i, c in PARTNER_INPUTS.items() if c is cumulative)
        reporting = [o for o, values in typed.items() if input_id in values]
        if reporting:
            sums[cumulative] = sum((typed[o][input_id] for o in reporting), Decimal(0))
            registered[cumulative] = sum(found[o].count(cumulative) for o in reporting)
    return PartnerCheck(
        checked=len(typed),
        differing=differing,
        typed_year=sums.get(False),
        registered_year=registered[False],
        typed_total=sums.get(True),
        registered_total=registered[True],
    )
