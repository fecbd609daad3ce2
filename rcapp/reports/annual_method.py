"""The annual report's method chapter and cover summary, from the year's rubrics and data.

Outside readers need how a star is earned before the chapters count stars. Every level,
threshold, weight and rule note comes from the rubric of the year (its `rating` part), as
the result pages and scorecards read it: nothing here repeats a rubric's figure.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import gettext

from rcapp.assessments.queries import registry
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import OrganisationKind
from rcapp.reports.annual_model import (
    AnnualData,
    KindMethod,
    Method,
    OrgResult,
    StarLevel,
)
from rcapp.reports.data import kind_label
from rcapp.reports.star_words import result_type
from rcapp.rubrics.model import Rubric


def _(msgid: str, /, **params: object) -> str:
    return str(gettext(msgid, **params))


def _rubrics(cycle: ReportingCycle) -> Iterator[tuple[OrganisationKind, Rubric]]:
    for kind in (OrganisationKind.COMPANY, OrganisationKind.PARK):
        yield kind, registry().get(*cycle.rubric_for(kind.value)).rubric


def level_name(label: str) -> str:
    """Return a star level's name without the count a rubric may put first: 一星 起步 → 起步.

    rc-company labels its bands 一星 起步 … 五星 标杆, rc-park 起步 … 标杆 (English: Starter …);
    the method table has a column of its own for the stars.
    """
    return label.split()[-1] if " " in label and not label.isascii() else label


def build_method(cycle: ReportingCycle, lang: str) -> Method:
    """Say how each kind of organisation is scored and which overall score each star needs."""
    rubrics = list(_rubrics(cycle))
    kinds = tuple(_kind_method(kind, rubric, lang) for kind, rubric in rubrics)
    stars = sorted({band.stars for _kind, rubric in rubrics for band in rubric.rating.bands})
    names: dict[int, str] = {}
    for _kind, rubric in reversed(rubrics):  # the companies' names where both rubrics name one
        names.update({band.stars: level_name(band.label.get(lang)) for band in rubric.rating.bands})
    levels = tuple(
        StarLevel(
            n,
            names[n],
            tuple(
                next((b.min_overall for b in rubric.rating.bands if b.stars == n), None)
                for _kind, rubric in rubrics
            ),
        )
        for n in stars
    )
    return Method(
        kinds,
        levels,
        _result_types(),
        prerequisites=_per_kind(kinds, [k.prerequisites for k in kinds]),
        vetoes=_per_kind(kinds, [k.vetoes for k in kinds]),
    )


def _per_kind(kinds: tuple[KindMethod, ...], counts: list[int]) -> str:
    """Say a count of each kind's rubric: 企业 12 项、化工园区 8 项."""
    return _("、").join(
        _("%(kind)s %(n)s 项", kind=kind.kind, n=n) for kind, n in zip(kinds, counts, strict=True)
    )


def _kind_method(kind: OrganisationKind, rubric: Rubric, lang: str) -> KindMethod:
    rating = rubric.rating
    formula = " + ".join(
        f"{part.label.get(lang)} × {part.weight * 100:.0f}%" for part in rating.components
    )
    return KindMethod(
        kind_label(kind),
        formula,
        len(rubric.prerequisites),
        len(rating.vetoes),
        rating.notes.get(lang) if rating.provisional else None,
    )


def _result_types() -> tuple[tuple[str, str], ...]:
    """Say what each 结果性质 means, in the words every list and scorecard uses (result_type)."""
    return (
        (result_type(final=False, published=False), _("年度尚未关闭，星级按自评计算，可能变化。")),
        (
            result_type(final=False, published=True),
            _("年度关闭时保留的自评结果，是该年度的最终结果，但未经同行评审核实。"),
        ),
        (
            result_type(final=True, published=False),
            _("同行评审完成后确定的星级：评审员核实了自评和佐证材料。"),
        ),
    )


def cover_summary(data: AnnualData) -> str:
    """Say the year's key figures in one paragraph: who took part, submitted, was rated."""
    orgs = data.organisations
    submitted = [org for org in orgs if org.submitted]
    rated = sum(1 for org in submitted if _starred(org))
    spread = _("、").join(
        _("%(stars)s %(n)s 家", stars=row.label, n=row.count)
        for row in data.star_distribution
        if row.count
    )
    return _(
        "%(year)s 年度，%(started)s 家组织参与自评，%(submitted)s 家提交自评，"
        "%(rated)s 家获得星级。各星级的组织数：%(spread)s。",
        year=data.year,
        started=sum(1 for org in orgs if org.started),
        submitted=len(submitted),
        rated=rated,
        spread=spread or "—",
    )


def _starred(org: OrgResult) -> bool:
    """Rated with at least one star, as chapter 8 lists it."""
    return org.stars is not None and org.stars > 0
