"""The KPI entry page as a table: inputs by group, last year beside this year, rates.

The computed rates (per basis) come from both years' inputs. Plain data for the template;
the page's script recomputes the same rates while the user types, from the formulas here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from rcapp.assessments.earlier_marks import EarlierMark, earlier_mark_text
from rcapp.assessments.kpi_inputs import input_groups
from rcapp.figures import figure_text
from rcapp.rubrics.app_registry import app_registry
from rcapp.rubrics.formula import parse_formula
from rcapp.rubrics.kpi_compare import own_unit
from rcapp.rubrics.model import BASIS_MULTIPLIERS, Aggregation, Basis, Kpi, KpiInput, Rubric, Text
from rcapp.scoring.kpi_text import RATE_PLACES, figures_places, kpi_places, kpi_text
from rcapp.scoring.rounding import kpi_figure

# The glossary's one form (百万工时: per million hours worked), as the annual workbook's
# headers write it (reports.data.basis_label): QA37 S3 found both forms in one workbook.
BASIS_LABELS = {
    Basis.PER_1M_HOURS: Text(zh="每百万工时", en="per million hours worked"),
    Basis.PER_200K_HOURS: Text(zh="每20万工时", en="per 200,000 hours worked"),
}
# A per-hours KPI's unit in the rubric names the count and a stand-in for the basis
# ("起/工时基数", "cases per basis hours"); each basis row shows the real basis instead.
BASIS_UNITS = {
    Basis.PER_1M_HOURS: Text(zh="百万工时", en="million hours worked"),
    Basis.PER_200K_HOURS: Text(zh="20万工时", en="200,000 hours worked"),
}
_STAND_INS = {"zh": "/工时基数", "en": " per basis hours"}
_LARGE_NUMBER = re.compile(r"(?<![\d.,])\d{5,}(?![\d.,])")
# One English spelling per measure, whichever rubric version wrote it (QA46 S5): v1's
# "kg per t product" beside v2's "kg/t product", the park's "tce per ¥10k output" beside the
# company's "tce per CNY 10k". Published rubric files are never edited, so they read so here.
_EN_SPELLINGS = (
    (re.compile(r" per t product$"), "/t product"),
    (re.compile(r" per ¥10k output$"), " per CNY 10k"),
    (re.compile(r"¥10k"), "CNY 10k"),
)


def basis_unit(unit: str, basis: Basis | None, lang: str) -> str:
    """Put the basis into a per-hours unit: 起/工时基数 → 起/20万工时 (others unchanged).

    An English unit's large number gets its thousands separator, as "per 200,000 hours
    worked" has: the rubric's "incidents per 10000 shipments" reads "per 10,000"; an hours basis
    a rubric wrote out takes the glossary's "hours worked", as the filled-in one (QA37 S3).
    """
    if lang == "en":
        unit = _worked(english_unit(unit))
    stand_in = _STAND_INS["en" if lang == "en" else "zh"]
    if basis is None or not unit.endswith(stand_in):
        return unit
    count = unit.removesuffix(stand_in)
    hours = BASIS_UNITS[basis].get(lang)
    return f"{count} per {hours}" if lang == "en" else f"{count}/{hours}"


def english_unit(unit: str) -> str:
    """Write an English unit one way: "per 10,000" (a separator), "kg/t product", "CNY 10k"."""
    unit = _LARGE_NUMBER.sub(lambda m: f"{int(m.group()):,}", unit)
    for spelling, one_way in _EN_SPELLINGS:
        unit = spelling.sub(one_way, unit)
    return unit


def _worked(unit: str) -> str:
    """Write a basis a rubric wrote out ("events per 200,000 hours") as the glossary does."""
    for hours in BASIS_UNITS.values():
        if unit.endswith(" per " + hours.en.removesuffix(" worked")):
            return unit + " worked"
    return unit


def organisation_unit(rubric: Rubric, kpi: Kpi) -> Text:
    """Return the unit of an organisation's own value of `kpi` (kpi_compare.own_unit).

    Version 1's RS-04 is an index for the groups only: an organisation's value is in t CO2e
    per t of product, as the annual workbook says. The rubric's unit when none is known.
    """
    return known_organisation_unit(rubric, kpi) or kpi.unit


def known_organisation_unit(rubric: Rubric, kpi: Kpi) -> Text | None:
    """Return `organisation_unit`, None for an index KPI no other version defines alike."""
    if kpi.aggregation is not Aggregation.INDEX:
        return kpi.unit
    registry = app_registry()
    others = (registry.get(rubric_id, version).rubric for rubric_id, version in registry.versions())
    return own_unit(rubric, kpi, others)


def primary_unit(kpi: Kpi, lang: str) -> str:
    """Return a KPI's unit in its primary basis, the one its value is in (起/百万工时)."""
    return basis_unit(kpi.unit.get(lang), _first_basis(kpi), lang)


def value_unit(rubric: Rubric, kpi: Kpi, lang: str) -> str:
    """Return the unit an organisation's value of `kpi` is written in, on every output.

    Its own unit (`organisation_unit`) in its primary basis (起/百万工时): the result page,
    the years page, the scorecard PDF and the workbooks all label a value with it (qa71).
    """
    return basis_unit(organisation_unit(rubric, kpi).get(lang), _first_basis(kpi), lang)


def _first_basis(kpi: Kpi) -> Basis | None:
    return kpi.bases[0] if kpi.bases else None


def input_unit(kpi_input: KpiInput, lang: str) -> str:
    """Return a KPI input's unit as every page and output writes it ("CNY 10k", not "¥10k")."""
    return basis_unit(kpi_input.unit.get(lang), None, lang)


def count_unit(unit: str, lang: str) -> str:
    """Return the count alone of a per-hours unit (起/工时基数 → 起), for beside basis columns.

    Any other unit is written as basis_unit writes it ("per 10,000 shipments", QA46 S5).
    """
    if lang == "en":
        return english_unit(unit).removesuffix(_STAND_INS["en"])
    return unit.removesuffix(_STAND_INS["zh"])


@dataclass(frozen=True)
class RateRow:
    """One computed rate: a KPI, or one basis of a per-hours KPI."""

    kpi_id: str
    name: str
    unit: str
    formula: str
    multiplier: Decimal
    last_year: Decimal | None
    this_year: Decimal | None
    # Last year's rubric version defined the KPI otherwise (rubrics.kpi_compare) or had no
    # such KPI: no value of last year is shown or compared, as the ladder and year over
    # year do; the cell says why in the scorecard's words (不可比 or 未设).
    last_mark: EarlierMark | None = None
    # The formula reads an input counted by rcapp in one year and typed in the other
    # (computed_kpis.counted_against_typed): True when counted this year, False when
    # typed this year, None when both years agree. The change column says so instead.
    counted_now: bool | None = None
    # This year's inputs are all there but the formula divides by zero: 无法计算（分母为 0）,
    # as the result page and the scorecard say, not a bare "—" (qa42 S5).
    this_uncomputable: bool = False
    # The KPI's decimals (scoring.kpi_text.kpi_places): its values read as the result page
    # writes them, 2.50 and 0.00 for a rate, 3 for a count (qa71), not 2.5 and 0.
    places: int = RATE_PLACES

    @property
    def last_incomparable(self) -> bool:
        return self.last_mark is EarlierMark.NOT_COMPARABLE

    @property
    def last_undefined(self) -> bool:
        return self.last_mark is EarlierMark.UNDEFINED

    @property
    def last_mark_text(self) -> str:
        return "" if self.last_mark is None else earlier_mark_text(self.last_mark)

    @property
    def change(self) -> Decimal | None:
        if self.last_year is None or self.this_year is None:
            return None
        return self.this_year - self.last_year

    # Values are kept unrounded, so that the change is worked out from them (qa16 D1);
    # they show rounded as every KPI figure is (scoring.rounding.kpi_figure: small
    # intensities keep two significant digits instead of showing 0, qa16 D2).
    @property
    def last_shown(self) -> Decimal | None:
        return None if self.last_year is None else kpi_figure(self.last_year)

    @property
    def this_shown(self) -> Decimal | None:
        return None if self.this_year is None else kpi_figure(self.this_year)

    @property
    def shown_places(self) -> int:
        """The decimals the row writes: a total's figures drop a decimal none of them needs.

        154,560 tce, not 154,560.0 (scoring.kpi_text.figures_places, as the annual report
        writes a total); 1,234.5 keeps the row at one. A rate keeps its own decimals.
        """
        if self.places >= RATE_PLACES:
            return self.places
        return figures_places(self.places, (self.this_year, self.last_year))

    @property
    def last_text(self) -> str:
        return kpi_text(self.last_year, self.shown_places)

    @property
    def change_text(self) -> str:
        """The change column: the change with the KPI's decimals, and in per cent."""
        return change_text(self.this_year, self.last_year, self.shown_places)

    @property
    def this_text(self) -> str:
        return kpi_text(self.this_year, self.shown_places)


@dataclass(frozen=True)
class InputGroup:
    category: str
    inputs: list[KpiInput]
    rates: list[RateRow]


def _value(formula: str, values: Mapping[str, Decimal], multiplier: Decimal) -> Decimal | None:
    found = parse_formula(formula).evaluate(values)
    return None if found is None else found * multiplier


def counted_now(kpi: Kpi, counted: Mapping[str, bool]) -> bool | None:
    """Whether the KPI reads an input counted this year and typed last (or the reverse)."""
    found = [counted[name] for name in sorted(parse_formula(kpi.formula).names & set(counted))]
    return found[0] if found else None


def input_table(
    rubric: Rubric,
    this_year: Mapping[str, Decimal],
    last_year: Mapping[str, Decimal],
    lang: str,
    marks: Mapping[str, EarlierMark] | None = None,
    counted: Mapping[str, bool] | None = None,
) -> list[InputGroup]:
    """Group the inputs as `input_groups` does and put each category's rates with them.

    `marks`: the KPIs last year's rubric version defined otherwise or did not have
    (kpi_years.earlier_marks); their rows get no last-year value. `counted`: inputs
    counted by rcapp in one year and typed in the other (input id -> counted this year),
    marked on the rates that read them.
    """
    counted, marks = counted or {}, marks or {}
    rates: dict[str, list[RateRow]] = {}
    for kpi in rubric.kpis:
        bases: list[Basis | None] = [*kpi.bases] or [None]
        for basis in bases:
            multiplier = Decimal(1) if basis is None else BASIS_MULTIPLIERS[basis]
            label = "" if basis is None else BASIS_LABELS[basis].get(lang)
            # Brackets follow the language: full-width in Chinese, ASCII with a space in English.
            bracketed = f" ({label})" if lang == "en" else f"（{label}）"
            name = kpi.name.get(lang) + (bracketed if label else "")
            row = RateRow(
                kpi_id=kpi.id,
                name=name,
                unit=basis_unit(organisation_unit(rubric, kpi).get(lang), basis, lang),
                formula=kpi.formula,
                multiplier=multiplier,
                last_year=(None if kpi.id in marks else _value(kpi.formula, last_year, multiplier)),
                this_year=(now := _value(kpi.formula, this_year, multiplier)),
                last_mark=marks.get(kpi.id),
                counted_now=counted_now(kpi, counted),
                this_uncomputable=now is None
                and parse_formula(kpi.formula).names <= this_year.keys(),
                places=kpi_places(rubric, kpi),
            )
            rates.setdefault(kpi.category, []).append(row)
    groups = [
        InputGroup(category, inputs, rates.pop(category, []))
        for category, inputs in input_groups(rubric)
    ]
    # Rates of categories with no input of their own (rare) still show, at the end.
    groups.extend(InputGroup(category, [], rows) for category, rows in rates.items())
    return groups


def change_text(this: Decimal | None, last: Decimal | None, places: int | None = None) -> str:
    """Show the change as people read it in a spreadsheet: +50,000 (+8.33 %).

    Written as every figure to read is (rcapp.figures.figure_text: thousands separators).
    `places`: the two are unrounded values of a KPI written with that many decimals; the
    change is written as the KPI is (scoring.kpi_text): -0.20 beside 0.20 and 0.40, not -0.2.
    The percentage is rounded as a KPI figure on every row, raw input or computed KPI
    (-50 %, +8.33 %), as the result page's KPI ladder words the change on last year
    (qa40 S5: -51.1 % here, 51.09 % there); raw rows had one decimal ("-50.0 %").
    """
    if this is None or last is None:
        return "—"
    delta = this - last
    # no change reads 0, or 0.00 beside a rate's 0.50 and 0.50
    text = (
        figure_text(delta, signed=True) if places is None else kpi_text(delta, places, signed=True)
    )
    if delta and last:
        text += f" ({figure_text(kpi_figure(delta / last * 100), signed=True)} %)"
    return text
