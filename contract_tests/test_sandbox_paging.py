"""Sandbox paging, rate limits, scenario controls, and safety under malformed requests."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from amplemarket_lead_lists.sandbox import enrichment, store
from amplemarket_lead_lists.sandbox.settings import Settings
from contract_tests.sandbox_harness import KEY, OTHER_KEY, SandboxClient


@pytest.fixture
def client() -> SandboxClient:
    return SandboxClient()


def page(client: SandboxClient, href: str) -> dict[str, Any]:
    response = client.get(href)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def ids(body: dict[str, Any]) -> list[str]:
    return [entry["id"] for entry in body["leads"]]


def test_next_walks_every_entry_once_and_prev_walks_back(client: SandboxClient) -> None:
    lead_list = client.completed(count=250)
    pages = [page(client, f"/lead-lists/{lead_list['id']}")]
    while "next" in pages[-1]["_links"]:
        pages.append(page(client, pages[-1]["_links"]["next"]["href"]))
    assert [len(p["leads"]) for p in pages] == [100, 100, 50]
    every = [i for p in pages for i in ids(p)]
    assert len(every) == len(set(every)) == 250
    assert "prev" not in pages[0]["_links"] and "next" not in pages[-1]["_links"]
    back = page(client, pages[2]["_links"]["prev"]["href"])
    assert ids(back) == ids(pages[1])


def test_page_size_and_exclusive_cursors(client: SandboxClient) -> None:
    lead_list = client.completed(count=30)
    base = f"/lead-lists/{lead_list['id']}"
    everything = ids(page(client, base))
    assert len(everything) == 30
    assert ids(page(client, f"{base}?page[size]=7")) == everything[:7]
    assert ids(page(client, f"{base}?page[size]=5&page[after]={everything[9]}")) == everything[10:15]
    assert ids(page(client, f"{base}?page[size]=5&page[before]={everything[9]}")) == everything[4:9]
    assert ids(page(client, f"{base}?page[size]=1&page[before]={everything[0]}")) == []
    assert ids(page(client, f"{base}?page[after]={everything[29]}")) == []
    encoded = quote("page[size]") + "=2&" + quote("page[after]") + f"={everything[0]}"
    assert ids(page(client, f"{base}?{encoded}")) == everything[1:3]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page[size]=0", "page[size]"),
        ("page[size]=101", "page[size]"),
        ("page[size]=ten", "page[size]"),
        ("page[size]=1&page[size]=2", "page[size]"),
        ("page[after]=", "page[after]"),
        ("page[after]=not-an-entry", "page[after]"),
        ("page[before]=00000000-0000-0000-0000-000000000000", "page[before]"),
    ],
)
def test_bad_page_parameters_are_named(client: SandboxClient, query: str, parameter: str) -> None:
    lead_list = client.completed(count=5)
    response = client.get(f"/lead-lists/{lead_list['id']}?{query}")
    assert response.status_code == 400
    assert response.json()["_errors"][0]["source"] == {"parameter": parameter}


def test_parameters_are_validated_before_the_list_is_ready(client: SandboxClient) -> None:
    lead_list = client.create()
    assert client.get(f"/lead-lists/{lead_list['id']}?page[size]=0").status_code == 400


def test_a_page_costs_the_same_at_the_end_of_a_large_list(
    client: SandboxClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead_list = client.post("/_sandbox/lead-lists", json={"entries": 60_000}).json()
    calls: list[str] = []
    original = enrichment.enrich

    def counting(entry_id: str, *args: Any) -> dict[str, Any]:
        calls.append(entry_id)
        return original(entry_id, *args)

    monkeypatch.setattr(store, "enrich", counting)
    last = client.sandbox.store.accounts[KEY].lead_lists[lead_list["id"]].entry_id(59_899)
    tail = page(client, f"/lead-lists/{lead_list['id']}?page[after]={last}")
    assert len(tail["leads"]) == 100 and len(calls) == 100 and "next" not in tail["_links"]


# Rate limit ----------------------------------------------------------------------------------------------


def test_rate_limit_per_key_with_retry_after() -> None:
    client = SandboxClient(Settings(rate_limit=3))
    lead_list = client.create()
    for _ in range(2):
        assert client.get(f"/lead-lists/{lead_list['id']}").status_code == 200
    client.clock.now += 20
    limited = client.get(f"/lead-lists/{lead_list['id']}")
    assert limited.status_code == 429 and limited.headers["retry-after"] == "40"
    other = client.post("/lead-lists", json={}, headers={"Authorization": f"Bearer {OTHER_KEY}"})
    assert other.status_code == 400  # another key has its own budget
    client.clock.now += 40
    assert client.get(f"/lead-lists/{lead_list['id']}").status_code == 200


# Scenarios -----------------------------------------------------------------------------------------------


def scenario(client: SandboxClient, **settings: Any) -> None:
    response = client.post("/_sandbox/scenario", json=settings)
    assert response.status_code == 200, response.text


def test_scenario_canceled_list(client: SandboxClient) -> None:
    scenario(client, cancel_next=1)
    canceled, normal = client.completed(), client.completed()
    assert page(client, f"/lead-lists/{canceled['id']}")["status"] == "canceled"
    assert page(client, f"/lead-lists/{normal['id']}")["status"] == "completed"


def test_a_burst_of_one_429_is_one(client: SandboxClient) -> None:
    lead_list = client.create()
    scenario(client, rate_limit_burst=1)
    assert [client.get(f"/lead-lists/{lead_list['id']}").status_code for _ in range(2)] == [429, 200]


def test_scenario_burst_of_429s_then_transient_5xx(client: SandboxClient) -> None:
    lead_list = client.create()
    scenario(client, rate_limit_burst=2, server_errors=2, server_error_status=503)
    statuses = [client.get(f"/lead-lists/{lead_list['id']}") for _ in range(5)]
    assert [r.status_code for r in statuses] == [429, 429, 503, 503, 200]
    assert statuses[0].headers["retry-after"] == "1" and statuses[2].headers["retry-after"] == "1"
    # A 503 says service unavailable, as the spec's example (not internal_server_error, a 500's code).
    unavailable = statuses[2].json()["_errors"][0]
    assert (unavailable["status"], unavailable["code"], unavailable["title"]) == (
        "503",
        "service_unavailable",
        "Service Unavailable",
    )


@pytest.mark.parametrize(
    ("status", "code"), [(500, "internal_server_error"), (502, "bad_gateway"), (504, "gateway_timeout")]
)
def test_scenario_server_errors_carry_their_own_code(client: SandboxClient, status: int, code: str) -> None:
    lead_list = client.create()
    scenario(client, server_errors=1, server_error_status=status)
    response = client.get(f"/lead-lists/{lead_list['id']}")
    assert response.status_code == status and response.json()["_errors"][0]["code"] == code


def test_scenario_slow_processing_and_unknown_status(client: SandboxClient) -> None:
    scenario(client, processing_seconds=5000.0, processing_status="validating")
    lead_list = client.create()
    client.clock.now += 4000
    response = client.get(f"/lead-lists/{lead_list['id']}")
    assert response.json()["status"] == "validating" and response.headers["retry-after"] == "60"
    client.clock.now += 2000
    assert page(client, f"/lead-lists/{lead_list['id']}")["status"] == "completed"


@pytest.mark.parametrize(
    "settings", [{"nonsense": 1}, {"server_errors": "2"}, {"server_error_status": 418}, {"cancel_next": True}, [1]]
)
def test_bad_scenarios_are_refused(client: SandboxClient, settings: Any) -> None:
    assert client.post("/_sandbox/scenario", json=settings).status_code == 400


@pytest.mark.parametrize("entries", [0, 60_001, "many", None])
def test_prefilled_lists_are_bounded(client: SandboxClient, entries: Any) -> None:
    assert client.post("/_sandbox/lead-lists", json={"entries": entries}).status_code == 400


# Safety ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("GET", "/lead-lists/%00", {}),
        ("GET", "/lead-lists/" + "x" * 10_000, {}),
        ("GET", "/lead-lists/x?page[size]=99999999999999999999999999", {}),
        ("GET", "/lead-lists/x?page%5Bsize%5D=%FF", {}),
        (
            "POST",
            "/lead-lists",
            {
                "content": b'{"leads": ' + b"[" * 5000 + b"]" * 5000 + b"}",
                "headers": {"Content-Type": "application/json"},
            },
        ),
        (
            "POST",
            "/lead-lists",
            {"content": b'{"owner": 1e999, "leads": [NaN]}', "headers": {"Content-Type": "application/json"}},
        ),
        ("POST", "/lead-lists", {"content": b"1" * 5000, "headers": {"Content-Type": "application/json"}}),
        (
            "POST",
            "/lead-lists",
            {"content": b"{}", "headers": {"Content-Type": "application/json", "Content-Length": "x"}},
        ),
        ("POST", "/lead-lists", {"json": {"owner": "a@b.co", "shared": True, "type": {}, "leads": [[]]}}),
        (
            "POST",
            "/lead-lists",
            {"json": {"owner": "a@b.co", "shared": True, "type": "linkedin", "leads": [{"linkedin_url": None}]}},
        ),
        ("POST", "/_sandbox/scenario", {"content": b"nope", "headers": {"Content-Type": "application/json"}}),
    ],
)
def test_malformed_requests_never_cause_a_500(
    client: SandboxClient, method: str, path: str, kwargs: dict[str, Any]
) -> None:
    response = client.request(method, path, **kwargs)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["_errors"]


def test_a_lists_leads_are_read_only_by_index_within_them_across_segments() -> None:
    """A list's leads are its create's then each add's, in order: no index outside them names a lead
    (a negative one would otherwise read the last add's from its end)."""
    leads = store.Leads([{"n": 0}, {"n": 1}])
    leads.append([{"n": 2}, {"n": 3}, {"n": 4}])
    assert [lead["n"] for lead in leads] == [0, 1, 2, 3, 4]
    for outside in (-1, -5, 5):
        with pytest.raises(IndexError):
            leads[outside]
