"""Each pytest-xdist worker's own PostgreSQL database and Redis db (tests/parallel_workers.py)."""

from __future__ import annotations

import pytest

from tests.parallel_workers import worker_database_url, worker_redis_url

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
