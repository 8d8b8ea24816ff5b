"""The typed surface as a user's `mypy --strict` meets it: plain `is not None` narrowing on every
entry and error field, TypedDict bodies that catch a misspelt key, and TypedDicts that say what the
spec says."""

from __future__ import annotations

import subprocess
import sys
import types
import typing
from pathlib import Path
from typing import Any

import attrs
import pytest

from amplemarket_lead_lists import AddLeadsBody, CreateLeadListBody, LeadBody, LeadListOptionsBody
from amplemarket_lead_lists.models import ErrorObject, LeadListEntry
from contract_tests.spec import load_spec

USER_SCRIPT = """
from amplemarket_lead_lists import (
    ApiError, AuthenticatedClient, CreateLeadListBody, LeadBody, add_leads, create_lead_list,
    iter_lead_list_entries, wait_for_lead_list,
)
from amplemarket_lead_lists.models import EmailValidationResult, LeadListEntryData

client = AuthenticatedClient.from_env(max_retries=2)
leads: list[LeadBody] = [{"linkedin_url": "https://www.linkedin.com/in/jim-smith"}]
body: CreateLeadListBody = {"owner": "user@example.com", "shared": True, "type": "linkedin", "leads": leads}
try:
    lead_list = wait_for_lead_list(client, create_lead_list(client, body), timeout=600)
    add_leads(client, lead_list, [{"linkedin_url": "https://www.linkedin.com/in/ana-lima"}], max_retries=0)
except ApiError as error:
    for problem in error.errors:
        texts: list[str] = [t for t in (problem.id, problem.status, problem.code, problem.title, problem.detail) if t]
        if problem.source is not None:
            where: str | None = problem.source.pointer or problem.source.parameter or problem.source.header
    raise
for entry in iter_lead_list_entries(client, lead_list):
    entry_id: str = entry.id
    if entry.object_ is not None and entry.email is not None and entry.person_id is not None:
        line: str = entry.object_ + entry.email.lower() + entry.person_id
    if entry.linkedin_url is not None and entry.first_name is not None and entry.last_name is not None:
        line = entry.linkedin_url + entry.first_name.title() + entry.last_name
    if entry.company_name is not None and entry.company_domain is not None and entry.industry is not None:
        line = entry.company_name + entry.company_domain + entry.industry
    if entry.title is not None:
        line = entry.title.upper()
    if entry.email_validation_result is not None:
        validation: EmailValidationResult = entry.email_validation_result
    if entry.data is not None:
        data: LeadListEntryData = entry.data
"""


def _mypy(tmp_path: Path, script: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "user.py").write_text(script)
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache")]
    return subprocess.run([*command, "user.py"], capture_output=True, text=True, cwd=tmp_path, check=False)


def test_a_users_script_type_checks_with_plain_narrowing(tmp_path: Path) -> None:
    result = _mypy(tmp_path, USER_SCRIPT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("wrong", "right", "complaint"),
    [
        ('"owner": "user@example.com"', '"ownr": "user@example.com"', '"ownr"'),
        ('"shared": True', '"shared": "yes"', '"shared"'),
        ('"type": "linkedin"', '"type": "linkdin"', '"type"'),
        ('list[LeadBody] = [{"linkedin_url"', 'list[LeadBody] = [{"linkedin"', '"linkedin"'),
        ("if entry.title is not None:\n        line = entry.title.upper()", "line = entry.title.upper()", "union-attr"),
    ],
    ids=["misspelt key", "wrong value type", "unknown list type", "misspelt lead key", "no narrowing"],
)
def test_mypy_rejects_a_mistake(tmp_path: Path, wrong: str, right: str, complaint: str) -> None:
    assert USER_SCRIPT.count(wrong) == 1
    result = _mypy(tmp_path, USER_SCRIPT.replace(wrong, right))
    assert result.returncode == 1 and complaint in result.stdout, result.stdout


@pytest.mark.parametrize("model", [LeadListEntry, ErrorObject], ids=lambda model: model.__name__)
def test_the_script_reads_every_field(model: type) -> None:
    reads = {field.name for field in attrs.fields(model) if not field.name.startswith(("_", "additional"))}
    prefix = "entry." if model is LeadListEntry else "problem."
    assert {name for name in reads if f"{prefix}{name}" not in USER_SCRIPT} == set()


SCHEMAS = load_spec()["components"]["schemas"]
JSON_TYPES = {"string": str, "boolean": bool}


@pytest.mark.parametrize(
    ("body", "schema"),
    [
        (CreateLeadListBody, "LeadListCreate"),
        (AddLeadsBody, "LeadListAddLeads"),
        (LeadListOptionsBody, "LeadListCreateOptions"),
        (LeadBody, "LeadInput"),
    ],
)
def test_each_typed_dict_says_what_the_spec_says(body: type, schema: str) -> None:
    spec = SCHEMAS[schema]
    hints = typing.get_type_hints(body)
    assert set(hints) == set(spec["properties"])
    assert body.__required_keys__ == set(spec.get("required", []))  # type: ignore[attr-defined]
    for name, hint in hints.items():
        assert _matches(hint, spec["properties"][name]), (name, hint)


def _matches(hint: Any, prop: dict[str, Any]) -> bool:
    """The Python type for a spec property: string, boolean, an enum's Literal, a list, another body."""
    ref = prop.get("$ref", "").rsplit("/", 1)[-1]
    if ref:
        prop = SCHEMAS[ref]
    if "enum" in prop:
        return typing.get_origin(hint) is typing.Literal and list(typing.get_args(hint)) == prop["enum"]
    if prop.get("type") == "array":
        return typing.get_origin(hint) is list and _matches(typing.get_args(hint)[0], prop["items"])
    if prop.get("type") == "object":
        return typing.is_typeddict(hint) and set(typing.get_type_hints(hint)) == set(prop["properties"])
    return hint is JSON_TYPES[prop["type"]] and not isinstance(hint, types.UnionType)
