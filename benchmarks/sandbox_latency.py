"""Case 5: the sandbox's own cost: first vs last page of a 60,000-entry list, and a 10,000-lead create."""

from __future__ import annotations

import httpx

from .results import Row
from .server import AUTH, prefilled_list
from .timing import measure


def run(base_url: str) -> list[Row]:
    lead_list_id = prefilled_list(base_url, 60_000)
    with httpx.Client(base_url=base_url, headers=AUTH) as http:
        first_page = http.get(f"/lead-lists/{lead_list_id}").json()
        last_cursor = first_page["leads"][0]["id"][:24] + f"{59_899:012x}"
        last = f"/lead-lists/{lead_list_id}?page[after]={last_cursor}"
        assert len(http.get(last).json()["leads"]) == 100

        def get(href: str) -> None:
            for _ in range(10):
                http.get(href).raise_for_status()

        first = measure(lambda: get(f"/lead-lists/{lead_list_id}"))
        end = measure(lambda: get(last))
        body = {
            "owner": "bench@example.com", "shared": True, "type": "linkedin",
            "leads": [{"linkedin_url": f"https://www.linkedin.com/in/bench-{n}"} for n in range(10_000)],
        }  # fmt: skip
        create = measure(lambda: http.post("/lead-lists", json=body).raise_for_status())
    return [
        Row("5 sandbox page latency, 60k list", "last page", end.median / 10 * 1000, first.median / 10 * 1000,
            "first page", "ms", "same cost at any depth (≤ 1.2×)", end.median <= 1.2 * first.median),
        Row("5 sandbox create", "10,000 leads (validated)", create.median * 1000, unit="ms"),
    ]  # fmt: skip
