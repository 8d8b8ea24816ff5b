"""The spec says what it means in forms other generators keep (openapi-generator, datamodel-code-generator,
openapi-typescript): open status enums, the `if`/`then` request rules also in words, links a URL parser
decodes, bounded response pages. `make other-generators` builds openapi-generator's client from it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amplemarket_lead_lists.models.lead_list import LeadList
from amplemarket_lead_lists.models.lead_list_page import LeadListPage
from amplemarket_lead_lists.models.lead_list_status import LeadListStatus
from contract_tests import other_generators
from contract_tests.spec import load_spec

SPEC = load_spec()
SCHEMAS = SPEC["components"]["schemas"]
EXAMPLES = SPEC["components"]["examples"]
HREF = SCHEMAS["Link"]["properties"]["href"]["pattern"]


def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = {"$ref": f"#/components/schemas/{name}", "components": SPEC["components"]}
    return jsonschema.Draft202012Validator(schema)


def test_every_status_is_an_open_enum() -> None:
    """`anyOf: [the enum, string]`: generators make "known values or any string" of it, not a closed enum."""
    owners = [name for name, schema in SCHEMAS.items() if "LeadListStatus" in str(schema.get("properties", {}))]
    assert set(owners) == {"LeadList", "LeadListSummary"}
    for name in owners:
        assert SCHEMAS[name]["properties"]["status"] == {"$ref": "#/components/schemas/LeadListStatusValue"}, name
    value = SCHEMAS["LeadListStatusValue"]
    assert value["anyOf"] == [{"$ref": "#/components/schemas/LeadListStatus"}, {"type": "string"}]
    assert "any other string" in value["description"]
    unknown = {**EXAMPLES["ProcessingLeadList"]["value"], "status": "validating"}
    _validator("LeadList").validate(unknown)
    assert not _validator("LeadList").is_valid({**unknown, "status": 3})


def test_our_client_still_reads_an_unknown_status_as_its_tolerant_enum() -> None:
    lead_list = LeadList.from_dict({**EXAMPLES["ProcessingLeadList"]["value"], "status": "validating"})
    assert isinstance(lead_list.status, LeadListStatus) and lead_list.status.name == "UNKNOWN"
    assert lead_list.status == "validating" and lead_list.to_dict()["status"] == "validating"
    assert LeadList.from_dict(EXAMPLES["CompletedLeadList"]["value"]).status is LeadListStatus.COMPLETED
    listed = LeadListPage.from_dict(EXAMPLES["FirstPageOfLeadLists"]["value"]).lead_lists
    assert [summary.status for summary in listed] == [LeadListStatus.COMPLETED, LeadListStatus.PROCESSING]


def _rules(schema: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(type, fields every lead needs) of each `if type == X then leads need …` rule."""
    found = []
    for rule in schema["allOf"]:
        condition = rule["if"]["properties"]["type"]
        items = rule["then"]["properties"].get("leads", {}).get("items")
        if "const" in condition and items is not None:
            needs = items["required"] + [need for option in items.get("anyOf", []) for need in option["required"]]
            found.append((condition["const"], needs))
    return found


@pytest.mark.parametrize("name", ["LeadListCreate", "LeadListAddLeads"])
def test_each_if_then_rule_on_leads_is_also_in_words(name: str) -> None:
    schema = SCHEMAS[name]
    rules = _rules(schema)
    assert [kind for kind, _ in rules] == ["linkedin", "email", "titles_and_company"]
    words = " ".join(schema["properties"]["leads"]["description"].split())
    for kind, needs in rules:
        stated = re.search(rf"`{kind}` needs (.*?)(;|\.)", words)
        assert stated is not None, f"{name}: the rule for {kind} is not in the description of leads"
        assert all(f"`{need}`" in stated.group(1) for need in needs), (kind, needs, stated.group(1))
    assert "`{}`" in words and SCHEMAS["LeadInput"]["minProperties"] == 1


def test_the_options_rule_is_also_in_words() -> None:
    rule = SCHEMAS["LeadListCreate"]["allOf"][-1]
    assert rule["if"]["properties"]["type"] == {"not": {"const": "email"}}
    closed = rule["then"]["properties"]["options"]["properties"]
    words = " ".join(SCHEMAS["LeadListCreate"]["properties"]["options"]["description"].split())
    assert all(f"`{option}`" in words and closed[option]["const"] is True for option in ("validate_email", "enrich"))
    assert "only when `type` is `email`" in words and "ever `null`" in words


@settings(max_examples=300, deadline=None)
@given(st.from_regex(HREF, fullmatch=True))
def test_every_href_the_pattern_admits_decodes_as_utf8(href: str) -> None:
    """Mock servers and clients decode hrefs (decodeURIComponent, unquote): none may be malformed."""
    unquote(href, errors="strict")


@pytest.mark.parametrize(
    ("href", "matches"),
    [
        ("/lead-lists/81f63c2e?page[size]=2&page[after]=e1", True),
        ("https://api.amplemarket.com/lead-lists?page[before]=x", True),
        ("/lead-lists/caf%C3%A9", True),
        ("/lead-lists/%F0%9F%98%80?page[after]=%e2%82%ac", True),
        ("/lead-lists/%41", True),
        ("/lead-lists/%FF", False),
        ("/lead-lists/%C3", False),
        ("/lead-lists/%C0%AF", False),
        ("/lead-lists/%ED%A0%80", False),
        ("/lead-lists?page[after]=%80", False),
        ("/lead-lists/%F4%90%80%80", False),
        ("https://evil.example/lead-lists", False),
    ],
)
def test_href_pattern_admits_utf8_escapes_only(href: str, matches: bool) -> None:
    assert (re.fullmatch(HREF, href) is not None) is matches
    if not matches and href.startswith("/"):
        with pytest.raises(UnicodeDecodeError):
            unquote(href, errors="strict")


def test_response_pages_hold_at_most_100() -> None:
    entry = EXAMPLES["CompletedLeadList"]["value"]["leads"][0]
    page = {**EXAMPLES["CompletedLeadList"]["value"], "leads": [entry] * 100}
    assert _validator("LeadList").is_valid(page)
    assert not _validator("LeadList").is_valid({**page, "leads": [entry] * 101})
    listed = EXAMPLES["FirstPageOfLeadLists"]["value"]
    many = {**listed, "lead_lists": listed["lead_lists"][:1] * 100}
    assert _validator("LeadListPage").is_valid(many)
    assert not _validator("LeadListPage").is_valid({**many, "lead_lists": many["lead_lists"] * 2})


def test_a_503_says_service_unavailable() -> None:
    example = SPEC["components"]["responses"]["ServiceUnavailable"]["content"]["application/vnd.amp+json"]
    error = example["examples"]["serviceUnavailable"]["value"]["_errors"][0]
    assert (error["status"], error["code"], error["title"]) == ("503", "service_unavailable", "Service Unavailable")


def test_openapi_generator_client_reads_a_status_the_spec_does_not_list(tmp_path: Path) -> None:
    """openapi-generator 7.26's Python client (about 6-8 s: the JAR starts, generates), as make other-generators."""
    out = tmp_path / "openapi-generator"
    other_generators.generate(out)
    for check in other_generators.checks(out).values():
        check()
