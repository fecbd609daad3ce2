"""The audit log's answer to a stale page: was this row deleted (changed), by whom, when."""

from __future__ import annotations

from sqlalchemy.orm import Session

from rcapp.audit.queries import last_deed
from rcapp.audit.services import record
from tests.factories import make_user


def test_not_logged_is_none(db_session: Session) -> None:
    assert last_deed("assessment", 1, "event", 7, ("event.delete",)) is None


def test_names_who_did_it_last_and_when(db_session: Session) -> None:
    first, second = make_user(name="王工"), make_user(name="李工")
    record(first, "assessment", 1, "event.update", field="event:7")
    record(first, "assessment", 1, "event.delete", field="event:7")
    record(second, "assessment", 1, "event.delete", field="event:7")
    db_session.flush()
    deed = last_deed("assessment", 1, "event", 7, ("event.delete",))
    assert deed is not None
    assert deed.by == "李工"
    assert deed.at is not None
    changed = last_deed("assessment", 1, "event", 7, ("event.update",))
    assert changed is not None
    assert changed.by == "王工"


def test_only_that_row_of_that_entity(db_session: Session) -> None:
    user = make_user(name="王工")
    record(user, "assessment", 1, "target.delete", field="target:7")
    record(user, "assessment", 2, "event.delete", field="event:7")
    record(user, "assessment", 1, "event.delete", field="event:8")
    db_session.flush()
    assert last_deed("assessment", 1, "event", 7, ("event.delete",)) is None


def test_the_cli_is_nobody_by_name(db_session: Session) -> None:
    record(None, "organisation", 3, "partner.remove", field="partner:5")
    db_session.flush()
    deed = last_deed("organisation", 3, "partner", 5, ("partner.remove",))
    assert deed is not None
    assert deed.by is None
