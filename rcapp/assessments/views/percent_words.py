"""A ratio typed for a percentage, doubted beside the field (QA36 S8).

0.85 on a "%" item is taken as 0.85 %, most likely meant as 85 %. The section page says so
beside the value, whenever it shows one (saved, or typed and sent back with an error);
nothing is refused: 0.5 % can be meant.
"""

from __future__ import annotations

from rcapp.assessments.messages import _, number_text
from rcapp.assessments.validation import parse_decimal, percent_ratio_doubt, without_percent_sign
from rcapp.assessments.views.blueprint import bp
from rcapp.rubrics.model import Item


@bp.app_template_global("percent_doubt")
def percent_doubt(item: Item, shown: object) -> str | None:
    """Word the doubt about the value shown for `item`, or None."""
    try:
        number = parse_decimal(without_percent_sign(None if shown is None else str(shown)))
    except ValueError:
        return None
    doubt = percent_ratio_doubt(item, number)
    if doubt is None:
        return None
    return _(
        "按 %(value)s%% 计：是否指 %(percent)s%%？如是，请改为 %(percent)s。",
        value=number_text(doubt.params["value"]),
        percent=number_text(doubt.params["percent"]),
    )
