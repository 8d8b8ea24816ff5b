"""Case 6: waiting for 100 lists concurrently with the async API vs one after another (sync)."""

from __future__ import annotations

import asyncio

from amplemarket_lead_lists import (
    AuthenticatedClient,
    create_lead_list,
    create_lead_list_async,
    wait_for_lead_list,
    wait_for_lead_list_async,
)

from .results import Row
from .server import KEY
from .timing import measure

LISTS = 100
BODY = {
    "owner": "bench@example.com",
    "shared": True,
    "type": "linkedin",
    "leads": [{"linkedin_url": "https://x.co/in/a"}],
}
MIN_INTERVAL = 0.05


def sequential(base_url: str, lists: int = LISTS) -> None:
    with AuthenticatedClient(base_url=base_url, token=KEY) as client:
        for _ in range(lists):
            wait_for_lead_list(client, create_lead_list(client, BODY), min_interval=MIN_INTERVAL)


async def _concurrent(base_url: str, lists: int) -> None:
    async with AuthenticatedClient(base_url=base_url, token=KEY) as client:

        async def one() -> None:
            lead_list = await create_lead_list_async(client, BODY)
            await wait_for_lead_list_async(client, lead_list, min_interval=MIN_INTERVAL)

        await asyncio.gather(*(one() for _ in range(lists)))


def concurrent(base_url: str, lists: int = LISTS) -> None:
    asyncio.run(_concurrent(base_url, lists))


def run(base_url: str) -> list[Row]:
    """The sandbox must be started with short processing (see __main__): each list takes ~0.1 s."""
    together = measure(lambda: concurrent(base_url), warmup=lambda: concurrent(base_url, 10))
    one_by_one = measure(lambda: sequential(base_url), warmup=lambda: sequential(base_url, 10))
    return [
        Row("6 async fan-out, 100 lists", "asyncio.gather", together.median, one_by_one.median, "one after another",
            "s", "faster than sequential", together.median < one_by_one.median),
    ]  # fmt: skip
