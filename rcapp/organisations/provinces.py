"""China's provincial-level divisions: the stored Chinese name and its English name.

The database keeps the Chinese name (reports group by it); English pages show the English one.
"""

from __future__ import annotations

from flask_babel import LazyString

from rcapp.i18n import current_lang

PROVINCE_NAMES_EN = {
    "北京市": "Beijing", "天津市": "Tianjin", "河北省": "Hebei", "山西省": "Shanxi",
    "内蒙古自治区": "Inner Mongolia", "辽宁省": "Liaoning", "吉林省": "Jilin",
    "黑龙江省": "Heilongjiang", "上海市": "Shanghai", "江苏省": "Jiangsu", "浙江省": "Zhejiang",
    "安徽省": "Anhui", "福建省": "Fujian", "江西省": "Jiangxi", "山东省": "Shandong",
    "河南省": "Henan", "湖北省": "Hubei", "湖南省": "Hunan", "广东省": "Guangdong",
    "广西壮族自治区": "Guangxi", "海南省": "Hainan", "重庆市": "Chongqing", "四川省": "Sichuan",
    "贵州省": "Guizhou", "云南省": "Yunnan", "西藏自治区": "Tibet", "陕西省": "Shaanxi",
    "甘肃省": "Gansu", "青海省": "Qinghai", "宁夏回族自治区": "Ningxia",
    "新疆维吾尔自治区": "Xinjiang", "台湾省": "Taiwan", "香港特别行政区": "Hong Kong",
    "澳门特别行政区": "Macao",
}  # fmt: skip

PROVINCES = tuple(PROVINCE_NAMES_EN)


def province_name(province: str | None, lang: str) -> str:
    """Name the province in `lang`; unknown values are shown as stored."""
    if not province:
        return ""
    return PROVINCE_NAMES_EN.get(province, province) if lang == "en" else province


def province_label(province: str) -> LazyString:
    """Return a form choice label that follows the language of the page rendering it."""
    return LazyString(lambda: province_name(province, current_lang()))


def province_in_page_language(province: str | None) -> str:
    """Template filter: `{{ organisation.province|province }}`."""
    return province_name(province, current_lang())
