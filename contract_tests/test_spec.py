"""The spec is valid OpenAPI 3.1, lint-clean, and says what the vendor's guide says."""

from __future__ import annotations

import subprocess
from typing import Any

import jsonschema
import pytest
from openapi_spec_validator import validate

from contract_tests.spec import ROOT, SPEC_PATH, load_spec

SPEC = load_spec()
SCHEMAS = SPEC["components"]["schemas"]


def test_spec_is_valid_openapi_31() -> None:
    assert SPEC["openapi"] == "3.1.0"
    validate(SPEC)


def test_spec_is_lint_clean_with_redocly() -> None:
    redocly = ROOT / "tools" / "node_modules" / ".bin" / "redocly"
    assert redocly.exists(), "run `make lint-spec` (installs the pinned Redocly CLI)"
    done = subprocess.run(
        [str(redocly), "lint", "--config", str(ROOT / "openapi/redocly.yaml"), str(SPEC_PATH)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "warning" not in done.stdout.lower()


def test_operations_and_components() -> None:
    assert SPEC["paths"]["/lead-lists"]["post"]["operationId"] == "createLeadList"
    assert SPEC["paths"]["/lead-lists/{id}"]["get"]["operationId"] == "getLeadList"
    for name in [
        "LeadListCreate",
        "LeadList",
        "LeadListEntry",
        "LeadListOptions",
        "EmailValidationResult",
        "Links",
        "Link",
        "Errors",
        "ErrorObject",
        "ErrorSource",
    ]:
        assert name in SCHEMAS
    assert SCHEMAS["LeadListStatus"]["enum"] == ["queued", "processing", "completed", "canceled"]
    assert {"title_and_company", "titles_and_company", "adaptive"} <= set(SCHEMAS["LeadListType"]["enum"])


def test_no_default_responses_and_vendor_media_types() -> None:
    for path in SPEC["paths"].values():
        for operation in path.values():
            assert "default" not in operation["responses"]
            for content in operation.get("requestBody", {}).get("content", {}):
                assert content == "application/json"


def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = {"$ref": f"#/components/schemas/{name}", "components": SPEC["components"]}
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


BASE: dict[str, Any] = {"owner": "user@example.com", "shared": True}


@pytest.mark.parametrize(
    ("body", "valid"),
    [
        ({**BASE, "type": "linkedin", "leads": [{"linkedin_url": "https://linkedin.com/in/a"}]}, True),
        ({**BASE, "type": "linkedin", "leads": [{"email": "a@b.co"}]}, False),
        ({**BASE, "type": "email", "leads": [{"email": "a@b.co"}]}, True),
        ({**BASE, "type": "titles_and_company", "leads": [{"title": "CEO", "company_domain": "a.co"}]}, True),
        ({**BASE, "type": "titles_and_company", "leads": [{"title": "CEO"}]}, False),
        ({**BASE, "type": "email", "leads": [{"email": "a@b.co"}], "options": {"enrich": False}}, True),
        ({**BASE, "type": "linkedin", "leads": [{"linkedin_url": "x"}], "options": {"enrich": False}}, False),
        ({**BASE, "type": "linkedin", "leads": [{"linkedin_url": "x"}], "options": {"validate_email": False}}, False),
        ({**BASE, "type": "linkedin", "leads": [{"linkedin_url": "x"}], "options": {"enrich": True}}, True),
        ({**BASE, "type": "linkedin", "leads": [{"linkedin_url": "x"}], "surprise": 1}, False),
        ({**BASE, "type": "linkedin", "leads": []}, False),
        ({**BASE, "type": "title_and_company", "leads": [{"title": "x", "company_name": "y"}]}, False),
        ({"owner": "not-an-email", "shared": True, "type": "email", "leads": [{"email": "a@b.co"}]}, False),
        ({"shared": True, "type": "email", "leads": [{"email": "a@b.co"}]}, False),
    ],
)
def test_create_rules_from_the_guide(body: dict[str, Any], valid: bool) -> None:
    assert _validator("LeadListCreate").is_valid(body) is valid


def test_create_accepts_ten_thousand_leads_and_not_one_more() -> None:
    leads = [{"linkedin_url": f"https://linkedin.com/in/{n}"} for n in range(10_001)]
    body = {**BASE, "type": "linkedin", "leads": leads}
    assert not _validator("LeadListCreate").is_valid(body)
    assert _validator("LeadListCreate").is_valid({**body, "leads": leads[:10_000]})


def test_examples_validate_against_their_schemas() -> None:
    examples = SPEC["components"]["examples"]
    for name in ("QueuedLeadList", "ProcessingLeadList", "CompletedLeadList", "FirstPageLeadList", "LastPageLeadList"):
        _validator("LeadList").validate(examples[name]["value"])
    request = SPEC["paths"]["/lead-lists"]["post"]["requestBody"]["content"]["application/json"]
    _validator("LeadListCreate").validate(request["examples"]["linkedin"]["value"])
