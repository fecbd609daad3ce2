"""The words for the event grades (Decree 493), each a Chinese msgid translated where shown.

One table for every place that names a grade: the event form's choices, the messages and
data problems (assessments.messages), the Excel template and import, and the audit log.
"""

from __future__ import annotations

from rcapp.rubrics.model import EventGrade


def N_(msgid: str) -> str:  # noqa: N802 - the extractor's conventional marker name
    """Mark a msgid for extraction; it is translated where it is shown."""
    return msgid


GRADE_NAMES: dict[EventGrade, str] = {
    EventGrade.GENERAL: N_("一般"),
    EventGrade.LARGER: N_("较大"),
    EventGrade.MAJOR: N_("重大"),
    EventGrade.ESPECIALLY_MAJOR: N_("特别重大"),
}
