"""Why an organisation's kind cannot change, in the user's language (form and import)."""

from __future__ import annotations

from flask_babel import gettext as _

from rcapp.organisations.models import OrganisationKind
from rcapp.organisations.services import KindChangeRefused


def kind_refusal_text(refused: KindChangeRefused, kind: OrganisationKind | str) -> str:
    n = refused.assessments
    if n and str(kind) == str(OrganisationKind.PARK):
        text = _(
            "该单位已有自评（%(n)d 份），不能改为化工园区；如登记有误，请联系系统管理员处理。", n=n
        )
    elif n:
        text = _(
            "该单位已有自评（%(n)d 份），不能改为企业；如登记有误，请联系系统管理员处理。", n=n
        )
    else:
        text = _(
            "该园区登记有 %(n)d 家区内企业，不能改为企业；请先修改这些企业的“所在化工园区”。",
            n=refused.residents,
        )
    return str(text)
