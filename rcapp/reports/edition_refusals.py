"""Why a report job cannot be published as its year's edition, in the page's language.

Said on the job's page (before publishing, rcapp.reports.job_views) and when publishing is
refused (rcapp.reports.edition_views), from editions.PublishRefused's reasons.
"""

from __future__ import annotations

from flask_babel import gettext as _

from rcapp.cycles.models import ReportingCycle
from rcapp.reports import edition_choices


def refusal_words(reason: str | None, cycle: ReportingCycle | None) -> str | None:
    """Say why a job cannot be published, in the page's language (None: it can, or no need)."""
    year = cycle.year if cycle is not None else 0
    words = {
        "year_open": _(
            "%(year)d 年度尚未关闭（或仍在关闭中），本文件为暂定版，不能发布为正式版："
            "请在年度关闭后重新生成再发布。",
            year=year,
        ),
        "before_close": _(
            "本文件生成于 %(year)d 年度最近一次关闭完成之前（暂定或已过时），不能发布为正式版："
            "请重新生成后再发布。",
            year=year,
        ),
        "file_gone": _("文件已过期删除，不能发布：请重新生成后再发布。"),
        "published": _("本文件已发布为正式版。"),
        "partial": _(
            "本压缩包只含部分单位的评分卡（按工作组或只含已评定星级的单位），不能发布为正式版："
            "正式版须包含全部已提交的单位。"
        ),
        "no_correction": _("请填写“更正说明”：本版取代上一版，须说明更正了什么。"),
        "correction_too_long": _(
            "“更正说明”太长，请缩短到 %(n)d 字以内。", n=edition_choices.MAX_CORRECTION_CHARS
        ),
    }
    return words.get(reason or "")
