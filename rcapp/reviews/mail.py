"""Tell reviewers about their assignments through the e-mail outbox (delivered on the queue).

The text is composed by the caller in each recipient's language (assignment_mail.py);
this module only stores the messages. Delivery is the mail package's job.
"""

from __future__ import annotations

from collections.abc import Callable

from rcapp.accounts.models import User
from rcapp.mail.models import OutboxMessage
from rcapp.mail.services import queue_mail
from rcapp.reviews.models import ReviewAssignment

# (reviewer, assignment) -> (subject, body) in the reviewer's language
Compose = Callable[[User, ReviewAssignment], tuple[str, str]]


def queue_assignment_mail(
    assignment: ReviewAssignment, compose: Compose, actor: User | None
) -> OutboxMessage:
    reviewer = assignment.reviewer
    subject, body = compose(reviewer, assignment)
    assessment = assignment.review.assessment
    return queue_mail(
        "review",
        reviewer,
        subject,
        body,
        organisation_id=assessment.organisation_id,
        cycle_id=assessment.cycle_id,
        actor=actor,
    )
