"""What still refuses a submit, grouped as the assessment's pages are (QA63 m3).

A newcomer's refused submit listed 188 open items as one flat list of full item texts. The
list is grouped by where the work is done: the prerequisites, each section in the rubric's
order, then the KPI data; each group says how many and links its page, its entries link
their anchors. Long groups are folded (FOLD_AFTER).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rcapp.assessments.completeness import Missing
from rcapp.rubrics.model import Rubric, Section

# A group of more entries than this is shown folded: its count and link, the list on demand.
FOLD_AFTER = 5


@dataclass(frozen=True)
class MissingGroup:
    # "prerequisite", "prerequisite_file", "item" (one section), "kpi_input" or
    # "same_figure": the page(s)
    kind: str
    section: Section | None  # the section, for "item"
    entries: tuple[tuple[Missing, str], ...]  # each with its words (messages.missing_text)

    @property
    def folded(self) -> bool:
        return len(self.entries) > FOLD_AFTER


def missing_groups(rubric: Rubric, missing: Sequence[tuple[Missing, str]]) -> list[MissingGroup]:
    """Group the worded missing parts by page, in the order the overview lists the pages."""
    order: list[tuple[str, Section | None]] = [("prerequisite", None)]
    order.append(("prerequisite_file", None))  # answered 是 without its evidence file
    order += [("item", section) for section in rubric.sections]
    order.append(("kpi_input", None))
    order.append(("same_figure", None))  # one figure typed twice, differing: both pages linked
    groups = []
    for kind, section in order:
        entries = tuple(
            (part, text)
            for part, text in missing
            if part.kind == kind and (section is None or part.section_id == section.id)
        )
        if entries:
            groups.append(MissingGroup(kind, section, entries))
    return groups
