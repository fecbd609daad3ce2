"""QA40 D3: chapter 4's section averages are means of the unrounded scores, rounded once.

The report averaged the rounded section scores: 储运安全 of the four 2025 companies read
87.3 (mean of 93.8, 91.7, 76.0, 87.5 = 87.25), from the unrounded scores 87.24 → 87.2; and
C6 80.0 (79.95) for 79.948 → 79.9.
"""

from __future__ import annotations

from decimal import Decimal

from rcapp.reports.annual_model import OrgResult
from rcapp.reports.data_annual_report import _heat_rows
from rcapp.scoring.rounding import score

C2 = (Decimal("93.75"), Decimal(275) / 3, Decimal("76.0416667"), Decimal("87.5"))
C6 = (Decimal(275) / 3, Decimal("89.0625"), Decimal("53.6458333"), Decimal("85.4166667"))


def _org(n: int) -> OrgResult:
    raws = (C2[n], C6[n])
    return OrgResult(
        name=f"企业{n}",
        credit_code=str(n),
        kind="企业",
        province="江苏",
        groups=("储运工作组",) if n < 3 else (),
        status="已提交",
        started=True,
        submitted=True,
        sections=tuple(score(r) for r in raws),
        section_raws=raws,
    )


def test_the_average_of_every_company_rounds_once() -> None:
    rows = _heat_rows([_org(n) for n in range(4)], [0, 1], "全部企业")
    everyone = next(r for r in rows if r.group == "全部企业")
    assert everyone.members == 4
    assert everyone.cells == (Decimal("87.2"), Decimal("79.9"))
