"""Name whom an imported file belongs to, as a person knows it (qa9 S8).

A template carries its organisation's credit code and its assessment's number; a file
from elsewhere is refused naming the other company and its year's self-assessment, not
those keys. A key the database does not know is shown as it is.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.i18n import current_lang
from rcapp.organisations.models import Organisation


def organisation_named(credit_code: str) -> str:
    found = db.session().scalar(select(Organisation).where(Organisation.credit_code == credit_code))
    if found is None:
        return str(_("统一社会信用代码 %(code)s", code=credit_code))
    return found.display_name(current_lang())


def assessment_named(assessment_id: str) -> str:
    found = db.session().get(Assessment, int(assessment_id)) if assessment_id.isdigit() else None
    if found is None:
        return str(_("已不存在的自评"))
    return str(
        _(
            "%(organisation)s %(year)s 年度自评",
            organisation=found.organisation.display_name(current_lang()),
            year=found.cycle.year,
        )
    )
