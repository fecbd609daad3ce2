"""A park with a resident company, another park's company, and the park's assessment.

The park registers events on the mini rubric (make_world's year); 临海石化 and 东海精细化工
are its residents, 滨江化工 sits in another park: a park's event may name the residents,
never the other park's company.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.organisations.models import Organisation, OrganisationKind
from tests.factories import World, make_organisation, make_park, make_world, start


@dataclass(frozen=True)
class ParkWorld:
    world: World  # org_a is the park
    assessment: Assessment
    resident: Organisation
    second: Organisation  # another resident of the park
    outsider: Organisation  # a company of another park


def park_world() -> ParkWorld:
    world = make_world()
    world.org_a.kind = OrganisationKind.PARK
    resident = make_organisation(
        park_id=world.org_a.id, name_zh="临海石化有限公司", name_en="Linhai Petrochemical Co."
    )
    second = make_organisation(
        park_id=world.org_a.id, name_zh="东海精细化工有限公司", name_en="Donghai Fine Chemicals Co."
    )
    outsider = make_organisation(
        park_id=make_park().id, name_zh="滨江化工有限公司", name_en="Binjiang Chemicals Co."
    )
    db.session().flush()
    return ParkWorld(world, start(world), resident, second, outsider)
