"""The sandbox's gates and edges: the per-key rate limit's window and Retry-After, which bodies it reads
(media types, declared and streamed sizes, JSON that no answer could carry), prefilled lists, the error
format of unknown routes and of unexpected failures, and an app made from the environment or a spec file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from amplemarket_lead_lists.sandbox.app import SyntheticLeads, create_app
from amplemarket_lead_lists.sandbox.errors import ApiException
from amplemarket_lead_lists.sandbox.settings import Settings
from amplemarket_lead_lists.sandbox.spec import Spec
from contract_tests.sandbox_harness import KEY, SandboxClient, create_body

SPEC_FILE = Path(__file__).resolve().parents[1] / "openapi" / "lead-lists.yaml"
AUTH = {"Authorization": f"Bearer {KEY}"}


def only_error(response: Any) -> dict[str, Any]:
    [error] = response.json()["_errors"]
    assert error["status"] == str(response.status_code)
    found: dict[str, Any] = error
    return found


# The rate limit ------------------------------------------------------------------------------------------


def test_a_request_a_whole_window_old_no_longer_counts() -> None:
    client = SandboxClient(Settings(rate_limit=1))
    assert client.get("/lead-lists").status_code == 200
    client.clock.now += 59.5
    limited = client.get("/lead-lists")
    assert limited.status_code == 429 and limited.headers["retry-after"] == "1", "at least 1 s, rounded up"
    assert only_error(limited)["detail"] == "more than 1 requests per minute"
    client.clock.now += 0.5
    assert client.get("/lead-lists").status_code == 200


def test_a_shorter_window_is_named_in_seconds_and_waits_are_rounded_up() -> None:
    client = SandboxClient(Settings(rate_limit=2, rate_limit_window_seconds=10))
    assert [client.get("/lead-lists").status_code for _ in range(2)] == [200, 200]
    client.clock.now += 2.5
    limited = client.get("/lead-lists")
    assert (limited.status_code, limited.headers["retry-after"]) == (429, "8")
    assert only_error(limited)["detail"] == "more than 2 requests per 10 s"


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("sandbox-" + "k" * 4, 200),
        ("sandbox-" + "k" * 128, 200),
        ("sandbox-" + "k" * 3, 401),
        ("sandbox-" + "k" * 129, 401),
    ],
)
def test_a_key_is_sandbox_dash_and_4_to_128_letters_digits_dashes_or_underscores(key: str, status: int) -> None:
    client = SandboxClient()
    assert client.get("/lead-lists", headers={"Authorization": f"bearer {key}"}).status_code == status


# Bodies -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "Application/JSON; charset=utf-8", "application/vnd.amp+json", " application/json ;x=y"],
)
def test_json_media_types_are_read(content_type: str) -> None:
    client = SandboxClient()
    response = client.post("/lead-lists", content=json.dumps(create_body()), headers={"Content-Type": content_type})
    assert response.status_code == 202, response.text


@pytest.mark.parametrize("content_type", ["text/json", "application/jsonx", "application/+json", "text/plain"])
def test_other_media_types_get_415(content_type: str) -> None:
    client = SandboxClient()
    response = client.post("/lead-lists", content=json.dumps(create_body()), headers={"Content-Type": content_type})
    assert response.status_code == 415
    assert only_error(response)["detail"] == "send the body as application/json"


def test_a_body_declared_larger_than_the_limit_is_refused_unread_and_one_at_the_limit_is_read() -> None:
    body = json.dumps(create_body()).encode()
    client = SandboxClient(Settings(max_body_bytes=len(body)))
    assert client.post("/lead-lists", content=body, headers={"Content-Type": "application/json"}).status_code == 202
    client = SandboxClient(Settings(max_body_bytes=len(body) - 1))
    response = client.post("/lead-lists", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert only_error(response)["detail"] == f"the body may be at most {len(body) - 1} bytes"


def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_read() -> None:
    """A client that says it sends 1001 bytes to a 1000-byte limit is answered at once (its short body unread)."""
    client = SandboxClient(Settings(max_body_bytes=1000))
    headers = {"Content-Type": "application/json", "Content-Length": "1001"}
    response = client.post("/lead-lists", content=json.dumps(create_body()), headers=headers)
    assert response.status_code == 413


@pytest.mark.parametrize("declared", ["2x", "-2", " 2"])
def test_a_content_length_that_is_not_a_number_is_a_400_naming_the_header(declared: str) -> None:
    """Not a 413 nor a crash: the limit cannot be checked against a length that is not digits."""
    headers = {"Content-Type": "application/json", "Content-Length": declared}
    response = SandboxClient().post("/lead-lists", content=b"{}", headers=headers)
    assert response.status_code == 400
    error = only_error(response)
    assert (error["code"], error["detail"]) == ("invalid_header", "Content-Length must be a number")
    assert error["source"] == {"header": "Content-Length"}


def test_a_streamed_body_without_a_length_is_cut_off_at_the_limit() -> None:
    body = json.dumps(create_body()).encode()

    def chunks(data: bytes) -> Iterator[bytes]:
        yield from (data[n : n + 10] for n in range(0, len(data), 10))

    headers = {"Content-Type": "application/json"}
    client = SandboxClient(Settings(max_body_bytes=len(body)))
    assert client.post("/lead-lists", content=chunks(body), headers=headers).status_code == 202
    client = SandboxClient(Settings(max_body_bytes=len(body) - 1))
    response = client.post("/lead-lists", content=chunks(body), headers=headers)
    assert response.status_code == 413
    assert only_error(response)["detail"] == f"the body may be at most {len(body) - 1} bytes"


@pytest.mark.parametrize(
    ("value", "pointer"), [("Infinity", "/leads/0/score"), ("-Infinity", "/leads/0/score"), ("NaN", "/leads/0/score")]
)
def test_a_number_json_reads_but_no_answer_can_carry_is_refused(value: str, pointer: str) -> None:
    client = SandboxClient()
    raw = json.dumps(create_body(1)).replace('"https://www.linkedin.com/in/person-0"', f'"x", "score": {value}')
    response = client.post("/lead-lists", content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    error = only_error(response)
    assert (error["code"], error["source"]) == ("invalid_json", {"pointer": pointer})
    assert error["detail"].startswith(f"{pointer} ")


def test_words_that_look_like_unencodable_json_inside_strings_are_fine() -> None:
    client = SandboxClient()
    name = "NaN Infinity \\u00e9 \\\\ud800"
    raw = json.dumps(create_body(1)).replace('"owner"', f'"name": "{name}", "owner"')
    response = client.post("/lead-lists", content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 202, response.text
    assert response.json()["name"] == "NaN Infinity \u00e9 \\ud800"


# Reading a list, prefilled lists, errors ------------------------------------------------------------------


def test_a_canceled_list_is_read_without_retry_after() -> None:
    client = SandboxClient()
    client.post("/_sandbox/scenario", json={"cancel_next": 1})
    lead_list = client.completed()
    response = client.get(f"/lead-lists/{lead_list['id']}")
    assert response.json()["status"] == "canceled" and "retry-after" not in response.headers
    assert response.json()["leads"] == []


@pytest.mark.parametrize("entries", [1, 250, 60_000])
def test_a_prefilled_list_is_completed_at_once_with_synthetic_profiles(entries: int) -> None:
    client = SandboxClient()
    response = client.post("/_sandbox/lead-lists", json={"entries": entries})
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"/lead-lists/{body['id']}" and body["status"] == "completed"
    page = client.get(f"/lead-lists/{body['id']}?page[size]=100").json()
    urls = [entry["linkedin_url"] for entry in page["leads"]]
    assert urls == [f"https://www.linkedin.com/in/prefilled-{n}" for n in range(min(entries, 100))]


@pytest.mark.parametrize("entries", [True, 1.0, -1])
def test_a_prefilled_list_needs_a_whole_number_of_entries(entries: Any) -> None:
    response = SandboxClient().post("/_sandbox/lead-lists", json={"entries": entries})
    assert response.status_code == 400
    error = only_error(response)
    assert (error["detail"], error["source"]) == ("entries must be 1 to 60000", {"pointer": "/entries"})


def test_synthetic_leads_are_a_sequence_that_ends() -> None:
    leads = SyntheticLeads(2)
    assert list(leads) == [{"linkedin_url": f"https://www.linkedin.com/in/prefilled-{n}"} for n in range(2)]
    for index in (2, -1):
        with pytest.raises(IndexError):
            leads[index]


def test_unknown_routes_and_methods_have_their_own_codes() -> None:
    client = SandboxClient()
    assert only_error(client.get("/nothing-here"))["code"] == "not_found"
    response = client.put("/lead-lists")
    assert response.status_code == 405 and only_error(response)["code"] == "method_not_allowed"
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD", "POST"}


def test_an_error_raised_outside_a_request_reads_as_its_status_and_detail() -> None:
    """The CLI's --sandbox holds the store in-process: an error that leaves it (in a traceback) says
    the answer it stands for, not an empty message."""
    store = SandboxClient().sandbox.store
    with pytest.raises(ApiException) as raised:
        store.find(store.account(KEY), "nope")
    assert str(raised.value) == "404: no lead list 'nope' for this API key"


def test_an_unexpected_failure_is_a_500_in_the_error_format(monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(Settings())

    def broken(*args: object) -> None:
        raise ZeroDivisionError

    monkeypatch.setattr(app.state.sandbox.store, "create", broken)
    client = TestClient(app, headers=AUTH, raise_server_exceptions=False)
    response = client.post("/lead-lists", json=create_body())
    assert response.status_code == 500
    error = only_error(response)
    assert (error["code"], error["detail"]) == ("internal_server_error", "an unexpected error occurred")


# How the app is made ------------------------------------------------------------------------------------------


def test_an_app_made_without_settings_reads_them_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SANDBOX_RETRY_AFTER", "7")
    client = TestClient(create_app(), headers=AUTH)
    lead_list = client.post("/lead-lists", json=create_body()).json()
    assert client.get(f"/lead-lists/{lead_list['id']}").headers["retry-after"] == "7"


def test_an_app_made_with_a_spec_file_checks_requests_against_it(tmp_path: Path) -> None:
    document = yaml.safe_load(SPEC_FILE.read_text())
    listing = document["paths"]["/lead-lists"]["get"]
    size = next(parameter for parameter in listing["parameters"] if parameter["name"] == "page[size]")
    size["schema"]["maximum"] = 5
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(document))
    client = TestClient(create_app(Settings(), spec=Spec(edited)), headers=AUTH)
    assert client.get("/lead-lists?page[size]=5").status_code == 200
    assert client.get("/lead-lists?page[size]=6").status_code == 400
    assert yaml.safe_load(client.get("/openapi.yaml").text) == document


@pytest.mark.parametrize("tail", ["zzzzzzzzzzzz", "0000000000ff", "100000000000"])  # the last: 16**11, read whole
def test_a_cursor_with_the_lists_prefix_but_no_entry_behind_it_is_an_invalid_cursor(tail: str) -> None:
    """A tail that is not hex, or an index past the entries: a 400 naming the parameter, not a 500."""
    client = SandboxClient()
    list_id = client.post("/_sandbox/lead-lists", json={"entries": 3}).json()["id"]
    response = client.get(f"/lead-lists/{list_id}?page[after]={list_id[:24]}{tail}")
    assert response.status_code == 400
    assert only_error(response)["code"] == "invalid_cursor"
