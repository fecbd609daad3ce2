"""Tell reviewers about their assignments through the e-mail outbox (delivered on the queue).

The text is composed by the caller in each recipient's language (assignment_mail.py);
this module only stores the messages. Delivery is the mail package's job.
"""

from __future__ import annotations

from collections.abc import Callable

from rcapp import db
from rcapp.accounts.models import User
from rcapp.mail.models import OutboxMessage
from rcapp.reviews.models import ReviewAssignment

# (reviewer, assignment) -> (subject, body) in the reviewer's language
Compose = Callable[[User, ReviewAssignment], tuple[str, str]]


def queue_assignment_mail(
    assignment: ReviewAssignment, compose: Compose, actor: User | None
) -> OutboxMessage:
    reviewer = assignment.reviewer
    subject, body = compose(reviewer, assignment)
    assessment = assignment.review.assessment
    message = OutboxMessage(
        kind="review",
        to_address=reviewer.email,
        to_name=reviewer.name,
        lang=reviewer.language or "zh_CN",
        subject=subject,
        body=body,
        organisation_id=assessment.organisation_id,
        cycle_id=assessment.cycle_id,
        created_by_id=actor.id if actor is not None else None,
    )
    db.session().add(message)
    return message
