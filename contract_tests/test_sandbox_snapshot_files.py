"""The sandbox's snapshot (what `--sandbox` commands save between runs): a saved store comes back as it
was, two commands' saves merge without losing either's lists, only the newest 50 lists per key are kept
(README), and a file that is not a snapshot is refused saying what is wrong with it."""

from __future__ import annotations

import json
import re
import typing
from typing import Any

import pytest

from amplemarket_lead_lists.sandbox import snapshot
from amplemarket_lead_lists.sandbox.settings import Settings
from amplemarket_lead_lists.sandbox.store import Store
from contract_tests.sandbox_harness import KEY, OTHER_KEY, create_body


def store_with(*names: str, key: str = KEY, at: float = 1000.0) -> Store:
    store = Store(Settings())
    for n, name in enumerate(names):
        store.create(store.account(key), create_body(2, name=name), at + n)
    return store


def names(data: snapshot.Snapshot, key: str = KEY) -> list[str]:
    return [record["name"] for record in data["accounts"].get(key, [])]


def test_a_saved_store_comes_back_as_it_was() -> None:
    store = store_with("first", "second")
    store.create(store.account(OTHER_KEY), create_body(1, name="other"), 500.0)
    store.account("sandbox-no-lists")
    saved = json.loads(json.dumps(snapshot.snapshot(store)))
    assert set(saved["accounts"]) == {KEY, OTHER_KEY}, "an account without lists is not saved"

    restored = Store(Settings())
    snapshot.restore(restored, saved)
    for key in (KEY, OTHER_KEY):
        before, after = store.account(key).created, restored.account(key).created
        assert [(r.id, r.name, r.created_at, r.status(2000.0)) for r in after] == [
            (r.id, r.name, r.created_at, r.status(2000.0)) for r in before
        ]
        assert [list(r.leads) for r in after] == [list(r.leads) for r in before]
    assert snapshot.snapshot(restored) == saved


def test_an_empty_snapshot_restores_nothing() -> None:
    store = Store(Settings())
    snapshot.restore(store, snapshot.empty())
    assert snapshot.snapshot(store) == snapshot.empty() == {"version": 1, "accounts": {}}


def malformed_list(**changes: Any) -> dict[str, Any]:
    record = snapshot.snapshot(store_with("a list"))["accounts"][KEY][0]
    return {key: value for key, value in {**record, **changes}.items() if value is not None}


MISSING_OWNER = "a lead list is malformed (KeyError: 'owner')"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ([], "not a version 1 sandbox snapshot"),
        ({"version": 2, "accounts": {}}, "not a version 1 sandbox snapshot"),
        ({"version": 1}, "accounts must map API keys to lists of lead lists"),
        ({"version": 1, "accounts": [[]]}, "accounts must map API keys to lists of lead lists"),
        ({"version": 1, "accounts": {KEY: "lists"}}, "accounts must map API keys to lists of lead lists"),
        ({"version": 1, "accounts": {KEY: ["a list"]}}, "accounts must map API keys to lists of lead lists"),
        ({"version": 1, "accounts": {KEY: [malformed_list(leads="x")]}}, "leads must be a list of objects"),
        ({"version": 1, "accounts": {KEY: [malformed_list(leads=["x"])]}}, "leads must be a list of objects"),
        ({"version": 1, "accounts": {KEY: [{"name": "no leads"}]}}, "a lead list is malformed (KeyError: 'leads')"),
        (
            {"version": 1, "accounts": {KEY: [malformed_list(owner=None)]}},
            "a lead list is malformed (KeyError: 'owner')",
        ),
    ],
)
def test_what_is_not_a_snapshot_is_refused_saying_why(data: Any, reason: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(reason)}$"):
        snapshot.restore(Store(Settings()), data)


def test_a_merge_keeps_the_lists_both_commands_created_and_takes_ours_only_where_we_changed_one() -> None:
    base = snapshot.snapshot(store_with("shared", "renamed by them"))
    theirs = json.loads(json.dumps(base))
    theirs["accounts"][KEY][1]["name"] = "their new name"
    theirs["accounts"][KEY].append({**base["accounts"][KEY][0], "id": "theirs", "name": "theirs", "created_at": 3000})
    ours = json.loads(json.dumps(base))
    ours["accounts"][KEY][0]["name"] = "our new name"
    ours["accounts"][OTHER_KEY] = [{**base["accounts"][KEY][0], "id": "ours", "name": "ours", "created_at": 2000}]

    result = snapshot.merged(base, ours, theirs)
    assert result["version"] == 1
    assert names(result) == ["our new name", "their new name", "theirs"], "oldest first"
    assert names(result, OTHER_KEY) == ["ours"]


def test_a_merge_keeps_only_the_newest_50_lists_of_each_key() -> None:
    many = snapshot.snapshot(store_with(*(f"list {n}" for n in range(53))))
    result = snapshot.merged(snapshot.empty(), many, snapshot.empty())
    assert names(result) == [f"list {n}" for n in range(3, 53)]
    few = snapshot.snapshot(store_with(*(f"list {n}" for n in range(50))))
    assert names(snapshot.merged(snapshot.empty(), few, snapshot.empty())) == [f"list {n}" for n in range(50)]


def test_the_snapshot_functions_type_hints_resolve() -> None:
    """Documentation tools read them: `Snapshot` is a real alias, not a name only a type checker knows."""
    assert typing.get_type_hints(snapshot.merged)["return"] == dict[str, Any] == snapshot.Snapshot


def test_a_saved_list_says_whether_it_ends_canceled() -> None:
    store = Store(Settings())
    account = store.account(KEY)
    account.scenario.cancel_next = 1
    for name in ("canceled", "completed"):
        store.create(account, create_body(1, name=name), 1000.0)
    saved = json.loads(json.dumps(snapshot.snapshot(store)))
    assert [record["ends_canceled"] for record in saved["accounts"][KEY]] == [True, False]
