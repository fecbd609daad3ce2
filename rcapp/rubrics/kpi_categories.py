"""The KPI categories a rubric may use, each with the Chinese msgid of its heading.

A KPI's `category` groups it on the KPI page and in reports, where it is shown by name;
a category without a name here would be shown as its bare key ("waste"), so the rubric
check refuses one (checks.py) and a new category needs its heading added here first
(with the English msgstr in the catalogue).
"""

from __future__ import annotations


def N_(msgid: str) -> str:  # noqa: N802 - the extractor's conventional marker name
    """Mark a msgid for extraction; it is translated where it is shown."""
    return msgid


KPI_CATEGORY_NAMES: dict[str, str] = {
    "safety": N_("职业健康安全"),
    "process_safety": N_("工艺安全"),
    "distribution": N_("储运安全"),
    "environment": N_("环境保护"),
    "waste": N_("危险废物"),
    "transfer": N_("污染物场外转移"),
    "resources": N_("资源与能源"),
    "community": N_("社区认知和应急响应"),
    "product": N_("产品安全"),
    "value_chain": N_("价值链（“1+3”推广）"),
    "responsible_care": N_("责任关怀推进"),
    "training": N_("培训"),
}
