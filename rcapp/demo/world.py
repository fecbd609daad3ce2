"""The demo world as plain data: parks, companies, working groups, people and assessment plans.

Every organisation and person is fictitious. Credit codes get their check character from
the GB 32100 module, so they pass the same validation as real ones.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from rcapp.accounts.models import GroupRole, OrgRole
from rcapp.cycles.deadlines import latest_deadline
from rcapp.organisations.credit_code import check_character
from rcapp.organisations.models import OrganisationKind, PartnerRelation
from rcapp.organisations.standard_groups import standard

DEMO_PASSWORD = "rcapp-demo-2025"  # noqa: S105 - published in the README on purpose
DOMAIN = "demo.example.cn"
CURRENT_YEAR = 2025
# Its current-year review stays open (review_round.PLAN): its evidence shows each file kind.
OPEN_REVIEW_ORG = "jiangbei-materials"
CURRENT_DEADLINE = dt.date(2026, 3, 31)  # moved later when the demo is built after it
PREVIOUS_YEAR = 2024
PREVIOUS_DEADLINE = dt.date(2025, 3, 31)
# The reviewed companies' first year: submitted (its KPI data count only so), on version 1.
EARLIEST_YEAR = 2023
EARLIEST_DEADLINE = dt.date(2024, 3, 31)
# The closed 2024 cycle stays on the version-1 rubrics (pinned versions keep scoring as they
# did); the open 2025 cycle uses version 2.
RUBRICS = {
    EARLIEST_YEAR: (("rc-company", 1), ("rc-park", 1)),
    PREVIOUS_YEAR: (("rc-company", 1), ("rc-park", 1)),
    CURRENT_YEAR: (("rc-company", 2), ("rc-park", 2)),
}
COMPANY_RUBRIC, PARK_RUBRIC = RUBRICS[CURRENT_YEAR]


# A demo built late in the year still gives its companies this long to submit.
LEAST_DAYS_TO_SUBMIT = dt.timedelta(days=30)


def current_deadline(today: dt.date, opened: dt.date) -> dt.date:
    """Give the open year's deadline: 31 March, or two months ahead once that has passed.

    Deadlines are enforced, so a demo built later must still let its companies submit. It
    keeps the deadline form's rule, at most a year after the year opened (QA17 S2: 2027-02-03
    for a year opened 2026-01-06 could not be typed back once changed), unless that leaves
    less than LEAST_DAYS_TO_SUBMIT: a demo built after that point has a year the rule
    would close.
    """
    wanted = max(CURRENT_DEADLINE, today + dt.timedelta(days=60))
    return min(wanted, max(latest_deadline(opened), today + LEAST_DAYS_TO_SUBMIT))


# The demo's corrective action is due on this day, or this long after it is raised when
# the demo is built later: the review is finalised the day the demo is built, and an
# action due before that was overdue when it was raised (qa72 M2).
ACTION_DUE = dt.date(CURRENT_YEAR + 1, 9, 30)
ACTION_LEAST_DAYS = dt.timedelta(days=90)


def action_due(today: dt.date) -> dt.date:
    """Give the due date of the demo's corrective action raised `today`: never in the past."""
    return max(ACTION_DUE, today + ACTION_LEAST_DAYS)


def opened_on(year: int) -> dt.date:
    """When the secretariat opened a year's cycle: early January of the following year."""
    return dt.date(year + 1, 1, 6)


# How long after its deadline the secretariat closed a past year (Beijing time, 10:00).
CLOSED_AFTER_DEADLINE = dt.timedelta(days=15)


def closed_on(deadline: dt.date) -> dt.date:
    """When the secretariat closed a past year: two weeks after its deadline, in April."""
    return deadline + CLOSED_AFTER_DEADLINE


def credit_code(first_two: str, division: str, body: str) -> str:
    """Complete a unified social credit code: authority+type, division, 9-char body, check."""
    first17 = first_two + division + body
    return first17 + check_character(first17)


@dataclass(frozen=True)
class OrgSpec:
    key: str
    kind: OrganisationKind
    name_zh: str
    name_en: str
    province: str
    city: str
    credit_code: str
    sector: str
    parent_group: str | None = None
    park: str | None = None
    signed_on: dt.date | None = None
    signatory: str | None = None
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartnerSpec:
    org: str
    name: str
    credit_code: str
    relation: PartnerRelation
    joined_on: dt.date
    note: str


@dataclass(frozen=True)
class PersonSpec:
    email: str
    name: str
    org: str | None = None
    org_role: OrgRole = OrgRole.MEMBER
    secretariat: bool = False
    group_roles: tuple[tuple[str, GroupRole], ...] = ()


class State(enum.StrEnum):
    """Where a demo assessment is left: the statuses, plus a draft not yet complete."""

    SUBMITTED = "submitted"
    RETURNED = "returned"
    DRAFT = "draft"


@dataclass(frozen=True)
class AssessmentPlan:
    """One organisation's assessment of one year, filled from an example answers file.

    `shift` moves every `every`-th maturity level by that many levels (clipped to the
    scale), so companies that share an example file still differ. `sections` limits a
    draft to those sections; `kpi_inputs` None means all of the file's inputs.
    """

    org: str
    year: int
    source: str
    state: State
    shift: int = 0
    every: int = 3
    sections: tuple[str, ...] | None = None
    kpi_inputs: tuple[str, ...] | None = None
    return_comment: str | None = None


@dataclass(frozen=True)
class EventSpec:
    org: str
    year: int  # the assessment it is recorded in
    event_type: str
    grade: str
    occurred_on: str
    fatalities: int
    injuries: int
    direct_loss_10k_yuan: str
    description: str
    resolved: bool
    # a park's event: the resident it happened at, registered (its key) or not (name, code)
    resident: str = ""
    resident_name: str = ""
    resident_credit_code: str = ""


# Four of the programme's nine standard groups (rcapp groups seed-standard creates all nine).
# Parks review parks: their rubric is not the companies' (one of the three non-code groups).
GROUPS = tuple(standard(code) for code in ("WG-PS", "WG-DS", "WG-PP", "WG-PK"))

_PARK, _COMPANY = OrganisationKind.PARK, OrganisationKind.COMPANY
_JS, _SD = "江苏省", "山东省"

PARKS = (
    OrgSpec(
        "linhai-park", _PARK, "江苏临海化工园区", "Jiangsu Linhai Chemical Park", _JS, "盐城市",
        credit_code("11", "320900", "0142857XN"), "化工园区（省级认定）",
        signed_on=dt.date(2019, 11, 8), signatory="陈建国（管委会主任）", groups=("WG-PK",),
    ),
    OrgSpec(
        "weibei-park", _PARK, "山东潍北化工产业园", "Shandong Weibei Chemical Industry Park", _SD,
        "潍坊市", credit_code("11", "370700", "4932106KP"), "化工园区（省级认定）",
        signed_on=dt.date(2023, 5, 16), signatory="李振东（管委会常务副主任）", groups=("WG-PK",),
    ),
)  # fmt: skip

COMPANIES = (
    OrgSpec(
        "linhai-chlor", _COMPANY, "江苏临海氯碱化工有限公司",
        "Jiangsu Linhai Chlor-Alkali Co., Ltd.", _JS, "盐城市",
        credit_code("91", "320900", "MA1N4WQ2X"), "氯碱",
        parent_group="华东化工集团有限公司", park="linhai-park",
        signed_on=dt.date(2021, 6, 18), signatory="赵国强（总经理）", groups=("WG-PS", "WG-DS"),
    ),
    OrgSpec(
        "donghai-fine", _COMPANY, "东海精细化工股份有限公司", "Donghai Fine Chemicals Co., Ltd.",
        _JS, "盐城市", credit_code("91", "320900", "70403165K"), "精细化工",
        park="linhai-park", signed_on=dt.date(2017, 5, 20), signatory="孙立新（董事长）",
        groups=("WG-PS", "WG-PP"),
    ),
    OrgSpec(
        "haicheng-agro", _COMPANY, "海澄农化股份有限公司", "Haicheng Agrochemicals Co., Ltd.",
        _JS, "盐城市", credit_code("91", "320900", "73652218D"), "农药",
        park="linhai-park", signed_on=dt.date(2018, 10, 12), signatory="钱宏伟（总经理）",
        groups=("WG-PS", "WG-PP"),
    ),
    OrgSpec(
        "jiangbei-materials", _COMPANY, "江北新材料有限公司", "Jiangbei New Materials Co., Ltd.",
        _JS, "南京市", credit_code("91", "320100", "MA1MUB7R3"), "合成树脂与涂料中间体",
        parent_group="金陵化工控股集团有限公司", signed_on=dt.date(2022, 9, 1),
        signatory="韩冬梅（总经理）", groups=("WG-PP",),
    ),
    OrgSpec(
        "huacai-coatings", _COMPANY, "华彩涂料（江苏）有限公司",
        "Huacai Coatings (Jiangsu) Co., Ltd.", _JS, "常州市",
        credit_code("91", "320400", "60831742W"), "涂料",
        parent_group="华彩控股集团有限公司", signed_on=dt.date(2020, 4, 22),
        signatory="蒋文博（总经理）", groups=("WG-DS", "WG-PP"),
    ),
    OrgSpec(
        "suyuan-epoxy", _COMPANY, "苏源环氧树脂有限公司", "Suyuan Epoxy Resins Co., Ltd.",
        _JS, "南通市", credit_code("91", "320600", "MA1T2H8L6"), "环氧树脂",
        parent_group="华东化工集团有限公司", signed_on=dt.date(2024, 11, 28),
        signatory="沈思远（总经理）", groups=("WG-PS",),
    ),
    OrgSpec(
        "xiling-chem", _COMPANY, "西岭化工有限公司", "Xiling Chemical Co., Ltd.",
        _SD, "淄博市", credit_code("91", "370300", "16410925E"), "氯碱",
        parent_group="鲁中化工集团有限公司", signed_on=dt.date(2016, 9, 9),
        signatory="刘振华（董事长）", groups=("WG-PS", "WG-DS"),
    ),
    OrgSpec(
        "weibei-petro", _COMPANY, "潍北石化有限公司", "Weibei Petrochemical Co., Ltd.",
        _SD, "潍坊市", credit_code("91", "370700", "26571384M"), "石油化工",
        parent_group="齐鲁能源化工集团有限公司", park="weibei-park",
        signed_on=dt.date(2015, 12, 3), signatory="王立军（总经理）", groups=("WG-DS", "WG-PS"),
    ),
    OrgSpec(
        "ludong-fert", _COMPANY, "鲁东化肥有限公司", "Ludong Fertiliser Co., Ltd.",
        _SD, "潍坊市", credit_code("91", "370700", "MA3C9KT1U"), "化肥（合成氨、尿素）",
        parent_group="齐鲁能源化工集团有限公司", park="weibei-park",
        signed_on=dt.date(2023, 6, 30), signatory="杨庆丰（总经理）", groups=("WG-DS",),
    ),
    OrgSpec(
        "qirun-rubber", _COMPANY, "齐润橡胶助剂有限公司", "Qirun Rubber Chemicals Co., Ltd.",
        _SD, "东营市", credit_code("91", "370500", "MA3F0PD8N"), "橡胶助剂",
        park="weibei-park", signed_on=dt.date(2025, 3, 14), signatory="邢海涛（执行董事）",
        groups=("WG-PP",),
    ),
    OrgSpec(
        "bincheng-dye", _COMPANY, "滨城染料化工有限公司", "Bincheng Dyestuff Chemicals Co., Ltd.",
        _SD, "滨州市", credit_code("91", "371600", "75088631Y"), "染料",
        signed_on=dt.date(2019, 8, 15), signatory="于洪波（总经理）", groups=("WG-PP",),
    ),
    OrgSpec(
        "ruifeng-pu", _COMPANY, "瑞丰聚氨酯有限公司", "Ruifeng Polyurethane Co., Ltd.",
        _SD, "烟台市", credit_code("91", "370600", "MA3R7EX45"), "聚氨酯",
        parent_group="鲁中化工集团有限公司", signed_on=dt.date(2025, 9, 26),
        signatory="曲建平（总经理）", groups=("WG-PS", "WG-DS"),
    ),
)  # fmt: skip

ORGANISATIONS = PARKS + COMPANIES


@dataclass(frozen=True)
class SiteContact:
    """Where on-site reviewers go and whom they call (fictitious; 138-0000-xxxx numbers)."""

    address: str
    person: str
    phone: str
    email: str | None = None


SITE_CONTACTS = {
    "linhai-park": SiteContact(
        "江苏省盐城市临海化工园区管委会大楼（海港大道 1 号）", "周敏", "0515-80000101"
    ),
    "weibei-park": SiteContact(
        "山东省潍坊市滨海区潍北化工产业园服务中心（北海路 18 号）", "高原", "0536-80000102"
    ),
    "linhai-chlor": SiteContact(
        "江苏省盐城市临海化工园区纬三路 8 号", "陆海峰", "138-0000-0103"
    ),
    "donghai-fine": SiteContact(
        "江苏省盐城市临海化工园区经五路 26 号", "孙浩", "138-0000-0104", f"hse.donghai@{DOMAIN}"
    ),
    "haicheng-agro": SiteContact(
        "江苏省盐城市临海化工园区纬一路 12 号", "钱晓东", "138-0000-0105"
    ),
    "jiangbei-materials": SiteContact(
        "江苏省南京市江北新区化工大道 66 号", "韩磊", "138-0000-0106", f"hse.jiangbei@{DOMAIN}"
    ),
    "huacai-coatings": SiteContact(
        "江苏省常州市新北区华彩路 9 号", "蒋丽", "138-0000-0107"
    ),
    "suyuan-epoxy": SiteContact(
        "江苏省南通市经济技术开发区通达路 31 号", "沈红", "138-0000-0108"
    ),
    "xiling-chem": SiteContact(
        "山东省淄博市临淄区西岭路 2 号", "刘勇", "138-0000-0109", f"hse.xiling@{DOMAIN}"
    ),
    "weibei-petro": SiteContact(
        "山东省潍坊市滨海区潍北化工产业园炼化路 1 号", "王涛", "138-0000-0110"
    ),
    "ludong-fert": SiteContact(
        "山东省潍坊市滨海区潍北化工产业园化肥路 5 号", "杨帆", "138-0000-0111"
    ),
    "qirun-rubber": SiteContact(
        "山东省东营市河口区蓝海路 20 号", "邢军", "138-0000-0112"
    ),
    "bincheng-dye": SiteContact(
        "山东省滨州市滨城区染化路 7 号", "于静", "138-0000-0113"
    ),
    "ruifeng-pu": SiteContact(
        "山东省烟台市福山区瑞丰路 15 号", "曲波", "138-0000-0114"
    ),
}  # fmt: skip

_SUPPLIER, _CUSTOMER = PartnerRelation.SUPPLIER, PartnerRelation.CUSTOMER
_CARRIER, _CONTRACTOR = PartnerRelation.CARRIER, PartnerRelation.CONTRACTOR

# "1+3": a member brings its carrier, a supplier and a customer into the programme.
PARTNERS = (
    PartnerSpec(
        "donghai-fine", "江苏通达危险货物运输有限公司", credit_code("91", "320900", "MA1P6QH0Y"),
        _CARRIER, dt.date(2023, 3, 1), "承运全部液体危险品公路运输，已签署责任关怀承诺书。",
    ),
    PartnerSpec(
        "donghai-fine", "盐城恒信化工原料有限公司", credit_code("91", "320900", "MA1Q2L7T4"),
        _SUPPLIER, dt.date(2023, 3, 1), "主要原料供应商，参加年度供应商安全培训。",
    ),
    PartnerSpec(
        "donghai-fine", "苏州华瑞医药中间体有限公司", credit_code("91", "320500", "MA1X8R3K2"),
        _CUSTOMER, dt.date(2024, 5, 8), "主要客户，共同开展产品安全使用培训。",
    ),
    PartnerSpec(
        "linhai-chlor", "盐城安运物流有限公司", credit_code("91", "320900", "MA1W5N2D7"),
        _CARRIER, dt.date(2024, 4, 15), "液氯、烧碱槽车运输。",
    ),
    PartnerSpec(
        "linhai-chlor", "江苏华建石化工程有限公司", credit_code("91", "320900", "MA1R0C9G3"),
        _CONTRACTOR, dt.date(2024, 4, 15), "检维修承包商，纳入承包商安全管理。",
    ),
    PartnerSpec(
        "weibei-petro", "潍坊港顺危化品储运有限公司", credit_code("91", "370700", "MA3D4T6B1"),
        _CARRIER, dt.date(2022, 7, 20), "码头装卸与罐区仓储。",
    ),
)  # fmt: skip

_LEAD, _DEPUTY, _REVIEWER = GroupRole.LEAD, GroupRole.DEPUTY, GroupRole.REVIEWER
_ADMIN, _MEMBER = OrgRole.ADMIN, OrgRole.MEMBER


def _mail(local: str) -> str:
    return f"{local}@{DOMAIN}"


def admin_email(org_key: str) -> str:
    """Return the e-mail of an organisation's demo admin (every demo organisation has one)."""
    return _mail(f"{org_key}.admin")


SECRETARIAT = PersonSpec(_mail("secretariat"), "刘晓梅", secretariat=True)
PEOPLE = (
    SECRETARIAT,
    PersonSpec(_mail("ps.lead"), "周建华", "donghai-fine", group_roles=(("WG-PS", _LEAD),)),
    PersonSpec(_mail("ps.deputy"), "马骏", "xiling-chem", group_roles=(("WG-PS", _DEPUTY),)),
    PersonSpec(_mail("ds.lead"), "高志刚", "weibei-petro", group_roles=(("WG-DS", _LEAD),)),
    PersonSpec(_mail("ds.deputy"), "许文静", "ludong-fert", group_roles=(("WG-DS", _DEPUTY),)),
    PersonSpec(_mail("pp.lead"), "吴海燕", "jiangbei-materials", group_roles=(("WG-PP", _LEAD),)),
    PersonSpec(_mail("pp.deputy"), "郑凯", "bincheng-dye", group_roles=(("WG-PP", _DEPUTY),)),
    PersonSpec(
        _mail("reviewer.huang"), "黄磊", "haicheng-agro", group_roles=(("WG-PS", _REVIEWER),)
    ),
    PersonSpec(
        _mail("reviewer.lin"),
        "林静",
        "huacai-coatings",
        group_roles=(("WG-PP", _REVIEWER), ("WG-DS", _REVIEWER)),
    ),
    PersonSpec(_mail("linhai-chlor.admin"), "孙志强", "linhai-chlor", _ADMIN),
    PersonSpec(_mail("linhai-chlor.hse"), "王磊", "linhai-chlor", _MEMBER),
    PersonSpec(_mail("donghai-fine.admin"), "李娜", "donghai-fine", _ADMIN),
    PersonSpec(_mail("haicheng-agro.admin"), "钱敏", "haicheng-agro", _ADMIN),
    PersonSpec(_mail("jiangbei-materials.admin"), "张伟", "jiangbei-materials", _ADMIN),
    PersonSpec(_mail("huacai-coatings.admin"), "蒋丽", "huacai-coatings", _ADMIN),
    PersonSpec(_mail("suyuan-epoxy.admin"), "顾晨", "suyuan-epoxy", _ADMIN),
    PersonSpec(_mail("xiling-chem.admin"), "刘洋", "xiling-chem", _ADMIN),
    PersonSpec(_mail("weibei-petro.admin"), "王芳", "weibei-petro", _ADMIN),
    PersonSpec(_mail("ludong-fert.admin"), "杨帆", "ludong-fert", _ADMIN),
    PersonSpec(_mail("qirun-rubber.admin"), "邢磊", "qirun-rubber", _ADMIN),
    PersonSpec(_mail("bincheng-dye.admin"), "于静", "bincheng-dye", _ADMIN),
    PersonSpec(_mail("ruifeng-pu.admin"), "曲波", "ruifeng-pu", _ADMIN),
    PersonSpec(_mail("linhai-park.admin"), "陈晓东", "linhai-park", _ADMIN),
    PersonSpec(
        _mail("linhai-park.staff"),
        "朱丽华",
        "linhai-park",
        _MEMBER,
        group_roles=(("WG-PK", _REVIEWER),),
    ),
    PersonSpec(
        _mail("weibei-park.admin"),
        "李强",
        "weibei-park",
        _ADMIN,
        group_roles=(("WG-PK", _LEAD), ("WG-PK", _REVIEWER)),
    ),
    # The Linhai park's reviewer from another park: its own staff and the group's lead (who
    # settles) may not review it.
    PersonSpec(
        _mail("weibei-park.staff"),
        "赵国栋",
        "weibei-park",
        _MEMBER,
        group_roles=(("WG-PK", _REVIEWER),),
    ),
)

FIVE_STAR = "rc-company-five-star.yaml"
TWO_STAR = "rc-company-two-star.yaml"
VETO = "rc-company-veto.yaml"
PARK_FILE = "rc-park-three-star.yaml"
V1_FIVE_STAR, V1_TWO_STAR, V1_VETO, V1_PARK_FILE = (
    f"v1/{name}" for name in (FIVE_STAR, TWO_STAR, VETO, PARK_FILE)
)
_DONE, _BACK, _DRAFT = State.SUBMITTED, State.RETURNED, State.DRAFT
_SCALE_KPIS = ("hours_employees", "hours_contractors", "headcount_employees", "production_t")

RETURN_COMMENT = (
    "C2 储运安全：C2.E2 承运商与仓储商管理的三个评价项填报为等级 4，但未附承运商年度评估记录；"
    "KPI 中运输事件数与企业安全生产台账不一致。请补充证据或调整等级后重新提交。"
)

# The previous year (closed cycle) gives the current one its KPI history and trends.
PLANS = (
    # 2023: the three reviewed companies' first year, whose KPI data give 2025 its
    # three-year series (the KPI ladder and the three-star condition need them).
    AssessmentPlan("donghai-fine", EARLIEST_YEAR, V1_FIVE_STAR, _DONE, shift=-1, every=3),
    AssessmentPlan("haicheng-agro", EARLIEST_YEAR, V1_FIVE_STAR, _DONE, shift=-1, every=2),
    AssessmentPlan("jiangbei-materials", EARLIEST_YEAR, V1_TWO_STAR, _DONE, shift=-1, every=3),
    AssessmentPlan("donghai-fine", PREVIOUS_YEAR, V1_FIVE_STAR, _DONE, shift=-1, every=4),
    AssessmentPlan("haicheng-agro", PREVIOUS_YEAR, V1_FIVE_STAR, _DONE, shift=-1, every=2),
    AssessmentPlan("jiangbei-materials", PREVIOUS_YEAR, V1_TWO_STAR, _DONE, shift=-1, every=4),
    AssessmentPlan("xiling-chem", PREVIOUS_YEAR, V1_VETO, _DONE, shift=-1, every=5),
    AssessmentPlan("weibei-petro", PREVIOUS_YEAR, V1_TWO_STAR, _DONE, shift=-1, every=5),
    AssessmentPlan("linhai-chlor", PREVIOUS_YEAR, V1_TWO_STAR, _DONE, shift=-1, every=3),
    AssessmentPlan("linhai-park", PREVIOUS_YEAR, V1_PARK_FILE, _DONE, shift=-1, every=4),
    AssessmentPlan("donghai-fine", CURRENT_YEAR, FIVE_STAR, _DONE),
    AssessmentPlan("haicheng-agro", CURRENT_YEAR, FIVE_STAR, _DONE, shift=-1, every=8),
    AssessmentPlan("jiangbei-materials", CURRENT_YEAR, TWO_STAR, _DONE),
    AssessmentPlan("xiling-chem", CURRENT_YEAR, VETO, _DONE),
    AssessmentPlan("linhai-park", CURRENT_YEAR, PARK_FILE, _DONE),
    AssessmentPlan(
        "weibei-petro", CURRENT_YEAR, TWO_STAR, _BACK, shift=1, every=4,
        return_comment=RETURN_COMMENT,
    ),
    # The chlor-alkali HSE manager's draft: everything but product stewardship (C6).
    AssessmentPlan(
        "linhai-chlor", CURRENT_YEAR, TWO_STAR, _DRAFT, shift=1, every=6,
        sections=("MS", "C1", "C2", "C3", "C4", "C5"),
    ),
    AssessmentPlan(
        "ludong-fert", CURRENT_YEAR, TWO_STAR, _DRAFT, sections=("MS",), kpi_inputs=_SCALE_KPIS
    ),
)  # fmt: skip

# The events register agrees with the KPI data each assessment reports (the example files'
# own `events:`), so no demo assessment opens with a data problem: deaths, serious injuries
# and Tier 1 process safety events of the year are on the register as in the KPI data.
EVENTS = (
    EventSpec(
        "xiling-chem", PREVIOUS_YEAR, "safety_accident", "larger", "2024-09-12", 3, 2, "1860",
        "氯乙烯中间罐区检修时动火作业引发火灾，1 名员工和 2 名承包商人员死亡、2 人受伤。"
        "事故调查已结案，整改措施于 2025 年 6 月经验证关闭。",
        True,
    ),
    # pse_tier1: 1 in 2025 (rc-company-veto.yaml)
    EventSpec(
        "xiling-chem", CURRENT_YEAR, "process_safety_event", "", "2025-05-14", 0, 0, "",
        "氯乙烯精馏塔塔顶冷凝器管束腐蚀泄漏，约 120 kg 氯乙烯经火炬系统排放，无人员伤亡。"
        "已更换管束，并将同类换热器的腐蚀检测周期缩短为半年。",
        True,
    ),
    # pse_tier1: 1 in 2025 (rc-company-two-star.yaml), for each company filled from it
    EventSpec(
        "jiangbei-materials", CURRENT_YEAR, "process_safety_event", "", "2025-06-21", 0, 0, "",
        "聚合釜搅拌器机械密封失效，约 800 kg 苯乙烯泄漏至围堰内，未着火，无人员伤亡。"
        "已改用双端面机械密封，并排查同类设备 12 台。",
        True,
    ),
    EventSpec(
        "weibei-petro", CURRENT_YEAR, "process_safety_event", "", "2025-08-14", 0, 0, "",
        "常减压装置换热器法兰垫片泄漏引发闪火，现场人员及时扑灭，无人员受伤。"
        "调查报告已完成，同批次垫片已全部更换。",
        True,
    ),
    EventSpec(
        "linhai-chlor", CURRENT_YEAR, "process_safety_event", "", "2025-07-08", 0, 0, "",
        "液氯储罐安全阀起跳，约 60 kg 氯气经事故碱液吸收塔处理后排放，无人员伤亡。"
        "根本原因为压力变送器故障，已增设冗余测点。",
        True,
    ),
    # accidents_general: 1 in 2025 (rc-park-three-star.yaml): one serious injury, no deaths;
    # at a resident registered in rcapp
    EventSpec(
        "linhai-park", CURRENT_YEAR, "safety_accident", "general", "2025-05-18", 0, 1, "45",
        "海澄农化检修吊装作业中吊物坠落，1 名作业人员重伤。园区已组织事故调查，"
        "并对全部入园企业的吊装作业开展专项检查。",
        True,
        resident="haicheng-agro",
    ),
    # at a resident not registered in rcapp: a rectified major hidden danger (no KPI counts
    # it; rectified, the one-star cap V8 no longer applies), so both kinds show on the page
    EventSpec(
        "linhai-park", CURRENT_YEAR, "major_hidden_danger", "", "2025-04-09", 0, 0, "",
        "园区专项检查发现液化烃罐区与装卸栈台防火间距不足，经市应急管理局认定为重大事故隐患。"
        "企业已停用相邻装卸位并完成改造，2025 年 8 月整改销号。",
        True,
        resident_name="临海港储物流有限公司",
        resident_credit_code=credit_code("91", "320900", "MA1P7GK50"),
    ),
)  # fmt: skip
