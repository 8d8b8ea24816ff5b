"""The sandbox checks requests against the spec itself: query parameters are read as the spec types
them (one error per parameter), a body's problems each get an error with its pointer and code, an add's
leads follow the list's own type, and the spec it serves (or is given as a file) is the one it checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from amplemarket_lead_lists.sandbox.spec import Spec
from contract_tests.sandbox_harness import SandboxClient, create_body

SPEC_FILE = Path(__file__).resolve().parents[1] / "openapi" / "lead-lists.yaml"


@pytest.fixture
def client() -> SandboxClient:
    return SandboxClient()


def errors(response: Any) -> list[tuple[str, str, dict[str, str]]]:
    assert response.status_code == 400, response.text
    return [(e["code"], e["detail"], e["source"]) for e in response.json()["_errors"]]


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("page[size]=0&page[size]=2", "page[size] may be given once"),
        ("page[size]=a", "page[size]: must be of type integer, got string"),
        ("page[size]=5.0", "page[size]: must be of type integer, got string"),
        ("page[size]=101", "page[size]: must be at most 100, got 101"),
    ],
)
def test_a_bad_query_parameter_gets_one_error_naming_it(client: SandboxClient, query: str, detail: str) -> None:
    lead_list = client.completed(count=3)
    assert errors(client.get(f"/lead-lists/{lead_list['id']}?{query}")) == [
        ("invalid_parameter", detail, {"parameter": "page[size]"})
    ]


def test_every_bad_query_parameter_is_named(client: SandboxClient) -> None:
    response = client.get("/lead-lists?page[size]=0&page[after]=x&page[after]=y")
    assert [source for _, _, source in errors(response)] == [{"parameter": "page[size]"}, {"parameter": "page[after]"}]


def test_an_integer_parameter_reads_as_a_base_10_number(client: SandboxClient) -> None:
    lead_list = client.completed(count=12)
    assert len(client.get(f"/lead-lists/{lead_list['id']}?page[size]=010").json()["leads"]) == 10


def test_the_listing_and_a_lists_entries_are_paged_100_by_default(client: SandboxClient) -> None:
    lead_list = client.completed(count=101)
    assert len(client.get(f"/lead-lists/{lead_list['id']}").json()["leads"]) == 100
    for _ in range(100):
        client.create(1)
    assert len(client.get("/lead-lists").json()["lead_lists"]) == 100


def test_a_body_that_is_not_an_object_is_one_error_on_the_whole_body(client: SandboxClient) -> None:
    lead_list = client.completed()
    expected = [("unsupported_value", "body must be of type object, got array", {"pointer": ""})]
    assert errors(client.post("/lead-lists", json=[1])) == expected
    assert errors(client.post(f"/lead-lists/{lead_list['id']}/leads", json=[1])) == expected


def test_each_missing_field_is_its_own_missing_field_error(client: SandboxClient) -> None:
    assert errors(client.post("/lead-lists", json={"owner": "a@b.co"})) == [
        ("missing_field", f"/{name} is required", {"pointer": f"/{name}"}) for name in ("shared", "type", "leads")
    ]


def test_an_adds_leads_follow_the_lists_own_type(client: SandboxClient) -> None:
    lead_list = client.completed()
    url = f"/lead-lists/{lead_list['id']}/leads"
    linkedin = create_body(1)["leads"]
    assert client.post(url, json={"type": "linkedin", "leads": linkedin}).status_code == 202
    assert client.post(url, json={"leads": linkedin}).status_code == 202
    found = errors(client.post(url, json={"type": "email", "leads": [{"email": "a@b.co"}]}))
    assert found[0] == ("unsupported_value", "/type must be 'linkedin', the lead list's type", {"pointer": "/type"})
    assert found[1][0] == "missing_field" and found[1][2] == {"pointer": "/leads/0/linkedin_url"}


def test_the_spec_served_is_the_one_checked_and_a_spec_file_reads_as_the_packaged_one(client: SandboxClient) -> None:
    response = client.get("/openapi.yaml")
    assert response.headers["content-type"].startswith("application/yaml")
    served = yaml.safe_load(response.text)
    assert served == Spec().document == Spec(SPEC_FILE).document
    assert "/lead-lists/{id}/leads" in served["paths"]
