"""Each pytest-xdist worker's own PostgreSQL database and Redis db (tests/parallel_workers.py)."""

from __future__ import annotations

import os

import pytest

from rcapp import queue
from tests.integration.test_queue import queued_mode  # noqa: F401 - the fixture
from tests.parallel_workers import (
    QUEUE_OWNER_KEY,
    needs_own_queue,
    own_queue_file,
    worker_database_url,
    worker_id,
    worker_redis_url,
)

PG = "postgresql+psycopg://rcapp:rcapp@127.0.0.1:5432"


@pytest.mark.parametrize(
    ("url", "worker", "expected"),
    [
        (f"{PG}/rcapp_test", "gw0", f"{PG}/rcapp_test_gw0"),
        (f"{PG}/rcapp_test", "gw1", f"{PG}/rcapp_test_gw1"),
        (f"{PG}/rcapp_x?sslmode=disable", "gw1", f"{PG}/rcapp_x_gw1?sslmode=disable"),
    ],
)
def test_each_worker_has_a_database_of_its_own_on_the_same_server(
    url: str, worker: str, expected: str
) -> None:
    assert worker_database_url(url, worker) == expected


@pytest.mark.parametrize(
    ("url", "worker", "expected"),
    [
        ("redis://127.0.0.1:6379/15", "gw0", "redis://127.0.0.1:6379/15"),
        ("redis://127.0.0.1:6379/15", "gw1", "redis://127.0.0.1:6379/14"),
        ("redis://127.0.0.1:6379/0", "gw1", "redis://127.0.0.1:6379/15"),
        ("redis://127.0.0.1:6379", "gw2", "redis://127.0.0.1:6379/14"),
        (
            "rediss://:pw@h:6380/3?ssl_cert_reqs=none",
            "gw1",
            "rediss://:pw@h:6380/2?ssl_cert_reqs=none",
        ),
    ],
)
def test_each_worker_has_a_redis_db_of_its_own(url: str, worker: str, expected: str) -> None:
    assert worker_redis_url(url, worker) == expected


def test_a_redis_url_that_is_none_is_refused() -> None:
    with pytest.raises(ValueError, match="no redis:// URL"):
        worker_redis_url("127.0.0.1:6379/15", "gw0")


def test_a_worker_does_not_take_the_queue_file_it_inherits_from_the_controller() -> None:
    controller = {"RCAPP_QUEUE_URL": f"sqlite:///{own_queue_file(100, None)}"}
    controller[QUEUE_OWNER_KEY] = "100"
    assert not needs_own_queue(controller, 100)  # its own, made on import
    assert needs_own_queue(controller, 101)  # a worker's process
    assert needs_own_queue({}, 101)
    assert not needs_own_queue({"RCAPP_QUEUE_URL": "redis://127.0.0.1:6379/3"}, 101)  # set by hand


def test_two_workers_queue_files_differ() -> None:
    files = {own_queue_file(101, "gw0"), own_queue_file(102, "gw1"), own_queue_file(100, None)}
    assert len(files) == 3


def test_this_process_queues_in_a_file_of_its_own(queued_mode: None) -> None:  # noqa: F811
    """Under `pytest -n 2` each worker's queued tasks go to its own file, not the controller's."""
    found = queue.queue_file(queue.huey)
    if found is None or not found.name.startswith("rcapp-test-queue-"):
        pytest.skip("RCAPP_QUEUE_URL was set by hand: the run uses that queue")
    assert found == own_queue_file(os.getpid(), worker_id())
