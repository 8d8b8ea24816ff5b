"""The sandbox's `GET /lead-lists`: per key, newest first, cursor paged, parameters checked."""

from __future__ import annotations

import time
from typing import Any

import pytest

from amplemarket_lead_lists.sandbox.store import Account, LeadListRecord
from contract_tests.sandbox_harness import OTHER_KEY, SandboxClient


@pytest.fixture
def client() -> SandboxClient:
    return SandboxClient()


def listing(client: SandboxClient, href: str = "/lead-lists", **headers: str) -> dict[str, Any]:
    response = client.get(href, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def ids(body: dict[str, Any]) -> list[str]:
    return [summary["id"] for summary in body["lead_lists"]]


def test_newest_first_in_pages_with_prev_and_next(client: SandboxClient) -> None:
    created = [client.create(count=1, name=f"list {n}")["id"] for n in range(7)]
    newest_first = created[::-1]
    first = listing(client, "/lead-lists?page[size]=3")
    assert ids(first) == newest_first[:3] and "prev" not in first["_links"]
    second = listing(client, first["_links"]["next"]["href"])
    assert ids(second) == newest_first[3:6]
    last = listing(client, second["_links"]["next"]["href"])
    assert ids(last) == newest_first[6:] and "next" not in last["_links"]
    assert ids(listing(client, last["_links"]["prev"]["href"])) == newest_first[3:6]
    assert ids(listing(client)) == newest_first  # default page[size] 100


def test_the_page_after_the_newest_list_has_prev_leading_back_to_it(client: SandboxClient) -> None:
    """One list newer than the page is enough for a prev link (it is the page before)."""
    older, newer = client.create(count=1)["id"], client.create(count=1)["id"]
    page = listing(client, f"/lead-lists?page[size]=1&page[after]={newer}")
    assert ids(page) == [older]
    assert ids(listing(client, page["_links"]["prev"]["href"])) == [newer]


def test_summaries_carry_name_and_status_but_no_entries(client: SandboxClient) -> None:
    made = client.create(count=2, name="Webinar")
    summary = listing(client)["lead_lists"][0]
    assert (summary["id"], summary["name"], summary["status"]) == (made["id"], "Webinar", "queued")
    assert "leads" not in summary
    assert summary["_links"]["self"]["href"] == f"/lead-lists/{made['id']}"


def test_a_key_sees_only_its_own_lists(client: SandboxClient) -> None:
    mine = client.create(count=1)["id"]
    other = listing(client, **{"Authorization": f"Bearer {OTHER_KEY}"})
    assert other["lead_lists"] == [] and "next" not in other["_links"]
    response = client.get(f"/lead-lists?page[after]={mine}", headers={"Authorization": f"Bearer {OTHER_KEY}"})
    assert response.status_code == 400  # another key's list is no cursor here
    assert ids(listing(client)) == [mine]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page[size]=0", "page[size]"),
        ("page[size]=101", "page[size]"),
        ("page[size]=ten", "page[size]"),
        ("page[after]=", "page[after]"),
        ("page[after]=not-a-list", "page[after]"),
        ("page[before]=00000000-0000-0000-0000-000000000000", "page[before]"),
    ],
)
def test_bad_page_parameters_are_named(client: SandboxClient, query: str, parameter: str) -> None:
    client.create(count=1)
    response = client.get(f"/lead-lists?{query}")
    assert response.status_code == 400
    assert response.json()["_errors"][0]["source"] == {"parameter": parameter}


def test_a_page_costs_the_same_however_many_lists_the_key_has() -> None:
    """O(page size): a page deep inside 200,000 lists is not slower than one among 200."""

    def timed(count: int) -> float:
        account = Account()
        for n in range(count):
            account.keep(LeadListRecord(f"id-{n}", "", "", True, True, "linkedin", {}, None, 0, 0, 0))  # type: ignore[arg-type]
        started = time.perf_counter()
        for _ in range(200):
            records, _links = account.listing(100, f"id-{count // 2}", None)
        assert len(records) == 100
        return time.perf_counter() - started

    assert timed(200_000) < 5 * timed(200) + 0.05
