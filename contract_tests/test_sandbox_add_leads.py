"""The sandbox's add-leads: per account, validated from the spec, the 60,000-lead cap with partial add
and 409, back to pending, then every entry (old and new) in the order sent, with stable cursors."""

from __future__ import annotations

from typing import Any

import pytest

from amplemarket_lead_lists.sandbox import enrichment, store
from contract_tests.sandbox_harness import KEY, OTHER_KEY, SandboxClient


@pytest.fixture
def client() -> SandboxClient:
    return SandboxClient()


def linkedin(start: int, count: int) -> list[dict[str, str]]:
    return [{"linkedin_url": f"https://www.linkedin.com/in/added-{n}"} for n in range(start, start + count)]


def add(client: SandboxClient, lead_list: dict[str, Any], leads: list[dict[str, Any]], **changes: Any) -> Any:
    return client.post(f"/lead-lists/{lead_list['id']}/leads", json={"leads": leads, **changes})


def walk(client: SandboxClient, lead_list: dict[str, Any], size: int = 100) -> list[dict[str, Any]]:
    """Every entry, by following `next` from the first page."""
    body = client.get(f"/lead-lists/{lead_list['id']}?page[size]={size}").json()
    assert body["status"] == "completed", body["status"]
    entries = list(body["leads"])
    while "next" in body["_links"]:
        body = client.get(body["_links"]["next"]["href"]).json()
        entries += body["leads"]
    return entries


def urls(entries: list[dict[str, Any]]) -> list[str]:
    return [entry["linkedin_url"] for entry in entries]


def pointers(response: Any) -> list[str]:
    assert response.status_code == 400, response.text
    return [e["source"]["pointer"] for e in response.json()["_errors"]]


def test_an_add_answers_202_with_location_and_the_list_pending_again(client: SandboxClient) -> None:
    lead_list = client.completed()
    response = add(client, lead_list, linkedin(0, 2))
    assert response.status_code == 202
    body = response.json()
    assert response.headers["location"] == f"/lead-lists/{lead_list['id']}" == body["_links"]["self"]["href"]
    assert body["id"] == lead_list["id"] and body["status"] == "queued" and body["leads"] == []
    polled = client.get(f"/lead-lists/{lead_list['id']}")
    assert polled.json()["status"] == "queued" and polled.headers["retry-after"] == "60"
    client.clock.now += 10  # queued 10 s, then processing 20 s + 2 × 0.1 s
    assert client.get(f"/lead-lists/{lead_list['id']}").json()["status"] == "processing"
    client.clock.now += 20.2
    assert client.get(f"/lead-lists/{lead_list['id']}").json()["status"] == "completed"


def test_old_and_new_entries_come_out_in_the_order_sent(client: SandboxClient) -> None:
    lead_list = client.completed(count=150)
    before = walk(client, lead_list)
    assert add(client, lead_list, linkedin(0, 120)).status_code == 202
    assert add(client, lead_list, linkedin(120, 30)).status_code == 202
    client.clock.now += 10_000
    after = walk(client, lead_list, size=70)
    assert after[:150] == before
    assert urls(after[150:]) == urls(linkedin(0, 150))  # enrichment keeps the input's URL
    assert len({e["id"] for e in after}) == len(after) == 300


def test_cursors_from_before_an_add_stay_valid(client: SandboxClient) -> None:
    lead_list = client.completed(count=5)
    last = walk(client, lead_list)[-1]["id"]
    add(client, lead_list, linkedin(0, 3))
    client.clock.now += 10_000
    tail = client.get(f"/lead-lists/{lead_list['id']}?page[after]={last}").json()
    assert [e["id"] for e in tail["leads"]] == [e["id"] for e in walk(client, lead_list)[5:]]
    assert len(tail["leads"]) == 3 and "next" not in tail["_links"]


def test_another_keys_list_is_not_found(client: SandboxClient) -> None:
    lead_list = client.completed()
    other = client.post(
        f"/lead-lists/{lead_list['id']}/leads",
        json={"leads": linkedin(0, 1)},
        headers={"Authorization": f"Bearer {OTHER_KEY}"},
    )
    assert other.status_code == 404 and other.json()["_errors"][0]["source"] == {"parameter": "id"}
    assert len(walk(client, lead_list)) == 3


def test_a_key_is_required(client: SandboxClient) -> None:
    lead_list = client.completed()
    client.headers.pop("Authorization")
    assert add(client, lead_list, linkedin(0, 1)).status_code == 401


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"leads": [{"linkedin_url": "a"}, {"email": "b@c.de"}]}, "/leads/1/linkedin_url"),
        ({"leads": []}, "/leads"),
        ({"leads": [{"linkedin_url": "x"}] * 10_001}, "/leads"),
        ({"leads": [{}]}, "/leads/0"),
        ({}, "/leads"),
        ({"leads": [{"linkedin_url": "x"}], "owner": "a@b.co"}, "/owner"),
        ({"leads": [{"email": "a@b.co"}], "type": "email"}, "/type"),
        ({"leads": [{"linkedin_url": "x"}], "type": "csv"}, "/type"),
    ],
)
def test_bodies_are_checked_against_the_spec_and_the_lists_type(
    client: SandboxClient, body: dict[str, Any], pointer: str
) -> None:
    lead_list = client.completed()
    response = client.post(f"/lead-lists/{lead_list['id']}/leads", json=body)
    assert pointer in pointers(response)


def test_errors_never_echo_the_leads(client: SandboxClient) -> None:
    lead_list = client.completed()
    response = add(client, lead_list, [{"linkedin_url": "https://www.linkedin.com/in/secret-person"}] * 10_001)
    assert pointers(response) == ["/leads"] and "secret-person" not in response.text


def test_the_lead_rules_follow_the_lists_own_type(client: SandboxClient) -> None:
    emails = client.completed(type="email", leads=[{"email": "a@b.co"}])
    assert pointers(add(client, emails, linkedin(0, 1))) == ["/leads/0/email"]
    assert add(client, emails, [{"email": "c@d.co"}]).status_code == 202
    assert add(client, emails, [{"email": "e@f.co"}], type="email").status_code == 202
    titles = client.completed(type="titles_and_company", leads=[{"title": "CEO", "company_name": "Acme"}])
    assert "/leads/0/company_name" in pointers(add(client, titles, [{"title": "CTO"}]))


def test_non_json_bodies_are_refused(client: SandboxClient) -> None:
    lead_list = client.completed()
    response = client.post(
        f"/lead-lists/{lead_list['id']}/leads", content=b"leads", headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 415


# The 60,000-lead cap -----------------------------------------------------------------------------------


def prefilled(client: SandboxClient, entries: int) -> dict[str, Any]:
    response = client.post("/_sandbox/lead-lists", json={"entries": entries})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_an_add_past_the_cap_is_partial_then_the_full_list_is_a_409(client: SandboxClient) -> None:
    lead_list = prefilled(client, 59_990)
    assert add(client, lead_list, linkedin(0, 25)).status_code == 202  # 10 of the 25 fit
    full = add(client, lead_list, linkedin(25, 1))
    assert full.status_code == 409
    assert full.json()["_errors"] == [
        {
            "id": full.json()["_errors"][0]["id"],
            "status": "409",
            "code": "limit_reached",
            "title": "Limit Reached",
            "detail": "the lead list holds 60000 leads, the maximum",
        }
    ]
    client.clock.now += 10_000
    tail = client.get(f"/lead-lists/{lead_list['id']}?page[size]=20&page[after]={entry_id(client, lead_list, 59_979)}")
    expected = [f"https://www.linkedin.com/in/prefilled-{n}" for n in range(59_980, 59_990)]
    assert urls(tail.json()["leads"]) == expected + urls(linkedin(0, 10))
    assert "next" not in tail.json()["_links"]


def entry_id(client: SandboxClient, lead_list: dict[str, Any], index: int) -> str:
    return client.sandbox.store.accounts[KEY].lead_lists[lead_list["id"]].entry_id(index)


def test_an_add_to_a_prefilled_list_keeps_paging_cheap(client: SandboxClient, monkeypatch: pytest.MonkeyPatch) -> None:
    lead_list = prefilled(client, 50_000)
    for start in range(0, 10_000, 5_000):
        assert add(client, lead_list, linkedin(start, 5_000)).status_code == 202
    assert add(client, lead_list, linkedin(0, 1)).status_code == 409
    client.clock.now += 10_000
    calls: list[str] = []
    original = enrichment.enrich

    def counting(entry: str, *args: Any) -> dict[str, Any]:
        calls.append(entry)
        return original(entry, *args)

    monkeypatch.setattr(store, "enrich", counting)
    tail = client.get(f"/lead-lists/{lead_list['id']}?page[after]={entry_id(client, lead_list, 59_899)}").json()
    assert len(tail["leads"]) == 100 == len(calls) and "next" not in tail["_links"]
    assert urls(tail["leads"]) == urls(linkedin(9_900, 100))


# Scenario controls -------------------------------------------------------------------------------------


def scenario(client: SandboxClient, **settings: Any) -> None:
    response = client.post("/_sandbox/scenario", json=settings)
    assert response.status_code == 200, response.text


def test_adds_fail_after_n_successes_and_add_nothing(client: SandboxClient) -> None:
    lead_list = client.completed()
    scenario(client, fail_adds_after=1, add_failures=2, add_failure_status=503)
    statuses = [add(client, lead_list, linkedin(n, 1)) for n in range(4)]
    assert [r.status_code for r in statuses] == [202, 503, 503, 202]
    assert statuses[1].headers["retry-after"] == "1"
    assert client.get(f"/lead-lists/{lead_list['id']}").status_code == 200  # only adds fail
    client.clock.now += 10_000
    added = walk(client, lead_list)[3:]
    assert len(added) == 2


def test_a_scenario_409_looks_like_the_vendors(client: SandboxClient) -> None:
    lead_list = client.completed()
    scenario(client, fail_adds_after=0, add_failure_status=409)
    response = add(client, lead_list, linkedin(0, 1))
    assert response.status_code == 409 and response.json()["_errors"][0]["code"] == "limit_reached"
    assert add(client, lead_list, linkedin(0, 1)).status_code == 202


def test_an_invalid_add_does_not_use_up_a_scenario_fault(client: SandboxClient) -> None:
    lead_list = client.completed()
    scenario(client, fail_adds_after=0)
    assert add(client, lead_list, [{}]).status_code == 400
    assert add(client, lead_list, linkedin(0, 1)).status_code == 500


@pytest.mark.parametrize("settings", [{"add_failure_status": 404}, {"fail_adds_after": "1"}, {"add_failures": 1.5}])
def test_bad_add_scenarios_are_refused(client: SandboxClient, settings: dict[str, Any]) -> None:
    assert client.post("/_sandbox/scenario", json=settings).status_code == 400
