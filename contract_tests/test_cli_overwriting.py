"""Paid results are never lost: an output holding results and a rejects file the user corrected are
replaced only with `--force`; the input is known by file identity (hard and symbolic links); nothing is
written through a symbolic link to a missing file. Each refusal comes before any request."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from unittest import mock

import httpx
import pytest
import respx
from typer.testing import CliRunner

from amplemarket_lead_lists.cli.app import app
from amplemarket_lead_lists.cli.output import ENRICHED
from contract_tests.polling_harness import CT, LL, TOKEN, body

runner = CliRunner()
BASE = "https://api.example.test"
SOURCE = "CRM Id,LinkedIn URL\nc1,https://www.linkedin.com/in/ana-lima\nc2,https://www.linkedin.com/company/acme\n"


@pytest.fixture(autouse=True)
def fast_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AMPLEMARKET_API_KEY", "AMPLEMARKET_BASE_URL", "AMPLEMARKET_OWNER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SANDBOX_QUEUE_SECONDS", "0")  # lists complete at once
    monkeypatch.setenv("SANDBOX_PROCESSING_SECONDS", "0")


def source_file(tmp_path: Path, text: str = SOURCE) -> Path:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    return path


def sandbox(*args: str | Path) -> None:
    result = runner.invoke(app, [str(arg) for arg in (args[0], "--sandbox", *args[1:])])
    assert result.exit_code == 0, result.output


def refused(*args: str | Path) -> str:
    """The command's one-line error against the real API, after checking it exits 2 without a request."""
    env = {"AMPLEMARKET_API_KEY": TOKEN, "AMPLEMARKET_BASE_URL": BASE}
    with mock.patch.dict(os.environ, env), respx.mock(assert_all_called=False) as router:
        anything = router.route().mock(return_value=httpx.Response(500))
        result = runner.invoke(app, [str(arg) for arg in args])
    assert result.exit_code == 2, result.output
    assert not anything.called
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("name", ["out.csv", "out.jsonl"])
def test_an_output_holding_results_is_replaced_only_with_force(tmp_path: Path, name: str) -> None:
    source, out = source_file(tmp_path), tmp_path / name
    sandbox("enrich", source, out)
    results = out.read_bytes()
    message = refused("enrich", "--owner", "me@example.com", source, out)
    assert message == (
        f"error: {out} holds 1 rows with results of an earlier enrich: finish it with --lead-list ID if that run "
        "stopped, give another file, or --force to replace it"
    )
    assert out.read_bytes() == results
    for flag in ("--force", "--overwrite"):
        sandbox("enrich", flag, source, out)
        assert out.read_bytes() != results  # another list's entry ids


def test_only_json_objects_with_an_entry_id_count_as_results_in_a_jsonl_output(tmp_path: Path) -> None:
    """An output edited by hand: a later line that is JSON but no object (an array, a string, a number) or
    no JSON at all is no result, and no crash: the one entry is what the refusal counts."""
    source, out = source_file(tmp_path), tmp_path / "out.jsonl"
    first = json.dumps({**dict.fromkeys(ENRICHED, ""), "entry_id": "e1"})
    lines = [first, "[1, 2]", '"a note"', "7", json.dumps({"entry_id": ""}), "not json"]
    out.write_text("\n".join(lines) + "\n")
    message = refused("enrich", "--owner", "me@example.com", source, out)
    assert message.startswith(f"error: {out} holds 1 rows with results of an earlier enrich: ")


@pytest.mark.parametrize(
    ("header", "rows"),
    [([], [["e1"]]), (["CRM Id"], [["c1", "e1"], ["c2"], ["c3", ""]])],
    ids=["an export's file", "rows cut short"],
)
def test_the_rows_holding_an_entry_are_counted_whatever_the_files_shape(
    tmp_path: Path, header: list[str], rows: list[list[str]]
) -> None:
    """An export's file (the enriched columns alone) holds results too; a row cut short before its entry
    id (edited by hand) holds none, and is no crash."""
    source, out = source_file(tmp_path), tmp_path / "out.csv"
    with out.open("w", newline="") as handle:
        csv.writer(handle).writerows([[*header, *ENRICHED], *rows])
    message = refused("enrich", "--owner", "me@example.com", source, out)
    assert message.startswith(f"error: {out} holds 1 rows with results of an earlier enrich: ")


def test_a_missing_file_is_no_other_file_and_a_link_is_its_target(tmp_path: Path) -> None:
    from amplemarket_lead_lists.cli.overwriting import same_file

    source, link = source_file(tmp_path), tmp_path / "link.csv"
    link.symlink_to(source)
    assert same_file(link, source) is True
    assert same_file(tmp_path / "missing.csv", source) is False


def test_an_output_without_results_is_written_again(tmp_path: Path) -> None:
    source, out = source_file(tmp_path), tmp_path / "out.csv"
    out.write_text(",".join(["CRM Id", *ENRICHED]) + "\n")  # a run stopped before its first entry
    sandbox("enrich", source, out)
    with out.open(newline="") as handle:
        assert [row["CRM Id"] for row in csv.DictReader(handle)] == ["c1"]


def test_a_corrected_rejects_file_is_replaced_or_removed_only_with_force(tmp_path: Path) -> None:
    source = source_file(tmp_path)
    rejects = tmp_path / "in.rejects.csv"
    sandbox("create", source)
    sandbox("create", source)  # the same rows rejected again: the same file, nothing lost
    corrected = rejects.read_bytes().replace(b"company/acme", b"in/acme-ceo")
    rejects.write_bytes(corrected)
    message = refused("create", "--owner", "me@example.com", source)
    assert message == (
        f"error: {rejects} holds 1 rejected rows this run would replace (changed since it was written, or of "
        "another input): move it, or --force to replace it"
    )
    source_file(tmp_path, SOURCE.replace("company/acme", "in/bo-berg"))  # no row rejected now
    assert "this run would remove" in refused("add", LL, source)
    assert rejects.read_bytes() == corrected
    sandbox("create", "--force", source)
    assert not rejects.exists()


def test_the_rejects_file_of_an_enrich_is_kept_too(tmp_path: Path) -> None:
    source, out = source_file(tmp_path), tmp_path / "out.csv"
    rejects = tmp_path / "out.rejects.csv"
    rejects.write_text("line,reason,CRM Id,LinkedIn URL\n3,fixed by hand,c2,https://www.linkedin.com/in/acme-ceo\n")
    assert "holds 1 rejected rows this run would replace" in refused("enrich", "--owner", "me@example.com", source, out)
    assert "fixed by hand" in rejects.read_text() and not out.exists()


@pytest.mark.parametrize("link", ["hard", "symbolic"])
@pytest.mark.parametrize("input_kind", ["ordinary", "an earlier output"])
def test_an_output_linked_to_the_input_is_the_input(tmp_path: Path, link: str, input_kind: str) -> None:
    source = source_file(tmp_path)
    if input_kind == "an earlier output":  # enriched again: written_by_enrich would have let it through
        enriched = tmp_path / "enriched.csv"
        sandbox("enrich", source, enriched)
        source = enriched
    out = tmp_path / "linked.csv"
    (os.link if link == "hard" else os.symlink)(source, out)
    before = source.read_bytes()
    message = refused("enrich", "--owner", "me@example.com", "--force", source, out)
    assert message == f"error: {out} is the input file: give another file for the results"
    assert source.read_bytes() == before


@pytest.mark.parametrize("command", ["enrich", "export"])
def test_nothing_is_written_through_a_symbolic_link_to_a_missing_file(tmp_path: Path, command: str) -> None:
    source, out, target = source_file(tmp_path), tmp_path / "out.csv", tmp_path / "elsewhere" / "target.csv"
    target.parent.mkdir()
    out.symlink_to(target)
    args: list[str | Path] = ["enrich", "--owner", "me@example.com", source, out]
    if command == "export":
        args = ["export", LL, out]
    message = refused(*args)
    assert message == f"error: {out} is a symbolic link to a missing file: give a path to the file itself"
    assert not target.exists()


def test_a_dangling_link_as_the_rejects_file_is_refused(tmp_path: Path) -> None:
    source, target = source_file(tmp_path), tmp_path / "target.csv"
    (tmp_path / "in.rejects.csv").symlink_to(target)
    assert "is a symbolic link to a missing file" in refused("create", "--owner", "me@example.com", source)
    assert not target.exists()


def test_finishing_into_another_inputs_output_is_refused_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other.jsonl"
    record = {"Deal": "7", **dict.fromkeys(ENRICHED, ""), "entry_id": "x1", "matched": "yes"}
    other.write_text(json.dumps(record) + "\n")  # another input's output (a Deal column), with results
    before = other.read_bytes()
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", BASE)
    with respx.mock(base_url=BASE) as api:
        api.get(f"/lead-lists/{LL}").mock(return_value=httpx.Response(200, headers=CT, json=body(entries=range(1))))
        result = runner.invoke(app, ["enrich", "--lead-list", LL, str(source_file(tmp_path)), str(other)])
    assert result.exit_code == 2, result.output
    assert f"{other} holds 1 rows with results of an earlier enrich" in result.stderr
    assert other.read_bytes() == before
