"""The generated models read everything the vendor sends, and lose nothing on the way back out."""

from __future__ import annotations

import ast
import copy
import gc
import inspect
import pickle
import sys
import textwrap
import threading
from types import MappingProxyType
from typing import Any

import attrs
import pytest

from amplemarket_lead_lists import models
from amplemarket_lead_lists.models import (
    ErrorsEnvelope,
    ErrorSource,
    LeadList,
    LeadListCreate,
    LeadListCreateType,
    LeadListEntry,
    LeadListEntryData,
    LeadListPage,
    LeadListStatus,
    LeadListSummary,
    LeadListType,
    Link,
    Links,
)
from amplemarket_lead_lists.types import UNSET
from contract_tests import seed
from contract_tests.polling_harness import complete_entry
from contract_tests.spec import load_spec

SPEC = load_spec()
EXAMPLES = SPEC["components"]["examples"]


def _spec_examples(media_type: str) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in SPEC["paths"].values():
        for operation in path.values():
            responses = [
                SPEC["components"]["responses"].get(r.get("$ref", "").rsplit("/", 1)[-1], r)
                for r in operation["responses"].values()
            ]
            for response in responses:
                for name, example in response.get("content", {}).get(media_type, {}).get("examples", {}).items():
                    ref = example.get("$ref")
                    found.append((name, EXAMPLES[ref.rsplit("/", 1)[-1]] if ref else example))
    return found


def test_seed_response_examples_are_the_spec_examples() -> None:
    queued, processing, completed = seed.response_examples()
    assert queued == EXAMPLES["QueuedLeadList"]["value"]
    assert processing == EXAMPLES["ProcessingLeadList"]["value"]
    # The guide's completed body repeats an entry id, gives the second entry the first one's validated
    # email and links prev/next to `/lead-lists/1`; the spec's example corrects exactly these slips.
    fixed = copy.deepcopy(completed)
    fixed["leads"][1]["id"] = "81f63c2e-edbd-4c1a-9168-542ede3ce98b"
    fixed["leads"][1]["email_validation_result"]["email"] = fixed["leads"][1]["email"]
    fixed["_links"] = {"self": completed["_links"]["self"]}
    assert completed["leads"][0]["id"] == completed["leads"][1]["id"]
    assert fixed == EXAMPLES["CompletedLeadList"]["value"]
    request = SPEC["paths"]["/lead-lists"]["post"]["requestBody"]["content"]["application/json"]
    assert seed.request_example().keys() == request["examples"]["linkedin"]["value"].keys()


@pytest.mark.parametrize("body", seed.response_examples(), ids=["queued", "processing", "completed"])
def test_seed_examples_round_trip(body: dict[str, Any]) -> None:
    lead_list = LeadList.from_dict(body)
    assert lead_list.to_dict() == body


def test_every_spec_example_round_trips() -> None:
    examples = _spec_examples("application/vnd.amp+json")
    assert {name for name, _ in examples} >= {"queued", "processing", "completed", "tooManyLeads", "firstPage"}
    for _name, example in examples:
        value = example["value"]
        model = ErrorsEnvelope if "_errors" in value else LeadListPage if "lead_lists" in value else LeadList
        assert model.from_dict(example["value"]).to_dict() == example["value"]
    request = SPEC["paths"]["/lead-lists"]["post"]["requestBody"]["content"]["application/json"]
    body = request["examples"]["linkedin"]["value"]
    assert LeadListCreate.from_dict(body).to_dict() == body


def test_completed_example_reads_as_typed_values() -> None:
    lead_list = LeadList.from_dict(EXAMPLES["CompletedLeadList"]["value"])
    assert lead_list.status is LeadListStatus.COMPLETED
    assert lead_list.type_ is LeadListType.LINKEDIN
    assert isinstance(lead_list.leads, list)
    unmatched = lead_list.leads[2]
    assert unmatched.email is None and unmatched.email_validation_result is None
    assert isinstance(lead_list.links, Links) and isinstance(lead_list.links.self_, Link)
    assert lead_list.links.next_ is None and lead_list.links.prev is None
    first_page = LeadList.from_dict(EXAMPLES["FirstPageLeadList"]["value"])
    assert isinstance(first_page.links, Links) and isinstance(first_page.links.next_, Link)
    assert first_page.links.next_.href.endswith("page[after]=81f63c2e-edbd-4c1a-9168-542ede3ce98b")


def test_unknown_fields_survive_a_round_trip() -> None:
    body = copy.deepcopy(EXAMPLES["CompletedLeadList"]["value"])
    body["created_at"] = "2026-11-26T10:00:00Z"
    body["leads"][0]["seniority"] = {"level": "c-suite"}
    body["leads"][0]["email_validation_result"]["score"] = 0.97
    body["_links"]["first"] = {"href": "/lead-lists/x?page[size]=100"}
    body["options"]["new_option"] = True
    lead_list = LeadList.from_dict(body)
    assert lead_list["created_at"] == "2026-11-26T10:00:00Z"
    assert lead_list.to_dict() == body


MODELS = [model for name in models.__all__ if attrs.has(model := getattr(models, name))]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_from_dict_hands_each_value_to_its_own_parameter(model: type) -> None:
    """The template passes values by position; their order must be the constructor's."""
    source = textwrap.dedent(inspect.getsource(model.from_dict))  # type: ignore[attr-defined]
    call = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call) and ast.unparse(n.func) == "cls")
    passed = [ast.unparse(arg) for arg in call.args]
    assert not call.keywords
    assert passed == list(inspect.signature(model).parameters)


READ_AT_ONCE = [model for model in MODELS if hasattr(inspect.getmodule(model), "_VALUES")]


@pytest.mark.parametrize("model", READ_AT_ONCE, ids=lambda model: model.__name__)
def test_reading_every_field_at_once_gives_each_value_to_the_name_it_is_read_into_one_by_one(model: type) -> None:
    """A dict with exactly the declared names is read with one itemgetter (`_VALUES`), any other
    one field by field: both must bind each JSON name to the same local."""
    module = inspect.getmodule(model)
    tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
    getter = next(n.value for n in tree.body if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "_VALUES")
    assert isinstance(getter, ast.Call)
    at_once = [ast.literal_eval(arg) for arg in getter.args]
    assert set(at_once) == module._PROPERTY_NAMES  # type: ignore[union-attr]
    branch = next(
        n for n in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(model.from_dict))))  # type: ignore[attr-defined]
        if isinstance(n, ast.If) and ast.unparse(n.test) == "complete_"
    )  # fmt: skip
    unpack = branch.body[0]
    assert isinstance(unpack, ast.Assign) and isinstance(unpack.targets[0], ast.Tuple)
    targets = [ast.unparse(name) for name in unpack.targets[0].elts]
    one_by_one = {}
    for assign in branch.orelse:
        assert isinstance(assign, ast.Assign)
        read = assign.value
        key = read.args[0] if isinstance(read, ast.Call) else read.slice  # type: ignore[attr-defined]
        one_by_one[ast.unparse(assign.targets[0])] = ast.literal_eval(key)
    assert [one_by_one[name] for name in targets] == at_once


def test_an_entry_reads_the_same_with_every_field_as_with_every_field_and_one_more() -> None:
    complete = {**complete_entry(), "data": {"seniority": "c-suite"}}
    at_once = LeadListEntry.from_dict(complete)
    one_by_one = LeadListEntry.from_dict({**complete, "extra": 1})
    assert attrs.asdict(at_once, filter=lambda a, _: a.name != "additional_properties") == attrs.asdict(
        one_by_one, filter=lambda a, _: a.name != "additional_properties"
    )
    assert at_once.to_dict() == complete
    assert one_by_one.to_dict() == {**complete, "extra": 1}
    assert LeadListEntry.from_dict({**complete, "title": None}).title is None


def test_only_unknown_fields_become_additional_properties_in_order() -> None:
    body = {"zeta": 1, **EXAMPLES["CompletedLeadList"]["value"]["leads"][0], "alpha": 2}
    entry = LeadListEntry.from_dict(MappingProxyType(body))
    assert entry.additional_keys == ["zeta", "alpha"]
    assert entry.additional_properties == {"zeta": 1, "alpha": 2}
    assert LeadListEntry.from_dict({"id": "e"}).additional_properties == {}


def _holds_a_dict(model: object) -> bool:
    """Whether any attribute of `model` holds a dict (its models' other fields hold models and lists)."""
    return any(type(referent) is dict for referent in gc.get_referents(model))


def test_a_model_without_unknown_fields_makes_its_additional_properties_on_first_use() -> None:
    """No dict per object until one is needed: three per entry set off the garbage collector about once
    a page while paging (`make bench` case 2). To its users the model is unchanged."""
    body = EXAMPLES["CompletedLeadList"]["value"]
    lead_list = LeadList.from_dict(body)
    entries = lead_list.leads if isinstance(lead_list.leads, list) else []
    assert entries and not any(map(_holds_a_dict, [lead_list, *entries]))
    untouched = LeadList.from_dict(body)
    assert untouched == lead_list and repr(untouched) == repr(lead_list)  # equal, and a dict in each repr
    assert "additional_properties={}" in repr(entries[0])
    fresh = LeadListEntry.from_dict({"id": "e"})
    for copied in (copy.copy(fresh), copy.deepcopy(fresh), pickle.loads(pickle.dumps(fresh))):
        assert copied == fresh and copied.additional_properties == {}
    assert fresh.to_dict() == {"id": "e"} and "x" not in fresh and fresh.additional_keys == []
    fresh["x"] = 1
    assert fresh.additional_properties == {"x": 1} and fresh.to_dict() == {"id": "e", "x": 1}
    built = Link(href="/h")
    built.additional_properties = {"templated": False}
    assert built.to_dict() == {"href": "/h", "templated": False}
    assert attrs.asdict(Link(href="/h")) == {"href": "/h", "additional_properties": {}}


def test_threads_writing_to_a_fresh_model_at_once_keep_every_write() -> None:
    """Made on first use, the dict is made once: two threads asking at once both write to it."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        for trial in range(2_000):
            fresh = LeadListEntry.from_dict({"id": f"e{trial}"})
            start = threading.Barrier(2)

            def write(key: str, model: LeadListEntry = fresh, barrier: threading.Barrier = start) -> None:
                barrier.wait()
                model[key] = True

            threads = [threading.Thread(target=write, args=(key,)) for key in ("a", "b")]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert fresh.additional_properties == {"a": True, "b": True}, f"a write was lost in trial {trial}"
    finally:
        sys.setswitchinterval(interval)


def test_a_misspelt_attribute_of_a_model_is_still_an_attribute_error() -> None:
    entry = LeadListEntry.from_dict({"id": "e"})
    with pytest.raises(AttributeError, match="'LeadListEntry' object has no attribute 'emial'") as caught:
        entry.emial  # type: ignore[attr-defined]  # noqa: B018
    assert caught.value.name == "emial" and caught.value.obj is entry
    assert not hasattr(entry, "additional_propertie")

    class Described(Link):
        @property
        def full(self) -> str:
            return "https://api.amplemarket.com" + str(self.hreff)  # type: ignore[attr-defined]

    with pytest.raises(AttributeError, match="'hreff'"):  # the name misspelt, not the property's
        Described(href="/x").full  # noqa: B018
    assert Described(href="/x").additional_properties == {}


def test_from_dict_leaves_its_input_untouched_and_copies_free_form_data() -> None:
    body = copy.deepcopy(EXAMPLES["CompletedLeadList"]["value"])
    before = copy.deepcopy(body)
    lead_list = LeadList.from_dict(body)
    assert body == before
    entry = lead_list.leads[0] if isinstance(lead_list.leads, list) else None
    assert entry is not None and isinstance(entry.data, LeadListEntryData)
    entry.data["added"] = True
    assert "added" not in body["leads"][0]["data"]


def test_a_missing_required_field_names_it() -> None:
    with pytest.raises(KeyError, match="'id'"):
        LeadListEntry.from_dict({"email": "a@b.co"})


def test_a_nested_object_of_the_wrong_type_is_kept_as_sent() -> None:
    body = {"id": "e", "email_validation_result": "pending", "data": 7}
    entry = LeadListEntry.from_dict(body)
    kept: tuple[object, object] = (entry.email_validation_result, entry.data)
    assert kept == ("pending", 7)
    assert entry.to_dict() == body


@pytest.mark.parametrize(("field", "value"), [("status", "failed"), ("type", "csv_upload")])
def test_unknown_enum_values_parse_and_keep_their_value(field: str, value: str) -> None:
    body = {**EXAMPLES["ProcessingLeadList"]["value"], field: value}
    lead_list = LeadList.from_dict(body)
    parsed = lead_list.status if field == "status" else lead_list.type_
    assert isinstance(parsed, LeadListStatus | LeadListType)
    assert parsed == value and parsed.name == "UNKNOWN"
    assert lead_list.to_dict()[field] == value
    assert LeadListStatus("queued") is LeadListStatus.QUEUED


def test_both_spellings_of_titles_and_company_read() -> None:
    assert LeadListType("title_and_company") is LeadListType.TITLE_AND_COMPANY
    assert LeadListType("titles_and_company") is LeadListType.TITLES_AND_COMPANY


def test_request_enum_stays_strict() -> None:
    with pytest.raises(ValueError, match="csv"):
        LeadListCreateType("csv")


def test_nulls_in_every_nullable_field_parse() -> None:
    schemas = SPEC["components"]["schemas"]
    nullable = [
        name
        for name, prop in schemas["LeadListEntry"]["properties"].items()
        if "null" in prop.get("type", []) or {"type": "null"} in prop.get("anyOf", [])
    ]
    assert len(nullable) == 11
    entry = LeadListEntry.from_dict({"id": "e1", **dict.fromkeys(nullable)})
    assert all(getattr(entry, name) is None for name in nullable)
    assert entry.to_dict() == {"id": "e1", **dict.fromkeys(nullable)}
    list_nullable = [n for n, p in schemas["LeadList"]["properties"].items() if "null" in p.get("type", [])]
    lead_list = LeadList.from_dict({"id": "l", "status": "queued", **dict.fromkeys(list_nullable)})
    assert all(getattr(lead_list, name) is None for name in list_nullable)


def test_minimal_lead_list_and_entry_parse() -> None:
    assert LeadList.from_dict({"id": "l", "status": "queued"}).to_dict() == {"id": "l", "status": "queued"}
    assert LeadListEntry.from_dict({"id": "e"}).to_dict() == {"id": "e"}


def test_errors_keep_every_member() -> None:
    body = {
        "_errors": [
            {
                "id": "x",
                "status": "400",
                "code": "unsupported_value",
                "title": "Unsupported Value",
                "detail": "too many",
                "source": {"pointer": "/leads"},
            },
            {"code": "internal_server_error"},
        ],
        "object": "error",
    }
    errors = ErrorsEnvelope.from_dict(body)
    assert isinstance(errors.errors[0].source, ErrorSource)
    assert errors.errors[0].source.pointer == "/leads"
    assert errors.to_dict() == body


def test_a_listed_lead_list_reads_forgivingly() -> None:
    """Only `id` and `name` are seen in third-party clients: the rest may be missing or null, and
    fields nobody documented are kept for the caller."""
    body = {"lead_lists": [{"id": "l1", "name": None, "shared": None, "labels": ["x"]}], "cursor": 7}
    page = LeadListPage.from_dict(body)
    summary = page.lead_lists[0]
    assert (summary.id, summary.name, summary.shared, summary.status) == ("l1", None, None, None)
    assert summary["labels"] == ["x"] and page["cursor"] == 7
    assert page.to_dict() == body


# Response models read like Stainless models; request models keep UNSET -------------------------


def test_an_omitted_response_field_is_none_and_repr_shows_plain_values() -> None:
    entry = LeadListEntry.from_dict({"id": "e1", "email": "a@example.com"})
    assert entry.title is None and entry.email_validation_result is None and entry.data is None
    assert "Unset" not in repr(entry) and "title=None" in repr(entry) and "_absent" not in repr(entry)
    page = LeadList.from_dict({"id": "l1", "status": "completed"})
    assert page.leads is None and page.links is None and "Unset" not in repr(page)


def test_to_dict_keeps_absent_fields_absent_and_nulls_null() -> None:
    body = {"id": "e1", "email": None, "title": "CEO", "seniority": "c-suite"}
    entry = LeadListEntry.from_dict(body)
    assert entry.to_dict() == body  # `company_name` and the rest were absent: still absent
    entry.company_name = "Acme"  # set after reading: written, though it was absent
    assert entry.to_dict() == {**body, "company_name": "Acme"}


def test_a_response_model_built_by_hand_writes_every_field() -> None:
    written = LeadListEntry(id="e1", email="a@example.com").to_dict()
    assert written["email"] == "a@example.com" and written["title"] is None and len(written) == 13
    assert LeadListEntry(id="e1") == LeadListEntry.from_dict({"id": "e1"})  # `_absent` is not compared


def test_response_models_pickle_with_what_they_read() -> None:
    import pickle

    body = {"id": "e1", "email": None}
    copy_ = pickle.loads(pickle.dumps(LeadListEntry.from_dict(body)))
    assert copy_.to_dict() == body and copy_.email is None


def test_request_models_keep_unset_to_leave_a_field_out() -> None:
    body = LeadListCreate.from_dict({"owner": "a@example.com", "shared": True, "type": "email", "leads": []})
    assert body.name is UNSET and body.options is UNSET
    assert "name" not in body.to_dict() and "options" not in body.to_dict()


def test_only_request_bodies_are_marked_to_keep_unset() -> None:
    """Each schema a request body refers to (and only those) is `x-request-body`: every other model is a response."""
    schemas = SPEC["components"]["schemas"]
    reached: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/components/schemas/") and (name := ref.rsplit("/", 1)[-1]) not in reached:
                reached.add(name)
                walk(schemas[name])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in SPEC["paths"].values():
        for operation in path.values():
            walk(operation.get("requestBody", {}))
    objects = {name for name in reached if schemas[name].get("type") == "object"}
    marked = {name for name, schema in schemas.items() if schema.get("x-request-body")}
    assert marked == objects == {"LeadListCreate", "LeadListAddLeads", "LeadListCreateOptions", "LeadInput"}


@pytest.mark.parametrize("status", [["completed"], 3, {"value": "completed"}])
def test_a_status_that_is_no_string_is_refused_by_lead_lists_and_summaries(status: object) -> None:
    """The open status enum takes any string (UNKNOWN for one the spec does not list), never another type."""
    with pytest.raises(ValueError, match="is not a valid LeadListStatus"):
        LeadList.from_dict({"id": "ll_1", "status": status, "leads": []})
    with pytest.raises(ValueError, match="is not a valid LeadListStatus"):
        LeadListSummary.from_dict({"id": "ll_1", "name": "n", "status": status})
    assert LeadListSummary.from_dict({"id": "ll_1", "name": "n"}).status is None
    assert LeadList.from_dict({"id": "ll_1", "status": "archived", "leads": []}).status == "archived"


def test_unset_unpickles_as_the_one_unset() -> None:
    """Request models test `is UNSET`: an unpickled copy of it would read as a value."""
    assert pickle.loads(pickle.dumps(UNSET)) is UNSET
