"""Work spread over forked processes gives the serial result, in order, and the serial errors."""

from __future__ import annotations

import os

import pytest
from opsbook.workers import map_on_cores


@pytest.fixture(autouse=True)
def three_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPSBOOK_WORKERS", "3")


def test_results_come_back_in_item_order_from_other_processes() -> None:
    items = list(range(50))
    results = map_on_cores(lambda item: (item * item, os.getpid()), items, min_per_worker=1)
    assert [square for square, _ in results] == [item * item for item in items]
    assert len({pid for _, pid in results}) == 3  # the work really was spread


def test_send_and_receive_carry_worker_results_across() -> None:
    # Results made here are used as they are; those of workers travel as what `send` makes.
    results = map_on_cores(str, list(range(10)), min_per_worker=1, send=str.encode, receive=bytes.decode)
    assert results == [str(item) for item in range(10)]


def test_an_error_in_a_worker_is_raised_here() -> None:
    def work(item: int) -> int:
        if item == 7:
            raise ValueError("item 7 is bad")
        return item

    with pytest.raises(ValueError, match="item 7 is bad"):
        map_on_cores(work, list(range(10)), min_per_worker=1)
