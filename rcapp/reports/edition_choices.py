"""What the secretariat says when it publishes an edition: what it corrected, whether to mail.

- The correction note (更正说明): an edition above 1 replaces an earlier one, so its publisher
  says what was corrected, kept as typed (line breaks too) on the job's `correction_note`. The
  editions lists, the correction mail and the corrected annual report show it.
- Notify members (通知会员): publishing an annual report mails members by the rule of
  edition_mail once its stamp is done; unchecked, this edition mails nobody, noted in the
  job's params (as the stamp and the withdrawal). A later edition follows the rule again.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcapp.reports.jobs import params_of
from rcapp.reports.models import ReportJob

MAX_CORRECTION_CHARS = 500


@dataclass(frozen=True)
class PublishForm:
    """The publish form as it was sent, shown again when its correction note was refused."""

    correction: str  # as typed: nothing the publisher wrote is lost
    notify: bool  # the 通知会员 box as it was left
    error: str  # why the note was refused, naming the field (edition_refusals)

    @property
    def typed_length(self) -> int:
        """The note's length as the limit counts it (typed_note: a line break is one)."""
        return len(typed_note(self.correction))


NOT_NOTIFIED_KEY = "members_not_notified"


def typed_note(text: str | None) -> str:
    """Return the note as typed, without the blank lines around it (a browser sends CRLF)."""
    return (text or "").replace("\r\n", "\n").strip()


def note_refusal(text: str | None, number: int) -> str | None:
    """Say why `text` cannot be edition `number`'s correction note (None: it can).

    `text` None: the caller asks for no note (a script, a test); a first edition needs none.
    """
    if text is None or number < 2:
        return None
    note = typed_note(text)
    if not note:
        return "no_correction"
    if len(note) > MAX_CORRECTION_CHARS:
        return "correction_too_long"
    return None


def members_not_notified(job: ReportJob) -> bool:
    """Tell whether its publisher chose to mail nobody about this edition."""
    return params_of(job).get(NOT_NOTIFIED_KEY) is True
