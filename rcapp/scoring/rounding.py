"""Arithmetic precision and rounding: the one module of scoring that rounds a number.

The rules (docs/scoring.md repeats them for users):

1. Arithmetic is Decimal in the ARITHMETIC context (34 significant digits; the public
   functions of the package enter it); floats never enter. Scores are computed unrounded
   from the answers all the way to the overall score.
2. A reported score (element, section, component, KPI performance, overall) is rounded
   once, ROUND_HALF_UP to one decimal (`score`). A division can leave noise in the 30th
   digit (66.66...67); `score` snaps to 20 decimals first so that an exact 74.45 computed
   as 74.4499...9 still shows 74.5. No score rounds a rounded score.
3. Star gates compare the rounded score with the threshold (`meets`): what users see is
   what is judged, so 69.95 shows as 70.0 and passes a 70 threshold.
4. KPI values (`kpi_figure`): a whole number stays whole (counts read as counts); other
   values are rounded ROUND_HALF_UP to two decimals, and values below 0.1 in magnitude
   to two significant figures (0.0123 -> 0.012). KPI comparisons (group median,
   quartiles, thresholds) use these rounded figures; a change in % (year on year, against
   a base year) is computed from the unrounded figures and then rounded.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

ARITHMETIC = Context(prec=34, rounding=ROUND_HALF_EVEN)
HUNDRED = Decimal(100)
SCORE_STEP = Decimal("0.1")
_NOISE = Decimal("1e-20")
_KPI_STEP = Decimal("0.01")
_SMALL_KPI = Decimal("0.1")
_MINUS_SMALL_KPI = -_SMALL_KPI
_ONE = Decimal(1)


def score(value: Decimal) -> Decimal:
    """Round an unrounded score for reporting and for the star gates."""
    snapped = value.quantize(_NOISE, rounding=ROUND_HALF_EVEN, context=ARITHMETIC)
    return snapped.quantize(SCORE_STEP, rounding=ROUND_HALF_UP, context=ARITHMETIC)


def meets(value: Decimal | None, threshold: Decimal) -> bool:
    """Whether an unrounded score, once rounded as shown, reaches `threshold`."""
    return value is not None and score(value) >= threshold


def kpi_figure(value: Decimal) -> Decimal:
    """Round a KPI value as it is shown and compared (rule 4 above)."""
    if value == value.to_integral_value(context=ARITHMETIC):
        return value.quantize(_ONE, context=ARITHMETIC)
    if abs(value) >= _SMALL_KPI:
        return value.quantize(_KPI_STEP, rounding=ROUND_HALF_UP, context=ARITHMETIC)
    places = 1 - value.adjusted()
    return value.quantize(_ONE.scaleb(-places), rounding=ROUND_HALF_UP, context=ARITHMETIC)


def kpi_figures(values: Iterable[Decimal]) -> list[Decimal]:
    """Return `kpi_figure` of each value, in order, with less work per value.

    A value that is not equal to its rounding to two places is not whole (a whole number
    rounds to itself), so when it is 0.1 or more in magnitude that rounding is its figure:
    one rounding and a comparison or two, where `kpi_figure` first makes the whole number
    to compare with. Every other value (whole, of two places or fewer, or small) goes
    through `kpi_figure`, once per distinct non-zero value (its figure depends only on the
    number, bar the sign of a zero). A cycle's benchmarks round about a million values.
    """
    found: list[Decimal] = []
    known: dict[Decimal, Decimal] = {}
    for value in values:
        try:
            two = value.quantize(_KPI_STEP, rounding=ROUND_HALF_UP, context=ARITHMETIC)
        except InvalidOperation:  # too many digits for two places: kpi_figure decides
            two = value
        if two != value and (value >= _SMALL_KPI or value <= _MINUS_SMALL_KPI):
            found.append(two)
            continue
        figure = known.get(value)
        if figure is None:
            figure = kpi_figure(value)
            if value:
                known[value] = figure
        found.append(figure)
    return found


def weighted_mean(pairs: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Return Σ weight x value / Σ weight over (weight, value) pairs; None when Σ weight is 0."""
    with localcontext(ARITHMETIC):
        total = Decimal(0)
        weighted = Decimal(0)
        for weight, value in pairs:
            total += weight
            weighted += weight * value
        return weighted / total if total else None


def weight_text(weight: Decimal) -> str:
    """Write a weight with at least two decimals, as the rubric's rule text does (0.60, not 0.6).

    One wording for the result page's 权重 column and the text scorecard (`rcapp score`).
    """
    exponent = weight.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{weight:.{places}f}"
