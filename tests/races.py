"""Provoke an insert race on purpose: a rival request stores the same unique row between
the service's "does it exist?" check and its insert (as a second session would commit)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from rcapp.db import Base


def rival_after(
    monkeypatch: pytest.MonkeyPatch,
    connection: Connection,
    owner: object,
    name: str,
    rival: Callable[[Any], Base],
) -> None:
    """Let `owner.name` answer first, then commit `rival(answer)` from another session, once.

    The request has read (and holds) what the check saw; the rival's row is stored after it.
    """
    original = getattr(owner, name)
    done = False

    def raced(*args: Any, **kwargs: Any) -> Any:
        nonlocal done
        answer = original(*args, **kwargs)
        if not done:
            done = True
            with Session(bind=connection, join_transaction_mode="create_savepoint") as other:
                other.add(rival(answer))
                other.commit()
        return answer

    monkeypatch.setattr(owner, name, raced)
