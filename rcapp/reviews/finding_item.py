"""The rubric item a finding is about, and its title in the reader's language.

One lookup for every place a corrective action is named: the Excel export, the mails, the
result page and the organisation's home to-do all show the item's title beside its code.
"""

from __future__ import annotations

from rcapp.assessments.queries import rubric_of
from rcapp.reviews.models import Finding
from rcapp.rubrics.model import Item


def finding_item(finding: Finding) -> Item | None:
    """Return the rubric item of a finding, or None (a general finding, an item since gone)."""
    if finding.item_id is None:
        return None
    return rubric_of(finding.review.assessment).item_index().get(finding.item_id)


def finding_item_title(finding: Finding, lang: str) -> str:
    """Return the item's whole title in `lang` ("" when the finding has no item)."""
    item = finding_item(finding)
    return "" if item is None else item.prompt.get(lang)
