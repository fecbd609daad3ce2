"""The "请核对" warnings the organisation saw on its KPI and result pages, for the reviewers.

Reviewers and the lead rule on the claims; they should see what the organisation was asked
to check and saved anyway (qa49 M2, M5, M9, qa50 M1): a core KPI typed down to 0 or at 0
beside production (kpi_doubts, the same rules as the company's pages), a code of practice
declared N/A against its own KPI data (section_na_doubts), and an event's direct loss that
raises its Decree 493 grade, which the organisation confirmed with "数值无误"
(event_checks.loss_raises_grade: a stored loss that raises the grade was confirmed), and
an item and a KPI input that report one figure and differ (same_figure_words, parkshare #3).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rcapp.assessments import queries
from rcapp.assessments.event_checks import loss_raises_grade
from rcapp.assessments.events import event_values
from rcapp.assessments.kpi_doubts import KpiDoubts, stored_kpi_doubts
from rcapp.assessments.messages import loss_confirmed_text
from rcapp.assessments.models import Assessment
from rcapp.assessments.same_figure_words import figure_notes
from rcapp.assessments.section_na_doubts import section_na_doubts
from rcapp.rubrics.model import Rubric
from rcapp.scoring import Scorecard


@dataclass(frozen=True)
class DataDoubts:
    kpis: KpiDoubts
    sections: Mapping[str, str]  # section id → why its N/A is doubted
    losses: tuple[str, ...]  # one per event whose confirmed loss raises its grade
    figures: tuple[str, ...] = ()  # one per item and KPI input reporting one figure, differing

    @property
    def count(self) -> int:
        return len(self.kpis.texts) + len(self.sections) + len(self.losses) + len(self.figures)


def data_doubts(
    assessment: Assessment, rubric: Rubric, lang: str, na_sections: Iterable[str]
) -> DataDoubts:
    """Return the warnings about `assessment`'s stored data, worded in `lang`.

    `na_sections`: the sections the organisation declared N/A as a whole (declared_na).
    """
    figures = queries.kpi_inputs_compared(assessment)
    return DataDoubts(
        stored_kpi_doubts(assessment, rubric, lang, figures),
        section_na_doubts(rubric, na_sections, dict(figures.this_year), lang),
        tuple(confirmed_losses(assessment)),
        tuple(note.text for note in figure_notes(assessment, rubric) if note.differ),
    )


def declared_na(card: Scorecard) -> list[str]:
    """Return the sections the scorecard's organisation declared N/A as a whole."""
    return [section.section_id for section in card.sections if section.na_reason]


def confirmed_losses(assessment: Assessment) -> list[str]:
    """Word each event of the assessment's year whose confirmed loss raises its grade."""
    year = assessment.cycle.year
    found = []
    for event in reversed(queries.events_of(assessment.organisation_id)):
        if event.recorded_in_id != assessment.id and event.occurred_on.year != year:
            continue
        doubt = loss_raises_grade(event_values(event))
        if doubt is not None:
            found.append(loss_confirmed_text(doubt, event.occurred_on.isoformat()))
    return found
