"""An organisation that suspended or withdrew its commitment: its review is no work to do.

The year's counts leave such an organisation out (cycles.participants, the rule behind
assessments.queries.takes_part). A submitted assessment of one, with nobody reviewing it, was
still listed to the lead as waiting for reviewers with nothing said (qa62 1): the group page
now names it apart with the reason, the lead's home leaves it out of the to-do, and the assign
page warns before reviewers are assigned. Reviews already assigned or finished stay as they are.
"""

from __future__ import annotations

from rcapp.assessments.models import Assessment
from rcapp.cycles.participants import is_paused


def paused_commitment(assessment: Assessment) -> bool:
    """Whether the assessment's organisation has since suspended or withdrawn its commitment."""
    return is_paused(assessment.organisation.commitment_status)
