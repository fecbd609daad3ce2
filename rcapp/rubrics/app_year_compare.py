"""Whether two years' figures compare: the one rule every page and workbook asks (qa71 M3).

The years page, the organisation page and the self-assessment list (page and workbook)
all ask here, so a total or stars marked 不可比 on one is marked on every one.
"""

from __future__ import annotations

from rcapp.rubrics.app_crosswalks import app_crosswalks
from rcapp.rubrics.chain import crosswalk_chain
from rcapp.rubrics.model import Rubric
from rcapp.rubrics.year_compare import Comparability, comparability


def years_compare(old: Rubric, new: Rubric) -> Comparability:
    """Say what of a year scored with `old` compares with one scored with `new`."""
    return comparability(old, new, crosswalk_chain(app_crosswalks(), old.key, new.key))
