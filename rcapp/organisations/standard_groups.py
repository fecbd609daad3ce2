"""The programme's nine standard working groups: one per code of practice, then three more.

`rcapp groups seed-standard` creates them in a new deployment; the demo takes four of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcapp.organisations.models import WorkingGroupKind


@dataclass(frozen=True)
class GroupSpec:
    code: str
    name_zh: str
    name_en: str
    section_id: str | None  # the code of practice a code group owns; None for the others
    kind: WorkingGroupKind = WorkingGroupKind.CODE


STANDARD_GROUPS = (
    GroupSpec(
        "WG-CA",
        "社区认知和应急响应工作组",
        "Community Awareness and Emergency Response Working Group",
        "C1",
    ),
    GroupSpec("WG-DS", "储运安全工作组", "Storage and Transport Safety Working Group", "C2"),
    GroupSpec("WG-PP", "污染防治工作组", "Pollution Prevention Working Group", "C3"),
    GroupSpec("WG-PS", "工艺安全工作组", "Process Safety Working Group", "C4"),
    GroupSpec("WG-OH", "职业健康安全工作组", "Occupational Health and Safety Working Group", "C5"),
    GroupSpec("WG-PD", "产品安全监管工作组", "Product Safety Stewardship Working Group", "C6"),
    GroupSpec(
        "WG-PT",
        "宣传培训工作组",
        "Publicity and Training Working Group",
        None,
        WorkingGroupKind.PUBLICITY,
    ),
    GroupSpec("WG-PK", "园区工作组", "Chemical Parks Working Group", None, WorkingGroupKind.PARKS),
    GroupSpec(
        "WG-CO",
        "高校工作组",
        "Colleges and Universities Working Group",
        None,
        WorkingGroupKind.COLLEGES,
    ),
)


def standard(code: str) -> GroupSpec:
    """Return the standard group with `code` (the demo picks its groups by code)."""
    return next(spec for spec in STANDARD_GROUPS if spec.code == code)
