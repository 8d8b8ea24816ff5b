"""The sandbox behaves like the vendor's API: validation, auth, create rules, lifecycle, enrichment."""

from __future__ import annotations

import json
from typing import Any

import pytest

from amplemarket_lead_lists.sandbox.settings import Settings
from contract_tests.sandbox_harness import OTHER_KEY, SandboxClient, create_body


@pytest.fixture
def client() -> SandboxClient:
    return SandboxClient()


def errors(response: Any) -> list[dict[str, Any]]:
    assert response.headers["content-type"].startswith("application/vnd.amp+json")
    found: list[dict[str, Any]] = response.json()["_errors"]
    assert all(e["status"] == str(response.status_code) and e["code"] and e["detail"] for e in found)
    return found


# Auth --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer nope", "Basic sandbox-tests", "Bearer sandbox-x"])
def test_a_valid_bearer_key_is_required(client: SandboxClient, header: str | None) -> None:
    headers = {} if header is None else {"Authorization": header}
    client.headers.pop("Authorization")
    response = client.post("/lead-lists", json=create_body(), headers=headers)
    assert response.status_code == 401
    assert errors(response)[0]["source"] == {"header": "Authorization"}


def test_each_key_is_its_own_account(client: SandboxClient) -> None:
    lead_list = client.create()
    response = client.get(f"/lead-lists/{lead_list['id']}", headers={"Authorization": f"Bearer {OTHER_KEY}"})
    assert response.status_code == 404
    assert errors(response)[0]["source"] == {"parameter": "id"}
    assert client.get(f"/lead-lists/{lead_list['id']}").status_code == 200


# Create ------------------------------------------------------------------------------------------------


def test_create_answers_202_with_location_and_defaults(client: SandboxClient) -> None:
    response = client.post("/lead-lists", json=create_body())
    assert response.status_code == 202
    body = response.json()
    assert response.headers["location"] == f"/lead-lists/{body['id']}" == body["_links"]["self"]["href"]
    assert body["status"] == "queued" and body["leads"] == [] and body["object"] == "lead_list"
    assert body["visible"] is True and body["name"]
    assert body["options"] == {"reveal_phone_numbers": False, "validate_email": True, "enrich": True}


def test_create_keeps_what_was_given(client: SandboxClient) -> None:
    body = client.create(name="Q4 targets", visible=False, shared=False, options={"reveal_phone_numbers": True})
    assert (body["name"], body["visible"], body["shared"]) == ("Q4 targets", False, False)
    assert body["options"]["reveal_phone_numbers"] is True


@pytest.mark.parametrize(
    ("changes", "pointer"),
    [
        (
            {"leads": [{"linkedin_url": "a"}, {"linkedin_url": "b"}, {"linkedin_url": "c"}, {"email": "d@e.f"}]},
            "/leads/3/linkedin_url",
        ),
        ({"type": "email", "leads": [{"linkedin_url": "x"}]}, "/leads/0/email"),
        ({"type": "titles_and_company", "leads": [{"company_name": "Acme"}]}, "/leads/0/title"),
        ({"type": "titles_and_company", "leads": [{"title": "CEO"}]}, "/leads/0/company_name"),
        ({"options": {"validate_email": False}}, "/options/validate_email"),
        ({"options": {"enrich": False}}, "/options/enrich"),
        ({"owner": "not-an-email"}, "/owner"),
        ({"shared": "yes"}, "/shared"),
        ({"type": "csv"}, "/type"),
        ({"unknown": 1}, "/unknown"),
        ({"leads": []}, "/leads"),
        ({"leads": [{"linkedin_url": "x"}] * 10_001}, "/leads"),
    ],
)
def test_create_rules_of_the_guide(client: SandboxClient, changes: dict[str, Any], pointer: str) -> None:
    response = client.post("/lead-lists", json=create_body(**changes))
    assert response.status_code == 400
    assert pointer in [e["source"]["pointer"] for e in errors(response)]


def test_a_missing_required_field_is_named(client: SandboxClient) -> None:
    body = create_body()
    del body["owner"]
    response = client.post("/lead-lists", json=body)
    assert errors(response)[0]["source"] == {"pointer": "/owner"} and errors(response)[0]["code"] == "missing_field"


def test_every_type_with_its_field_is_accepted(client: SandboxClient) -> None:
    client.create(type="email", leads=[{"email": "a@b.co"}], options={"validate_email": False, "enrich": False})
    client.create(type="titles_and_company", leads=[{"title": "CEO", "company_domain": "acme.com"}])
    client.create(leads=[{"linkedin_url": f"https://www.linkedin.com/in/{n}"} for n in range(10_000)])


def test_oversized_bodies_get_413_without_a_crash() -> None:
    client = SandboxClient(Settings(max_body_bytes=1000))
    response = client.post("/lead-lists", json=create_body(count=50))
    assert response.status_code == 413 and errors(response)


@pytest.mark.parametrize(
    ("content", "content_type", "status", "source"),
    [
        (b"{", "application/json", 400, {"pointer": ""}),
        (b"\xff\xfe", "application/json", 400, {"pointer": ""}),
        (b"[1]", "application/json", 400, {"pointer": ""}),
        (b"[" * 100_000, "application/json", 400, {"pointer": ""}),
        (b"owner=a", "application/x-www-form-urlencoded", 415, {"header": "Content-Type"}),
        (b"{}", "", 415, {"header": "Content-Type"}),
    ],
)
def test_malformed_bodies_are_clear_errors(
    client: SandboxClient, content: bytes, content_type: str, status: int, source: dict[str, str]
) -> None:
    response = client.post("/lead-lists", content=content, headers={"Content-Type": content_type})
    assert response.status_code == status
    assert errors(response)[0]["source"] == source


def test_the_vendor_media_type_is_accepted_for_requests(client: SandboxClient) -> None:
    response = client.post(
        "/lead-lists",
        content=b'{"owner":"a@b.co","shared":true,"type":"email","leads":[{"email":"a@b.co"}]}',
        headers={"Content-Type": "application/vnd.amp+json; charset=utf-8"},
    )
    assert response.status_code == 202


def test_unknown_routes_and_methods_answer_in_the_error_format(client: SandboxClient) -> None:
    assert errors(client.get("/nothing-here"))[0]["status"] == "404"
    response = client.delete("/lead-lists/x")
    assert response.status_code == 405 and set(response.headers["allow"].split(", ")) == {"GET", "HEAD"}
    assert errors(response)


# Lifecycle ---------------------------------------------------------------------------------------------


def test_status_moves_with_time_and_retry_after_is_sent_exactly_while_pending(client: SandboxClient) -> None:
    lead_list = client.create(count=100)  # queued 10 s, then processing 20 s + 100 × 0.1 s
    seen = []
    for offset in (0, 9.9, 10, 39.9, 40):
        client.clock.now = 1000 + offset
        response = client.get(f"/lead-lists/{lead_list['id']}")
        seen.append((response.json()["status"], response.headers.get("retry-after"), len(response.json()["leads"])))
    assert seen == [
        ("queued", "60", 0),
        ("queued", "60", 0),
        ("processing", "60", 0),
        ("processing", "60", 0),
        ("completed", None, 100),
    ]


def test_processing_time_scales_with_the_number_of_leads(client: SandboxClient) -> None:
    small, large = client.create(count=10), client.create(count=1000)
    client.clock.now += 10 + 20 + 10 * 0.1 + 1
    assert client.get(f"/lead-lists/{small['id']}").json()["status"] == "completed"
    assert client.get(f"/lead-lists/{large['id']}").json()["status"] == "processing"


def test_retry_after_is_configurable() -> None:
    client = SandboxClient(Settings(retry_after=2))
    lead_list = client.create()
    assert client.get(f"/lead-lists/{lead_list['id']}").headers["retry-after"] == "2"


def test_settings_come_from_the_environment() -> None:
    settings = Settings.from_env({"SANDBOX_RETRY_AFTER": "3", "SANDBOX_SECONDS_PER_LEAD": "0.5", "OTHER": "x"})
    assert settings.retry_after == 3 and settings.seconds_per_lead == 0.5 and settings.rate_limit == 500
    with pytest.raises(ValueError, match="SANDBOX_RATE_LIMIT"):
        Settings.from_env({"SANDBOX_RATE_LIMIT": "lots"})


# Enrichment --------------------------------------------------------------------------------------------


def _entries(client: SandboxClient, lead_list: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = client.get(f"/lead-lists/{lead_list['id']}").json()["leads"]
    return found


def test_enrichment_is_deterministic_and_realistic(client: SandboxClient) -> None:
    first = _entries(client, client.completed(count=100))
    again = _entries(client, client.completed(count=100))
    strip = [{k: v for k, v in e.items() if k != "id"} for e in first]
    assert strip == [{k: v for k, v in e.items() if k != "id"} for e in again]
    matched = [e for e in first if e["person_id"]]
    unmatched = [e for e in first if not e["person_id"]]
    assert 70 <= len(matched) <= 98 and unmatched
    assert all(e["first_name"] and e["company_domain"] and e["email"].endswith(e["company_domain"]) for e in matched)
    assert all(e["first_name"] is None and e["email"] is None and e["linkedin_url"] for e in unmatched)
    assert {e["email_validation_result"]["result"] for e in matched} >= {"deliverable", "risky"}
    assert len({e["id"] for e in first}) == 100


def test_validation_results_only_when_validation_is_on(client: SandboxClient) -> None:
    leads = [{"email": f"person{n}@acme.com"} for n in range(20)]
    off = _entries(client, client.completed(type="email", leads=leads, options={"validate_email": False}))
    on = _entries(client, client.completed(type="email", leads=leads))
    assert all(e["email_validation_result"] is None for e in off)
    assert all(e["email_validation_result"]["email"] == e["email"] for e in on)


def test_phone_numbers_only_when_revealed(client: SandboxClient) -> None:
    plain = _entries(client, client.completed(count=30))
    revealed = _entries(client, client.completed(count=30, options={"reveal_phone_numbers": True}))
    assert not any("phone_numbers" in e["data"] for e in plain)
    assert all(e["data"]["phone_numbers"][0]["number"].startswith("+1") for e in revealed if e["person_id"])


def test_a_body_nested_past_the_client_bound_is_refused_as_the_client_refuses_it(client: SandboxClient) -> None:
    """The sandbox shares the client's checks (`validation/`): 200 levels parse, and are refused by name."""
    body = create_body(1)
    body["leads"][0]["custom"] = json.loads("[" * 200 + "]" * 200)
    response = client.post("/lead-lists", json=body)
    assert response.status_code == 400
    [error] = errors(response)
    assert error["source"] == {"pointer": "/leads/0/custom"}
    assert "at most 64 levels deep" in error["detail"]


@pytest.mark.parametrize(
    ("escaped", "pointer", "words"),
    [
        ('"https://www.linkedin.com/in/a\\ud800"', "/leads/0/linkedin_url", "lone surrogate (U+D800"),
        ('"https://www.linkedin.com/in/a\\uDC00x"', "/leads/0/linkedin_url", "lone surrogate (U+DC00"),
        ('"https://www.linkedin.com/in/a", "score": NaN', "/leads/0/score", "finite number"),
    ],
)
def test_a_lead_json_reads_but_no_answer_can_carry_is_refused_by_its_pointer(
    client: SandboxClient, escaped: str, pointer: str, words: str
) -> None:
    """It was accepted (202), and every read of the completed list was a 500: the lead cannot be encoded."""
    raw = json.dumps(create_body(1)).replace('"https://www.linkedin.com/in/person-0"', escaped)
    response = client.post("/lead-lists", content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    [error] = errors(response)
    assert error["source"] == {"pointer": pointer}
    assert words in error["detail"]


def test_a_surrogate_pair_escape_is_one_character_and_accepted(client: SandboxClient) -> None:
    raw = json.dumps(create_body(1)).replace("person-0", "person-\\ud83d\\ude00")
    response = client.post("/lead-lists", content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 202, response.text
    client.clock.now += 10_000
    [entry] = client.get(f"/lead-lists/{response.json()['id']}").json()["leads"]
    assert entry["linkedin_url"].endswith("person-\U0001f600")
