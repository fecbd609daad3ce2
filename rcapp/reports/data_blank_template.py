"""A blank template for an organisation with no assessment yet, tied to none.

HSE staff start collecting KPI data and evidence notes in Excel before the secretariat
opens their year. The template is of the rubric version the organisation's kind would use
next: the latest one (latest effective year, then highest version), which is the one the
secretariat's "open a year" form lists first. It records the organisation's credit code
and the rubric, and no assessment or year ("unattached"); importer.py lets it into that
organisation's later assessment when the rubric version is the same.
"""

from __future__ import annotations

from flask_babel import force_locale, gettext

from rcapp.assessments.queries import registry
from rcapp.organisations.models import Organisation
from rcapp.reports.data_template import template_data
from rcapp.reports.template_model import FORMAT, UNATTACHED, TemplateData
from rcapp.rubrics.loader import LoadedRubric, RubricError


def _(msgid: str, /, **params: object) -> str:
    return str(gettext(msgid, **params))


def next_rubric(organisation: Organisation) -> LoadedRubric | None:
    """Return the rubric version its next assessment would use; None if there is none."""
    try:
        return registry().latest(organisation.kind.value)
    except RubricError:
        return None


def build_blank_template(
    organisation: Organisation, loaded: LoadedRubric, lang: str
) -> TemplateData:
    """Describe the blank template of `loaded` for `organisation` in `lang`."""
    with force_locale("en" if lang == "en" else "zh_CN"):
        rubric = loaded.rubric
        name = organisation.display_name(lang)
        identifiers = {
            "format": FORMAT,
            "assessment": "",
            "organisation": organisation.credit_code,
            "cycle": "",
            "rubric_id": rubric.id,
            "rubric_version": str(rubric.version),
            "rubric_sha256": loaded.sha256,
            UNATTACHED: "1",
        }
        notice = _(
            "本模板尚未关联任何年度的自评，可先在其中收集 KPI 数据和证据说明。"
            "秘书处开启年度、贵单位开始该年度自评后，在自评的“用 Excel 模板填报”页面上传本文件："
            "只有同一单位、使用%(rubric)s的自评才能导入。",
            rubric=rubric.shown_label(lang),
        )
        return template_data(
            rubric,
            organisation.id,
            lang,
            identifiers=identifiers,
            title=f"{name} · {_('责任关怀评价填报模板（尚未关联自评）')}",
            stored={},
            values={},
            notice=notice,
        )
