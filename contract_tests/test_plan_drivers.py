"""The drivers of a plan (`engine/steps.py`): a one-value plan is closed by the time its value is
returned, in the async driver as in the sync one, so whatever the plan does on closing (its `finally`,
the `with` blocks it leaves) is done before the caller goes on, not whenever the event loop gets to it."""

from __future__ import annotations

import asyncio

import pytest

from amplemarket_lead_lists import AuthenticatedClient
from amplemarket_lead_lists.engine.steps import Emit, Plan, run_async, run_sync
from contract_tests.polling_harness import BASE, TOKEN


def one_value(closed: list[str]) -> Plan[str]:
    try:
        yield Emit("the value")
        yield Emit("never asked for")
    finally:
        closed.append("closed")


async def no_sleep(seconds: float) -> None:
    raise AssertionError(f"a plan that only emits should not sleep {seconds}")


def test_run_sync_closes_the_plan_before_returning_its_value() -> None:
    closed: list[str] = []
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    assert run_sync(one_value(closed), client, lambda seconds: None) == "the value"
    assert closed == ["closed"]


def test_run_async_closes_the_plan_before_returning_its_value() -> None:
    async def main() -> list[str]:
        closed: list[str] = []
        value = await run_async(one_value(closed), AuthenticatedClient(base_url=BASE, token=TOKEN), no_sleep)
        assert value == "the value"
        return list(closed)  # as it was when run_async returned

    assert asyncio.run(main()) == ["closed"]


def no_value() -> Plan[str]:
    yield from ()


def test_a_plan_ending_without_its_value_is_an_error_not_none() -> None:
    """A driver's caller is promised a value: a plan that ends without one (a bug in it) is said so."""
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    with pytest.raises(RuntimeError, match="plan ended without a result"):
        run_sync(no_value(), client, lambda seconds: None)
    with pytest.raises(RuntimeError, match="plan ended without a result"):
        asyncio.run(run_async(no_value(), client, no_sleep))
