"""English glosses for the Chinese laws and standards that rubric items cite.

A reference stays as written (Chinese law names and dates are the authoritative citation);
English pages show a gloss where one is known, before the citation
(rcapp.web.cited_reference): law names, article numbers ("第五条" → "Art. 5",
"第9.3条" → "cl. 9.3"), amendment years and editions, and the document numbers
(rcapp.reference_numbers). Chinese left in a gloss is marked lang="zh-CN".
Pure: no I/O.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from rcapp.reference_numbers import english_numbers, marked_gloss

LAW_GLOSSES = {
    # Cited by the version-2 rubrics (issue 8).
    "社会责任指南": "Guidance on Social Responsibility",
    "社会责任报告编写指南": "Guidance on Social Responsibility Reporting",
    "化工过程安全管理导则": "Guidelines for Chemical Process Safety Management",
    "国家安全监管总局关于公布首批重点监管的危险化工工艺目录的通知": (
        "SAWS Notice on the First List of Key Supervised Hazardous Chemical Processes"
    ),
    "关于公布第二批重点监管危险化工工艺目录和调整首批重点监管危险化工工艺中部分典型工艺的通知": (
        "Notice on the Second List of Key Supervised Hazardous Chemical Processes and "
        "Changes to the First List"
    ),
    "关于加强化工安全仪表系统管理的指导意见": (
        "Guiding Opinions on Strengthening the Management of Chemical Safety Instrumented Systems"
    ),
    "中华人民共和国安全生产法": "Work Safety Law of the PRC",
    "中华人民共和国固体废物污染环境防治法": (
        "Law of the PRC on the Prevention and Control of Environmental Pollution by Solid Waste"
    ),
    "中华人民共和国特种设备安全法": "Special Equipment Safety Law of the PRC",
    "中华人民共和国出口管制法": "Export Control Law of the PRC",
    "中华人民共和国职业病防治法": (
        "Law of the PRC on the Prevention and Control of Occupational Diseases"
    ),
    "固体废物污染环境防治法": (
        "Law on the Prevention and Control of Environmental Pollution by Solid Waste"
    ),
    "责任关怀实施准则": "Responsible Care Code of Practice",
    "危险化学品安全管理条例": "Regulations on the Safe Management of Hazardous Chemicals",
    "危险化学品登记管理办法": "Measures for the Registration of Hazardous Chemicals",
    "危险化学品经营许可证管理办法": "Measures for Hazardous Chemicals Business Licences",
    "危险化学品输送管道安全管理规定": "Provisions on the Safety of Hazardous Chemical Pipelines",
    "危险化学品重大危险源监督管理暂行规定": (
        "Interim Provisions on Major Hazard Installations of Hazardous Chemicals"
    ),
    "危险化学品企业安全风险隐患排查治理导则": (
        "Guidelines on Risk and Hazard Inspection in Hazardous Chemical Enterprises"
    ),
    "化工和危险化学品生产经营单位重大生产安全事故隐患判定标准(试行)": (
        "Criteria for Major Accident Hazards in Chemical and Hazardous Chemical Enterprises (trial)"
    ),
    "化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）": (
        "Criteria for Major Accident Hazards in Chemical and Hazardous Chemical Enterprises (trial)"
    ),
    "关于加强精细化工反应安全风险评估工作的指导意见": (
        "Guidance on Reaction Safety Risk Assessment in Fine Chemicals"
    ),
    "关于实施遏制重特大事故工作指南构建双重预防机制的意见": (
        "Opinions on the Dual Prevention Mechanism against Major Accidents"
    ),
    "关于加强化工园区环境保护工作的意见": (
        "Opinions on Environmental Protection in Chemical Parks"
    ),
    "化工园区安全风险排查治理导则": "Guidelines on Safety Risk Inspection in Chemical Parks",
    "化工园区安全风险智能化管控平台建设指南（试行）": (
        "Guide to Smart Safety Risk Control Platforms for Chemical Parks (trial)"
    ),
    "化工园区建设标准和认定管理办法(试行)": (
        "Standards and Recognition Measures for Chemical Parks (trial)"
    ),
    "危险废物转移管理办法": "Measures for the Transfer of Hazardous Waste",
    "危险货物道路运输安全管理办法": (
        "Measures for the Safety of Road Transport of Dangerous Goods"
    ),
    "铁路危险货物运输安全监督管理规定": (
        "Provisions on the Safety of Rail Transport of Dangerous Goods"
    ),
    "港口危险货物安全管理规定": "Provisions on the Safety of Dangerous Goods in Ports",
    "安全生产许可证条例": "Regulations on Work Safety Licences",
    "工伤保险条例": "Regulations on Work-Related Injury Insurance",
    "工作场所职业卫生管理规定": "Provisions on Occupational Health in Workplaces",
    "用人单位职业健康监护监督管理办法": (
        "Measures for Occupational Health Surveillance by Employers"
    ),
    "职业病危害项目申报办法": "Measures for Declaring Occupational Disease Hazards",
    "特种作业人员安全技术培训考核管理规定": (
        "Provisions on Training and Examination of Special Operations Personnel"
    ),
    "生产经营单位安全培训规定": "Provisions on Safety Training in Production Units",
    "生产安全事故应急条例": "Regulations on Emergency Response to Work Safety Accidents",
    "生产安全事故应急预案管理办法": "Measures for Work Safety Accident Emergency Plans",
    "生产安全事故报告和调查处理条例": (
        "Regulations on Reporting and Investigating Work Safety Accidents"
    ),
    "突发环境事件应急管理办法": "Measures for Environmental Emergency Management",
    "企业事业单位突发环境事件应急预案备案管理办法(试行)": (
        "Measures for Filing Environmental Emergency Plans (trial)"
    ),
    "企业环境信息依法披露管理办法": "Measures for Corporate Environmental Information Disclosure",
    "排污许可管理条例": "Regulations on Pollutant Discharge Permits",
    "建设项目环境保护管理条例": (
        "Regulations on Environmental Protection of Construction Projects"
    ),
    "规划环境影响评价条例": "Regulations on Environmental Impact Assessment of Plans",
    "工矿用地土壤环境管理办法(试行)": (
        "Measures for Soil Environment of Industrial and Mining Land (trial)"
    ),
    "新化学物质环境管理登记办法": (
        "Measures for Environmental Registration of New Chemical Substances"
    ),
    "重点管控新污染物清单（2023年版）": (
        "List of New Pollutants under Priority Control (2023 edition)"
    ),
    "易制毒化学品管理条例": "Regulations on Precursor Chemicals",
    "清洁生产审核办法": "Measures for Cleaner Production Audits",
    "环境保护公众参与办法": "Measures for Public Participation in Environmental Protection",
}

# Documents cited by their number alone (no 《name》 beside it): the number says nothing to
# an English reader, so the whole citation is glossed with the document's title.
DOCUMENT_GLOSSES = {
    "安监总管三〔2013〕88号": (
        "SAWS Guiding Opinions on Strengthening Chemical Process Safety Management (2013)"
    ),
    "安监总管三〔2017〕121号": (
        "SAWS Criteria for Major Accident Hazards in Chemical and Hazardous Chemical "
        "Enterprises (trial, 2017)"
    ),
    "财资〔2022〕136号": (
        "Measures for the Extraction and Use of Enterprise Work Safety Funds (Ministry of "
        "Finance and Ministry of Emergency Management, 2022)"
    ),
}

_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NAME = re.compile(r"《([^》]+)》")
_ARTICLE = re.compile(r"第([零一二两三四五六七八九十百]+)条")
_CLAUSE = re.compile(r"第(\d+(?:\.\d+)*)条")
_AMENDED = re.compile(r"[（(](\d{4})\s*修正[)）]")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")


def chinese_number(text: str) -> int:
    """Read a Chinese numeral below 1000 ("二十一" → 21, "十五" → 15, "一百零三" → 103)."""
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[char]
    return total + current


def _gloss_part(part: str) -> tuple[str, bool]:
    """Gloss one citation; the flag says whether anything in it was translated."""
    document = DOCUMENT_GLOSSES.get(part)
    if document is not None:
        return document, True
    found = False

    def name(match: re.Match[str]) -> str:
        nonlocal found
        gloss = LAW_GLOSSES.get(match.group(1))
        if gloss is None:
            return match.group(0)
        found = True
        return f" {gloss} "

    text = _NAME.sub(name, part)
    text, articles = _ARTICLE.subn(lambda m: f" Art. {chinese_number(m.group(1))}", text)
    text, clauses = _CLAUSE.subn(lambda m: f" cl. {m.group(1)}", text)
    text, amended = _AMENDED.subn(lambda m: f" (amended {m.group(1)})", text)
    text, numbers = english_numbers(text)
    text = re.sub(r"、", ", ", text)
    read = found or numbers or bool(articles or clauses or amended)
    return re.sub(r"\s+", " ", text).strip(), read


def _parts(reference: str) -> list[str]:
    return [p.strip() for p in re.split(r"[；;]", reference) if p.strip()]


def unglossed_parts(reference: str) -> list[str]:
    """Return the citations in Chinese of which nothing would be read in English.

    A standard's code ("GB/T 33000-2016") needs no gloss; a Chinese citation whose law name,
    article or document number is unknown would be shown to English readers as it is.
    """
    return [
        part
        for part in _parts(reference)
        if _CJK_CHAR.search(part) is not None and not _gloss_part(part)[1]
    ]


def english_gloss(reference: str) -> Markup | None:
    """Return the English reading of a reference, or None when nothing in it is known.

    Parts separated by "；" are glossed one by one; unknown law names and document codes
    stay in Chinese inside the gloss rather than being guessed, marked lang="zh-CN".
    """
    glossed = [_gloss_part(p) for p in _parts(reference)]
    if not any(found for _text, found in glossed):
        return None
    return marked_gloss("; ".join(text for text, _found in glossed))


_BRACKETED = re.compile(r"[(（]([^()（）]+)[)）]")


def citation_left_to_show(reference: str, gloss_text: str) -> str:
    """Return the Chinese citation to show beside its gloss, without what the gloss shows.

    A document number the gloss already carries in Chinese (unknown codes stay Chinese
    there) is not repeated beside it (qa64 p1: "… (应急〔2023〕123号) (《…导则》
    (应急〔2023〕123号))"); a part the gloss shows whole is left out; the rest, the
    authoritative Chinese titles, stays beside the English (qa50 #10). "" when nothing is left.
    """
    left = []
    for part in _parts(reference):
        if part in gloss_text:
            continue
        for number in _BRACKETED.findall(part):
            if number in gloss_text:
                part = part.replace(f"({number})", "").replace(f"（{number}）", "")
        part = part.strip()
        if part:
            left.append(part)
    return "；".join(left)
