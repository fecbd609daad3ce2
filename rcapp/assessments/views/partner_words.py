"""The "1+3" partner counts against the partner register, in words (partner_check.py)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from rcapp.assessments import queries
from rcapp.assessments.messages import _
from rcapp.assessments.models import Assessment
from rcapp.assessments.park_partners import ParkPartners, park_partners
from rcapp.assessments.partner_check import PartnerMismatch, partner_mismatches
from rcapp.figures import figure_text
from rcapp.rubrics.model import Rubric
from rcapp.rubrics.partner_inputs import partner_inputs


def partner_texts(
    assessment: Assessment,
    rubric: Rubric,
    lang: str,
    stored: Mapping[str, Decimal | None] | None = None,
) -> tuple[str, ...]:
    """Say each typed partner count that differs from the organisation's register.

    `stored`: the assessment's stored inputs by id, when the page has read them already.
    """
    labels = {i.id: i.label.get(lang) for i in rubric.kpi_inputs}
    if stored is None:
        stored = {k: row.value for k, row in queries.kpi_values_by_input(assessment).items()}
    typed = {k: v for k, v in stored.items() if k in labels and v is not None}
    year = assessment.cycle.year
    park = park_partners(assessment.organisation, year, rubric, lang)
    if park is not None:  # a park's count is set against its residents' registers
        value = typed.get(park.input_id)
        return (park_text(park, value, labels[park.input_id]),) if park.differs(value) else ()
    inputs = partner_inputs(rubric)
    found = partner_mismatches(assessment.organisation_id, year, typed, inputs)
    return tuple(mismatch_text(m, labels[m.input_id]) for m in found)


def mismatch_text(mismatch: PartnerMismatch, label: str) -> str:
    text = _(
        "“%(label)s”填报 %(typed)s 家，本系统的合作伙伴登记为 %(registered)s 家",
        label=label,
        typed=figure_text(mismatch.typed),
        registered=mismatch.registered,
    )
    if mismatch.undated:
        return _("%(text)s（另有 %(n)s 家未填加入日期）", text=text, n=mismatch.undated)
    return text


def park_text(park: ParkPartners, typed: Decimal | None, label: str) -> str:
    """Say a park's typed partner count beside its residents' registers."""
    return _(
        "“%(label)s”填报 %(typed)s 家，本系统中入园企业登记的合作伙伴为 %(registered)s 家",
        label=label,
        typed=figure_text(typed),
        registered=park.count,
    )
