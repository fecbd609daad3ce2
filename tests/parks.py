"""A chemical park's year on the real rubrics: the setup the park tests share.

`real_rubrics` points the app at the repository's rubrics (import it into a test module
as a fixture); `park_year` makes a cycle on rc-company/rc-park and a new park's assessment
pinned to rc-park; residents rated in rcapp are added by each test as it needs them.
"""

from __future__ import annotations

from typing import Any

from rcapp.assessments.models import Assessment
from rcapp.organisations.models import OrganisationKind
from tests.factories import make_assessment, make_cycle, make_organisation
from tests.web.test_park_share_closed_year import REGISTRY as REGISTRY  # the real rubrics'
from tests.web.test_park_share_closed_year import real_rubrics as real_rubrics  # the fixture


def park_year(version: int = 2, **fields: Any) -> Assessment:
    """Make a cycle on the real rubrics' `version` and a new park's assessment of it."""
    cycle = make_cycle(
        company_rubric_id="rc-company",
        company_rubric_version=version,
        park_rubric_id="rc-park",
        park_rubric_version=version,
    )
    return make_assessment(
        make_organisation(kind=OrganisationKind.PARK),
        cycle,
        rubric_id="rc-park",
        rubric_version=version,
        rubric_sha256=REGISTRY.get("rc-park", version).sha256,
        **fields,
    )
