"""A chemical park's year on the real rubrics: the setup the park tests share.

`real_rubrics` points the app at the repository's rubrics (import it into a test module
as a fixture); `real_cycle` makes a year on rc-company/rc-park; `park_year` makes such a
year and a new park's assessment pinned to rc-park; `park_assessment` a given park's
submitted one with the KPI values it typed; `rated_resident` a company in the park rated
in rcapp; `closed_park_year` a park closed with its rated residents; `complete_park_draft`
a park's complete draft with its safety-risk score typed on the item and as KPI data.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rcapp import db
from rcapp.accounts.models import OrgRole, User
from rcapp.assessments.completeness import core_kpi_inputs
from rcapp.assessments.models import Answer, Assessment, AssessmentStatus, KpiValue, SnapshotKind
from rcapp.assessments.snapshots import find_snapshot
from rcapp.cycles import services as cycle_services
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation, OrganisationKind
from rcapp.rubrics.model import ItemKind
from tests.factories import (
    file_prerequisite,
    make_assessment,
    make_cycle,
    make_organisation,
    make_user,
)
from tests.real_rubrics import REGISTRY as REGISTRY
from tests.real_rubrics import RUBRICS as RUBRICS
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture


def real_cycle(version: int = 2, **fields: Any) -> ReportingCycle:
    """A year (2025 unless `fields` say) on the real rubrics' `version`."""
    return make_cycle(
        company_rubric_id="rc-company",
        company_rubric_version=version,
        park_rubric_id="rc-park",
        park_rubric_version=version,
        **fields,
    )


def park_year(version: int = 2, **fields: Any) -> Assessment:
    """Make a cycle on the real rubrics' `version` and a new park's assessment of it."""
    cycle = real_cycle(version)
    return make_assessment(
        make_organisation(kind=OrganisationKind.PARK),
        cycle,
        rubric_id="rc-park",
        rubric_version=version,
        rubric_sha256=REGISTRY.get("rc-park", version).sha256,
        **fields,
    )


def park_assessment(park: Organisation, year: int, version: int, **typed: str) -> Assessment:
    """`park`'s submitted assessment of a new `year` on `version`, with the values it typed."""
    own = make_assessment(
        park,
        real_cycle(version, year=year),
        status=AssessmentStatus.SUBMITTED,
        rubric_id="rc-park",
        rubric_version=version,
        rubric_sha256=REGISTRY.get("rc-park", version).sha256,
    )
    for input_id, value in typed.items():
        own.kpi_values.append(KpiValue(input_id=input_id, value=Decimal(value)))
    return own


def rated_resident(park: Organisation, cycle: ReportingCycle, stars: int) -> Assessment:
    """A new company in `park` whose submitted assessment of `cycle` is rated `stars`."""
    return make_assessment(
        make_organisation(park_id=park.id),
        cycle,
        status=AssessmentStatus.SUBMITTED,
        stars=stars,
        rubric_sha256=REGISTRY.get("rc-company", cycle.company_rubric_version).sha256,
    )


def closed_park_year(
    admin: User, version: int, stars: list[int]
) -> tuple[Organisation, Assessment]:
    """A park closed with its residents in one close, the park first in the freeze order.

    The close freezes by assessment id; the park's was made before its residents'.
    """
    park = make_organisation(kind=OrganisationKind.PARK)
    earlier = park_assessment(park, 2024, version, companies_resident="84", companies_3star="9")
    residents = [rated_resident(park, earlier.cycle, rating) for rating in stars]
    cycle_services.close_cycle(earlier.cycle, admin)
    # The residents are made with stars and no answers: their frozen results, which a closed
    # year's count reads, carry the stars they stand for (as a rated result's would).
    for resident in residents:
        frozen = find_snapshot(resident, SnapshotKind.FROZEN, document=False)
        assert frozen is not None
        frozen.stars, frozen.rated = resident.stars or 0, True
    return park, earlier


def complete_park_draft(item: Decimal | None, kpi: Decimal | None) -> tuple[Assessment, User]:
    """Make a park's complete 2025 draft on rc-park@2, its risk score typed twice.

    `item` is PK3.E1.1's value and `kpi` risk_score's (None: empty); every other figure is
    50 or 10. Returns the draft and the park's admin.
    """
    pinned = REGISTRY.get("rc-park", 2)
    park = make_organisation(kind=OrganisationKind.PARK)
    cycle = real_cycle(year=2025)
    rated_resident(park, cycle, stars=2)  # rcapp counts PK-RC-02-1 from its residents
    own = make_assessment(
        park, cycle, rubric_id="rc-park", rubric_version=2, rubric_sha256=pinned.sha256
    )
    for _section, _element, found in pinned.rubric.iter_items():
        number = found.kind is ItemKind.NUMBER
        value = item if found.id == "PK3.E1.1" else Decimal(50)
        if number and value is None:
            continue
        own.answers.append(
            Answer(item_id=found.id, level=None if number else 1, value=value if number else None)
        )
    own.answers.extend(Answer(item_id=p.id, level=1) for p in pinned.rubric.prerequisites)
    for kpi_input in core_kpi_inputs(pinned.rubric):
        value = kpi if kpi_input.id == "risk_score" else Decimal(10)
        if kpi_input.computed is None and value is not None:
            own.kpi_values.append(KpiValue(input_id=kpi_input.id, value=value))
    admin = make_user(park, OrgRole.ADMIN)
    db.session().flush()
    for prerequisite in pinned.rubric.prerequisites:  # met, so backed by its file (parkinc)
        file_prerequisite(own, pinned.rubric, prerequisite.id, admin)
    return own, admin
