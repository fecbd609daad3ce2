"""Known sectors of the chemical industry: the stored Chinese name and its English name.

An organisation's sector is free text, kept as typed (benchmark sector groups are formed by
it). The names below are the chemical divisions, groups and classes of China's industry
classification (GB/T 4754-2017, divisions 07, 25-29) and the short sector names the industry
uses beside them; English pages show their English name, any other wording as stored.
"""

from __future__ import annotations

from flask_babel import LazyString

from rcapp.i18n import current_lang

_CLASSIFICATION = {
    # Divisions
    "石油和天然气开采业": "Extraction of petroleum and natural gas",
    "石油、煤炭及其他燃料加工业": "Processing of petroleum, coal and other fuels",
    "化学原料和化学制品制造业": "Manufacture of chemical raw materials and chemical products",
    "医药制造业": "Manufacture of medicines",
    "化学纤维制造业": "Manufacture of chemical fibres",
    "橡胶和塑料制品业": "Manufacture of rubber and plastic products",
    # Groups and classes of division 25
    "精炼石油产品制造": "Manufacture of refined petroleum products",
    "原油加工及石油制品制造": "Crude oil processing and manufacture of petroleum products",
    "煤炭加工": "Coal processing",
    "炼焦": "Coking",
    "煤制合成气生产": "Production of synthesis gas from coal",
    "煤制液体燃料生产": "Production of liquid fuels from coal",
    # Groups and classes of division 26
    "基础化学原料制造": "Manufacture of basic chemical raw materials",
    "无机酸制造": "Manufacture of inorganic acids",
    "无机碱制造": "Manufacture of inorganic alkalis",
    "无机盐制造": "Manufacture of inorganic salts",
    "有机化学原料制造": "Manufacture of organic chemical raw materials",
    "肥料制造": "Manufacture of fertilisers",
    "氮肥制造": "Manufacture of nitrogen fertilisers",
    "磷肥制造": "Manufacture of phosphate fertilisers",
    "钾肥制造": "Manufacture of potash fertilisers",
    "复混肥料制造": "Manufacture of compound and mixed fertilisers",
    "农药制造": "Manufacture of pesticides",
    "化学农药制造": "Manufacture of chemical pesticides",
    "生物化学农药及微生物农药制造": "Manufacture of biochemical and microbial pesticides",
    "涂料、油墨、颜料及类似产品制造": "Manufacture of paints, inks, pigments and similar products",
    "涂料制造": "Manufacture of paints and coatings",
    "油墨及类似产品制造": "Manufacture of inks and similar products",
    "工业颜料制造": "Manufacture of industrial pigments",
    "染料制造": "Manufacture of dyes",
    "合成材料制造": "Manufacture of synthetic materials",
    "初级形态塑料及合成树脂制造": "Manufacture of primary plastics and synthetic resins",
    "合成橡胶制造": "Manufacture of synthetic rubber",
    "合成纤维单（聚合）体制造": "Manufacture of synthetic fibre monomers and polymers",
    "专用化学产品制造": "Manufacture of specialty chemical products",
    "化学试剂和助剂制造": "Manufacture of chemical reagents and auxiliaries",
    "专项化学用品制造": "Manufacture of special-purpose chemicals",
    "林产化学产品制造": "Manufacture of forest chemical products",
    "炸药、火工及焰火产品制造": "Manufacture of explosives, pyrotechnics and fireworks",
    "日用化学产品制造": "Manufacture of daily-use chemical products",
    # Division 27
    "化学药品原料药制造": "Manufacture of chemical active pharmaceutical ingredients",
}

_SHORT_NAMES = {
    "石油化工": "Petrochemicals",
    "石油炼制": "Petroleum refining",
    "煤化工": "Coal chemicals",
    "无机化工": "Inorganic chemicals",
    "有机化工": "Organic chemicals",
    "氯碱": "Chlor-alkali",
    "纯碱": "Soda ash",
    "化肥": "Fertilisers",
    "农药": "Pesticides",
    "涂料": "Paints and coatings",
    "染料": "Dyes",
    "颜料": "Pigments",
    "精细化工": "Fine chemicals",
    "合成树脂": "Synthetic resins",
    "合成橡胶": "Synthetic rubber",
    "环氧树脂": "Epoxy resins",
    "聚氨酯": "Polyurethanes",
    "橡胶助剂": "Rubber chemicals",
    "化工新材料": "New chemical materials",
    "医药中间体": "Pharmaceutical intermediates",
    "日用化工": "Daily-use chemicals",
    # Compound names members give for what they make
    "氯碱及聚氯乙烯": "Chlor-alkali and PVC",
    "合成树脂与涂料中间体": "Synthetic resins and coating intermediates",
    "化肥（合成氨、尿素）": "Fertilisers (ammonia, urea)",
}

# What a chemical park gives as its sector
_PARK_NAMES = {
    "化工园区": "Chemical park",
    "化工园区（省级认定）": "Chemical park (recognised by the province)",
}

SECTOR_NAMES_EN = _CLASSIFICATION | _SHORT_NAMES | _PARK_NAMES

SECTORS = tuple(SECTOR_NAMES_EN)


def sector_name(sector: str | None, lang: str) -> str:
    """Name the sector in `lang`; a wording not in the list is shown as stored."""
    if not sector:
        return ""
    return SECTOR_NAMES_EN.get(sector, sector) if lang == "en" else sector


def sector_options(lang: str, park: bool = False) -> list[tuple[str, str]]:
    """Return (stored Chinese name, name in `lang`) of every known sector, to offer in forms.

    Picking a known name keeps the sector translatable; the field still takes free text.
    `park`: only what a chemical park gives (its category, qa38 S4).
    """
    return [(sector, sector_name(sector, lang)) for sector in (_PARK_NAMES if park else SECTORS)]


def sector_options_in_page_language(park: bool = False) -> list[tuple[str, str]]:
    """Template global: `sector_options()`, the known sectors labelled in the page's language."""
    return sector_options(current_lang(), park)


def sector_label(sector: str) -> LazyString:
    """Return a choice label that follows the language of the page rendering it."""
    return LazyString(lambda: sector_name(sector, current_lang()))


def sector_in_page_language(sector: str | None) -> str:
    """Template filter: `{{ organisation.sector|sector }}`."""
    return sector_name(sector, current_lang())
